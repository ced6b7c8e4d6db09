/**
 * The `lambda-sim` command line. demo/bin.ts runs it: built by tsup into dist/cli.js (package.json
 * `bin`), and run with tsx by `npm run demo`. Arguments are parsed by cac, the parser vite and tsup use.
 *
 *   lambda-sim run scenario.ts --seed 7 --report run.html --trace run.json [--json]
 *   lambda-sim demo                  every story, and their report in lambda-sim-report.html
 *   lambda-sim demo sqs routing      the named stories, in that order
 *   lambda-sim demo sqs --seed 7     one story with another seed (same seed ⇒ same output)
 *   lambda-sim demo --list           the stories' names
 *   lambda-sim --version / --help
 *
 * Exit codes are the AWS CLI's (demo/exit-codes.ts): 0, 130 interrupted, 252 usage, 253
 * configuration (scenario file), 254 a service error the scenario did not handle, 255 any other failure.
 */
import { resolve } from 'node:path'
import { cac } from 'cac'
import { version } from '../package.json'
import { EXIT, EXIT_CODES_HELP } from './exit-codes.js'
import { recordingOptions, writeReport } from './outputs.js'
import type { ProgressStream } from './progress.js'
import { runScenarioFile } from './run-command.js'
import { DEMO_STORIES, playStories, UnknownStoryError } from './run.js'

/** Where `lambda-sim demo` writes its report unless told otherwise. */
export const DEMO_REPORT_FILE = 'lambda-sim-report.html'
export const REPORT_LINE_PREFIX = 'Report:'

export interface CliIo {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** Where the progress bar draws; it only draws when this is a terminal. */
  readonly progressStream: ProgressStream
  readonly cwd: string
}

const defaultIo = (): CliIo => ({ out: console.log, err: console.error, progressStream: process.stderr, cwd: process.cwd() })

/** Runs the command line `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const cli = cac('lambda-sim')
  let action: Promise<number> | undefined

  cli
    .command('run <file>', 'Run a scenario file (.ts/.mts/.js/.mjs) on a fresh simulation and summarise it')
    .option('--seed <n>', "Seed of the run (default: the scenario's options.seed, else a drawn one, printed)")
    .option('--report <file>', 'Write the HTML report of the run (one self-contained file)')
    .option('--trace <file>', 'Write the traces as Chrome trace / Perfetto JSON (open in https://ui.perfetto.dev)')
    .option('--trace-limit <n>', 'Traces the trace file keeps, the first ones (default: 100000)')
    .option('--json', 'Print the summary as JSON on stdout (no progress bar)')
    .option('--no-progress', 'No progress bar (it only shows on a terminal anyway)')
    .example('lambda-sim run examples/scenarios/cold-starts-and-throttles.ts --report run.html')
    .example('lambda-sim run scenario.mjs --seed 7 --json --trace run.json')
    .action((file: string, options: { seed?: unknown; report?: unknown; trace?: unknown; traceLimit?: unknown; json?: boolean; progress?: boolean }) => {
      action = runScenarioFile(
        file,
        {
          ...optionalNumber('seed', parseSeed(options.seed)),
          ...optionalString('report', fileOption('--report', options.report)),
          ...optionalString('trace', fileOption('--trace', options.trace)),
          ...optionalNumber('traceLimit', parseTraceLimit(options.traceLimit)),
          json: options.json === true,
          progress: options.progress !== false,
        },
        io,
      )
    })

  cli
    .command('demo [...stories]', 'Run the demo stories on the virtual clock (all of them when none is named) and write their report')
    .option('--list', 'List the stories and exit')
    .option('--seed <n>', 'Seed every story runs with (default: each story its own)')
    .option('--report [file]', `Where the report of the stories goes (default: ${DEMO_REPORT_FILE})`)
    .option('--no-report', 'Write no report')
    .example('lambda-sim demo sqs --seed 7')
    .example('lambda-sim demo --report stories.html')
    .action((stories: string[], options: { list?: boolean; seed?: unknown; report?: unknown }) => {
      action = demo(stories, options, io)
    })

  cli.help((sections) => [
    // cac marks a --no-x option "(default: true)", which reads as if x were off by default.
    ...sections.map((section) => ({ ...section, body: section.body.replace(/^(\s*--no-.*?) \(default: true\)$/gm, '$1') })),
    { title: 'Exit codes (as the AWS CLI)', body: EXIT_CODES_HELP.replace(/^/gm, '  ') },
  ])
  cli.version(version)

  try {
    cli.parse(['node', 'lambda-sim', ...argv], { run: false })
    // cac prints help/version itself when asked; nothing else to do then.
    if (cli.options.help === true || cli.options.version === true) return EXIT.success
    if (cli.matchedCommand === undefined) {
      if (cli.args.length > 0) throw new UsageError(`unknown command "${cli.args[0]}"; try lambda-sim --help`)
      cli.outputHelp()
      return EXIT.success
    }
    await cli.runMatchedCommand()
    return await (action ?? Promise.resolve(EXIT.success))
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownStoryError || (error instanceof Error && error.name === 'CACError')) {
      io.err(`lambda-sim: ${error.message}`)
      return EXIT.usage
    }
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error))
    return EXIT.failure
  }
}

class UsageError extends Error {}

async function demo(stories: readonly string[], options: { list?: boolean; seed?: unknown; report?: unknown }, io: CliIo): Promise<number> {
  if (options.list === true) {
    const width = Math.max(...DEMO_STORIES.map((s) => s.name.length))
    for (const story of DEMO_STORIES) io.out(`${story.name.padEnd(width)}  ${story.summary}`)
    return EXIT.success
  }
  const seed = parseSeed(options.seed)
  const reportFile = options.report === false ? undefined : options.report === true || options.report === undefined ? DEMO_REPORT_FILE : String(options.report)
  const report = reportFile !== undefined
  const played = await playStories(stories.length > 0 ? stories : undefined, seed, recordingOptions({ report, trace: false }))
  io.out(played.map((p) => p.text).join('\n\n'))
  if (report && reportFile !== undefined) {
    const path = resolve(io.cwd, reportFile)
    const runs = played.map((p) => ({ title: p.story.title, description: p.story.description, simulation: p.simulation }))
    try {
      writeReport(path, 'lambda-sim demo', runs)
    } catch (error) {
      io.err(`lambda-sim: could not write the report: ${error instanceof Error ? error.message : String(error)}`)
      return EXIT.configuration
    }
    io.out(`\n${REPORT_LINE_PREFIX} ${path} (open it in a browser)`)
  }
  return EXIT.success
}

/** `--seed` takes a non-negative integer (cac hands numbers over as numbers, anything else as a string). */
function parseSeed(raw: unknown): number | undefined {
  if (raw === undefined) return undefined
  const seed = typeof raw === 'number' ? raw : Number.NaN
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed takes a non-negative integer, not ${JSON.stringify(raw)}`)
  return seed
}

/** `--trace-limit` takes a positive integer. */
function parseTraceLimit(raw: unknown): number | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) throw new UsageError(`--trace-limit takes a positive integer, not ${JSON.stringify(raw)}`)
  return raw
}

/** A file option's value (cac reads `--report 1` as a number, `--report` alone as true). */
function fileOption(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined
  if (typeof raw === 'string' && raw !== '') return raw
  if (typeof raw === 'number') return String(raw)
  throw new UsageError(`${name} takes a file name`)
}

const optionalNumber = <K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> => (value === undefined ? {} : ({ [key]: value } as Record<K, number>))
const optionalString = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value === undefined ? {} : ({ [key]: value } as Record<K, string>))
