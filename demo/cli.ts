/**
 * The `lambda-sim` command line. demo/bin.ts runs it: built by tsup into dist/cli.js (package.json
 * `bin`), and run with tsx by `npm run demo`. Arguments are parsed by cac, the parser vite and tsup use.
 *
 *   lambda-sim demo                  every story, as `npm run demo` prints them
 *   lambda-sim demo sqs routing      the named stories, in that order
 *   lambda-sim demo sqs --seed 7     one story with another seed (same seed ⇒ same output)
 *   lambda-sim demo --list           the stories' names
 *   lambda-sim --version / --help
 *
 * Exit codes: 0 on success, 2 for a usage error (an unknown story or option, a bad seed), 1 when a
 * story fails.
 */
import { cac } from 'cac'
import { version } from '../package.json'
import { DEMO_STORIES, runStories, UnknownStoryError } from './run.js'

/** Runs the command line `argv` (without `node` and the script), writing to `out` and `err`; resolves to the exit code. */
export async function runCli(argv: readonly string[], out: (text: string) => void = console.log, err: (text: string) => void = console.error): Promise<number> {
  const cli = cac('lambda-sim')
  let action: Promise<number> | undefined

  cli
    .command('demo [...stories]', 'Run the demo stories on the virtual clock (all of them when none is named)')
    .option('--list', 'List the stories and exit')
    .option('--seed <n>', 'Seed every story runs with (default: each story its own)')
    .example('lambda-sim demo sqs --seed 7')
    .action((stories: string[], options: { list?: boolean; seed?: unknown }) => {
      action = demo(stories, options, out)
    })

  cli.help()
  cli.version(version)

  try {
    cli.parse(['node', 'lambda-sim', ...argv], { run: false })
    // cac prints help/version itself when asked; nothing else to do then.
    if (cli.options.help === true || cli.options.version === true) return 0
    if (cli.matchedCommand === undefined) {
      if (cli.args.length > 0) throw new UsageError(`unknown command "${cli.args[0]}"; try lambda-sim --help`)
      cli.outputHelp()
      return 0
    }
    await cli.runMatchedCommand()
    return await (action ?? Promise.resolve(0))
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownStoryError || (error instanceof Error && error.name === 'CACError')) {
      err(`lambda-sim: ${error.message}`)
      return 2
    }
    err(error instanceof Error ? (error.stack ?? error.message) : String(error))
    return 1
  }
}

class UsageError extends Error {}

async function demo(stories: readonly string[], options: { list?: boolean; seed?: unknown }, out: (text: string) => void): Promise<number> {
  if (options.list === true) {
    const width = Math.max(...DEMO_STORIES.map((s) => s.name.length))
    for (const story of DEMO_STORIES) out(`${story.name.padEnd(width)}  ${story.summary}`)
    return 0
  }
  out(await runStories(stories.length > 0 ? stories : undefined, parseSeed(options.seed)))
  return 0
}

/** `--seed` takes a non-negative integer (cac hands numbers over as numbers, anything else as a string). */
function parseSeed(raw: unknown): number | undefined {
  if (raw === undefined) return undefined
  const seed = typeof raw === 'number' ? raw : Number.NaN
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed takes a non-negative integer, not ${JSON.stringify(raw)}`)
  return seed
}
