/**
 * The third `npm run demo` scenario: a traffic spike against two ways of holding capacity.
 *
 * The story: the same traffic — 20 requests/s for 2 minutes, 400/s for 3 minutes, 20/s for 2
 * minutes — hits two functions with the same code (300 ms of init, 200 ms per request):
 * (a) `reserved`, with reserved concurrency 50: a guarantee of 50 environments and a cap at 50;
 * (b) `provisioned`, through its alias `live`, with 50 environments of provisioned concurrency
 *     initialised ahead of traffic, the ordinary on-demand pool behind them for spillover, and
 *     Application Auto Scaling target tracking on `LambdaProvisionedConcurrencyUtilization` at 0.7
 *     (capacity 10–200).
 * The spike needs 400/s × 0.2 s = 80 concurrent executions: (a) throttles what does not fit,
 * (b) spills over onto on-demand environments (cold starts, no throttles). Target tracking needs
 * 3 minutes above the target before it scales out, so its new capacity arrives after a 3-minute
 * spike; after the traffic, 15 minutes below 0.63 scale it in to the minimum.
 *
 * `runConcurrencyDemo()` returns the printed text. Everything in it is deterministic (fixed seed)
 * except the last line, which starts with `WALL_CLOCK_PREFIX` and reports the real time it took.
 */
import {
  createSimulation,
  estimateConcurrency,
  requiredProvisionedConcurrency,
  type InitContext,
  type LambdaContext,
  type LoadPattern,
  type LoadResult,
  type MetricDimensions,
  type MetricName,
  type SimulationOptions,
  type Statistic,
} from '../src/index.js'
import type { ScenarioRun } from './scenario-run.js'

export const CONCURRENCY_SEED = 3
export const WALL_CLOCK_PREFIX = 'Wall-clock time:'
export const RESERVED = 50
export const PROVISIONED = 50
const INIT_MS = 300
const HANDLER_MS = 200
const MINUTE_MS = 60_000
/** Traffic starts this long after the simulation does (provisioned concurrency is READY by then). */
const TRAFFIC_START_MS = 2 * MINUTE_MS
const STEPS = [
  { ratePerSecond: 20, minutes: 2 },
  { ratePerSecond: 400, minutes: 3 },
  { ratePerSecond: 20, minutes: 2 },
] as const
const MINUTES = STEPS.reduce((sum, step) => sum + step.minutes, 0)
/** The run goes on after the traffic, long enough for target tracking to scale in (15 quiet minutes). */
const RUN_MS = TRAFFIC_START_MS + 24 * MINUTE_MS
const TARGET_UTILIZATION = 0.7
const MIN_CAPACITY = 10
const MAX_CAPACITY = 200
const RESOURCE_ID = 'function:provisioned:live'
const SCALABLE_DIMENSION = 'lambda:function:ProvisionedConcurrency'

/** Short names for the throttle reasons, as table columns. */
const REASON_COLUMNS: Record<string, string> = {
  ReservedFunctionConcurrentInvocationLimitExceeded: 'reserved',
  ConcurrentInvocationLimitExceeded: 'account',
  FunctionInvocationRateLimitExceeded: 'scaling',
  CallerRateLimitExceeded: 'rate',
}

interface MinuteCounts {
  arrivals: number
  coldStarts: number
  throttles: Map<string, number>
}

interface ColdStarts {
  provisioned: number
  spillover: number
  onDemand: number
}

/** Runs the scenario; returns its printed account (without the wall-clock line) and the virtual time it simulated. */
export async function runConcurrencyScenario(seed: number = CONCURRENCY_SEED, recording: Partial<SimulationOptions> = {}): Promise<ScenarioRun> {
  const sim = createSimulation({ seed, logRetention: 0, ...recording })
  const startMs = sim.nowMs
  const trafficStartMs = startMs + TRAFFIC_START_MS

  const code = {
    init: async (init: InitContext) => {
      await init.sleep(INIT_MS) // module scope: clients, configuration
      return async (_event: unknown, context: LambdaContext) => {
        await context.sleep(HANDLER_MS) // the request's work
        return 'ok'
      }
    },
  }
  // (a) reserved concurrency: 50 guaranteed, and never more than 50.
  sim.createFunction({ functionName: 'reserved', memorySize: 512, code })
  sim.putFunctionConcurrency({ functionName: 'reserved', reservedConcurrentExecutions: RESERVED })
  // (b) provisioned concurrency on an alias: 50 environments initialised ahead of traffic.
  sim.createFunction({ functionName: 'provisioned', memorySize: 512, code, publish: true })
  sim.createAlias({ functionName: 'provisioned', name: 'live', functionVersion: '1' })
  const pcTimeline: string[] = []
  const pcChanges: { atMs: number; allocated: number }[] = []
  sim.on('provisioned.changed', (e) => pcChanges.push({ atMs: e.atMs, allocated: e.allocated }))
  sim.on('provisioned.changed', (e) => pcTimeline.push(`${clock(e.atMs, startMs)}  ${e.functionName}:${e.qualifier} ${e.status.padEnd(11)} allocated ${e.allocated} of ${e.requested}`))
  sim.putProvisionedConcurrencyConfig({ functionName: 'provisioned', qualifier: 'live', provisionedConcurrentExecutions: PROVISIONED })
  // Application Auto Scaling: keep the average utilization near 0.7, between 10 and 200.
  sim.autoScaling.registerScalableTarget({ serviceNamespace: 'lambda', resourceId: RESOURCE_ID, scalableDimension: SCALABLE_DIMENSION, minCapacity: MIN_CAPACITY, maxCapacity: MAX_CAPACITY })
  sim.autoScaling.putScalingPolicy({
    policyName: 'utilization-70',
    serviceNamespace: 'lambda',
    resourceId: RESOURCE_ID,
    scalableDimension: SCALABLE_DIMENSION,
    policyType: 'TargetTrackingScaling',
    targetTrackingScalingPolicyConfiguration: {
      targetValue: TARGET_UTILIZATION,
      predefinedMetricSpecification: { predefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
    },
  })

  // Per-minute counts from the load generators' outcomes.
  const minuteOf = (atMs: number): number => Math.floor((atMs - trafficStartMs) / MINUTE_MS)
  const perMinute = (): MinuteCounts[] => Array.from({ length: MINUTES }, () => ({ arrivals: 0, coldStarts: 0, throttles: new Map() }))
  const counts = { reserved: perMinute(), provisioned: perMinute() }
  const record =
    (rows: MinuteCounts[]) =>
    (result: LoadResult): void => {
      const row = rows[minuteOf(result.arrivedAtMs)]
      if (row === undefined) return
      row.arrivals++
      if (result.coldStart === true) row.coldStarts++
      if (result.throttleReason !== undefined) row.throttles.set(result.throttleReason, (row.throttles.get(result.throttleReason) ?? 0) + 1)
    }
  // Where (b)'s cold starts happened: on provisioned environments, on spillover, or neither.
  const cold: ColdStarts = { provisioned: 0, spillover: 0, onDemand: 0 }
  const spilloverColdMinutes = new Set<number>()
  sim.on('invocation.started', (e) => {
    if (e.functionName !== 'provisioned' || !e.coldStart) return
    if (e.provisioned) cold.provisioned++
    else if (e.spillover) {
      cold.spillover++
      spilloverColdMinutes.add(minuteOf(e.atMs) + 1)
    } else cold.onDemand++
  })

  const pattern: LoadPattern = { kind: 'steps', steps: STEPS.map((s) => ({ ratePerSecond: s.ratePerSecond, duration: s.minutes * MINUTE_MS })) }
  const runA = sim.generateLoad({ functionName: 'reserved', pattern, startAfter: TRAFFIC_START_MS, onResult: record(counts.reserved) })
  const runB = sim.generateLoad({ functionName: 'provisioned', qualifier: 'live', pattern, startAfter: TRAFFIC_START_MS, onResult: record(counts.provisioned) })
  // Auto scaling evaluates on background events, so drive the clock to a fixed end.
  await sim.advance(RUN_MS)
  if (!runA.finished || !runB.finished) throw new Error('the load did not finish')
  const virtualMs = sim.nowMs - startMs

  const stat = (metricName: MetricName, dimensions: MetricDimensions, statistic: Statistic): (number | undefined)[] => {
    const points = sim.metrics?.getMetricStatistics({
      metricName,
      dimensions,
      startTime: trafficStartMs,
      endTime: trafficStartMs + MINUTES * MINUTE_MS,
      statistics: [statistic],
    })
    return Array.from({ length: MINUTES }, (_, m) => points?.find((p) => p.timestamp === trafficStartMs + m * MINUTE_MS)?.[statistic])
  }
  const a = { FunctionName: 'reserved' }
  const b = { FunctionName: 'provisioned', Resource: 'provisioned:live' }

  const baseline = estimateConcurrency({ requestsPerSecond: STEPS[0].ratePerSecond, averageDurationMs: HANDLER_MS })
  const spike = estimateConcurrency({ requestsPerSecond: STEPS[1].ratePerSecond, averageDurationMs: HANDLER_MS })
  const out: string[] = []
  out.push(`lambda-sim concurrency demo: a traffic spike against reserved and provisioned concurrency (seed=${JSON.stringify(sim.seed)})`)
  out.push(`Code (both functions, 512 MB): ${INIT_MS} ms of init on a cold start, ${HANDLER_MS} ms per request.`)
  out.push(
    `Traffic (the same for both, from ${clock(trafficStartMs, startMs)}): ${STEPS.map((s) => `${s.ratePerSecond}/s for ${s.minutes} min`).join(' → ')}` +
      ` = ${thousands(runA.plannedArrivals)} arrivals each.`,
  )
  out.push(`Estimate (concurrency ≈ RPS × duration): baseline ${baseline.formula}; spike ${spike.formula}.`)
  out.push(`(a) reserved:    reserved concurrency ${RESERVED} (a guarantee and a cap); invoked unqualified.`)
  out.push(`(b) provisioned: alias live → version 1 with provisioned concurrency ${PROVISIONED} to start; on-demand environments take the spillover;`)
  out.push(
    `    Application Auto Scaling target tracking on LambdaProvisionedConcurrencyUtilization at ${TARGET_UTILIZATION}, capacity ${MIN_CAPACITY}–${MAX_CAPACITY} ` +
      `(scale out after 3 minutes above ${TARGET_UTILIZATION}, in after 15 minutes below ${(0.9 * TARGET_UTILIZATION).toFixed(2)}).`,
  )
  out.push(`The run continues without traffic until ${clock(startMs + RUN_MS, startMs)}, long enough for the scale-in.`)
  out.push('')

  out.push(`== (a) reserved concurrency ${RESERVED}: per minute of traffic ==`)
  const reasonsA = reasonsOf(counts.reserved)
  const maxA = stat('ConcurrentExecutions', a, 'Maximum')
  const avgA = stat('ConcurrentExecutions', a, 'Average')
  const invocationsA = stat('Invocations', a, 'Sum')
  out.push(
    table(
      ['minute', 'rate/s', 'arrivals', 'invocations', 'cold', ...reasonsA.map((r) => `429 ${REASON_COLUMNS[r] ?? r}`), 'max conc', 'avg conc'],
      counts.reserved.map((row, m) => [
        minuteLabel(m),
        String(rateAt(m)),
        thousands(row.arrivals),
        thousands(invocationsA[m] ?? 0),
        thousands(row.coldStarts),
        ...reasonsA.map((r) => thousands(row.throttles.get(r) ?? 0)),
        String(maxA[m] ?? 0),
        (avgA[m] ?? 0).toFixed(2),
      ]),
    ),
  )
  out.push(`  Throttle reasons: ${reasonsA.length === 0 ? 'none' : reasonsA.map((r) => `${REASON_COLUMNS[r] ?? r} = ${r}`).join('; ')}.`)
  out.push('')

  out.push(`== (b) provisioned concurrency on provisioned:live (${PROVISIONED} to start, auto scaling at ${TARGET_UTILIZATION}): per minute of traffic ==`)
  const reasonsB = reasonsOf(counts.provisioned)
  const maxB = stat('ConcurrentExecutions', b, 'Maximum')
  const avgB = stat('ConcurrentExecutions', b, 'Average')
  const onPc = stat('ProvisionedConcurrencyInvocations', b, 'Sum')
  const spill = stat('ProvisionedConcurrencySpilloverInvocations', b, 'Sum')
  const utilAvg = stat('ProvisionedConcurrencyUtilization', b, 'Average')
  const utilMax = stat('ProvisionedConcurrencyUtilization', b, 'Maximum')
  // Provisioned concurrency allocated at the end of each minute.
  const allocated = Array.from({ length: MINUTES }, (_, m) => pcChanges.filter((c) => c.atMs < trafficStartMs + (m + 1) * MINUTE_MS).at(-1)?.allocated ?? 0)
  out.push(
    table(
      ['minute', 'rate/s', 'arrivals', 'on PC', 'spillover', 'cold', ...reasonsB.map((r) => `429 ${REASON_COLUMNS[r] ?? r}`), 'max conc', 'avg conc', 'PC util avg', 'PC util max', 'PC allocated'],
      counts.provisioned.map((row, m) => [
        minuteLabel(m),
        String(rateAt(m)),
        thousands(row.arrivals),
        thousands(onPc[m] ?? 0),
        thousands(spill[m] ?? 0),
        thousands(row.coldStarts),
        ...reasonsB.map((r) => thousands(row.throttles.get(r) ?? 0)),
        String(maxB[m] ?? 0),
        (avgB[m] ?? 0).toFixed(2),
        (utilAvg[m] ?? 0).toFixed(3),
        (utilMax[m] ?? 0).toFixed(3),
        String(allocated[m]),
      ]),
    ),
  )
  out.push('  Provisioned concurrency over time (provisioned.changed events):')
  for (const line of pcTimeline) out.push(`    ${line}`)
  out.push('  Scaling activities (describeScalingActivities, oldest first):')
  const activities = sim.autoScaling.describeScalingActivities({ resourceId: RESOURCE_ID }).scalingActivities.slice().reverse()
  for (const activity of activities) {
    const alarm = /-(AlarmHigh|AlarmLow)-/.exec(activity.cause)?.[1] ?? activity.cause
    const why = alarm === 'AlarmHigh' ? `3 minutes above ${TARGET_UTILIZATION}` : alarm === 'AlarmLow' ? `15 minutes below ${(0.9 * TARGET_UTILIZATION).toFixed(2)}` : ''
    out.push(
      `    ${clock(activity.startTime, startMs)} → ${activity.endTime === undefined ? '…' : clock(activity.endTime, startMs)}  ${activity.statusCode.padEnd(10)} ${activity.description}  (${alarm}${why === '' ? '' : `: ${why}`})`,
    )
  }
  out.push('')

  out.push('== Totals ==')
  const sA = runA.stats
  const sB = runB.stats
  const spikeArrivals = STEPS[1].ratePerSecond * STEPS[1].minutes * 60
  const spikeThrottlesA = counts.reserved.slice(STEPS[0].minutes, STEPS[0].minutes + STEPS[1].minutes).reduce((sum, row) => sum + sumOf(row.throttles), 0)
  const servedPerSecond = RESERVED / (HANDLER_MS / 1000)
  out.push(
    `(a) reserved:    ${thousands(sA.sent)} arrivals, ${thousands(sA.succeeded)} succeeded, ${thousands(sA.throttled)} throttled ` +
      `(${Object.entries(sA.throttledByReason).map(([r, n]) => `${r} ${thousands(n)}`).join(', ') || 'none'}), ${sA.coldStarts} cold starts`,
  )
  out.push(
    `    ${RESERVED} environments × ${1000 / HANDLER_MS} requests/s each = ${servedPerSecond} requests/s served at most; the spike sends ${STEPS[1].ratePerSecond}/s, ` +
      `so ${pct((STEPS[1].ratePerSecond - servedPerSecond) / STEPS[1].ratePerSecond)} should be throttled: observed ${thousands(spikeThrottlesA)} of ${thousands(spikeArrivals)} = ${pct(spikeThrottlesA / spikeArrivals)}.`,
  )
  const spillTotal = spill.reduce<number>((sum, v) => sum + (v ?? 0), 0)
  const onPcTotal = onPc.reduce<number>((sum, v) => sum + (v ?? 0), 0)
  out.push(
    `(b) provisioned: ${thousands(sB.sent)} arrivals, ${thousands(sB.succeeded)} succeeded, ${thousands(sB.throttled)} throttled; ` +
      `${thousands(onPcTotal)} on provisioned environments, ${thousands(spillTotal)} spillover; ${sB.coldStarts} cold starts`,
  )
  out.push(
    `    cold starts by environment: ${cold.provisioned} on provisioned (initialised ahead of traffic), ${cold.spillover} on spillover (on-demand), ${cold.onDemand} other; ` +
      `spillover cold starts in ${spilloverColdMinutes.size === 1 ? 'minute' : 'minutes'} ${[...spilloverColdMinutes].sort((x, y) => x - y).join(', ') || 'none'}.`,
  )
  const steadySpike = [STEPS[0].minutes + 1, STEPS[0].minutes + 2] // the spike's minutes after its first
  const steadyAvg = steadySpike.map((m) => avgB[m] ?? 0)
  const peakMax = Math.max(...maxB.map((v) => v ?? 0))
  out.push(
    `RPS × duration vs observed (b): estimate ${spike.concurrency} at the spike; observed Average ${steadyAvg.map((v) => v.toFixed(2)).join(' and ')} ` +
      `in minutes ${steadySpike.map((m) => m + 1).join(' and ')}; Maximum ${peakMax} when the spike began (a cold start holds its environment ${INIT_MS} ms longer).`,
  )
  out.push(
    `    baseline: estimate ${baseline.concurrency}; observed Average ${(avgB[1] ?? 0).toFixed(2)} in minute 2. (a) is capped: Maximum ${Math.max(...maxA.map((v) => v ?? 0))} = its reservation.`,
  )
  const scaleOut = activities.find((a) => a.cause.includes('-AlarmHigh-'))
  out.push(
    `Sizing: requiredProvisionedConcurrency at ${TARGET_UTILIZATION} gives ${requiredProvisionedConcurrency({ requestsPerSecond: STEPS[0].ratePerSecond, averageDurationMs: HANDLER_MS })} for the baseline ` +
      `and ${requiredProvisionedConcurrency({ requestsPerSecond: STEPS[1].ratePerSecond, averageDurationMs: HANDLER_MS })} for the spike; ${PROVISIONED} ran at ` +
      `${(utilAvg[1] ?? 0).toFixed(2)} utilization before the spike and ${(utilAvg[STEPS[0].minutes + 1] ?? 0).toFixed(2)} during it.`,
  )
  out.push(
    scaleOut === undefined
      ? '    Target tracking did not scale out.'
      : `    Target tracking scaled out at ${clock(scaleOut.startTime, startMs)}, after the spike's third minute; the new capacity was READY at ` +
          `${scaleOut.endTime === undefined ? '…' : clock(scaleOut.endTime, startMs)}, when the spike was over. A spike you can predict needs a scheduled action instead.`,
  )
  out.push(`Virtual time simulated: ${(virtualMs / 1000).toFixed(3)} s (${new Date(startMs).toISOString()} → ${sim.now.toISOString()})`)
  return { text: out.join('\n'), virtualMs, simulation: sim }

  function rateAt(minute: number): number {
    let end = 0
    for (const step of STEPS) {
      end += step.minutes
      if (minute < end) return step.ratePerSecond
    }
    return 0
  }

  function minuteLabel(m: number): string {
    return `${m + 1} (${clock(trafficStartMs + m * MINUTE_MS, startMs).slice(0, 6)})`
  }
}

/** Runs the scenario and returns its account, ending with the wall-clock line. */
export async function runConcurrencyDemo(): Promise<string> {
  const wallStart = performance.now()
  const { text, virtualMs } = await runConcurrencyScenario()
  const wallMs = performance.now() - wallStart
  return `${text}\n${WALL_CLOCK_PREFIX} ${wallMs.toFixed(1)} ms real for ${(virtualMs / 1000).toFixed(3)} s virtual (${Math.round(virtualMs / Math.max(wallMs, 0.001))}× faster than real time)`
}

function reasonsOf(rows: readonly MinuteCounts[]): string[] {
  const seen = new Set<string>()
  for (const row of rows) for (const reason of row.throttles.keys()) seen.add(reason)
  return [...seen].sort()
}

function sumOf(map: ReadonlyMap<string, number>): number {
  let sum = 0
  for (const value of map.values()) sum += value
  return sum
}

/** `+mm:ss.mmm` since the start of the run. */
function clock(atMs: number, startMs: number): string {
  const ms = Math.round(atMs - startMs)
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.floor((ms % 60_000) / 1000)
  return `+${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => (row[c] ?? '').length)))
  const format = (row: readonly string[]): string =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd()
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...body.map(format)].map((line) => `  ${line}`).join('\n')
}

function thousands(value: number): string {
  return value.toLocaleString('en-US')
}

function pct(fraction: number): string {
  return `${(100 * fraction).toFixed(1)} %`
}
