/**
 * The log store's entries, oldest first, in a ring (capacity a power of two, grown by doubling). An
 * entry is an event that writes lines, or one half of an invocation: its START or its END/REPORT.
 *
 * An ordinary invocation is kept as numbers, not as an object: the store holds the last 100,000
 * lines by default, so every kept entry lives long enough to reach the old generation, and whatever
 * it holds on the heap is copied there and collected later, at the rate of invocations. Its request
 * id is kept as the four words the id factory packed it in (see `uuidFromPacked`) when the attempt
 * has them, else as the string. The numbers of one entry sit together, since an invocation writes
 * them all at once. An invocation that ended in an error keeps its `invocation.completed` event
 * instead (it carries the error type).
 */
import { uuidFromPacked } from '../kernel/ids.js'
import type { InvocationStatus, SimEvent } from './events.js'
import { completedEventOf, type InvocationFacts } from './invocation-facts.js'
import type { LineStyle } from './log-lines.js'

/** Where an entry's lines go: one per stream, shared by every entry written there. */
export interface StreamRef {
  readonly logGroupName: string
  readonly logStreamName: string
  readonly style: LineStyle
  /** Lines an invocation's START, and its END and REPORT, write in this style (counted once). */
  readonly startLines: number
  readonly completedLines: number
  /** The environment's function version (every invocation in a stream runs it); unknown for a stream never announced. */
  readonly version: string | undefined
  readonly functionName: string | undefined
  readonly environmentId: string | undefined
}

// Entry kinds.
const EVENT = 0
const START = 1
const END = 2

// The numbers of a slot.
const STRIDE = 12
const AT = 0
const STARTED_AT = 1
const DURATION = 2
const BILLED = 3
/** NaN when the invocation had no init. */
const INIT = 4
const MEMORY_SIZE = 5
const MAX_MEMORY = 6
/** kind + 4 × lines + 16 × status + 64 × coldStart + 128 × (request id packed at ID). */
const FLAGS = 7
/** Four words: the packed request id. */
const ID = 8
const ID_PACKED = 128

const STATUS_CODES: readonly InvocationStatus[] = ['success', 'error', 'timeout', 'crash']
const statusCode = (status: InvocationStatus): number => (status === 'success' ? 0 : status === 'error' ? 1 : status === 'timeout' ? 2 : 3)

export class LogRing {
  /** The event (EVENT), or the request id of a START or END whose id is not packed. */
  private refs: (SimEvent | string | undefined)[]
  private streams: (StreamRef | undefined)[]
  private numbers: Float64Array
  private head = 0
  size = 0

  constructor(capacity = 64) {
    this.refs = new Array<SimEvent | string | undefined>(capacity)
    this.streams = new Array<StreamRef | undefined>(capacity)
    this.numbers = new Float64Array(capacity * STRIDE)
  }

  pushEvent(event: SimEvent, stream: StreamRef, lineCount: number): void {
    const at = this.claim(event, stream)
    this.numbers[at * STRIDE + AT] = event.atMs
    this.numbers[at * STRIDE + FLAGS] = EVENT + 4 * lineCount
  }

  pushStart(facts: InvocationFacts, stream: StreamRef, lineCount: number): void {
    if (stream.version !== facts.executedVersion) {
      this.pushEvent(startedEvent(facts.requestId, facts.startedAtMs, facts.executedVersion, stream), stream, lineCount)
      return
    }
    const at = this.claim(undefined, stream)
    const base = at * STRIDE
    this.numbers[base + AT] = facts.startedAtMs
    this.numbers[base + FLAGS] = START + 4 * lineCount + this.requestIdAt(at, facts)
  }

  pushEnd(facts: InvocationFacts, stream: StreamRef, lineCount: number): void {
    if (facts.errorType !== undefined || stream.version !== facts.executedVersion) {
      this.pushEvent(completedEventOf(facts), stream, lineCount)
      return
    }
    const at = this.claim(undefined, stream)
    const numbers = this.numbers
    const base = at * STRIDE
    const idFlag = this.requestIdAt(at, facts)
    numbers[base + AT] = facts.completedAtMs
    numbers[base + STARTED_AT] = facts.startedAtMs
    numbers[base + DURATION] = facts.durationMs
    numbers[base + BILLED] = facts.billedDurationMs
    numbers[base + INIT] = facts.initDurationMs ?? Number.NaN
    numbers[base + MEMORY_SIZE] = facts.memorySizeMB
    numbers[base + MAX_MEMORY] = facts.maxMemoryUsedMB
    numbers[base + FLAGS] = END + 4 * lineCount + 16 * statusCode(facts.status) + (facts.coldStart ? 64 : 0) + idFlag
  }

  /** Drops the oldest entry; returns how many lines it held. */
  dropOldest(): number {
    const at = this.head
    const lines = ((this.numbers[at * STRIDE + FLAGS] as number) >> 2) & 3
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
    const flags = this.numbers[at * STRIDE + FLAGS] as number
    switch (flags & 3) {
      case START:
        return { event: startedEvent(this.requestIdOf(at, flags), this.numbers[at * STRIDE + AT] as number, stream.version as string, stream), stream }
      case END:
        return { event: this.completedEvent(at, flags, this.requestIdOf(at, flags), stream), stream }
      default:
        return { event: ref as SimEvent, stream }
    }
  }

  /** Stores the entry's request id: packed into its numbers (returns the flag), or as the string. */
  private requestIdAt(at: number, facts: InvocationFacts): number {
    if (facts.writePackedRequestId(this.numbers, at * STRIDE + ID)) return ID_PACKED
    this.refs[at] = facts.requestId
    return 0
  }

  private requestIdOf(at: number, flags: number): string {
    if ((flags & ID_PACKED) === 0) return this.refs[at] as string
    const n = this.numbers
    const base = at * STRIDE + ID
    return uuidFromPacked(n[base] as number, n[base + 1] as number, n[base + 2] as number, n[base + 3] as number)
  }

  private claim(ref: SimEvent | undefined, stream: StreamRef): number {
    if (this.size === this.refs.length) this.grow()
    const at = (this.head + this.size) & (this.refs.length - 1)
    this.refs[at] = ref
    this.streams[at] = stream
    this.size++
    return at
  }

  private completedEvent(at: number, flags: number, requestId: string, stream: StreamRef): SimEvent {
    const n = this.numbers
    const base = at * STRIDE
    const initMs = n[base + INIT] as number
    return {
      type: 'invocation.completed',
      atMs: n[base + AT] as number,
      requestId,
      functionName: stream.functionName ?? '',
      version: stream.version as string,
      environmentId: stream.environmentId ?? '',
      logGroupName: stream.logGroupName,
      logStreamName: stream.logStreamName,
      status: STATUS_CODES[(flags >> 4) & 3] as InvocationStatus,
      startedAtMs: n[base + STARTED_AT] as number,
      durationMs: n[base + DURATION] as number,
      billedDurationMs: n[base + BILLED] as number,
      ...(Number.isNaN(initMs) ? {} : { initDurationMs: initMs }),
      memorySizeMB: n[base + MEMORY_SIZE] as number,
      maxMemoryUsedMB: n[base + MAX_MEMORY] as number,
      coldStart: (flags & 64) !== 0,
    }
  }

  private grow(): void {
    const capacity = this.refs.length
    const refs = new Array<SimEvent | string | undefined>(capacity * 2)
    const streams = new Array<StreamRef | undefined>(capacity * 2)
    const numbers = new Float64Array(capacity * 2 * STRIDE)
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) & (capacity - 1)
      refs[i] = this.refs[from]
      streams[i] = this.streams[from]
    }
    // The numbers in (at most) two blocks: from the head to the end, then the wrapped part.
    const firstPart = Math.min(this.size, capacity - this.head)
    numbers.set(this.numbers.subarray(this.head * STRIDE, (this.head + firstPart) * STRIDE), 0)
    if (firstPart < this.size) numbers.set(this.numbers.subarray(0, (this.size - firstPart) * STRIDE), firstPart * STRIDE)
    this.refs = refs
    this.streams = streams
    this.numbers = numbers
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
