/**
 * CloudWatch metrics (namespace `AWS/Lambda`), derived from the event stream.
 *
 * - Counters (`Invocations`, `Errors`, `Throttles`, `ProvisionedConcurrencyInvocations`,
 *   `ProvisionedConcurrencySpilloverInvocations`) and `Duration` are stamped at the invocation's
 *   start, as Lambda stamps them.
 * - Gauges (`ConcurrentExecutions`, `UnreservedConcurrentExecutions`,
 *   `ProvisionedConcurrentExecutions`, `ProvisionedConcurrencyUtilization`) are step functions
 *   sampled at every change; `Maximum`/`Minimum` are over the period, `Average` is time-weighted.
 *
 * Dimensions as AWS publishes them: none (account), `{ FunctionName }`, `{ FunctionName, Resource }`
 * (`name:qualifier`), `{ FunctionName, Resource, ExecutedVersion }` for alias invocations.
 */
import type { EventBus } from './bus.js'
import type { InvocationStartedEvent } from './events.js'

export type MetricName =
  | 'Invocations'
  | 'Errors'
  | 'Throttles'
  | 'Duration'
  | 'ConcurrentExecutions'
  | 'UnreservedConcurrentExecutions'
  | 'ProvisionedConcurrentExecutions'
  | 'ProvisionedConcurrencyUtilization'
  | 'ProvisionedConcurrencyInvocations'
  | 'ProvisionedConcurrencySpilloverInvocations'
  | 'AsyncEventsReceived'
  | 'AsyncEventAge'
  | 'AsyncEventsDropped'
  | 'DeadLetterErrors'
  | 'DestinationDeliveryFailures'
  | 'RecursiveInvocationsDropped'

export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount'

export interface MetricDimensions {
  readonly FunctionName?: string
  /** `name:qualifier` (an alias or version). */
  readonly Resource?: string
  readonly ExecutedVersion?: string
}

export interface MetricQuery {
  readonly metricName: MetricName
  readonly dimensions?: MetricDimensions
  /** Virtual epoch ms (inclusive). Default: the simulation's start. */
  readonly startTime?: number
  /** Virtual epoch ms (exclusive). Default: now, inclusive (datapoints stamped now count). */
  readonly endTime?: number
  /** Seconds per datapoint (default 60). */
  readonly period?: number
  readonly statistics?: readonly Statistic[]
  /** Percentiles such as `'p50'`, `'p99'`, `'p99.9'`. */
  readonly extendedStatistics?: readonly string[]
}

export interface Datapoint {
  /** Start of the period, virtual epoch ms. */
  readonly timestamp: number
  readonly Sum?: number
  readonly Average?: number
  readonly Maximum?: number
  readonly Minimum?: number
  readonly SampleCount?: number
  readonly extendedStatistics?: Readonly<Record<string, number>>
}

/** Allocated provisioned concurrency per Resource (internal series behind the utilization ratio). */
const ALLOCATED = 'ProvisionedConcurrencyAllocated' as MetricName

const GAUGES = new Set<MetricName>(['ConcurrentExecutions', 'UnreservedConcurrentExecutions', 'ProvisionedConcurrentExecutions', 'ProvisionedConcurrencyUtilization'])

function keyOf(metric: MetricName, dimensions: MetricDimensions | undefined): string {
  const d = dimensions ?? {}
  return `${metric}|${d.FunctionName ?? ''}|${d.Resource ?? ''}|${d.ExecutedVersion ?? ''}`
}

interface Sample {
  readonly atMs: number
  readonly value: number
}

interface RunningInvocation {
  readonly functionName: string
  readonly resource: string | undefined
  readonly version: string
  readonly provisioned: boolean
  readonly unreserved: boolean
}

export class MetricStore {
  /** Counter datapoints, and gauge *changes* (deltas): both sorted by time. */
  private readonly samples = new Map<string, Sample[]>()
  private readonly running = new Map<string, RunningInvocation>()
  /** Allocated provisioned concurrency per Resource (for utilization). */
  private readonly allocated = new Map<string, number>()
  private readonly reservedFunctions = new Set<string>()

  constructor(
    bus: EventBus,
    private readonly startMs: number,
    private readonly nowMs: () => number,
  ) {
    bus.on('concurrency.reserved', (e) => {
      if (e.reservedConcurrentExecutions === undefined) this.reservedFunctions.delete(e.functionName)
      else this.reservedFunctions.add(e.functionName)
    })
    bus.on('provisioned.changed', (e) => {
      const resource = `${e.functionName}:${e.qualifier}`
      const before = this.allocated.get(resource) ?? 0
      this.allocated.set(resource, e.allocated)
      this.push(keyOf(ALLOCATED, { FunctionName: e.functionName, Resource: resource }), e.atMs, e.allocated - before)
    })
    bus.on('invocation.started', (e) => this.started(e))
    bus.on('invocation.completed', (e) => {
      const running = this.running.get(e.requestId)
      if (running === undefined) return
      this.running.delete(e.requestId)
      const dims = this.counterDimensions(running)
      this.count('Invocations', dims, e.startedAtMs, 1)
      if (e.status !== 'success') this.count('Errors', dims, e.startedAtMs, 1)
      this.count('Duration', dims, e.startedAtMs, e.durationMs)
      this.concurrency(e.atMs, running, -1)
    })
    bus.on('async.accepted', (e) => this.count('AsyncEventsReceived', this.asyncDimensions(e.functionName, e.qualifier), e.atMs, 1))
    bus.on('async.attempt', (e) => this.count('AsyncEventAge', this.asyncDimensions(e.functionName, undefined), e.atMs, e.ageMs))
    bus.on('async.finished', (e) => {
      if (e.status === 'failed') this.count('AsyncEventsDropped', this.asyncDimensions(e.functionName, undefined), e.atMs, 1)
    })
    bus.on('async.deliveryFailed', (e) =>
      this.count(e.target === 'destination' ? 'DestinationDeliveryFailures' : 'DeadLetterErrors', this.asyncDimensions(e.functionName, undefined), e.atMs, 1),
    )
    bus.on('invocation.recursionStopped', (e) => this.count('RecursiveInvocationsDropped', this.asyncDimensions(e.functionName, undefined), e.atMs, 1))
    bus.on('invocation.throttled', (e) => {
      const resource = e.invokedQualifier === undefined ? undefined : `${e.functionName}:${e.invokedQualifier}`
      this.count('Throttles', [{}, { FunctionName: e.functionName }, ...(resource ? [{ FunctionName: e.functionName, Resource: resource }] : [])], e.atMs, 1)
    })
  }

  /**
   * Statistics per period, like CloudWatch's GetMetricStatistics. Periods with no data are left out
   * for counters; gauges report every period (their value carries over).
   */
  getMetricStatistics(query: MetricQuery): Datapoint[] {
    const periodMs = (query.period ?? 60) * 1000
    const startMs = query.startTime ?? this.startMs
    // By default the window ends at now, and a datapoint stamped at this very instant counts.
    const endMs = query.endTime ?? this.nowMs()
    const inclusive = query.endTime === undefined
    const gauge = GAUGES.has(query.metricName)
    const samples = gauge ? this.gaugeSeries(query.metricName, query.dimensions) : (this.samples.get(keyOf(query.metricName, query.dimensions)) ?? [])
    const statistics = query.statistics ?? ['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']
    const out: Datapoint[] = []
    for (let from = startMs; inclusive ? from <= endMs : from < endMs; from += periodMs) {
      const to = Math.min(from + periodMs, endMs)
      if (gauge && to === from) continue
      const point = gauge ? gaugePoint(samples, from, to, statistics) : counterPoint(samples, from, to, statistics, query.extendedStatistics, inclusive && to === endMs)
      if (point !== undefined) out.push(point)
    }
    return out
  }

  /** A gauge's value at an instant (e.g. ConcurrentExecutions now). */
  valueAt(metricName: MetricName, dimensions: MetricDimensions | undefined, atMs: number): number {
    const samples = this.gaugeSeries(metricName, dimensions)
    let value = 0
    for (const sample of samples) {
      if (sample.atMs > atMs) break
      value = sample.value
    }
    return value
  }

  private started(e: InvocationStartedEvent): void {
    const running: RunningInvocation = {
      functionName: e.functionName,
      resource: e.invokedQualifier === undefined ? undefined : `${e.functionName}:${e.invokedQualifier}`,
      version: e.version,
      provisioned: e.provisioned,
      unreserved: !this.reservedFunctions.has(e.functionName),
    }
    this.running.set(e.requestId, running)
    const dims = this.counterDimensions(running)
    if (e.provisioned) this.count('ProvisionedConcurrencyInvocations', dims, e.atMs, 1)
    if (e.spillover) this.count('ProvisionedConcurrencySpilloverInvocations', dims, e.atMs, 1)
    // An environment is busy from admission, through any init, to the end of the invocation.
    this.concurrency(e.admittedAtMs, running, +1)
  }

  private asyncDimensions(functionName: string, qualifier: string | undefined): MetricDimensions[] {
    const dims: MetricDimensions[] = [{}, { FunctionName: functionName }]
    if (qualifier !== undefined) dims.push({ FunctionName: functionName, Resource: `${functionName}:${qualifier}` })
    return dims
  }

  private counterDimensions(running: RunningInvocation): MetricDimensions[] {
    const dims: MetricDimensions[] = [{}, { FunctionName: running.functionName }]
    if (running.resource !== undefined) {
      dims.push({ FunctionName: running.functionName, Resource: running.resource })
      // ExecutedVersion is published for invocations through an alias.
      if (!/^(\d+|\$LATEST)$/.test(running.resource.slice(running.functionName.length + 1))) {
        dims.push({ FunctionName: running.functionName, Resource: running.resource, ExecutedVersion: running.version })
      }
    }
    return dims
  }

  private concurrency(atMs: number, running: RunningInvocation, delta: number): void {
    for (const dims of this.counterDimensions(running)) this.push(keyOf('ConcurrentExecutions', dims), atMs, delta)
    if (running.unreserved && !running.provisioned) this.push(keyOf('UnreservedConcurrentExecutions', {}), atMs, delta)
    if (running.provisioned && running.resource !== undefined) {
      this.push(keyOf('ProvisionedConcurrentExecutions', { FunctionName: running.functionName, Resource: running.resource }), atMs, delta)
      this.push(keyOf('ProvisionedConcurrentExecutions', { FunctionName: running.functionName }), atMs, delta)
    }
  }

  /** A gauge as absolute values over time (its changes summed in time order). */
  private gaugeSeries(metric: MetricName, dims: MetricDimensions | undefined): Sample[] {
    if (metric === 'ProvisionedConcurrencyUtilization') {
      const busy = this.absolute(keyOf('ProvisionedConcurrentExecutions', dims))
      const allocated = this.absolute(keyOf(ALLOCATED, dims))
      return ratio(busy, allocated)
    }
    return this.absolute(keyOf(metric, dims))
  }

  private absolute(key: string): Sample[] {
    let value = 0
    return (this.samples.get(key) ?? []).map((change) => {
      value += change.value
      return { atMs: change.atMs, value }
    })
  }

  private count(metric: MetricName, dims: readonly MetricDimensions[], atMs: number, value: number): void {
    for (const d of dims) this.push(keyOf(metric, d), atMs, value)
  }

  private push(key: string, atMs: number, value: number): void {
    let series = this.samples.get(key)
    if (series === undefined) {
      series = []
      this.samples.set(key, series)
    }
    // Counters are stamped at the invocation's start, which can be earlier than the last sample.
    let index = series.length
    while (index > 0 && (series[index - 1] as Sample).atMs > atMs) index--
    if (index === series.length) series.push({ atMs, value })
    else series.splice(index, 0, { atMs, value })
  }
}

/** busy ÷ allocated as a step function (0 while nothing is allocated); one merge pass. */
function ratio(busy: readonly Sample[], allocated: readonly Sample[]): Sample[] {
  const out: Sample[] = []
  let i = 0
  let j = 0
  let b = 0
  let a = 0
  while (i < busy.length || j < allocated.length) {
    const nextBusy = i < busy.length ? (busy[i] as Sample).atMs : Number.POSITIVE_INFINITY
    const nextAllocated = j < allocated.length ? (allocated[j] as Sample).atMs : Number.POSITIVE_INFINITY
    const t = Math.min(nextBusy, nextAllocated)
    while (i < busy.length && (busy[i] as Sample).atMs === t) b = (busy[i++] as Sample).value
    while (j < allocated.length && (allocated[j] as Sample).atMs === t) a = (allocated[j++] as Sample).value
    out.push({ atMs: t, value: a > 0 ? b / a : 0 })
  }
  return out
}

function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number
}

function counterPoint(
  samples: readonly Sample[],
  from: number,
  to: number,
  statistics: readonly Statistic[],
  extended: readonly string[] | undefined,
  includeEnd: boolean,
): Datapoint | undefined {
  const values: number[] = []
  for (const sample of samples) if (sample.atMs >= from && (sample.atMs < to || (includeEnd && sample.atMs === to))) values.push(sample.value)
  if (values.length === 0) return undefined
  const sum = values.reduce((s, v) => s + v, 0)
  const point: Record<string, unknown> = { timestamp: from }
  if (statistics.includes('Sum')) point['Sum'] = sum
  if (statistics.includes('Average')) point['Average'] = sum / values.length
  if (statistics.includes('Maximum')) point['Maximum'] = Math.max(...values)
  if (statistics.includes('Minimum')) point['Minimum'] = Math.min(...values)
  if (statistics.includes('SampleCount')) point['SampleCount'] = values.length
  if (extended !== undefined && extended.length > 0) {
    const sorted = [...values].sort((a, b) => a - b)
    point['extendedStatistics'] = Object.fromEntries(extended.map((name) => [name, percentile(sorted, Number(name.replace(/^p/, '')))]))
  }
  return point as unknown as Datapoint
}

function gaugePoint(samples: readonly Sample[], from: number, to: number, statistics: readonly Statistic[]): Datapoint | undefined {
  let value = 0
  let index = 0
  while (index < samples.length && (samples[index] as Sample).atMs <= from) value = (samples[index++] as Sample).value
  let max = value
  let min = value
  let weighted = 0
  let cursor = from
  let count = 1
  while (index < samples.length && (samples[index] as Sample).atMs < to) {
    const sample = samples[index++] as Sample
    weighted += value * (sample.atMs - cursor)
    cursor = sample.atMs
    value = sample.value
    max = Math.max(max, value)
    min = Math.min(min, value)
    count++
  }
  weighted += value * (to - cursor)
  const point: Record<string, unknown> = { timestamp: from }
  if (statistics.includes('Maximum')) point['Maximum'] = max
  if (statistics.includes('Minimum')) point['Minimum'] = min
  if (statistics.includes('Average')) point['Average'] = to > from ? weighted / (to - from) : value
  if (statistics.includes('SampleCount')) point['SampleCount'] = count
  return point as unknown as Datapoint
}
