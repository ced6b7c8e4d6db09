/**
 * Property tests over simulations, on fast-check: each generated case runs a scenario on a fresh
 * simulation, and a failure is reported with the replay line of the *shrunk* counterexample —
 * one line that `replay()` turns back into the exact failing run.
 *
 * The arbitraries are a record. Three keys set up the simulation instead of reaching the scenario:
 * `seed`, `decisions` (recorded decisions) and `faults` (a fault plan); every other key is an
 * input the scenario receives (and the replay line records, as JSON).
 */
import * as fc from 'fast-check'
import type { Decision } from '../kernel/decisions.js'
import type { FaultSpec } from '../lambda/invoke/fault-plan.js'
import { formatReplayLine, parseReplayLine, type ReplaySpec } from './replay-line.js'
import { runScenario, type ScenarioOptions, type SimSetup } from './replay.js'
import { eventLogHash } from './run-helpers.js'
import type { Simulation } from '../simulation/simulation.js'

/** The keys of the arbitraries record that set up the simulation. */
export interface SimSetupInputs {
  seed?: number | string
  decisions?: readonly Decision[]
  faults?: readonly FaultSpec[]
}

const SETUP_KEYS = ['seed', 'decisions', 'faults'] as const

/**
 * The generated values of one case: anything, with the setup keys typed. (The index signature
 * keeps a record without setup keys, like `{ calls: number }`, acceptable.)
 */
export type SimValues = SimSetupInputs & { readonly [key: string]: unknown }

/** The inputs a scenario receives: the generated values other than seed, decisions and faults. */
export type ScenarioInputs<Values> = Omit<Values, keyof SimSetupInputs>

/** One arbitrary per generated value. */
export type SimArbitraries<Values> = { [K in keyof Values]: fc.Arbitrary<Values[K]> }

/** A scenario for a property: fails by throwing or by returning `false`. */
export type PropertyScenario<Values> = (sim: Simulation, inputs: ScenarioInputs<Values>, setup: SimSetup) => unknown

export interface SimPropertyOptions {
  /** Options for every run's simulation (`recordEvents` is on unless you turn it off). */
  readonly simulation?: ScenarioOptions
  /** The seed of every run when the arbitraries have no `seed` (default 0). */
  readonly seed?: number | string
}

export interface AssertSimPropertyOptions<Values> extends SimPropertyOptions {
  /** fast-check's run parameters (`numRuns`, `seed`, `endOnFailure`, …). */
  readonly fastCheck?: fc.Parameters<[Values]>
}

/** The replay spec of one generated case. */
function specOf<Values extends SimValues>(values: Values, options: SimPropertyOptions): ReplaySpec {
  const inputs: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) if (!(SETUP_KEYS as readonly string[]).includes(key)) inputs[key] = value
  return {
    seed: values.seed ?? options.seed ?? 0,
    ...(values.decisions !== undefined ? { decisions: values.decisions } : {}),
    ...(values.faults !== undefined && values.faults.length > 0 ? { faults: values.faults } : {}),
    inputs,
  }
}

function describeFailure(failure: unknown): string {
  if (failure instanceof Error) return failure.message
  return String(failure)
}

/**
 * A fast-check async property whose every case runs `scenario` on a fresh simulation. Use it with
 * `fc.assert` when you want fast-check's own report: a failing case's error ends with its replay
 * line (`  replay: seed=…`), and fast-check reports the shrunk case's error as the `cause` of its
 * own (or inside its message, with `includeErrorInReport: true`). `assertSimProperty` reports more
 * compactly, and checks that the line reproduces the failure.
 */
export function simProperty<Values extends SimValues>(
  arbitraries: SimArbitraries<Values>,
  scenario: PropertyScenario<Values>,
  options: SimPropertyOptions = {},
): fc.IAsyncPropertyWithHooks<[Values]> {
  const record = fc.record(arbitraries as { [K in keyof Values]: fc.Arbitrary<Values[K]> }) as unknown as fc.Arbitrary<Values>
  return fc.asyncProperty(record, async (values) => {
    const spec = specOf(values, options)
    const run = await runScenario(spec, spec.inputs as ScenarioInputs<Values>, scenario, options.simulation ?? {})
    if (run.failed) throw new Error(`${describeFailure(run.failure)}\n  replay: ${run.replayLine}`, { cause: run.failure })
  })
}

/** What a `SimPropertyFailure` reports. */
export interface SimPropertyFailureDetails {
  /** `seed=… decisions=… [faults=…] [inputs=…]`: give it to `replay()` to run the failure again. */
  readonly replayLine: string
  /** The shrunk counterexample, as generated. */
  readonly counterexample: Readonly<Record<string, unknown>>
  /** The event log hash of the failing run (when the simulation records events). */
  readonly eventLogHash: string | undefined
  /** What the scenario threw on the counterexample. */
  readonly cause: unknown
  /** Cases run until the first failure. */
  readonly numRuns: number
  /** Shrink steps that kept the failure. */
  readonly numShrinks: number
  /** fast-check's seed and path, for `fc.assert(…, { seed, path })`. */
  readonly fastCheck: { readonly seed: number; readonly path: string | null }
  /** `false` when running the replay line again passed: the scenario depends on something outside the line. */
  readonly reproduced: boolean
}

/** A property over simulations failed: the shrunk counterexample and how to replay it. */
export class SimPropertyFailure extends Error implements SimPropertyFailureDetails {
  override readonly name = 'SimPropertyFailure'
  readonly replayLine: string
  readonly counterexample: Readonly<Record<string, unknown>>
  readonly eventLogHash: string | undefined
  override readonly cause: unknown
  readonly numRuns: number
  readonly numShrinks: number
  readonly fastCheck: { readonly seed: number; readonly path: string | null }
  readonly reproduced: boolean

  constructor(details: SimPropertyFailureDetails) {
    const lines = [
      `Property failed after ${details.numRuns} run${details.numRuns === 1 ? '' : 's'} (shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'}): ${describeFailure(details.cause)}`,
      `  replay: ${details.replayLine}`,
      `  fast-check: { seed: ${details.fastCheck.seed}, path: ${JSON.stringify(details.fastCheck.path)} }`,
    ]
    if (!details.reproduced) {
      lines.push(
        '  warning: running the replay line again passed. The scenario depends on something the line does not carry: state kept between runs, real time or randomness, or inputs that do not survive JSON.',
      )
    }
    super(lines.join('\n'), { cause: details.cause })
    this.replayLine = details.replayLine
    this.counterexample = details.counterexample
    this.eventLogHash = details.eventLogHash
    this.cause = details.cause
    this.numRuns = details.numRuns
    this.numShrinks = details.numShrinks
    this.fastCheck = details.fastCheck
    this.reproduced = details.reproduced
  }
}

/**
 * Checks the property and, when it fails, throws a `SimPropertyFailure` whose message carries the
 * replay line of the shrunk counterexample. Before throwing, the counterexample is run once more
 * from that line, so the line is known to reproduce the failure (or the error says it does not).
 *
 * @example
 * await assertSimProperty(
 *   { faults: faultPlanArbitrary({ functionName: 'orders' }), arrivals: arrivalScheduleArbitrary() },
 *   async (sim, { arrivals }) => { … assert something … },
 *   { fastCheck: { numRuns: 150 } },
 * )
 *
 * Gotchas: keep all state inside the scenario (create the ledger, counters and functions in it);
 * a value shared between runs makes one run depend on the runs before it.
 */
export async function assertSimProperty<Values extends SimValues>(
  arbitraries: SimArbitraries<Values>,
  scenario: PropertyScenario<Values>,
  options: AssertSimPropertyOptions<Values> = {},
): Promise<void> {
  const details = await fc.check(simProperty(arbitraries, scenario, options), options.fastCheck ?? {})
  if (!details.failed) return
  if (details.counterexample === null) throw new Error(fc.defaultReportMessage(details))
  const [values] = details.counterexample
  // Run the counterexample again from its written line, as a user will: this proves the line.
  const spec = parseReplayLine(formatReplayLine(specOf(values, options)))
  const confirmation = await runScenario(spec, (spec.inputs ?? {}) as ScenarioInputs<Values>, scenario, options.simulation ?? {})
  const recorded = options.simulation?.recordEvents ?? true
  throw new SimPropertyFailure({
    replayLine: confirmation.replayLine,
    counterexample: values as Record<string, unknown>,
    eventLogHash: recorded ? eventLogHash(confirmation.sim) : undefined,
    cause: confirmation.failed ? confirmation.failure : ((details.errorInstance as Error | null)?.cause ?? details.errorInstance),
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    fastCheck: { seed: details.seed, path: details.counterexamplePath },
    reproduced: confirmation.failed,
  })
}
