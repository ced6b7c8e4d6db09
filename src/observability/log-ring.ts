/**
 * The log store's entries, oldest first, in a ring of columns (capacity a power of two, grown by
 * doubling). An entry is an event that writes lines, or one half of an invocation: its START or
 * its END/REPORT.
 *
 * An ordinary invocation is kept as numbers in typed columns plus its request id (a string), not as
 * an object: the store holds the last 100,000 lines by default, so every kept entry lives long
 * enough to reach the old generation, and a string with numbers beside it is far cheaper to copy
 * there (and later to collect) than an object graph. An invocation that ended in an error keeps its
 * `invocation.completed` event instead (it carries the error type).
 */
import type { InvocationStatus, SimEvent } from './events.js'
import { completedEventOf, type InvocationFacts } from './invocation-record.js'
import type { LineStyle } from './log-lines.js'

/** Where an entry's lines go: one per stream, shared by every entry written there. */
export interface StreamRef {
  readonly logGroupName: string
  readonly logStreamName: string
  readonly style: LineStyle
  /** The environment's function version (every invocation in a stream runs it); unknown for a stream never announced. */
  readonly version: string | undefined
  readonly functionName: string | undefined
  readonly environmentId: string | undefined
}

const EVENT = 0
const START = 1
const END = 2
/** START or END kept as its event (an error, or a stream that does not know its version). */
const EVENT_START = 3

const STATUS_CODES: readonly InvocationStatus[] = ['success', 'error', 'timeout', 'crash']

export class LogRing {
  /** The event (EVENT, EVENT_START) or the request id (START, END). */
  private refs: (SimEvent | string | undefined)[]
  private streams: (StreamRef | undefined)[]
  private kinds: Uint8Array
  private lineCounts: Uint8Array
  private atMs: Float64Array
  // END columns.
  private startedAtMs: Float64Array
  private durationMs: Float64Array
  private billedMs: Float64Array
  /** NaN when the invocation had no init. */
  private initMs: Float64Array
  private memorySizeMB: Float64Array
  private maxMemoryMB: Float64Array
  private statusCodes: Uint8Array
  private coldStarts: Uint8Array
  private head = 0
  size = 0

  constructor(capacity = 64) {
    this.refs = new Array<SimEvent | string | undefined>(capacity)
    this.streams = new Array<StreamRef | undefined>(capacity)
    this.kinds = new Uint8Array(capacity)
    this.lineCounts = new Uint8Array(capacity)
    this.atMs = new Float64Array(capacity)
    this.startedAtMs = new Float64Array(capacity)
    this.durationMs = new Float64Array(capacity)
    this.billedMs = new Float64Array(capacity)
    this.initMs = new Float64Array(capacity)
    this.memorySizeMB = new Float64Array(capacity)
    this.maxMemoryMB = new Float64Array(capacity)
    this.statusCodes = new Uint8Array(capacity)
    this.coldStarts = new Uint8Array(capacity)
  }

  pushEvent(event: SimEvent, stream: StreamRef, lineCount: number): void {
    const at = this.claim(stream, lineCount)
    this.refs[at] = event
    this.kinds[at] = EVENT
    this.atMs[at] = event.atMs
  }

  pushStart(facts: InvocationFacts, stream: StreamRef, lineCount: number): void {
    const at = this.claim(stream, lineCount)
    this.atMs[at] = facts.startedAtMs
    if (stream.version === facts.executedVersion) {
      this.refs[at] = facts.requestId
      this.kinds[at] = START
    } else {
      this.refs[at] = startedEvent(facts.requestId, facts.startedAtMs, facts.executedVersion, stream)
      this.kinds[at] = EVENT_START
    }
  }

  pushEnd(facts: InvocationFacts, stream: StreamRef, lineCount: number): void {
    const at = this.claim(stream, lineCount)
    this.atMs[at] = facts.completedAtMs
    if (facts.errorType !== undefined || stream.version !== facts.executedVersion) {
      this.refs[at] = completedEventOf(facts)
      this.kinds[at] = EVENT
      return
    }
    this.refs[at] = facts.requestId
    this.kinds[at] = END
    this.startedAtMs[at] = facts.startedAtMs
    this.durationMs[at] = facts.durationMs
    this.billedMs[at] = facts.billedDurationMs
    this.initMs[at] = facts.initDurationMs ?? Number.NaN
    this.memorySizeMB[at] = facts.memorySizeMB
    this.maxMemoryMB[at] = facts.maxMemoryUsedMB
    this.statusCodes[at] = STATUS_CODES.indexOf(facts.status)
    this.coldStarts[at] = facts.coldStart ? 1 : 0
  }

  /** Drops the oldest entry; returns how many lines it held. */
  dropOldest(): number {
    const at = this.head
    const lines = this.lineCounts[at] as number
    this.refs[at] = undefined
    this.streams[at] = undefined
    this.head = (at + 1) & (this.refs.length - 1)
    this.size--
    return lines
  }

  /** The i-th entry (0 = oldest) as the event its lines render from, and its stream. */
  eventAt(i: number): { readonly event: SimEvent; readonly stream: StreamRef } {
    const at = (this.head + i) & (this.refs.length - 1)
    const stream = this.streams[at] as StreamRef
    const ref = this.refs[at]
    switch (this.kinds[at]) {
      case START:
        return { event: startedEvent(ref as string, this.atMs[at] as number, stream.version as string, stream), stream }
      case END:
        return { event: this.completedEvent(at, ref as string, stream), stream }
      default:
        return { event: ref as SimEvent, stream }
    }
  }

  private claim(stream: StreamRef, lineCount: number): number {
    if (this.size === this.refs.length) this.grow()
    const at = (this.head + this.size) & (this.refs.length - 1)
    this.streams[at] = stream
    this.lineCounts[at] = lineCount
    this.size++
    return at
  }

  private completedEvent(at: number, requestId: string, stream: StreamRef): SimEvent {
    const initMs = this.initMs[at] as number
    return {
      type: 'invocation.completed',
      atMs: this.atMs[at] as number,
      requestId,
      functionName: stream.functionName ?? '',
      version: stream.version as string,
      environmentId: stream.environmentId ?? '',
      logGroupName: stream.logGroupName,
      logStreamName: stream.logStreamName,
      status: STATUS_CODES[this.statusCodes[at] as number] as InvocationStatus,
      startedAtMs: this.startedAtMs[at] as number,
      durationMs: this.durationMs[at] as number,
      billedDurationMs: this.billedMs[at] as number,
      ...(Number.isNaN(initMs) ? {} : { initDurationMs: initMs }),
      memorySizeMB: this.memorySizeMB[at] as number,
      maxMemoryUsedMB: this.maxMemoryMB[at] as number,
      coldStart: this.coldStarts[at] === 1,
    }
  }

  private grow(): void {
    const capacity = this.refs.length
    const next = new LogRing(capacity * 2)
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) & (capacity - 1)
      next.refs[i] = this.refs[from]
      next.streams[i] = this.streams[from]
      next.kinds[i] = this.kinds[from] as number
      next.lineCounts[i] = this.lineCounts[from] as number
      next.atMs[i] = this.atMs[from] as number
      next.startedAtMs[i] = this.startedAtMs[from] as number
      next.durationMs[i] = this.durationMs[from] as number
      next.billedMs[i] = this.billedMs[from] as number
      next.initMs[i] = this.initMs[from] as number
      next.memorySizeMB[i] = this.memorySizeMB[from] as number
      next.maxMemoryMB[i] = this.maxMemoryMB[from] as number
      next.statusCodes[i] = this.statusCodes[from] as number
      next.coldStarts[i] = this.coldStarts[from] as number
    }
    this.refs = next.refs
    this.streams = next.streams
    this.kinds = next.kinds
    this.lineCounts = next.lineCounts
    this.atMs = next.atMs
    this.startedAtMs = next.startedAtMs
    this.durationMs = next.durationMs
    this.billedMs = next.billedMs
    this.initMs = next.initMs
    this.memorySizeMB = next.memorySizeMB
    this.maxMemoryMB = next.maxMemoryMB
    this.statusCodes = next.statusCodes
    this.coldStarts = next.coldStarts
    this.head = 0
  }
}

/** What an invocation's START line renders from. */
function startedEvent(requestId: string, atMs: number, version: string, stream: StreamRef): SimEvent {
  return {
    type: 'invocation.started',
    atMs,
    requestId,
    functionName: stream.functionName ?? '',
    version,
    invokedFunctionArn: '',
    environmentId: stream.environmentId ?? '',
    logGroupName: stream.logGroupName,
    logStreamName: stream.logStreamName,
    coldStart: false,
    invokedQualifier: undefined,
    admittedAtMs: atMs,
    provisioned: false,
    spillover: false,
  }
}
