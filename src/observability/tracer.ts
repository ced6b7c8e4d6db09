/**
 * X-Ray-like tracing: which invocations are sampled, what is recorded of them, and the trace header
 * a handler's downstream call carries.
 *
 * Sampling (deterministic):
 * - `tracing: true` samples every invocation;
 * - otherwise an upstream decision (`Sampled=1` / `Sampled=0` in the header the request came with)
 *   is followed, as Lambda does;
 * - otherwise a function with `TracingConfig: { Mode: 'Active' }` samples by X-Ray's default rule —
 *   the first request of each second (per function), then 5 % of the rest, drawn from a stream of
 *   its own (`xray-sampling`), so no other draw of the run moves;
 * - anything else is not sampled (`Sampled=0`), and nothing is stored for it: its header is worked
 *   out from its request id when read (`trace-header.ts`).
 *
 * A sampled attempt keeps one small record (`TracedInvocation`: numbers and references, no strings
 * made); the segment documents are built when `traces()` is asked.
 */
import type { RequestId } from '../kernel/request-id.js'
import type { InvocationStatus } from './events.js'
import {
  formatTraceHeader,
  functionSegmentIdFor,
  parseTraceHeader,
  rootFor,
  serviceSegmentIdFor,
  subsegmentIdFor,
  type TraceHeaderParts,
} from './trace-header.js'
import type { Trace, TraceLink, TraceSegment, TraceSimFields } from './trace-types.js'

/** X-Ray's default sampling rule: a reservoir of 1 request per second, then this fixed rate. */
export const DEFAULT_RULE_FIXED_RATE = 0.05

/** A handler's call to an AWS service, recorded on a sampled invocation. */
interface DownstreamCall {
  readonly id: string
  /** The service as X-Ray names it (`Lambda`, `SQS`, `SNS`, `EventBridge`, `Kinesis`). */
  readonly name: string
  readonly operation: string
  readonly startMs: number
  endMs: number
  /** The HTTP status of the answer (0 while pending). */
  status: number
}

/** What the tracer is told of an invocation when it completes (the attempt, read through this). */
export interface TracedFacts {
  readonly completedAtMs: number
  readonly startedAtMs: number
  readonly status: InvocationStatus
  readonly errorType: string | undefined
  readonly environmentId: string
  readonly coldStart: boolean
  readonly executedVersion: string
}

/** One sampled attempt (or throttle): what its segments are built from. */
export class TracedInvocation {
  /** The root and parent the request came with (parsed once), or undefined for a trace Lambda starts. */
  private upstreamParts: TraceHeaderParts | undefined
  private headerText: string | undefined = undefined
  private rootText: string | undefined = undefined
  initStartMs = Number.NaN
  initEndMs = Number.NaN
  initFailed = false
  startedAtMs = Number.NaN
  completedAtMs = Number.NaN
  status: InvocationStatus | 'throttled' = 'success'
  errorType: string | undefined = undefined
  environmentId: string | undefined = undefined
  coldStart = false
  version: string | undefined = undefined
  calls: DownstreamCall[] | undefined = undefined

  constructor(
    readonly requestIdValue: RequestId,
    readonly functionName: string,
    readonly invokedFunctionArn: string,
    upstream: TraceHeaderParts | undefined,
    /** When the trace started, for a root Lambda makes (the event's acceptance for an async one). */
    readonly originMs: number,
    readonly admittedAtMs: number,
    /** The attempt is a later attempt of an async event (its segment ids differ from the first's). */
    readonly retry: boolean,
    readonly links: readonly TraceLink[] | undefined,
  ) {
    this.upstreamParts = upstream
  }

  get requestId(): string {
    return this.requestIdValue.value
  }
  get root(): string {
    return (this.rootText ??= this.upstreamParts?.root ?? rootFor(this.requestId, this.originMs))
  }
  get upstreamParent(): string | undefined {
    return this.upstreamParts?.parent
  }
  get functionSegmentId(): string {
    return functionSegmentIdFor(this.requestId, this.retry ? this.admittedAtMs : undefined)
  }
  get serviceSegmentId(): string {
    return serviceSegmentIdFor(this.requestId, this.admittedAtMs)
  }
  /** `_X_AMZN_TRACE_ID` while it runs. */
  get header(): string {
    return (this.headerText ??= formatTraceHeader(this.root, this.functionSegmentId, true))
  }
}

/** The trace header of the request a service is answering now (the tracer's `outgoing`). */
export interface OutgoingTrace {
  readonly outgoing: string | undefined
}

/** For a service built without a tracer (unit tests): no request carries a header. */
export const NO_OUTGOING_TRACE: OutgoingTrace = { outgoing: undefined }

export class Tracer implements OutgoingTrace {
  /**
   * The trace header of the request being answered right now, set while a handler's downstream call
   * runs (the SDK bridge, `context.lambda.invoke`). The services read it at their entry points
   * (`SendMessage`, `Publish`, `PutEvents`, `Invoke`): a call is synchronous up to there.
   */
  outgoing: string | undefined = undefined
  private readonly recorded: TracedInvocation[] = []
  /** Per function, the second whose reservoir slot is used. */
  private readonly reservoir = new Map<string, number>()
  private draw: (() => number) | undefined = undefined

  constructor(
    /** `tracing: true`: every invocation is sampled. */
    readonly all: boolean,
    private readonly clock: () => number,
    /** The `xray-sampling` stream, made on first use. */
    private readonly samplingStream: () => () => number,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  /**
   * Decides whether an attempt is sampled (ask only when `all`, an upstream header or an `Active`
   * function makes it possible); the record to fill when it is.
   */
  begin(
    requestId: RequestId,
    functionName: string,
    invokedFunctionArn: string,
    active: boolean,
    upstream: string | undefined,
    originMs: number | undefined,
    links: readonly string[] | undefined,
  ): TracedInvocation | undefined {
    const nowMs = this.clock()
    const parts = upstream === undefined ? undefined : parseTraceHeader(upstream)
    if (!this.sampled(functionName, active, parts, nowMs)) return undefined
    const retry = originMs !== undefined && originMs !== nowMs
    const traced = new TracedInvocation(requestId, functionName, invokedFunctionArn, parts, originMs ?? nowMs, nowMs, retry, linksOf(links))
    this.recorded.push(traced)
    return traced
  }

  private sampled(functionName: string, active: boolean, upstream: TraceHeaderParts | undefined, nowMs: number): boolean {
    if (this.all) return true
    if (upstream?.sampled !== undefined) return upstream.sampled
    if (!active) return false
    const second = Math.floor(nowMs / 1000)
    if (this.reservoir.get(functionName) !== second) {
      this.reservoir.set(functionName, second)
      return true
    }
    return (this.draw ??= this.samplingStream())() < DEFAULT_RULE_FIXED_RATE
  }

  /** A sampled attempt was throttled: its `AWS::Lambda` segment answers 429. */
  throttled(traced: TracedInvocation): void {
    traced.status = 'throttled'
    traced.completedAtMs = this.clock()
  }

  /** A sampled attempt completed. */
  completed(traced: TracedInvocation, facts: TracedFacts): void {
    traced.startedAtMs = facts.startedAtMs
    traced.completedAtMs = facts.completedAtMs
    traced.status = facts.status
    traced.errorType = facts.errorType
    traced.environmentId = facts.environmentId
    traced.coldStart = facts.coldStart
    traced.version = facts.executedVersion
  }

  /**
   * A handler's call to an AWS service: while `run` starts it, `outgoing` holds the header the call
   * carries — for a sampled caller, a new subsegment's id as the parent (recorded, ended when the
   * answer settles); otherwise the caller's own header, passed on as it is.
   */
  downstream<T>(
    caller: TracedInvocation | undefined,
    header: string | undefined,
    service: string,
    operation: string,
    statusOf: (answer: T) => number,
    run: () => Promise<T> | undefined,
  ): Promise<T> | undefined {
    const previous = this.outgoing
    if (caller === undefined) {
      this.outgoing = header
      try {
        return run()
      } finally {
        this.outgoing = previous
      }
    }
    const calls = (caller.calls ??= [])
    const call: DownstreamCall = { id: subsegmentIdFor(caller.functionSegmentId, calls.length), name: service, operation, startMs: this.clock(), endMs: Number.NaN, status: 0 }
    calls.push(call)
    this.outgoing = formatTraceHeader(caller.root, call.id, true)
    let answer: Promise<T> | undefined
    try {
      answer = run()
    } catch (error) {
      call.endMs = this.clock()
      call.status = 500
      throw error
    } finally {
      this.outgoing = previous
    }
    if (answer === undefined) {
      call.endMs = call.startMs
      return answer
    }
    return answer.then(
      (value) => {
        call.endMs = this.clock()
        call.status = statusOf(value)
        return value
      },
      (error: unknown) => {
        call.endMs = this.clock()
        call.status = 500
        throw error
      },
    )
  }

  /** Whether anything was sampled so far. */
  get size(): number {
    return this.recorded.length
  }

  /** Every recorded trace, in the order of their first segment's start. */
  traces(): Trace[] {
    const byRoot = new Map<string, TraceSegment[]>()
    for (const traced of this.recorded) {
      let segments = byRoot.get(traced.root)
      if (segments === undefined) byRoot.set(traced.root, (segments = []))
      segments.push(...this.segmentsOf(traced))
    }
    const traces: Trace[] = []
    for (const [id, segments] of byRoot) {
      // Stable: an attempt's service segment stays before its function segment.
      segments.sort((a, b) => a.start_time - b.start_time)
      let start = Infinity
      let end = -Infinity
      for (const segment of segments) {
        start = Math.min(start, segment.start_time)
        end = Math.max(end, segment.end_time)
      }
      traces.push({ id, duration: seconds(Math.round((end - start) * 1e6) / 1e3), segments })
    }
    return traces.sort((a, b) => (a.segments[0]?.start_time ?? 0) - (b.segments[0]?.start_time ?? 0))
  }

  private segmentsOf(traced: TracedInvocation): TraceSegment[] {
    const root = traced.root
    const ended = Number.isNaN(traced.completedAtMs) ? this.clock() : traced.completedAtMs
    const requestId = traced.requestId
    const sim: TraceSimFields = {
      ...(traced.environmentId !== undefined ? { environment_id: traced.environmentId } : {}),
      function_name: traced.functionName,
      ...(traced.version !== undefined ? { version: traced.version } : {}),
      ...(traced.status !== 'throttled' ? { cold_start: traced.coldStart } : {}),
      status: traced.status,
      ...(traced.errorType !== undefined ? { error_type: traced.errorType } : {}),
    }
    const aws = { request_id: requestId, function_arn: traced.invokedFunctionArn, region: this.region, account_id: this.accountId }
    const throttled = traced.status === 'throttled'
    const serviceSegment: TraceSegment = {
      id: traced.serviceSegmentId,
      trace_id: root,
      ...(traced.upstreamParent !== undefined ? { parent_id: traced.upstreamParent } : {}),
      name: traced.functionName,
      origin: 'AWS::Lambda',
      start_time: seconds(traced.admittedAtMs),
      end_time: seconds(ended),
      ...(throttled ? { error: true as const, throttle: true as const } : {}),
      http: { response: { status: throttled ? 429 : 200 } },
      aws,
      ...(traced.links !== undefined ? { links: traced.links } : {}),
      metadata: { 'lambda-sim': sim },
    }
    if (throttled || Number.isNaN(traced.startedAtMs)) return [serviceSegment]
    const subsegments: TraceSegment[] = []
    const functionSegmentId = traced.functionSegmentId
    const sub = (n: number, name: string, startMs: number, endMs: number, flags: Partial<TraceSegment> = {}): TraceSegment => ({
      id: subsegmentIdFor(serviceSegment.id, n),
      trace_id: root,
      parent_id: functionSegmentId,
      name,
      start_time: seconds(startMs),
      end_time: seconds(endMs),
      ...flags,
    })
    if (!Number.isNaN(traced.initStartMs)) {
      subsegments.push(sub(0, 'Initialization', traced.initStartMs, Number.isNaN(traced.initEndMs) ? traced.startedAtMs : traced.initEndMs, traced.initFailed ? { fault: true } : {}))
    }
    const outcome = outcomeFlags(traced.status)
    subsegments.push(sub(1, 'Invocation', traced.startedAtMs, ended, outcome))
    // The runtime's work between the response and its next request: none is modelled, so it is an instant.
    subsegments.push(sub(2, 'Overhead', ended, ended))
    for (const call of traced.calls ?? []) {
      const endMs = Number.isNaN(call.endMs) ? ended : call.endMs
      subsegments.push({
        id: call.id,
        trace_id: root,
        parent_id: functionSegmentId,
        name: call.name,
        namespace: 'aws',
        start_time: seconds(call.startMs),
        end_time: seconds(endMs),
        ...statusFlags(call.status),
        ...(call.status > 0 ? { http: { response: { status: call.status } } } : {}),
        aws: { operation: call.operation, region: this.region },
      })
    }
    const functionSegment: TraceSegment = {
      id: functionSegmentId,
      trace_id: root,
      parent_id: serviceSegment.id,
      name: traced.functionName,
      origin: 'AWS::Lambda::Function',
      start_time: seconds(Number.isNaN(traced.initStartMs) ? traced.startedAtMs : traced.initStartMs),
      end_time: seconds(ended),
      ...outcome,
      aws: { request_id: requestId, function_arn: traced.invokedFunctionArn },
      subsegments,
      metadata: { 'lambda-sim': sim },
    }
    return [serviceSegment, functionSegment]
  }
}

/** The links of an invocation that continues no trace but several (a batch of SQS messages): at most 20, as X-Ray keeps. */
function linksOf(headers: readonly string[] | undefined): TraceLink[] | undefined {
  if (headers === undefined) return undefined
  const links: TraceLink[] = []
  const seen = new Set<string>()
  for (const header of headers) {
    const parts = parseTraceHeader(header)
    if (parts === undefined || parts.parent === undefined) continue
    const key = `${parts.root}/${parts.parent}`
    if (seen.has(key)) continue
    seen.add(key)
    links.push({ trace_id: parts.root, id: parts.parent })
    if (links.length === 20) break
  }
  return links.length === 0 ? undefined : links
}

function outcomeFlags(status: InvocationStatus | 'throttled'): Partial<TraceSegment> {
  if (status === 'error') return { error: true }
  if (status === 'timeout' || status === 'crash') return { fault: true }
  return {}
}

function statusFlags(status: number): Partial<TraceSegment> {
  if (status === 429) return { error: true, throttle: true }
  if (status >= 500) return { fault: true }
  if (status >= 400) return { error: true }
  return {}
}

/** Virtual epoch milliseconds as X-Ray's epoch seconds. */
function seconds(ms: number): number {
  return ms / 1000
}
