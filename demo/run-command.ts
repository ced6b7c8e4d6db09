/**
 * `lambda-sim run <file>`: loads a scenario file (demo/scenario-file.ts), runs it on a fresh
 * simulation, then writes the report and trace asked for and prints the summary — text, or JSON
 * with `--json`. A scenario that fails still gets its files and summary (what ran until then is
 * worth seeing); the exit code then says how it failed (demo/exit-codes.ts).
 */
import { resolve } from 'node:path'
import { createSimulation, powerTune, type PowerTuningReport, type Simulation, type SimulationOptions } from '../src/index.js'
import { parseDurationMs } from '../src/config/duration.js'
import { EXIT } from './exit-codes.js'
import { recordingOptions, writeReport, writeTrace } from './outputs.js'
import { startProgress, type ProgressStream } from './progress.js'
import { RunCounter, summarize, summaryText, type RunSummary } from './run-summary.js'
import { loadScenario, ScenarioFileError, type Scenario } from './scenario-file.js'

export interface RunCommandOptions {
  readonly seed?: number
  readonly report?: string
  readonly trace?: string
  /** Traces the trace file keeps at most (the first ones). */
  readonly traceLimit?: number
  readonly json: boolean
  readonly progress: boolean
}

export interface RunCommandIo {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** Where the progress bar draws (when it is a terminal). */
  readonly progressStream: ProgressStream
  readonly cwd: string
}

/** Runs the scenario file and resolves to the exit code. */
export async function runScenarioFile(file: string, options: RunCommandOptions, io: RunCommandIo): Promise<number> {
  let scenario: Scenario
  let sim: Simulation
  let durationMs: number | undefined
  try {
    scenario = await loadScenario(file, io.cwd)
    sim = createSimulation(simulationOptions(scenario, options))
    durationMs = scenario.duration === undefined ? undefined : parseDurationMs(scenario.duration, 'the scenario duration', sim.replayLine())
  } catch (error) {
    io.err(`lambda-sim: ${error instanceof ScenarioFileError ? error.message : `scenario ${file}: ${messageOf(error)}`}`)
    return EXIT.configuration
  }

  const startMs = sim.nowMs
  const counter = new RunCounter(sim)
  const stopProgress = options.json || !options.progress ? () => {} : startProgress({ sim, startMs, counter, stream: io.progressStream, ...(durationMs !== undefined ? { durationMs } : {}) })
  const interrupted = (): void => {
    stopProgress()
    io.err('lambda-sim: interrupted')
    process.exit(EXIT.interrupted)
  }
  process.once('SIGINT', interrupted)
  let result: unknown
  let tuning: PowerTuningReport | undefined
  let failure: RunSummary['error'] | undefined
  try {
    result = await scenario.run(sim)
    if (scenario.powerTuning !== undefined) tuning = await powerTune(scenario.powerTuning)
  } catch (error) {
    failure = { exitCode: exitCodeOf(error), name: nameOf(error), message: messageOf(error) }
    io.err(`lambda-sim: the scenario failed (exit ${failure.exitCode}): ${failure.exitCode === EXIT.serviceError ? `${failure.name}: ${failure.message}` : stackOf(error)}`)
  } finally {
    process.removeListener('SIGINT', interrupted)
    stopProgress()
  }

  let exitCode: number = failure?.exitCode ?? EXIT.success
  const written: { report?: string; trace?: string } = {}
  const title = scenario.title ?? file
  try {
    if (options.report !== undefined) {
      const run = { title, simulation: sim, ...(scenario.description !== undefined ? { description: scenario.description } : {}), ...(tuning !== undefined ? { powerTuning: tuning } : {}) }
      writeReport(resolve(io.cwd, options.report), title, [run])
      written.report = options.report
    }
    if (options.trace !== undefined) {
      const { traces, truncated } = writeTrace(resolve(io.cwd, options.trace), sim, options.traceLimit)
      if (truncated) io.err(`lambda-sim: ${options.trace} holds the first ${traces} traces of the run; raise --trace-limit for more`)
      written.trace = options.trace
    }
  } catch (error) {
    io.err(`lambda-sim: could not write the run's files: ${messageOf(error)}`)
    if (exitCode === EXIT.success) exitCode = EXIT.configuration
  }

  const summary = summarize({
    scenario: file,
    sim,
    startMs,
    counter,
    ...written,
    ...(result !== undefined ? { result } : {}),
    ...(tuning !== undefined ? { powerTuning: tuning } : {}),
    ...(failure !== undefined ? { error: failure } : {}),
  })
  io.out(options.json ? JSON.stringify(summary, null, 2) : summaryText(summary))
  return exitCode
}

/**
 * The scenario's options, with the command line's seed and the recording the outputs need. The
 * timeline recorder is on unless the scenario turns it off: it is compact, and it lets the summary
 * price the run (`sim.cost()`) without keeping every event.
 */
function simulationOptions(scenario: Scenario, options: RunCommandOptions): SimulationOptions {
  return {
    recordTimeline: true,
    ...scenario.options,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...recordingOptions({ report: options.report !== undefined, trace: options.trace !== undefined }),
  }
}

const AWS_FAULTS = new Set(['User', 'Service', 'Sender', 'Receiver'])

/**
 * 254 for what a service answered: lambda-sim's `AwsError`s (recognised by shape, since a scenario
 * that imports 'lambda-sim' may hold another copy of the classes than this command) and the AWS
 * SDK's service exceptions (`$fault`, `$metadata`); 255 for anything else.
 */
export function exitCodeOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return EXIT.failure
  const candidate = error as Record<string, unknown>
  const awsError = typeof candidate['statusCode'] === 'number' && AWS_FAULTS.has(candidate['type'] as string) && typeof candidate['toJSON'] === 'function'
  const sdkException = (candidate['$fault'] === 'client' || candidate['$fault'] === 'server') && typeof candidate['$metadata'] === 'object'
  return awsError || sdkException ? EXIT.serviceError : EXIT.failure
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
}
