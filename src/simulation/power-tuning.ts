/**
 * Power tuning: the same seeded workload run once per memory size, each in a fresh simulation, with
 * the duration and the bill of each — what AWS Lambda Power Tuning measures on real AWS.
 */
import type { CreateFunctionInput } from '../lambda/control/function-schemas.js'
import type { PriceOverrides } from '../observability/pricing.js'
import { SimulationError } from '../kernel/simulation-error.js'
import type { SimulationOptions } from './options.js'
import { createSimulation, type Simulation } from './simulation.js'

export interface PowerTuningInput {
  /** Memory sizes to try (MB), each in its own simulation. */
  readonly memorySizes: readonly number[]
  /** The function under test; its `memorySize` is replaced by each size in turn. */
  readonly function: CreateFunctionInput
  /** Drives the workload (invocations, load) once the function exists; the same for every size. */
  readonly workload: (sim: Simulation, functionName: string) => Promise<void>
  /** Options of every simulation (the same seed for every size: default 1). `recordEvents` is forced on. */
  readonly simulation?: SimulationOptions
  /** Price overrides for `sim.cost()`. */
  readonly prices?: PriceOverrides
}

export interface PowerTuningResult {
  readonly memorySizeMB: number
  readonly invocations: number
  /** Mean handler Duration (ms), as in the REPORT line. */
  readonly averageDurationMs: number
  /** Mean Billed Duration (ms): init of cold starts included. */
  readonly averageBilledDurationMs: number
  /** The function's bill for the run (`sim.cost({ functionName })`), USD. */
  readonly totalUsd: number
  readonly usdPerInvocation: number
}

export interface PowerTuningReport {
  /** One per memory size, in the order given. */
  readonly results: readonly PowerTuningResult[]
  /** Lowest cost per invocation (ties: the faster, then the smaller). */
  readonly cheapest: PowerTuningResult
  /** Lowest average duration (ties: the cheaper, then the smaller). */
  readonly fastest: PowerTuningResult
}

export async function powerTune(input: PowerTuningInput): Promise<PowerTuningReport> {
  if (input.memorySizes.length === 0) {
    throw new SimulationError('invalid-argument', 'powerTune: memorySizes is empty', `seed=${String(input.simulation?.seed ?? 1)}`)
  }
  const results: PowerTuningResult[] = []
  for (const memorySizeMB of input.memorySizes) {
    const sim = createSimulation({ seed: 1, ...input.simulation, recordEvents: true })
    const functionName = sim.createFunction({ ...input.function, memorySize: memorySizeMB }).functionName
    await input.workload(sim, functionName)
    results.push(measure(sim, functionName, memorySizeMB, input.prices))
  }
  const bySize = (a: PowerTuningResult, b: PowerTuningResult): number => a.memorySizeMB - b.memorySizeMB
  const cheapest = [...results].sort((a, b) => a.usdPerInvocation - b.usdPerInvocation || a.averageDurationMs - b.averageDurationMs || bySize(a, b))[0] as PowerTuningResult
  const fastest = [...results].sort((a, b) => a.averageDurationMs - b.averageDurationMs || a.usdPerInvocation - b.usdPerInvocation || bySize(a, b))[0] as PowerTuningResult
  return { results, cheapest, fastest }
}

function measure(sim: Simulation, functionName: string, memorySizeMB: number, prices: PriceOverrides | undefined): PowerTuningResult {
  let invocations = 0
  let durationMs = 0
  let billedMs = 0
  for (const event of sim.events()) {
    if (event.type !== 'invocation.completed' || event.functionName !== functionName) continue
    invocations++
    durationMs += event.durationMs
    billedMs += event.billedDurationMs
  }
  const totalUsd = sim.cost({ functionName, ...(prices !== undefined ? { prices } : {}) }).totalUsd
  return {
    memorySizeMB,
    invocations,
    averageDurationMs: invocations === 0 ? 0 : durationMs / invocations,
    averageBilledDurationMs: invocations === 0 ? 0 : billedMs / invocations,
    totalUsd,
    usdPerInvocation: invocations === 0 ? 0 : totalUsd / invocations,
  }
}
