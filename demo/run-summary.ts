/**
 * What `lambda-sim run` reports about a run: counts taken from the simulation's events as they
 * happen (a listener, so a long run need not keep its events), then the summary printed as text or
 * as JSON (`--json`). Same seed ⇒ the same summary.
 */
import type { InvocationStatus, PowerTuningReport, Simulation } from '../src/index.js'

/** The `--json` summary. */
export interface RunSummary {
  readonly scenario: string
  readonly seed: number | string
  readonly replay: string
  readonly virtualTime: { readonly startTime: string; readonly endTime: string; readonly durationMs: number }
  readonly invocations: { readonly total: number } & Readonly<Record<InvocationStatus, number>>
  readonly coldStarts: number
  readonly environments: number
  readonly throttles: { readonly total: number; readonly byReason: Readonly<Record<string, number>> }
  readonly asyncRetries: number
  /** Completed invocations by `function:version` (the traffic split of weighted aliases). */
  readonly byVersion: Readonly<Record<string, number>>
  /** The bill in USD; `null` when the simulation cannot price the run (see `costNote`). */
  readonly cost: { readonly totalUsd: number; readonly region: string; readonly pricesAsOf: string } | null
  readonly costNote?: string
  readonly report?: string
  readonly trace?: string
  /** The memory sweep, when the scenario asks for one (`powerTuning`). */
  readonly powerTuning?: PowerTuningReport
  /** What the scenario's run returned, when it returned something. */
  readonly result?: unknown
  /** Why the run failed, when it did. */
  readonly error?: { readonly exitCode: number; readonly name: string; readonly message: string }
}

/** Live counts of a run, read by the progress bar and the summary. */
export class RunCounter {
  completed = 0
  readonly byStatus: Record<InvocationStatus, number> = { success: 0, error: 0, timeout: 0, crash: 0 }
  coldStarts = 0
  environments = 0
  throttles = 0
  readonly throttlesByReason = new Map<string, number>()
  asyncRetries = 0
  readonly byVersion = new Map<string, number>()

  constructor(sim: Simulation) {
    sim.on('invocation.completed', (e) => {
      this.completed++
      this.byStatus[e.status]++
      if (e.coldStart) this.coldStarts++
      const key = `${e.functionName}:${e.version}`
      this.byVersion.set(key, (this.byVersion.get(key) ?? 0) + 1)
    })
    sim.on('environment.created', () => this.environments++)
    sim.on('invocation.throttled', (e) => {
      this.throttles++
      this.throttlesByReason.set(e.reason, (this.throttlesByReason.get(e.reason) ?? 0) + 1)
    })
    sim.on('async.retryScheduled', () => this.asyncRetries++)
  }
}

export interface SummaryInput {
  readonly scenario: string
  readonly sim: Simulation
  readonly startMs: number
  readonly counter: RunCounter
  readonly report?: string
  readonly trace?: string
  readonly result?: unknown
  readonly powerTuning?: PowerTuningReport
  readonly error?: RunSummary['error']
}

export function summarize(input: SummaryInput): RunSummary {
  const { sim, counter } = input
  const sorted = <V>(map: ReadonlyMap<string, V>): Record<string, V> => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const bill = costOf(sim)
  return {
    scenario: input.scenario,
    seed: sim.seed,
    replay: sim.replayLine(),
    virtualTime: { startTime: new Date(input.startMs).toISOString(), endTime: sim.now.toISOString(), durationMs: sim.nowMs - input.startMs },
    invocations: { total: counter.completed, ...counter.byStatus },
    coldStarts: counter.coldStarts,
    environments: counter.environments,
    throttles: { total: counter.throttles, byReason: sorted(counter.throttlesByReason) },
    asyncRetries: counter.asyncRetries,
    byVersion: sorted(counter.byVersion),
    cost: bill.cost,
    ...(bill.note !== undefined ? { costNote: bill.note } : {}),
    ...(input.report !== undefined ? { report: input.report } : {}),
    ...(input.trace !== undefined ? { trace: input.trace } : {}),
    ...(input.powerTuning !== undefined ? { powerTuning: input.powerTuning } : {}),
    ...(input.result !== undefined ? { result: jsonSafe(input.result) } : {}),
    ...(input.error !== undefined ? { error: input.error } : {}),
  }
}

/** The run's bill, or why there is none (pricing needs the run's events: `recordEvents` or `recordTimeline`). */
function costOf(sim: Simulation): { cost: RunSummary['cost']; note?: string } {
  try {
    const report = sim.cost()
    return { cost: { totalUsd: report.totalUsd, region: report.region, pricesAsOf: report.pricesAsOf } }
  } catch (error) {
    return { cost: null, note: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '' }
  }
}

/** A result JSON can carry (a function, a bigint or a cycle become a description). */
function jsonSafe(value: unknown): unknown {
  try {
    const text = JSON.stringify(value)
    return text === undefined ? String(value) : (JSON.parse(text) as unknown)
  } catch {
    return String(value)
  }
}

/** The summary as `lambda-sim run` prints it without `--json`. */
export function summaryText(s: RunSummary): string {
  const n = (count: number): string => count.toLocaleString('en-US')
  const lines = [
    `lambda-sim run ${s.scenario}`,
    `  seed ${JSON.stringify(s.seed)}; virtual time ${virtualDuration(s.virtualTime.durationMs)} (${s.virtualTime.startTime} → ${s.virtualTime.endTime})`,
    `  invocations ${n(s.invocations.total)}: ${n(s.invocations.success)} success, ${n(s.invocations.error)} error, ${n(s.invocations.timeout)} timeout, ${n(s.invocations.crash)} crash`,
    `  cold starts ${n(s.coldStarts)} (${n(s.environments)} environments); throttles ${n(s.throttles.total)}; async retries ${n(s.asyncRetries)}`,
  ]
  for (const [reason, count] of Object.entries(s.throttles.byReason)) lines.push(`    throttled ${n(count)}: ${reason}`)
  const versions = Object.entries(s.byVersion)
  if (versions.length > 0) lines.push(`  by version: ${versions.map(([key, count]) => `${key} ${n(count)}`).join(', ')}`)
  lines.push(s.cost !== null ? `  cost $${s.cost.totalUsd.toFixed(6)} (${s.cost.region} prices as of ${s.cost.pricesAsOf})` : `  cost: not priced (${s.costNote ?? 'unknown'})`)
  if (s.powerTuning !== undefined) {
    const sizes = s.powerTuning.results.map((r) => `${r.memorySizeMB} MB ${r.averageDurationMs.toFixed(1)} ms $${(r.usdPerInvocation * 1_000_000).toFixed(2)}/M`)
    lines.push(`  power tuning: ${sizes.join(', ')}; cheapest ${s.powerTuning.cheapest.memorySizeMB} MB, fastest ${s.powerTuning.fastest.memorySizeMB} MB`)
  }
  lines.push(`  replay: ${s.replay}`)
  if (s.report !== undefined) lines.push(`  report: ${s.report}`)
  if (s.trace !== undefined) lines.push(`  trace: ${s.trace} (open it in https://ui.perfetto.dev)`)
  return lines.join('\n')
}

/** `1h 02m 03.456s`, `2m 00.000s`, `3.456s`. */
export function virtualDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000)
  const minutes = Math.floor((ms % 3_600_000) / 60_000)
  const seconds = ((ms % 60_000) / 1000).toFixed(3)
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m ${seconds.padStart(6, '0')}s`
  if (minutes > 0) return `${minutes}m ${seconds.padStart(6, '0')}s`
  return `${seconds}s`
}
