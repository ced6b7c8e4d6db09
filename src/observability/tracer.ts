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
 * A sampled attempt keeps one row of numbers (`TraceRows`); the ids, headers and segment documents
 * are worked out from it when asked (`_X_AMZN_TRACE_ID` read, `traces()`).
 */
import { uuidFromPacked, type RequestId } from '../kernel/request-id.js'
import type { InvocationStatus, XrayFields } from './events.js'
import {
  carryLineage,
  formatTraceHeader,
  functionSegmentIdFor,
  parseTraceHeader,
  rootFor,
  serviceSegmentIdFor,
  subsegmentIdFor,
  type TraceHeaderParts,
} from './trace-header.js'
import type { Trace, TraceLink, TraceSegment, TraceSimFields } from './trace-types.js'
import { grown } from './grown-column.js'

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
  readonly environmentId: string
  readonly coldStart: boolean
  readonly executedVersion: string
  readonly errorType: string | undefined
}

/** The few things some sampled rows have: kept apart, so a plain row is numbers only. */
interface RowExtras {
  /** The id when it is not packed into words (a caller's). */
  requestIdText?: string
  upstream?: TraceHeaderParts
  calls?: DownstreamCall[]
  links?: readonly TraceLink[]
  errorType?: string
}

const STATUS_CODES: readonly (InvocationStatus | 'throttled')[] = ['success', 'error', 'timeout', 'crash', 'throttled']
const THROTTLED = 4
const statusCode = (status: InvocationStatus): number => (status === 'success' ? 0 : status === 'error' ? 1 : status === 'timeout' ? 2 : 3)
const TEXT_FUNCTION = 0
const TEXT_ARN = 1
const TEXT_ENVIRONMENT = 2
const TEXT_VERSION = 3
const COLD = 0x8
const RETRY = 0x10
const INIT_FAILED = 0x20
const PACKED = 0x40
const COMPLETED = 0x80

/**
 * Sampled attempts, one row each, in typed columns: a million sampled invocations cost numbers,
 * not a million objects. Strings (names, environment ids, versions) are interned; what few rows
 * have (an upstream parent, downstream calls, links) sits in a side map.
 */
class TraceRows {
  size = 0
  private capacity = 1024
  admitted: Float64Array = new Float64Array(this.capacity)
  origin: Float64Array = new Float64Array(this.capacity)
  initStart: Float64Array = new Float64Array(this.capacity)
  initEnd: Float64Array = new Float64Array(this.capacity)
  started: Float64Array = new Float64Array(this.capacity)
  completed: Float64Array = new Float64Array(this.capacity)
  ids: Int32Array = new Int32Array(this.capacity * 4)
  /** Status code (3 bits) and the flags above. */
  flags: Uint8Array = new Uint8Array(this.capacity)
  fn: Int32Array = new Int32Array(this.capacity)
  env: Int32Array = new Int32Array(this.capacity)
  version: Int32Array = new Int32Array(this.capacity)
  readonly extras = new Map<number, RowExtras>()
  /** Interned texts: function name + invoked ARN pairs share one index through `fnKeys`. */
  readonly texts: string[] = []
  private readonly textIndex = new Map<string, number>()
  /** Per kind of text (function, ARN, environment, version), the last one interned: most rows repeat it. */
  private readonly lastText: (string | undefined)[] = [undefined, undefined, undefined, undefined]
  private readonly lastTextIndex = [-1, -1, -1, -1]

  add(): number {
    if (this.size === this.capacity) this.grow()
    const row = this.size++
    this.initStart[row] = Number.NaN
    this.initEnd[row] = Number.NaN
    this.started[row] = Number.NaN
    this.completed[row] = Number.NaN
    this.env[row] = -1
    this.version[row] = -1
    return row
  }

  extrasOf(row: number): RowExtras {
    let extras = this.extras.get(row)
    if (extras === undefined) this.extras.set(row, (extras = {}))
    return extras
  }

  /** The index of `text` in `texts`; `kind` (0 to 3) picks the one-entry cache in front of the map. */
  intern(text: string, kind: number): number {
    if (text === this.lastText[kind]) return this.lastTextIndex[kind] as number
    let index = this.textIndex.get(text)
    if (index === undefined) {
      index = this.texts.length
      this.texts.push(text)
      this.textIndex.set(text, index)
    }
    this.lastText[kind] = text
    this.lastTextIndex[kind] = index
    return index
  }

  private grow(): void {
    const n = this.capacity * 2
    this.admitted = grown(this.admitted, new Float64Array(n))
    this.origin = grown(this.origin, new Float64Array(n))
    this.initStart = grown(this.initStart, new Float64Array(n))
    this.initEnd = grown(this.initEnd, new Float64Array(n))
    this.started = grown(this.started, new Float64Array(n))
    this.completed = grown(this.completed, new Float64Array(n))
    this.ids = grown(this.ids, new Int32Array(n * 4))
    this.flags = grown(this.flags, new Uint8Array(n))
    this.fn = grown(this.fn, new Int32Array(n))
    this.env = grown(this.env, new Int32Array(n))
    this.version = grown(this.version, new Int32Array(n))
    this.capacity = n
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
  /**
   * The sampled rows, made with the first one: a simulation that samples nothing (tracing off, no
   * `Active` function — most runs, and every fresh simulation of a property test) never pays for
   * the columns' eleven typed arrays (≈ 60 KB off the heap each time, which also drew full GCs).
   */
  private rowsMade: TraceRows | undefined = undefined
  private get rows(): TraceRows {
    return (this.rowsMade ??= new TraceRows())
  }
  /** Per function, the second whose reservoir slot is used. */
  private readonly reservoir = new Map<string, number>()
  private draw: (() => number) | undefined = undefined
  /** The invoked ARN of each function-name index (interned together). */
  private readonly arnOf = new Map<number, number>()

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
   * function makes it possible): its row when it is, else -1.
   */
  begin(
    requestId: RequestId,
    functionName: string,
    invokedFunctionArn: string,
    active: boolean,
    upstream: string | undefined,
    originMs: number | undefined,
    links: readonly string[] | undefined,
  ): number {
    const nowMs = this.clock()
    const parts = upstream === undefined ? undefined : parseTraceHeader(upstream)
    if (!this.sampled(functionName, active, parts, nowMs)) return -1
    const rows = this.rows
    const row = rows.add()
    rows.admitted[row] = nowMs
    rows.origin[row] = originMs ?? nowMs
    const fn = rows.intern(functionName, TEXT_FUNCTION)
    rows.fn[row] = fn
    // A function invoked through several ARNs (versions, aliases): rows with another than its first keep theirs.
    const arn = rows.intern(invokedFunctionArn, TEXT_ARN)
    const first = this.arnOf.get(fn)
    if (first === undefined) this.arnOf.set(fn, arn)
    else if (first !== arn) this.invokedArns.set(row, invokedFunctionArn)
    let flags = originMs !== undefined && originMs !== nowMs ? RETRY : 0
    if (requestId.writeWords(rows.ids, row * 4)) flags |= PACKED
    else rows.extrasOf(row).requestIdText = requestId.value
    rows.flags[row] = flags
    if (parts !== undefined) rows.extrasOf(row).upstream = parts
    const linked = linksOf(links)
    if (linked !== undefined) rows.extrasOf(row).links = linked
    return row
  }

  /**
   * The trace an asynchronous event that came without a header starts at its acceptance, with the
   * sampling decision made once for all its attempts (`Root=…;Sampled=…`, no parent); `undefined`
   * when nothing can sample it (tracing off, the function not `Active`): its attempts then derive
   * the same root from the event's request id and acceptance, and nothing is made here.
   */
  eventTrace(requestId: string, functionName: string, active: boolean): string | undefined {
    if (!this.all && !active) return undefined
    const nowMs = this.clock()
    return `Root=${rootFor(requestId, nowMs)};Sampled=${this.sampled(functionName, active, undefined, nowMs) ? 1 : 0}`
  }

  /** Rows invoked through an ARN other than their function's first one. */
  private readonly invokedArns = new Map<number, string>()

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

  /** The init phase of a sampled cold start began now. */
  initStarted(row: number): void {
    this.rows.initStart[row] = this.clock()
  }

  /** It ended now (`failed`: an error or timeout). */
  initEnded(row: number, failed: boolean): void {
    this.rows.initEnd[row] = this.clock()
    if (failed) this.rows.flags[row] = (this.rows.flags[row] as number) | INIT_FAILED
  }

  /** A sampled attempt was throttled: its `AWS::Lambda` segment answers 429. */
  throttled(row: number): void {
    this.rows.completed[row] = this.clock()
    this.rows.flags[row] = ((this.rows.flags[row] as number) & ~0x7) | THROTTLED | COMPLETED
  }

  /** A sampled attempt completed. */
  completed(row: number, facts: TracedFacts): void {
    const rows = this.rows
    rows.started[row] = facts.startedAtMs
    rows.completed[row] = facts.completedAtMs
    rows.env[row] = rows.intern(facts.environmentId, TEXT_ENVIRONMENT)
    rows.version[row] = rows.intern(facts.executedVersion, TEXT_VERSION)
    rows.flags[row] = ((rows.flags[row] as number) & ~0x7) | statusCode(facts.status) | (facts.coldStart ? COLD : 0) | COMPLETED
    if (facts.errorType !== undefined) rows.extrasOf(row).errorType = facts.errorType
  }

  private requestIdOf(row: number): string {
    const rows = this.rows
    if (((rows.flags[row] as number) & PACKED) === 0) return rows.extras.get(row)?.requestIdText as string
    const ids = rows.ids
    const at = row * 4
    return uuidFromPacked(ids[at] as number, ids[at + 1] as number, ids[at + 2] as number, ids[at + 3] as number)
  }

  /** The row's trace id. */
  rootOf(row: number): string {
    return this.rows.extras.get(row)?.upstream?.root ?? rootFor(this.requestIdOf(row), this.rows.origin[row] as number)
  }

  /** The id of the row's `AWS::Lambda::Function` segment. */
  functionSegmentIdOf(row: number): string {
    const rows = this.rows
    return functionSegmentIdFor(this.requestIdOf(row), ((rows.flags[row] as number) & RETRY) !== 0 ? (rows.admitted[row] as number) : undefined)
  }

  /** `_X_AMZN_TRACE_ID` of a sampled attempt while it runs. */
  headerOf(row: number): string {
    return formatTraceHeader(this.rootOf(row), this.functionSegmentIdOf(row), true)
  }

  /** The REPORT line's `XRAY` fields of a sampled attempt. */
  xrayOf(row: number): XrayFields {
    return { traceId: this.rootOf(row), segmentId: this.functionSegmentIdOf(row), sampled: true }
  }

  /**
   * A handler's call to an AWS service: while `run` starts it, `outgoing` holds the header the call
   * carries — for a sampled caller (its row, else -1), a new subsegment's id as the parent (recorded,
   * ended when the answer settles); otherwise the caller's own header, passed on as it is.
   */
  downstream<T>(
    caller: number,
    header: string | undefined,
    service: string,
    operation: string,
    statusOf: (answer: T) => number,
    run: () => Promise<T> | undefined,
  ): Promise<T> | undefined {
    const previous = this.outgoing
    if (caller < 0) {
      this.outgoing = header
      try {
        return run()
      } finally {
        this.outgoing = previous
      }
    }
    const extras = this.rows.extrasOf(caller)
    const calls = (extras.calls ??= [])
    const call: DownstreamCall = { id: subsegmentIdFor(this.functionSegmentIdOf(caller), calls.length), name: service, operation, startMs: this.clock(), endMs: Number.NaN, status: 0 }
    calls.push(call)
    // The call's own subsegment is the parent downstream; the caller's `Lineage` count goes along.
    this.outgoing = carryLineage(formatTraceHeader(this.rootOf(caller), call.id, true), header)
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

  /** How many attempts were sampled so far. */
  get size(): number {
    return this.rowsMade?.size ?? 0
  }

  /** Every recorded trace, in the order of their first segment's start. */
  /** The first `limit` traces (by their first sampled attempt), so a long run's export stays bounded. */
  traces(limit = Infinity): Trace[] {
    const byRoot = new Map<string, TraceSegment[]>()
    for (let row = 0; row < this.rows.size; row++) {
      const root = this.rootOf(row)
      let segments = byRoot.get(root)
      if (segments === undefined) {
        if (byRoot.size >= limit) continue
        byRoot.set(root, (segments = []))
      }
      segments.push(...this.segmentsOf(row, root))
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
      traces.push({ id, duration: Math.round((end - start) * 1e6) / 1e6, segments })
    }
    return traces.sort((a, b) => (a.segments[0]?.start_time ?? 0) - (b.segments[0]?.start_time ?? 0))
  }

  private segmentsOf(row: number, root: string): TraceSegment[] {
    const rows = this.rows
    const flags = rows.flags[row] as number
    const extras = rows.extras.get(row)
    const status = STATUS_CODES[flags & 0x7] as InvocationStatus | 'throttled'
    const completedAtMs = rows.completed[row] as number
    const ended = (flags & COMPLETED) === 0 ? this.clock() : completedAtMs
    const requestId = this.requestIdOf(row)
    const functionName = rows.texts[rows.fn[row] as number] as string
    const invokedFunctionArn = this.invokedArns.get(row) ?? (rows.texts[this.arnOf.get(rows.fn[row] as number) as number] as string)
    const env = rows.env[row] as number
    const version = rows.version[row] as number
    const throttled = status === 'throttled'
    const ran = (flags & COMPLETED) !== 0 && !throttled
    const sim: TraceSimFields = {
      ...(env >= 0 ? { environment_id: rows.texts[env] as string } : {}),
      function_name: functionName,
      ...(version >= 0 ? { version: rows.texts[version] as string } : {}),
      ...(ran ? { cold_start: (flags & COLD) !== 0 } : {}),
      ...((flags & COMPLETED) !== 0 ? { status } : {}),
      ...(extras?.errorType !== undefined ? { error_type: extras.errorType } : {}),
    }
    const upstreamParent = extras?.upstream?.parent
    const serviceSegment: TraceSegment = {
      id: serviceSegmentIdFor(requestId, rows.admitted[row] as number),
      trace_id: root,
      ...(upstreamParent !== undefined ? { parent_id: upstreamParent } : {}),
      name: functionName,
      origin: 'AWS::Lambda',
      start_time: seconds(rows.admitted[row] as number),
      end_time: seconds(ended),
      ...(throttled ? { error: true as const, throttle: true as const } : {}),
      http: { response: { status: throttled ? 429 : 200 } },
      aws: { request_id: requestId, function_arn: invokedFunctionArn, region: this.region, account_id: this.accountId },
      ...(extras?.links !== undefined ? { links: extras.links } : {}),
      metadata: { 'lambda-sim': sim },
    }
    const startedAtMs = rows.started[row] as number
    if (throttled || Number.isNaN(startedAtMs)) return [serviceSegment]
    const functionSegmentId = this.functionSegmentIdOf(row)
    const sub = (n: number, name: string, startMs: number, endMs: number, more: Partial<TraceSegment> = {}): TraceSegment => ({
      id: subsegmentIdFor(serviceSegment.id, n),
      trace_id: root,
      parent_id: functionSegmentId,
      name,
      start_time: seconds(startMs),
      end_time: seconds(endMs),
      ...more,
    })
    const subsegments: TraceSegment[] = []
    const initStart = rows.initStart[row] as number
    const initEnd = rows.initEnd[row] as number
    if (!Number.isNaN(initStart)) {
      subsegments.push(sub(0, 'Initialization', initStart, Number.isNaN(initEnd) ? startedAtMs : initEnd, (flags & INIT_FAILED) !== 0 ? { fault: true } : {}))
    }
    const outcome = outcomeFlags(status)
    subsegments.push(sub(1, 'Invocation', startedAtMs, ended, outcome))
    // The runtime's work between the response and its next request: none is modelled, so it is an instant.
    subsegments.push(sub(2, 'Overhead', ended, ended))
    for (const call of extras?.calls ?? []) {
      subsegments.push({
        id: call.id,
        trace_id: root,
        parent_id: functionSegmentId,
        name: call.name,
        namespace: 'aws',
        start_time: seconds(call.startMs),
        end_time: seconds(Number.isNaN(call.endMs) ? ended : call.endMs),
        ...statusFlags(call.status),
        ...(call.status > 0 ? { http: { response: { status: call.status } } } : {}),
        aws: { operation: call.operation, region: this.region },
      })
    }
    const functionSegment: TraceSegment = {
      id: functionSegmentId,
      trace_id: root,
      parent_id: serviceSegment.id,
      name: functionName,
      origin: 'AWS::Lambda::Function',
      start_time: seconds(Number.isNaN(initStart) ? startedAtMs : initStart),
      end_time: seconds(ended),
      ...outcome,
      aws: { request_id: requestId, function_arn: invokedFunctionArn },
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
