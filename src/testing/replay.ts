/**
 * Runs a scenario on a simulation set up from a replay line (or its parts): the same seed,
 * recorded decisions, fault plan and inputs give the same run, byte for byte. The property helpers
 * run every generated case through here too, so a line pasted from a failure replays exactly what
 * failed.
 */
import type { Decision } from '../kernel/decisions.js'
import { SimulationError } from '../kernel/simulation-error.js'
import type { FaultSpec } from '../lambda/invoke/fault-plan.js'
import type { SimulationOptions } from '../simulation/options.js'
import { createSimulation, type Simulation } from '../simulation/simulation.js'
import { parseReplayLine, replayLineOf, type ReplaySpec } from './replay-line.js'

/** How the simulation of one run was set up (what the replay line carries besides the inputs). */
export interface SimSetup {
  readonly seed: number | string
  readonly decisions: readonly Decision[] | undefined
  readonly faults: readonly FaultSpec[]
}

/**
 * One run of a test story: set up functions on `sim`, drive it, and assert. It fails by throwing
 * (an `assert`, an `expect`) or by returning `false`.
 */
export type Scenario<Inputs> = (sim: Simulation, inputs: Inputs, setup: SimSetup) => unknown

/** Simulation options for a scenario's runs; seed, decisions and faults come from the replay line. */
export type ScenarioOptions = Omit<SimulationOptions, 'seed' | 'decisions' | 'faults'>

export interface ReplayResult<Inputs> {
  /** The simulation after the scenario ran (`eventLogHash(sim)` identifies the run). */
  readonly sim: Simulation
  readonly inputs: Inputs
  /** What the scenario threw (or an Error when it returned `false`); `undefined` when it passed. */
  readonly failure: unknown
  readonly failed: boolean
  /** The run's replay line (with its inputs). */
  readonly replayLine: string
}

/**
 * Runs `scenario` again exactly as the replay line says. It does not throw when the scenario
 * fails — the failure is what you came to look at: read `failure`, inspect `sim.events()`.
 *
 * @example
 * const { failed, failure, sim } = await replay('seed=0 decisions=seeded faults=[{"invocation":1,"fault":"duplicate"}] inputs={"arrivals":[0]}', scenario)
 *
 * Gotchas: `options` must be the simulation options the original run had (the ones given to
 * `assertSimProperty`), and the scenario must keep its state inside the run (no module-level
 * counters), or the replay is a different run.
 */
export async function replay<Inputs extends object = Record<string, unknown>>(
  line: string | ReplaySpec,
  scenario: Scenario<Inputs>,
  options: ScenarioOptions = {},
): Promise<ReplayResult<Inputs>> {
  if (typeof scenario !== 'function') throw new SimulationError('invalid-argument', 'replay: the scenario must be a function (sim, inputs, setup) => …', typeof line === 'string' ? line : 'seed=?')
  const spec = typeof line === 'string' ? parseReplayLine(line) : line
  return runScenario(spec, (spec.inputs ?? {}) as Inputs, scenario, options)
}

/** @internal Sets up the simulation from `spec`, runs the scenario, and catches its failure. */
export async function runScenario<Inputs extends object>(spec: ReplaySpec, inputs: Inputs, scenario: Scenario<Inputs>, options: ScenarioOptions): Promise<ReplayResult<Inputs>> {
  const faults = spec.faults ?? []
  const sim = createSimulation({
    recordEvents: true,
    ...options,
    seed: spec.seed,
    ...(spec.decisions !== undefined ? { decisions: [...spec.decisions] } : {}),
    ...(faults.length > 0 ? { faults: [...faults] } : {}),
  })
  let failure: unknown
  let failed = false
  try {
    if ((await scenario(sim, inputs, { seed: spec.seed, decisions: spec.decisions, faults })) === false) {
      failed = true
      failure = new Error('the scenario returned false')
    }
  } catch (error) {
    failed = true
    failure = error
  }
  return { sim, inputs, failure, failed, replayLine: replayLineOf(sim, inputs as Record<string, unknown>) }
}
