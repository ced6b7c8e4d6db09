/**
 * The log store's entries, oldest first, in a ring (capacity a power of two, grown by doubling). An
 * entry is an event that writes lines, or one half of an invocation: its START or its END/REPORT.
 *
 * An ordinary invocation is kept as numbers, not as an object: the store holds the last 100,000
 * lines by default, so every kept entry lives long enough to reach the old generation, and whatever
 * it holds on the heap is copied there and collected later, at the rate of invocations. The numbers
 * sit in columns of the narrowest exact type (a flags byte, instants and durations as doubles,
 * whole milliseconds and megabytes as integers, the stream as an index): an invocation's two
 * entries write about 90 bytes, not 220. That matters beyond memory: at a million invocations the
 * ring is written faster than any cache holds it, and every byte written pushes the invocations in
 * flight out of the cache. Its request id is kept as the four words the id factory packed it in
 * (see `RequestId`) when the attempt has them, else as the string. An invocation that ended in
 * an error keeps its `invocation.completed` event instead (it carries the error type).
 */
import { uuidFromPacked } from '../kernel/ids.js'
import type { InvocationStatus, SimEvent, XrayFields } from './events.js'
import { completedEventOf, type InvocationFacts } from './invocation-facts.js'
import type { LineStyle } from './log-lines.js'
import { freshArray } from '../kernel/fresh-array.js'

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
  /** @internal Its number in the ring's stream table (-1 until first written). */
  ringIndex?: number
}

/** What an entry is (the flags' two low bits). */
type EntryKind = typeof EVENT | typeof START | typeof END
/** An event that writes lines, kept as it is (in `refs`). */
const EVENT = 0
/** An invocation's START, as numbers. */
const START = 1
/** An invocation's END and REPORT, as numbers. */
const END = 2

/*
 * An entry's flags byte, field by field (`entryFlags` packs it, the readers below unpack it):
 *
 * | bits | field | read with |
 * |---|---|---|
 * | 0–1 | the entry's kind (`EntryKind`) | `kindOf` |
 * | 2–3 | how many lines it writes (0–3) | `linesOf` |
 * | 4–5 | END: the invocation's status (`STATUS_CODES`) | `statusOf` |
 * | 6 | END: a cold start | `isColdStart` |
 * | 7 | START / END: the request id is packed in `ids` (else its text is in `refs`) | `isIdPacked` |
 */
const KIND_MASK = 0b11
const LINES_SHIFT = 2
const LINES_MASK = 0b11
const STATUS_SHIFT = 4
const STATUS_MASK = 0b11
const COLD_START = 1 << 6
const ID_PACKED = 1 << 7

/** The flags of an entry (status and cold start matter only to an END). */
function entryFlags(kind: EntryKind, lines: number, status: number, coldStart: boolean, idPacked: boolean): number {
  return kind | (lines << LINES_SHIFT) | (status << STATUS_SHIFT) | (coldStart ? COLD_START : 0) | (idPacked ? ID_PACKED : 0)
}

const kindOf = (flags: number): number => flags & KIND_MASK
/** An entry's lines, from its flags. */
const linesOf = (flags: number): number => (flags >> LINES_SHIFT) & LINES_MASK
const statusOf = (flags: number): InvocationStatus => STATUS_CODES[(flags >> STATUS_SHIFT) & STATUS_MASK] as InvocationStatus
const isColdStart = (flags: number): boolean => (flags & COLD_START) !== 0
const isIdPacked = (flags: number): boolean => (flags & ID_PACKED) !== 0
/** Whether the entry holds a reference (an event, or a request id kept as text). */
const holdsRef = (flags: number): boolean => kindOf(flags) === EVENT || !isIdPacked(flags)

/** The status codes of the flags' status field. */
const STATUS_CODES: readonly InvocationStatus[] = ['success', 'error', 'timeout', 'crash']
const statusCode = (status: InvocationStatus): number => (status === 'success' ? 0 : status === 'error' ? 1 : status === 'timeout' ? 2 : 3)

export class LogRing {
  private capacity: number
  /** The event (EVENT), or the request id of a START or END whose id is not packed; else empty. */
  private refs: (SimEvent | string | undefined)[]
  private flags: Uint8Array
  private stream: Int32Array
  /** The instant the entry's lines are stamped with. */
  private at: Float64Array
  /** Four words per entry: the packed request id. */
  private ids: Int32Array
  // END only:
  private startedAt: Float64Array
  private duration: Float64Array
  /** NaN when the invocation had no init. */
  private init: Float64Array
  /**
   * The tracer's row of a sampled invocation (its REPORT line's XRAY fields), else -1. Made with the
   * first sampled END: a run without tracing neither writes nor holds it (issue 19).
   */
  private traceRow: Int32Array | undefined = undefined
  /** Who renders a row's XRAY fields (the tracer, from the first sampled END). */
  private xraySource: { xrayOf(row: number): XrayFields } | undefined = undefined
  private billed: Uint32Array
  private memorySize: Uint16Array
  private maxMemory: Uint16Array
  private readonly streams: StreamRef[] = freshArray()
  private head = 0
  size = 0

  /** `capacity`: a power of two. */
  constructor(capacity = 16) {
    this.capacity = capacity
    this.refs = new Array<SimEvent | string | undefined>(capacity)
    const columns = new NumberColumns(capacity)
    this.flags = columns.flags
    this.stream = columns.stream
    this.at = columns.at
    this.ids = columns.ids
    this.startedAt = columns.startedAt
    this.duration = columns.duration
    this.init = columns.init
    this.billed = columns.billed
    this.memorySize = columns.memorySize
    this.maxMemory = columns.maxMemory
  }

  pushEvent(event: SimEvent, stream: StreamRef, lineCount: number): void {
    const at = this.claim(stream)
    this.refs[at] = event
    this.at[at] = event.atMs
    this.flags[at] = entryFlags(EVENT, lineCount, 0, false, false)
  }

  pushStart(facts: InvocationFacts, stream: StreamRef, lineCount: number): void {
    if (stream.version !== facts.executedVersion) {
      this.pushEvent(startedEvent(facts.requestId, facts.startedAtMs, facts.executedVersion, stream), stream, lineCount)
      return
    }
    const at = this.claim(stream)
    this.at[at] = facts.startedAtMs
    this.flags[at] = entryFlags(START, lineCount, 0, false, this.requestIdAt(at, facts))
  }

  pushEnd(facts: InvocationFacts, stream: StreamRef, lineCount: number): void {
    // Read once: the attempt derives it.
    const billed = facts.billedDurationMs
    if (facts.errorType !== undefined || stream.version !== facts.executedVersion || !fitsColumns(facts, billed)) {
      this.pushEvent(completedEventOf(facts), stream, lineCount)
      return
    }
    const at = this.claim(stream)
    const idPacked = this.requestIdAt(at, facts)
    this.at[at] = facts.completedAtMs
    this.startedAt[at] = facts.startedAtMs
    this.duration[at] = facts.durationMs
    this.billed[at] = billed
    this.init[at] = facts.initDurationMs ?? Number.NaN
    const traceRow = facts.traceRow ?? -1
    if (traceRow >= 0) {
      this.xraySource ??= facts.xraySource
      this.traceRows()[at] = traceRow
    } else if (this.traceRow !== undefined) this.traceRow[at] = -1
    this.memorySize[at] = facts.memorySizeMB
    this.maxMemory[at] = facts.maxMemoryUsedMB
    this.flags[at] = entryFlags(END, lineCount, statusCode(facts.status), facts.coldStart, idPacked)
  }

  /** Drops the oldest entry; returns how many lines it held. */
  dropOldest(): number {
    const at = this.head
    const flags = this.flags[at] as number
    if (holdsRef(flags)) this.refs[at] = undefined
    this.head = (at + 1) & (this.capacity - 1)
    this.size--
    return linesOf(flags)
  }

  /** The i-th entry (0 = oldest) as the event its lines render from, and its stream. */
  eventAt(i: number): { readonly event: SimEvent; readonly stream: StreamRef } {
    const at = (this.head + i) & (this.capacity - 1)
    const stream = this.streams[this.stream[at] as number] as StreamRef
    const flags = this.flags[at] as number
    switch (kindOf(flags)) {
      case START:
        return { event: startedEvent(this.requestIdOf(at, flags), this.at[at] as number, stream.version as string, stream), stream }
      case END:
        return { event: this.completedEvent(at, flags, this.requestIdOf(at, flags), stream), stream }
      default:
        return { event: this.refs[at] as SimEvent, stream }
    }
  }

  /** Stores the entry's request id: packed into its words (returns true), or as the string. */
  private requestIdAt(at: number, facts: InvocationFacts): boolean {
    if (facts.requestIdValue.writeWords(this.ids, at * 4)) return true
    this.refs[at] = facts.requestId
    return false
  }

  private requestIdOf(at: number, flags: number): string {
    if (!isIdPacked(flags)) return this.refs[at] as string
    const ids = this.ids
    const base = at * 4
    return uuidFromPacked(ids[base] as number, ids[base + 1] as number, ids[base + 2] as number, ids[base + 3] as number)
  }

  /** A slot for a new entry, with its stream set. */
  private claim(stream: StreamRef): number {
    if (this.size === this.capacity) this.grow()
    const at = (this.head + this.size) & (this.capacity - 1)
    let index = stream.ringIndex
    if (index === undefined || index < 0) {
      index = this.streams.length
      this.streams.push(stream)
      stream.ringIndex = index
    }
    this.stream[at] = index
    this.size++
    return at
  }

  private completedEvent(at: number, flags: number, requestId: string, stream: StreamRef): SimEvent {
    const initMs = this.init[at] as number
    return {
      type: 'invocation.completed',
      atMs: this.at[at] as number,
      requestId,
      functionName: stream.functionName ?? '',
      version: stream.version as string,
      environmentId: stream.environmentId ?? '',
      logGroupName: stream.logGroupName,
      logStreamName: stream.logStreamName,
      status: statusOf(flags),
      startedAtMs: this.startedAt[at] as number,
      durationMs: this.duration[at] as number,
      billedDurationMs: this.billed[at] as number,
      ...(Number.isNaN(initMs) ? {} : { initDurationMs: initMs }),
      memorySizeMB: this.memorySize[at] as number,
      maxMemoryUsedMB: this.maxMemory[at] as number,
      coldStart: isColdStart(flags),
      ...this.xrayAt(at),
    }
  }

  /** The trace-row column, made (every entry unsampled) with the first sampled END. */
  private traceRows(): Int32Array {
    return (this.traceRow ??= new Int32Array(this.capacity).fill(-1))
  }

  /** The XRAY fields of a sampled invocation's END, as an object to spread. */
  private xrayAt(at: number): { xray?: XrayFields } {
    const row = this.traceRow === undefined ? -1 : (this.traceRow[at] as number)
    return row >= 0 && this.xraySource !== undefined ? { xray: this.xraySource.xrayOf(row) } : {}
  }

  private grow(): void {
    const capacity = this.capacity
    const refs = new Array<SimEvent | string | undefined>(capacity * 2)
    for (let i = 0; i < this.size; i++) refs[i] = this.refs[(this.head + i) & (capacity - 1)]
    this.refs = refs
    const columns = new NumberColumns(capacity * 2)
    this.flags = this.unwrapped(this.flags, columns.flags, 1)
    this.stream = this.unwrapped(this.stream, columns.stream, 1)
    this.at = this.unwrapped(this.at, columns.at, 1)
    this.ids = this.unwrapped(this.ids, columns.ids, 4)
    this.startedAt = this.unwrapped(this.startedAt, columns.startedAt, 1)
    this.duration = this.unwrapped(this.duration, columns.duration, 1)
    this.init = this.unwrapped(this.init, columns.init, 1)
    if (this.traceRow !== undefined) this.traceRow = this.unwrapped(this.traceRow, new Int32Array(capacity * 2), 1)
    this.billed = this.unwrapped(this.billed, columns.billed, 1)
    this.memorySize = this.unwrapped(this.memorySize, columns.memorySize, 1)
    this.maxMemory = this.unwrapped(this.maxMemory, columns.maxMemory, 1)
    this.capacity = capacity * 2
    this.head = 0
  }

  /** The column's entries from the head on, in order at the start of `into` (at most two blocks: the ring may have wrapped). */
  private unwrapped<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(from: T, into: T, stride: number): T {
    const firstPart = Math.min(this.size, this.capacity - this.head)
    into.set(from.subarray(this.head * stride, (this.head + firstPart) * stride) as never, 0)
    if (firstPart < this.size) into.set(from.subarray(0, (this.size - firstPart) * stride) as never, firstPart * stride)
    return into
  }
}

/**
 * The ring's number columns as views into one buffer, widest elements first so every view starts
 * aligned to its element size: 61 bytes an entry. One buffer instead of ten:
 * each `ArrayBuffer` has its own backing store outside the heap, which costs a microsecond or two to
 * make and is tracked by the collector until it is freed — per fresh simulation, that was ten of
 * them (issue 19). The views read and write exactly as separate arrays do.
 */
class NumberColumns {
  readonly at: Float64Array
  readonly startedAt: Float64Array
  readonly duration: Float64Array
  readonly init: Float64Array
  readonly stream: Int32Array
  readonly ids: Int32Array
  readonly billed: Uint32Array
  readonly memorySize: Uint16Array
  readonly maxMemory: Uint16Array
  readonly flags: Uint8Array

  constructor(capacity: number) {
    const buffer = new ArrayBuffer(capacity * 61)
    let offset = 0
    const take = (bytes: number): number => {
      const at = offset
      offset += capacity * bytes
      return at
    }
    this.at = new Float64Array(buffer, take(8), capacity)
    this.startedAt = new Float64Array(buffer, take(8), capacity)
    this.duration = new Float64Array(buffer, take(8), capacity)
    this.init = new Float64Array(buffer, take(8), capacity)
    this.stream = new Int32Array(buffer, take(4), capacity)
    this.ids = new Int32Array(buffer, take(16), capacity * 4)
    this.billed = new Uint32Array(buffer, take(4), capacity)
    this.memorySize = new Uint16Array(buffer, take(2), capacity)
    this.maxMemory = new Uint16Array(buffer, take(2), capacity)
    this.flags = new Uint8Array(buffer, take(1), capacity)
  }
}

/** Whether the END's numbers fit their columns exactly (whole billed ms, memory sizes in 16 bits); else its event is kept. */
function fitsColumns(facts: InvocationFacts, billed: number): boolean {
  return billed === (billed >>> 0) && facts.memorySizeMB === (facts.memorySizeMB & 0xffff) && facts.maxMemoryUsedMB === (facts.maxMemoryUsedMB & 0xffff)
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
