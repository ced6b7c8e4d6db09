/**
 * CloudWatch metrics (namespace `AWS/Lambda`), derived from the event stream.
 *
 * - Counters (`Invocations`, `Errors`, `Throttles`, `ProvisionedConcurrencyInvocations`,
 *   `ProvisionedConcurrencySpilloverInvocations`) and `Duration` are stamped at the invocation's
 *   start, as Lambda stamps them.
 * - Gauges (`ConcurrentExecutions`, `UnreservedConcurrentExecutions`,
 *   `ProvisionedConcurrentExecutions`, `ProvisionedConcurrencyUtilization`) are step functions;
 *   `Maximum`/`Minimum` are over the period, `Average` is time-weighted.
 * - Storage is per second, rolled up as CloudWatch's (1-second data for 3 hours, 1-minute for 15
 *   days, 5-minute for 63 days, 1-hour for 455 days; see `metric-series.ts`; the `metrics` option sets
 *   it): counter memory is bounded however long the simulated time, and does not grow with traffic.
 * - Percentiles come from a sketch (`quantile-sketch.ts`): exact for up to 64 distinct values in the
 *   window, within 1 % of the exact nearest-rank value otherwise.
 * - An invocation's counters are stored once, for its most specific dimensions (function, invoked
 *   resource, version); every coarser dimension set is summed from those when asked for, and
 *   `Invocations` is `Duration`'s sample count (both are stamped once per completed invocation).
 *   An invocation writes one counter sample instead of six.
 *
 * Dimensions as AWS publishes them: none (account), `{ FunctionName }`, `{ FunctionName, Resource }`
 * (`name:qualifier`), `{ FunctionName, Resource, ExecutedVersion }` for alias invocations.
 */
import type { EventBus } from './bus.js'
import type { InvocationFacts } from './invocation-facts.js'
import { checkMetricQuery } from './metric-query-checks.js'
import { CLOUDWATCH_TIERS, CounterSeries, GaugeSeries, type CounterSummary, type GaugeSummary, type RollupTier } from './metric-series.js'
import { QuantileSketch } from './quantile-sketch.js'
import { freshArray } from '../kernel/fresh-array.js'

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
  // Event source mappings (dimension `EventSourceMappingUUID`):
  | 'PolledEventCount'
  | 'FilteredOutEventCount'
  | 'InvokedEventCount'
  | 'FailedInvokeEventCount'
  | 'DeletedEventCount'
  | 'DroppedEventCount'
  | 'OnFailureDestinationDeliveredEventCount'
  // Stream mappings (dimensions `FunctionName`, `EventSourceMappingUUID`): milliseconds.
  | 'IteratorAge'
  // Function URLs (dimensions `FunctionName`; `FunctionName`, `Resource` as `name:$LATEST` or `name:alias`).
  | 'UrlRequestCount'
  | 'Url4xxError'
  | 'Url5xxError'
  | 'UrlRequestLatency'

export type Statistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount'

export interface MetricDimensions {
  readonly FunctionName?: string
  /** `name:qualifier` (an alias or version). */
  readonly Resource?: string
  readonly ExecutedVersion?: string
  /** Event source mapping metrics are published per mapping (alone, or with `FunctionName`). */
  readonly EventSourceMappingUUID?: string
}

export interface MetricQuery {
  readonly metricName: MetricName
  readonly dimensions?: MetricDimensions
  /** Virtual epoch ms (inclusive). Default: the simulation's start. */
  readonly startTime?: number
  /** Virtual epoch ms (exclusive). Default: now, inclusive (datapoints stamped now count). */
  readonly endTime?: number
  /**
   * Seconds per datapoint (default 60): a whole number, and a multiple of the resolution the data at
   * `startTime` is kept at (60 beyond 3 hours, 300 beyond 15 days, 3,600 beyond 63 days). At most
   * 1,440 datapoints per query.
   */
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

const GAUGES = new Set<MetricName>(['ConcurrentExecutions', 'UnreservedConcurrentExecutions', 'ProvisionedConcurrentExecutions', 'ProvisionedConcurrencyUtilization'])

function keyOf(metric: MetricName, dimensions: MetricDimensions | undefined): string {
  const d = dimensions ?? {}
  const key = `${metric}|${d.FunctionName ?? ''}|${d.Resource ?? ''}|${d.ExecutedVersion ?? ''}`
  return d.EventSourceMappingUUID === undefined ? key : `${key}|${d.EventSourceMappingUUID}`
}

const ACCOUNT_CONCURRENCY = keyOf('ConcurrentExecutions', undefined)
const UNRESERVED_CONCURRENCY = keyOf('UnreservedConcurrentExecutions', {})

/**
 * Counters of invocations of one function, invoked resource and executed version (any flags).
 * This and `InvocationShape` are classes, not object literals: V8 pretenures a literal site whose
 * objects outlive minor collections, and an old literal kept its young series (and a dropped
 * simulation's) alive through every minor collection (see kernel/fresh-array.ts).
 */
class ShapeCounters {
  /** One sample per completed invocation (its count is `Invocations`). */
  readonly duration: CounterSeries
  readonly errors: CounterSeries
  readonly provisionedInvocations: CounterSeries
  readonly spilloverInvocations: CounterSeries

  constructor(
    readonly functionName: string,
    /** `name:qualifier`, or undefined for the unqualified function. */
    readonly resource: string | undefined,
    readonly version: string,
    /** Invoked through an alias: ExecutedVersion is published. */
    readonly viaAlias: boolean,
    startMs: number,
    tiers: readonly RollupTier[],
  ) {
    this.duration = new CounterSeries(startMs, tiers)
    this.errors = new CounterSeries(startMs, tiers)
    this.provisionedInvocations = new CounterSeries(startMs, tiers)
    this.spilloverInvocations = new CounterSeries(startMs, tiers)
  }
}

/** The counters whose series live per shape: every dimension set is summed from those. */
const SHAPE_COUNTERS = new Set<MetricName>(['Invocations', 'Errors', 'Duration', 'ProvisionedConcurrencyInvocations', 'ProvisionedConcurrencySpilloverInvocations'])

/**
 * Everything an invocation of one shape (function, invoked resource, version, provisioned or not,
 * reserved or not) writes to, resolved once: the hot path adds numbers, it never builds keys.
 */
class InvocationShape {
  constructor(
    readonly counters: ShapeCounters,
    /** ConcurrentExecutions per dimension, plus Unreserved / Provisioned as they apply. */
    readonly concurrency: GaugeSeries[],
    /** The resource whose provisioned utilization this shape moves, if it runs on provisioned concurrency. */
    readonly utilizationResource: string | undefined,
  ) {}
}

// An InvocationObserver (the engine tells it of every invocation), checked where the simulation is composed;
// not declared here, so the public types do not name the engine's facts.
export class MetricStore {
  private readonly counters = new Map<string, CounterSeries>()
  private readonly gauges = new Map<string, GaugeSeries>()
  /**
   * Shapes by function name, then by flags (provisioned, unreserved), then by version (or
   * `qualifier NUL version`): resolved once per combination, and an unqualified invocation builds
   * no key string.
   */
  private readonly shapes = new Map<string, Map<string, InvocationShape>[]>()
  /** Provisioned concurrency per Resource: allocated and busy (for utilization). */
  private readonly allocated = new Map<string, number>()
  private readonly busyProvisioned = new Map<string, number>()
  private readonly reservedFunctions = new Set<string>()
  /** Event source mappings that publish the event counts (`MetricsConfig` with `EventCount`). */
  private readonly eventCountMappings = new Set<string>()
  /** Per-shape counters, in creation order, and by `function NUL resource NUL version`. */
  private readonly shapeCounters: ShapeCounters[] = freshArray()
  private readonly shapeCountersByKey = new Map<string, ShapeCounters>()
  /** The shape resolved last and what it was resolved for (cleared when a reservation changes). */
  private lastShape: InvocationShape | undefined = undefined
  private lastShapeFunction = ''
  private lastShapeVersion = ''
  private lastShapeQualifier: string | undefined = undefined
  private lastShapeProvisioned = false
  /**
   * While one function only has run, the account's ConcurrentExecutions equals that function's, so
   * it is not kept twice: this names the function whose series stands for it.
   */
  private accountMirror: string | undefined = undefined
  /**
   * While every shape so far runs unreserved and on demand, UnreservedConcurrentExecutions equals
   * the account's ConcurrentExecutions (fed by the same changes), so it is not kept twice either:
   * one gauge change fewer per invocation start and end of a simulation's usual first function.
   */
  private unreservedMirrorsAccount = true

  /** @internal The simulation makes its stores. */
  constructor(
    bus: EventBus,
    private readonly startMs: number,
    private readonly nowMs: () => number,
    /** Resolutions and retention of counter series (CloudWatch's by default). */
    private readonly tiers: readonly RollupTier[] = CLOUDWATCH_TIERS,
  ) {
    bus.listen('concurrency.reserved', (e) => {
      if (e.reservedConcurrentExecutions === undefined) this.reservedFunctions.delete(e.functionName)
      else this.reservedFunctions.add(e.functionName)
      this.lastShape = undefined
    })
    bus.listen('provisioned.changed', (e) => {
      const resource = `${e.functionName}:${e.qualifier}`
      this.allocated.set(resource, e.allocated)
      this.updateUtilization(e.functionName, resource, e.atMs)
    })
    bus.listen('async.accepted', (e) => this.count('AsyncEventsReceived', asyncDimensions(e.functionName, e.qualifier), e.atMs, 1))
    bus.listen('async.attempt', (e) => this.count('AsyncEventAge', asyncDimensions(e.functionName, undefined), e.atMs, e.ageMs))
    bus.listen('async.finished', (e) => {
      if (e.status === 'failed') this.count('AsyncEventsDropped', asyncDimensions(e.functionName, undefined), e.atMs, 1)
    })
    bus.listen('async.deliveryFailed', (e) =>
      this.count(e.target === 'destination' ? 'DestinationDeliveryFailures' : 'DeadLetterErrors', asyncDimensions(e.functionName, undefined), e.atMs, 1),
    )
    bus.listen('invocation.recursionStopped', (e) => this.count('RecursiveInvocationsDropped', asyncDimensions(e.functionName, undefined), e.atMs, 1))
    // The event counts are opt-in per mapping (`MetricsConfig: { Metrics: ['EventCount'] }`); IteratorAge is always published.
    bus.listen('eventSourceMapping.changed', (e) => {
      if (e.change !== 'deleted' && e.metrics.includes('EventCount')) this.eventCountMappings.add(e.uuid)
      else this.eventCountMappings.delete(e.uuid)
    })
    bus.listen('esm.polled', (e) => {
      if (!this.eventCountMappings.has(e.uuid)) return
      const dims = [{ EventSourceMappingUUID: e.uuid }]
      this.count('PolledEventCount', dims, e.atMs, e.received)
      if (e.filteredOut > 0) this.count('FilteredOutEventCount', dims, e.atMs, e.filteredOut)
    })
    bus.listen('esm.batchInvoked', (e) => {
      if (this.eventCountMappings.has(e.uuid)) this.count('InvokedEventCount', [{ EventSourceMappingUUID: e.uuid }], e.atMs, e.size)
    })
    bus.listen('esm.batchCompleted', (e) => {
      const dims = [{ EventSourceMappingUUID: e.uuid }]
      if (this.eventCountMappings.has(e.uuid)) {
        if (e.deleted > 0) this.count('DeletedEventCount', dims, e.atMs, e.deleted)
        if (e.outcome !== 'success' && e.outcome !== 'partial') this.count('FailedInvokeEventCount', dims, e.atMs, e.size)
      }
      if (e.iteratorAgeMs !== undefined) {
        this.count('IteratorAge', [{ EventSourceMappingUUID: e.uuid }, ...(e.functionName !== undefined ? [{ FunctionName: e.functionName }] : [])], e.atMs, e.iteratorAgeMs)
      }
    })
    bus.listen('esm.recordsDiscarded', (e) => {
      const dims = [{ EventSourceMappingUUID: e.uuid }]
      if (this.eventCountMappings.has(e.uuid)) {
        this.count('DroppedEventCount', dims, e.atMs, e.count)
        if (e.delivered === true) this.count('OnFailureDestinationDeliveredEventCount', dims, e.atMs, e.count)
      }
      if (e.delivered === false) this.count('DestinationDeliveryFailures', [{ FunctionName: e.functionName }], e.atMs, 1)
    })
    bus.listen('functionUrl.request', (e) => {
      const resource = `${e.functionName}:${e.qualifier ?? '$LATEST'}`
      const dims: MetricDimensions[] = [{ FunctionName: e.functionName }, { FunctionName: e.functionName, Resource: resource }]
      // Through an alias, also by the version that ran.
      if (e.qualifier !== undefined && e.executedVersion !== undefined) dims.push({ FunctionName: e.functionName, Resource: resource, ExecutedVersion: e.executedVersion })
      this.count('UrlRequestCount', dims, e.atMs, 1)
      if (e.status >= 400 && e.status < 500) this.count('Url4xxError', dims, e.atMs, 1)
      if (e.status >= 500) this.count('Url5xxError', dims, e.atMs, 1)
      this.count('UrlRequestLatency', dims, e.atMs, e.latencyMs)
    })
    bus.listen('invocation.throttled', (e) => {
      const resource = e.invokedQualifier === undefined ? undefined : `${e.functionName}:${e.invokedQualifier}`
      this.count('Throttles', [{}, { FunctionName: e.functionName }, ...(resource ? [{ FunctionName: e.functionName, Resource: resource }] : [])], e.atMs, 1)
    })
  }

  /**
   * Statistics per period, like CloudWatch's GetMetricStatistics. Periods with no data are left out
   * for counters; gauges report every period (their value carries over). Recent data is kept per
   * second, older data rolled up: periods and windows should start on a boundary of the resolution
   * they read (the simulation's start is one). A bad query throws `CloudWatchError`
   * (`metric-query-checks.ts`).
   */
  getMetricStatistics(query: MetricQuery): Datapoint[] {
    // Checked first, so every answer is bounded work (at most 1,440 periods): CloudWatch's errors otherwise.
    // By default the window ends at now, and a datapoint stamped at this very instant counts.
    const { periodMs, startMs, endMs, inclusive } = checkMetricQuery(query, { startMs: this.startMs, nowMs: this.nowMs() }, this.tiers)
    const statistics = query.statistics ?? ['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']
    const out: Datapoint[] = []
    if (GAUGES.has(query.metricName)) {
      const series = this.gaugeNamed(keyOf(query.metricName, query.dimensions))
      for (let from = startMs; inclusive ? from <= endMs : from < endMs; from += periodMs) {
        const to = Math.min(from + periodMs, endMs)
        if (to === from) continue
        out.push(gaugePoint(series?.summary(from, to) ?? { max: 0, min: 0, average: 0, sampleCount: 1 }, from, statistics))
      }
      return out
    }
    const sources = this.counterSources(query.metricName, query.dimensions)
    if (sources.length === 0) return out
    for (const series of sources) series.rollUp(this.nowMs())
    const asCount = query.metricName === 'Invocations'
    const extended = query.extendedStatistics ?? []
    for (let from = startMs; inclusive ? from <= endMs : from < endMs; from += periodMs) {
      const to = Math.min(from + periodMs, endMs)
      let summary: CounterSummary | undefined
      for (const series of sources) {
        // Samples stamped exactly now count in the period holding now (once: not also in the one ending there).
        const part = series.summary(from, to, inclusive && from + periodMs > endMs, extended.length > 0 && !asCount)
        if (part !== undefined) summary = summary === undefined ? part : mergeSummaries(summary, part)
      }
      if (summary === undefined) continue
      out.push(counterPoint(asCount ? countSummary(summary.count, extended.length > 0) : summary, from, statistics, extended))
    }
    return out
  }

  /** The series a counter query sums: per-shape series that fall under the dimensions, or the one kept for them. */
  private counterSources(metric: MetricName, dimensions: MetricDimensions | undefined): CounterSeries[] {
    if (!SHAPE_COUNTERS.has(metric)) {
      const series = this.counters.get(keyOf(metric, dimensions))
      return series === undefined ? [] : [series]
    }
    const d = dimensions ?? {}
    const out: CounterSeries[] = []
    for (const shape of this.shapeCounters) {
      if (!underDimensions(shape, d)) continue
      if (metric === 'Invocations' || metric === 'Duration') out.push(shape.duration)
      else if (metric === 'Errors') out.push(shape.errors)
      else if (metric === 'ProvisionedConcurrencyInvocations') out.push(shape.provisionedInvocations)
      else out.push(shape.spilloverInvocations)
    }
    return out
  }

  /** A gauge's value at an instant (e.g. ConcurrentExecutions now). */
  valueAt(metricName: MetricName, dimensions: MetricDimensions | undefined, atMs: number): number {
    return this.gaugeNamed(keyOf(metricName, dimensions))?.levelAt(atMs) ?? 0
  }

  /** @internal */
  invocationStarted(facts: InvocationFacts): void {
    const functionName = facts.functionName
    const version = facts.executedVersion
    const qualifier = facts.invokedQualifier
    const provisioned = facts.provisioned
    let shape = this.lastShape
    // Invocations mostly come in runs of one shape: the last one is checked before the maps.
    if (shape === undefined || functionName !== this.lastShapeFunction || version !== this.lastShapeVersion || qualifier !== this.lastShapeQualifier || provisioned !== this.lastShapeProvisioned) {
      shape = this.shapeFor(functionName, qualifier, version, provisioned)
      this.lastShape = shape
      this.lastShapeFunction = functionName
      this.lastShapeVersion = version
      this.lastShapeQualifier = qualifier
      this.lastShapeProvisioned = provisioned
    }
    facts.metricsSlot = shape
    if (facts.provisioned) shape.counters.provisionedInvocations.add(facts.startedAtMs, 1)
    if (facts.spillover) shape.counters.spilloverInvocations.add(facts.startedAtMs, 1)
    // An environment is busy from admission, through any init, to the end of the invocation.
    this.concurrency(shape, facts.functionName, facts.admittedAtMs, +1)
  }

  /** @internal */
  invocationCompleted(facts: InvocationFacts): void {
    const shape = facts.metricsSlot as InvocationShape | undefined
    if (shape === undefined) return
    facts.metricsSlot = undefined
    const counters = shape.counters
    counters.duration.add(facts.startedAtMs, facts.durationMs)
    if (facts.status !== 'success') counters.errors.add(facts.startedAtMs, 1)
    this.concurrency(shape, facts.functionName, facts.completedAtMs, -1)
  }

  private shapeFor(functionName: string, invokedQualifier: string | undefined, version: string, provisioned: boolean): InvocationShape {
    const unreserved = !this.reservedFunctions.has(functionName)
    let byFlags = this.shapes.get(functionName)
    if (byFlags === undefined) {
      byFlags = freshArray()
      byFlags.push(new Map(), new Map(), new Map(), new Map())
      this.shapes.set(functionName, byFlags)
    }
    const byKey = byFlags[(provisioned ? 2 : 0) + (unreserved ? 1 : 0)] as Map<string, InvocationShape>
    const key = invokedQualifier === undefined ? version : `${invokedQualifier}\u0000${version}`
    let shape = byKey.get(key)
    if (shape === undefined) {
      shape = this.shapeOf(functionName, invokedQualifier, version, provisioned, unreserved)
      byKey.set(key, shape)
    }
    return shape
  }

  private shapeOf(functionName: string, invokedQualifier: string | undefined, version: string, provisioned: boolean, unreserved: boolean): InvocationShape {
    const resource = invokedQualifier === undefined ? undefined : `${functionName}:${invokedQualifier}`
    const dims = counterDimensions(functionName, resource, version)
    // Unreserved concurrency stops mirroring the account's at the first shape it does not count.
    if (this.unreservedMirrorsAccount && !(unreserved && !provisioned)) this.materializeUnreservedConcurrency()
    // The account's ConcurrentExecutions is the first function's own until a second one runs.
    if (this.accountMirror === undefined && !this.gauges.has(ACCOUNT_CONCURRENCY)) this.accountMirror = functionName
    else if (this.accountMirror !== undefined && this.accountMirror !== functionName) this.materializeAccountConcurrency()
    const concurrency = (this.accountMirror === functionName ? dims.slice(1) : dims).map((d) => this.gauge(keyOf('ConcurrentExecutions', d)))
    if (unreserved && !provisioned && !this.unreservedMirrorsAccount) concurrency.push(this.gauge(UNRESERVED_CONCURRENCY))
    const onProvisioned = provisioned && resource !== undefined
    if (onProvisioned) {
      concurrency.push(this.gauge(keyOf('ProvisionedConcurrentExecutions', { FunctionName: functionName, Resource: resource })))
      concurrency.push(this.gauge(keyOf('ProvisionedConcurrentExecutions', { FunctionName: functionName })))
    }
    return new InvocationShape(this.countersOf(functionName, resource, version, dims.length > 3), concurrency, onProvisioned ? resource : undefined)
  }

  private countersOf(functionName: string, resource: string | undefined, version: string, viaAlias: boolean): ShapeCounters {
    const key = `${functionName}\u0000${resource ?? ''}\u0000${version}`
    let counters = this.shapeCountersByKey.get(key)
    if (counters === undefined) {
      counters = new ShapeCounters(functionName, resource, version, viaAlias, this.startMs, this.tiers)
      this.shapeCountersByKey.set(key, counters)
      this.shapeCounters.push(counters)
    }
    return counters
  }

  private concurrency(shape: InvocationShape, functionName: string, atMs: number, delta: number): void {
    const gauges = shape.concurrency
    // The change's own instant serves as "now" for folding: never later than now, so folding stays
    // behind every change still to come (the clock is read once per thousands of changes, not per call).
    for (let i = 0; i < gauges.length; i++) (gauges[i] as GaugeSeries).add(atMs, delta, atMs)
    const resource = shape.utilizationResource
    if (resource !== undefined) {
      this.busyProvisioned.set(resource, (this.busyProvisioned.get(resource) ?? 0) + delta)
      this.updateUtilization(functionName, resource, atMs)
    }
  }

  /** busy ÷ allocated as a step function (0 while nothing is allocated). */
  private updateUtilization(functionName: string, resource: string, atMs: number): void {
    const allocated = this.allocated.get(resource) ?? 0
    const busy = this.busyProvisioned.get(resource) ?? 0
    this.gauge(keyOf('ProvisionedConcurrencyUtilization', { FunctionName: functionName, Resource: resource })).set(atMs, allocated > 0 ? busy / allocated : 0, this.nowMs())
  }

  private counter(key: string): CounterSeries {
    let series = this.counters.get(key)
    if (series === undefined) {
      series = new CounterSeries(this.startMs, this.tiers)
      this.counters.set(key, series)
    }
    return series
  }

  /**
   * A second function runs: the account's ConcurrentExecutions becomes its own series, a copy of
   * the first function's so far, and the first function's shapes (in flight ones too) feed it.
   */
  private materializeAccountConcurrency(): void {
    const mirror = this.accountMirror as string
    this.accountMirror = undefined
    const account = (this.gauges.get(keyOf('ConcurrentExecutions', { FunctionName: mirror })) as GaugeSeries).clone()
    this.gauges.set(ACCOUNT_CONCURRENCY, account)
    for (const byFlags of this.shapes.values()) for (const byKey of byFlags) for (const shape of byKey.values()) shape.concurrency.push(account)
  }

  /**
   * A shape Unreserved does not count comes: it becomes its own series, a copy of the account's so
   * far (if any shape ran), and every earlier shape (all of them counted in it) feeds it.
   */
  private materializeUnreservedConcurrency(): void {
    this.unreservedMirrorsAccount = false
    const account = this.gaugeNamed(ACCOUNT_CONCURRENCY)
    if (account === undefined) return
    const unreserved = account.clone()
    this.gauges.set(UNRESERVED_CONCURRENCY, unreserved)
    for (const byFlags of this.shapes.values()) for (const byKey of byFlags) for (const shape of byKey.values()) shape.concurrency.push(unreserved)
  }

  /** A gauge by key, for reading (the account's ConcurrentExecutions may still be a function's, Unreserved the account's). */
  private gaugeNamed(key: string): GaugeSeries | undefined {
    if (key === UNRESERVED_CONCURRENCY && this.unreservedMirrorsAccount) return this.gaugeNamed(ACCOUNT_CONCURRENCY)
    if (key === ACCOUNT_CONCURRENCY && this.accountMirror !== undefined) return this.gauges.get(keyOf('ConcurrentExecutions', { FunctionName: this.accountMirror }))
    return this.gauges.get(key)
  }

  private gauge(key: string): GaugeSeries {
    let series = this.gauges.get(key)
    if (series === undefined) {
      series = new GaugeSeries(this.startMs, this.tiers)
      this.gauges.set(key, series)
    }
    return series
  }

  private count(metric: MetricName, dims: readonly MetricDimensions[], atMs: number, value: number): void {
    for (const d of dims) this.counter(keyOf(metric, d)).add(atMs, value)
  }
}

/** Whether invocations of this shape count under the dimensions (as AWS publishes them). */
function underDimensions(shape: ShapeCounters, d: MetricDimensions): boolean {
  if (d.EventSourceMappingUUID !== undefined) return false
  if (d.FunctionName === undefined) return d.Resource === undefined && d.ExecutedVersion === undefined
  if (d.FunctionName !== shape.functionName) return false
  if (d.Resource === undefined) return d.ExecutedVersion === undefined
  if (d.Resource !== shape.resource) return false
  return d.ExecutedVersion === undefined || (shape.viaAlias && d.ExecutedVersion === shape.version)
}

function mergeSummaries(a: CounterSummary, b: CounterSummary): CounterSummary {
  let sketch: QuantileSketch | undefined
  if (a.sketch !== undefined && b.sketch !== undefined) {
    sketch = a.sketch
    sketch.merge(b.sketch)
  }
  return { sum: a.sum + b.sum, count: a.count + b.count, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), sketch }
}

/** `Invocations` over `count` invocations: each is a sample of 1. */
function countSummary(count: number, wantSketch: boolean): CounterSummary {
  let sketch: QuantileSketch | undefined
  if (wantSketch) {
    sketch = new QuantileSketch()
    sketch.add(1, count)
  }
  return { sum: count, count, min: 1, max: 1, sketch }
}

function asyncDimensions(functionName: string, qualifier: string | undefined): MetricDimensions[] {
  const dims: MetricDimensions[] = [{}, { FunctionName: functionName }]
  if (qualifier !== undefined) dims.push({ FunctionName: functionName, Resource: `${functionName}:${qualifier}` })
  return dims
}

function counterDimensions(functionName: string, resource: string | undefined, version: string): MetricDimensions[] {
  const dims: MetricDimensions[] = [{}, { FunctionName: functionName }]
  if (resource !== undefined) {
    dims.push({ FunctionName: functionName, Resource: resource })
    // ExecutedVersion is published for invocations through an alias.
    if (!/^(\d+|\$LATEST)$/.test(resource.slice(functionName.length + 1))) {
      dims.push({ FunctionName: functionName, Resource: resource, ExecutedVersion: version })
    }
  }
  return dims
}

function counterPoint(summary: CounterSummary, from: number, statistics: readonly Statistic[], extended: readonly string[]): Datapoint {
  const point: Record<string, unknown> = { timestamp: from }
  if (statistics.includes('Sum')) point['Sum'] = summary.sum
  if (statistics.includes('Average')) point['Average'] = summary.sum / summary.count
  if (statistics.includes('Maximum')) point['Maximum'] = summary.max
  if (statistics.includes('Minimum')) point['Minimum'] = summary.min
  if (statistics.includes('SampleCount')) point['SampleCount'] = summary.count
  if (extended.length > 0 && summary.sketch !== undefined) {
    const sketch = summary.sketch
    point['extendedStatistics'] = Object.fromEntries(extended.map((name) => [name, sketch.percentile(Number(name.slice(1)))]))
  }
  return point as unknown as Datapoint
}

function gaugePoint(summary: GaugeSummary, from: number, statistics: readonly Statistic[]): Datapoint {
  const point: Record<string, unknown> = { timestamp: from }
  if (statistics.includes('Maximum')) point['Maximum'] = summary.max
  if (statistics.includes('Minimum')) point['Minimum'] = summary.min
  if (statistics.includes('Average')) point['Average'] = summary.average
  if (statistics.includes('SampleCount')) point['SampleCount'] = summary.sampleCount
  return point as unknown as Datapoint
}
