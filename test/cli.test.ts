/**
 * The `lambda-sim` command as a user runs it: the BUILT bin (dist/cli.js, which `npm test` builds
 * with tsup first) in a child process, exit codes and all. In the `slow` project (vitest.config.ts)
 * because it spawns node.
 */
import { execFile, spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { createSimulation, type SimEvent } from '../src/index.js'
import { EXIT } from '../demo/exit-codes.js'
import { startProgress } from '../demo/progress.js'
import { RunCounter, type RunSummary } from '../demo/run-summary.js'
import { WALL_CLOCK_PREFIX } from '../demo/run.js'
import coldStartsAndThrottles from '../examples/scenarios/cold-starts-and-throttles.js'
import weightedAliasAndRetries from '../examples/scenarios/weighted-alias-and-retries.js'

const root = resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> }
const bin = join(root, pkg.bin['lambda-sim'] ?? 'missing-bin')
const scratch = mkdtempSync(join(tmpdir(), 'lambda-sim-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const COLD_STARTS = 'examples/scenarios/cold-starts-and-throttles.ts'
const CANARY = 'examples/scenarios/weighted-alias-and-retries.ts'
const fixture = (name: string): string => `test/fixtures/scenarios/${name}`

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

async function lambdaSim(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

/** `lambda-sim run … --json`, parsed. */
async function runJson(...args: string[]): Promise<{ run: Run; summary: RunSummary }> {
  const run = await lambdaSim('run', ...args, '--json')
  return { run, summary: JSON.parse(run.stdout) as RunSummary }
}

/** Everything but the lines that report real (wall-clock) time. */
const withoutWallClock = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !line.startsWith(WALL_CLOCK_PREFIX))
    .join('\n')

describe('lambda-sim (the built bin)', () => {
  it('--help names the commands and lists the exit codes; each command has its options', async () => {
    const top = await lambdaSim('--help')
    expect(top.code).toBe(0)
    expect(top.stdout).toContain('$ lambda-sim <command> [options]')
    expect(top.stdout).toMatch(/run <file>/)
    expect(top.stdout).toMatch(/demo \[\.\.\.stories\]/)
    for (const code of [0, 130, 252, 253, 254, 255]) expect(top.stdout).toMatch(new RegExp(`^ +${code} +\\S`, 'm'))
    const demo = await lambdaSim('demo', '--help')
    expect(demo.code).toBe(0)
    expect(demo.stdout).toContain('--list')
    expect(demo.stdout).toContain('--seed <n>')
    expect(demo.stdout).toContain('--no-report')
    const run = await lambdaSim('run', '--help')
    expect(run.code).toBe(0)
    for (const option of ['--seed <n>', '--report <file>', '--trace <file>', '--json', '--no-progress']) expect(run.stdout).toContain(option)
  })

  it('--version prints the package version', async () => {
    const run = await lambdaSim('--version')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`^lambda-sim/${pkg.version.replaceAll('.', '\\.')} `))
  })

  it('demo --list names every story and runs none', async () => {
    const run = await lambdaSim('demo', '--list')
    expect(run.code).toBe(0)
    expect(run.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['basics', 'routing', 'concurrency', 'async', 'sqs', 'http-api'])
    expect(run.stdout).not.toContain(WALL_CLOCK_PREFIX)
  })

  it('demo <story> --seed 7 runs that story alone with that seed, the same twice apart from the wall clock', async () => {
    const [first, second] = await Promise.all([lambdaSim('demo', 'sqs', '--seed', '7', '--no-report'), lambdaSim('demo', 'sqs', '--seed', '7', '--no-report')])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('lambda-sim SQS demo: a batch consumer with partial failures (seed=7)')
    expect(first.stdout).not.toContain('Scenario 2:') // only the story asked for
    expect(first.stdout).toContain(WALL_CLOCK_PREFIX)
    expect(first.stdout).not.toContain('Report:')
    expect(withoutWallClock(second.stdout)).toBe(withoutWallClock(first.stdout))
    // Another seed draws other ids: the seed reached the simulation.
    const other = await lambdaSim('demo', 'sqs', '--seed', '8', '--no-report')
    expect(withoutWallClock(other.stdout)).not.toBe(withoutWallClock(first.stdout))
  })

  it('demo writes the report of the stories it ran and prints its path last', async () => {
    const path = join(scratch, 'demo-report.html')
    const run = await lambdaSim('demo', 'basics', 'async', '--report', path)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`Report: ${path} (open it in a browser)`)
    const html = readFileSync(path, 'utf8')
    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toContain('charge-card') // the async story's function
    expect(html).toContain('greeter') // the basics story's function
  })

  it('an unknown story is a usage error (252) naming the stories, with nothing run', async () => {
    const run = await lambdaSim('demo', 'sqs', 'nope')
    expect(run.code).toBe(EXIT.usage)
    expect(run.stderr.trim()).toBe('lambda-sim: unknown story "nope"; the stories are: basics, routing, concurrency, async, sqs, http-api')
    expect(run.stdout).toBe('')
  })

  it('bad command lines are usage errors (252): a bad seed, an unknown command or option, a missing file argument', async () => {
    const badSeed = await lambdaSim('demo', 'sqs', '--seed', 'x')
    expect(badSeed.code).toBe(EXIT.usage)
    expect(badSeed.stderr).toContain('--seed takes a non-negative integer')
    const runSeed = await lambdaSim('run', fixture('function-export.mjs'), '--seed', '-1')
    expect(runSeed.code).toBe(EXIT.usage)
    const command = await lambdaSim('deploy')
    expect(command.code).toBe(EXIT.usage)
    expect(command.stderr).toContain('unknown command "deploy"')
    const option = await lambdaSim('run', fixture('function-export.mjs'), '--colour')
    expect(option.code).toBe(EXIT.usage)
    expect(option.stderr).toContain('--colour')
    const missing = await lambdaSim('run')
    expect(missing.code).toBe(EXIT.usage)
    const noValue = await lambdaSim('run', fixture('function-export.mjs'), '--report')
    expect(noValue.code).toBe(EXIT.usage)
  })
})

describe('lambda-sim run <scenario file>', () => {
  it('runs a JavaScript scenario that exports a function and prints its summary', async () => {
    const run = await lambdaSim('run', fixture('function-export.mjs'), '--seed', '5')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain(`lambda-sim run ${fixture('function-export.mjs')}`)
    expect(run.stdout).toContain('seed 5; virtual time')
    expect(run.stdout).toContain('invocations 3: 3 success, 0 error, 0 timeout, 0 crash')
    expect(run.stdout).toContain('cold starts 1 (1 environments); throttles 0; async retries 0')
    expect(run.stdout).toMatch(/cost \$\d+\.\d{6} \(us-east-1 prices as of \d{4}-\d{2}-\d{2}\)/)
    expect(run.stdout).toContain('replay: seed=5 decisions=seeded')
    const { summary } = await runJson(fixture('function-export.mjs'), '--seed', '5')
    expect(summary.result).toEqual(['hello a', 'hello b', 'hello c'])
  })

  it('--json: the summary of a TypeScript scenario equals the numbers of the same run in-process', async () => {
    const { run, summary } = await runJson(COLD_STARTS)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toBe('')

    // The same scenario, in this process, with every event recorded.
    const sim = createSimulation({ ...coldStartsAndThrottles.options, recordTimeline: true, recordEvents: true })
    const startMs = sim.nowMs
    await coldStartsAndThrottles.run(sim)
    const events = sim.events()
    const completed = events.filter((e): e is Extract<SimEvent, { type: 'invocation.completed' }> => e.type === 'invocation.completed')
    const count = (type: SimEvent['type']): number => events.filter((e) => e.type === type).length

    expect(summary.seed).toBe(7)
    expect(summary.replay).toBe(sim.replayLine())
    expect(summary.virtualTime).toEqual({ startTime: new Date(startMs).toISOString(), endTime: sim.now.toISOString(), durationMs: sim.nowMs - startMs })
    expect(summary.invocations).toEqual({
      total: completed.length,
      success: completed.filter((e) => e.status === 'success').length,
      error: completed.filter((e) => e.status === 'error').length,
      timeout: completed.filter((e) => e.status === 'timeout').length,
      crash: completed.filter((e) => e.status === 'crash').length,
    })
    expect(summary.coldStarts).toBe(completed.filter((e) => e.coldStart).length)
    expect(summary.environments).toBe(count('environment.created'))
    expect(summary.throttles.total).toBe(count('invocation.throttled'))
    expect(summary.throttles.byReason).toEqual({ ReservedFunctionConcurrentInvocationLimitExceeded: count('invocation.throttled') })
    expect(summary.asyncRetries).toBe(count('async.retryScheduled'))
    expect(summary.byVersion).toEqual({ 'api:$LATEST': completed.length })
    const bill = sim.cost()
    expect(summary.cost).toEqual({ totalUsd: bill.totalUsd, region: bill.region, pricesAsOf: bill.pricesAsOf })
    // The story the scenario tells: a spike against the reservation throttles and opens environments.
    expect(summary.throttles.total).toBeGreaterThan(1000)
    expect(summary.coldStarts).toBe(20)
    expect(summary.invocations.error).toBeGreaterThan(0)
    expect(summary.cost?.totalUsd).toBeGreaterThan(0)
  })

  it('--json of the canary scenario: the traffic split by version and the async retries', async () => {
    const { run, summary } = await runJson(CANARY)
    expect(run.code, run.stderr).toBe(0)
    const sim = createSimulation({ ...weightedAliasAndRetries.options, recordTimeline: true, recordEvents: true })
    await weightedAliasAndRetries.run(sim)
    const events = sim.events()
    expect(summary.asyncRetries).toBe(events.filter((e) => e.type === 'async.retryScheduled').length)
    // 6 orders declined twice (0, 5, …, 25) and order 29 always: 6 × 2 + 2 retries.
    expect(summary.asyncRetries).toBe(14)
    const v1 = summary.byVersion['checkout:1'] ?? 0
    const v2 = summary.byVersion['checkout:2'] ?? 0
    expect(v1 + v2).toBe(2400) // 20 requests a second for 2 minutes
    // 20 % canary: a binomial(2400, 0.2) count is 480 ± 19.6 (one standard deviation); allow 4.
    expect(Math.abs(v2 - 480)).toBeLessThanOrEqual(80)
    expect(summary.byVersion['charge:$LATEST']).toBe(30 + 14)
  })

  it('the same seed gives the same JSON and the same report bytes; another seed another run', async () => {
    const files = ['a', 'b', 'c'].map((name) => join(scratch, `same-seed-${name}.html`))
    const [a, b, c] = await Promise.all([
      runJson(CANARY, '--seed', '3', '--report', files[0] as string),
      runJson(CANARY, '--seed', '3', '--report', files[1] as string),
      runJson(CANARY, '--seed', '4', '--report', files[2] as string),
    ])
    for (const run of [a, b, c]) expect(run.run.code, run.run.stderr).toBe(0)
    const { report: reportA, ...restA } = a.summary
    const { report: reportB, ...restB } = b.summary
    expect(reportA).toBe(files[0])
    expect(reportB).toBe(files[1])
    expect(restB).toEqual(restA)
    expect(restA.seed).toBe(3) // --seed replaced the scenario's seed (11)
    expect(readFileSync(files[1] as string).equals(readFileSync(files[0] as string))).toBe(true)
    const html = readFileSync(files[0] as string, 'utf8')
    expect(html).toContain('Traffic split of weighted aliases')
    expect(html).toContain('checkout:live')
    const { report: _reportC, ...restC } = c.summary
    expect(restC).not.toEqual(restA)
  })

  it('--report and --trace write a self-contained HTML report and a Perfetto trace', async () => {
    const report = join(scratch, 'run.html')
    const trace = join(scratch, 'run.json')
    const { run, summary } = await runJson(COLD_STARTS, '--report', report, '--trace', trace)
    expect(run.code, run.stderr).toBe(0)
    expect(summary.report).toBe(report)
    expect(summary.trace).toBe(trace)
    const html = readFileSync(report, 'utf8')
    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toContain('Cold starts and throttles') // the scenario's title
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/i) // nothing fetched from the network
    const perfetto = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string; name: string; args?: { name?: string } }[]; displayTimeUnit: string }
    expect(perfetto.displayTimeUnit).toBe('ms')
    // One process per function, one track per execution environment (20 here), named by metadata events.
    expect(perfetto.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args?.name)).toEqual(['api'])
    const tracks = perfetto.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name ?? '')
    expect(tracks.filter((name) => name.startsWith('environment '))).toHaveLength(summary.environments)
    expect(perfetto.traceEvents.some((e) => e.ph === 'X')).toBe(true)
    // Recording the report and the traces changes nothing in the run.
    const { summary: plain } = await runJson(COLD_STARTS)
    const { report: _report, trace: _trace, ...recorded } = summary
    expect(recorded).toEqual(plain)
  })

  it('--trace-limit keeps the first traces, says so, and the file still parses', async () => {
    const trace = join(scratch, 'limited.json')
    const { run } = await runJson(COLD_STARTS, '--trace', trace, '--trace-limit', '5')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('holds the first 5 traces of the run; raise --trace-limit for more')
    const perfetto = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string; args?: { trace_id?: string } }[] }
    const traceIds = new Set(perfetto.traceEvents.flatMap((e) => (e.ph === 'X' && e.args?.trace_id !== undefined ? [e.args.trace_id] : [])))
    expect(traceIds.size).toBe(5)
    expect((await lambdaSim('run', COLD_STARTS, '--trace', trace, '--trace-limit', '0')).code).toBe(252)
  })

  it('a scenario with powerTuning adds the memory sweep to the summary', async () => {
    const { run, summary } = await runJson('examples/scenarios/power-tuning.ts')
    expect(run.code, run.stderr).toBe(0)
    expect(summary.powerTuning?.results.map((r) => r.memorySizeMB)).toEqual([128, 512, 1024, 1769, 3008])
    expect(summary.powerTuning?.fastest.memorySizeMB).toBe(1769) // one vCPU: single-threaded work gets no faster above it
    expect(summary.invocations.total).toBe(200) // the run itself, at 1,024 MB; the sweep's simulations are its own
  })

  it('prints no progress when stderr is not a terminal', async () => {
    // The run takes well over the half second after which a terminal would show the bar.
    const run = await lambdaSim('run', COLD_STARTS)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout).not.toContain('ETA')
  })

  it('a failing scenario still prints its summary, with the error, and exits with its code', async () => {
    const { run, summary } = await runJson(fixture('throws.mjs'))
    expect(run.code).toBe(EXIT.failure)
    expect(run.stderr).toContain('the scenario gave up')
    expect(summary.invocations.total).toBe(1)
    expect(summary.error).toEqual({ exitCode: EXIT.failure, name: 'Error', message: 'the scenario gave up' })
  })

  it.each([
    ['aws-error.mjs', EXIT.serviceError, 'ResourceNotFoundException'],
    ['sdk-exception.mjs', EXIT.serviceError, 'ResourceNotFoundException'],
    ['simulation-error.mjs', EXIT.failure, 'SimulationError'],
    ['throws.mjs', EXIT.failure, 'the scenario gave up'],
    ['no-default-export.mjs', EXIT.configuration, 'has no default export'],
    ['bad-options.mjs', EXIT.configuration, 'colour'],
    ['unknown-key.mjs', EXIT.configuration, 'unknown key "optoins"'],
    ['syntax-error.mjs', EXIT.configuration, 'did not load'],
    ['missing.mjs', EXIT.configuration, 'does not exist'],
  ])('%s exits with %i (AWS CLI return codes)', async (file, code, message) => {
    const run = await lambdaSim('run', fixture(file))
    expect(run.code).toBe(code)
    expect(run.stderr).toContain(message)
  })

  it('a TypeScript scenario without tsx installed exits with 253 and says how to fix it', async () => {
    // The built command beside a node_modules holding its dependencies but not tsx (an optional peer dependency).
    const install = join(scratch, 'no-tsx')
    mkdirSync(join(install, 'dist'), { recursive: true })
    copyFileSync(bin, join(install, 'dist', 'cli.js'))
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const name of Object.keys(manifest.dependencies)) {
      mkdirSync(dirname(join(install, 'node_modules', name)), { recursive: true })
      symlinkSync(join(root, 'node_modules', name), join(install, 'node_modules', name), 'dir')
    }
    const ts = await promisify(execFile)(process.execPath, [join(install, 'dist', 'cli.js'), 'run', join(root, COLD_STARTS)], { cwd: install }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    )
    expect(ts.code).toBe(EXIT.configuration)
    expect(ts.stderr).toContain('is TypeScript, which needs tsx: npm install --save-dev tsx (or compile the scenario to JavaScript)')
    // A JavaScript scenario needs no tsx.
    const js = await promisify(execFile)(process.execPath, [join(install, 'dist', 'cli.js'), 'run', join(root, fixture('function-export.mjs'))], { cwd: install })
    expect(js.stdout).toContain('invocations 3: 3 success')
  })

  it('an output file that cannot be written exits with 253 after the run', async () => {
    const run = await lambdaSim('run', fixture('function-export.mjs'), '--report', join(scratch, 'no-such-dir', 'run.html'))
    expect(run.code).toBe(EXIT.configuration)
    expect(run.stderr).toContain('could not write')
    expect(run.stdout).toContain('invocations 3')
  })

  it('Ctrl-C (SIGINT) stops a run with exit code 130', async () => {
    const child = spawn(process.execPath, [bin, 'run', fixture('endless.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)))
    // Give it time to load the scenario and start driving (an hour of traffic takes far longer).
    await new Promise((r) => setTimeout(r, 1500))
    child.kill('SIGINT')
    expect(await exited).toBe(EXIT.interrupted)
    expect(stderr).toContain('interrupted')
  })
})

describe('the progress bar (in-process, on a pretend terminal)', () => {
  it('draws virtual time, invocations and an ETA while the run drives the clock, and erases itself', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 })
    let drawn = ''
    stream.on('data', (chunk: Buffer) => (drawn += chunk.toString()))
    const sim = createSimulation({ seed: 1 })
    const counter = new RunCounter(sim)
    const stop = startProgress({ sim, startMs: sim.nowMs, counter, durationMs: 3_600_000, stream, showAfterMs: 0 })
    sim.createFunction({ functionName: 'f', code: async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => context.sleep(10) })
    sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 100, duration: '1h' } })
    // Drive until the bar has drawn at least twice (the drive yields to the event loop as it goes).
    while (sim.nowMs - 1_704_067_200_000 < 3_600_000 && (drawn.match(/invocations/g) ?? []).length < 2) await sim.advance('1m')
    stop()
    expect(drawn).toMatch(/virtual .*\d+% \| \d+m \d\d\.\d{3}s of 1h 00m 00\.000s \| [\d,]+ invocations \| ETA/)
    expect(counter.completed).toBeGreaterThan(0)
  })

  it('draws nothing when the stream is not a terminal', async () => {
    const stream = new PassThrough()
    let drawn = ''
    stream.on('data', (chunk: Buffer) => (drawn += chunk.toString()))
    const sim = createSimulation({ seed: 1 })
    const stop = startProgress({ sim, startMs: sim.nowMs, counter: new RunCounter(sim), stream, showAfterMs: 0 })
    await new Promise((r) => setTimeout(r, 300))
    stop()
    expect(drawn).toBe('')
  })
})
