/**
 * CloudWatch Logs, derived from the event stream: one log group per function, one stream per
 * execution environment, platform lines (INIT_START, START, END, REPORT, INIT_REPORT) and the
 * function's own lines in between.
 *
 * Retention is bounded (`maxEvents`, oldest dropped first, counted in `droppedCount`) so a long
 * simulation cannot exhaust memory through its logs.
 */
import type { EventBus } from './bus.js'
import type { SimEvent } from './events.js'
import type { InvocationFacts, InvocationObserver, InvocationRecord } from './invocation-record.js'
import { lineCountOf, linesFor, startLineCount, type LineStyle } from './log-lines.js'

const INITIAL_CAPACITY = 1024

const textStyle: LineStyle = { format: 'Text' }

export interface LogEvent {
  /** Virtual epoch ms. */
  readonly timestamp: number
  readonly logGroupName: string
  readonly logStreamName: string
  readonly message: string
}

export interface LogQuery {
  readonly logGroupName?: string
  readonly logStreamName?: string
  /** Only lines of this request (START through REPORT, plus the function's own lines). */
  readonly requestId?: string
  readonly startTime?: number
  readonly endTime?: number
}

/** Where an event's lines go: one per stream, shared by every event written there. */
interface StreamRef {
  readonly logGroupName: string
  readonly logStreamName: string
  readonly style: LineStyle
}

export class LogStore implements InvocationObserver {
  /**
   * The events that write lines, oldest first, in a ring (capacity a power of two, grown by
   * doubling), with their stream and whether the entry is an invocation's START (its record also
   * stands for its END/REPORT). Lines are rendered when read: a million invocations cost a
   * record and two ring slots each, not formatted strings.
   */
  private entries: (SimEvent | undefined)[] = new Array<SimEvent | undefined>(INITIAL_CAPACITY)
  private streamOf: (StreamRef | undefined)[] = new Array<StreamRef | undefined>(INITIAL_CAPACITY)
  private isStart = new Uint8Array(INITIAL_CAPACITY)
  /** Lines each entry holds (counted once, when written). */
  private lines = new Uint8Array(INITIAL_CAPACITY)
  private head = 0
  private size = 0
  /** Lines held now (events may write several). */
  private lineCount = 0
  droppedCount = 0

  private readonly streamsByName = new Map<string, StreamRef>()
  private readonly streamByEnvironment = new Map<string, StreamRef>()
  /** False when retention is 0: the store is told nothing. */
  readonly enabled: boolean

  constructor(
    bus: EventBus,
    private readonly maxEvents: number,
  ) {
    this.enabled = maxEvents > 0
    if (!this.enabled) return
    bus.on('environment.created', (e) => {
      const stream: StreamRef = {
        logGroupName: e.logGroupName,
        logStreamName: e.logStreamName,
        style: e.logFormat === 'Text' ? textStyle : { format: e.logFormat, systemLogLevel: e.systemLogLevel },
      }
      this.streamsByName.set(e.logStreamName, stream)
      this.streamByEnvironment.set(e.environmentId, stream)
    })
    bus.on('environment.reclaimed', (e) => this.streamByEnvironment.delete(e.environmentId))
    bus.on('environment.initStarted', (e) => this.write(e, this.streamNamed(e.logGroupName, e.logStreamName), false))
    bus.on('log.line', (e) => this.write(e, this.streamNamed(e.logGroupName, e.logStreamName), false))
    bus.on('environment.initialized', (e) => {
      const stream = this.streamByEnvironment.get(e.environmentId)
      if (stream !== undefined) this.write(e, stream, false)
    })
  }

  invocationStarted(facts: InvocationFacts): void {
    const record = facts.record
    const stream = this.streamNamed(record.logGroupName, record.logStreamName)
    facts.logSlot = stream
    this.write(record, stream, true)
  }

  invocationCompleted(facts: InvocationFacts): void {
    const record = facts.record
    const stream = (facts.logSlot as StreamRef | undefined) ?? this.streamNamed(record.logGroupName, record.logStreamName)
    facts.logSlot = undefined
    this.write(record, stream, false)
  }

  private streamNamed(logGroupName: string, logStreamName: string): StreamRef {
    const known = this.streamsByName.get(logStreamName)
    if (known !== undefined && known.logGroupName === logGroupName) return known
    return { logGroupName, logStreamName, style: textStyle }
  }

  private write(event: SimEvent, stream: StreamRef, isStart: boolean): void {
    const count = isStart ? startLineCount(stream.style) : lineCountOf(event, stream.style)
    if (count === 0) return
    if (this.size === this.entries.length) this.grow()
    const mask = this.entries.length - 1
    const at = (this.head + this.size) & mask
    this.entries[at] = event
    this.streamOf[at] = stream
    this.isStart[at] = isStart ? 1 : 0
    this.lines[at] = count
    this.size++
    this.lineCount += count
    // Oldest events go first (with all their lines) once more lines are held than retained.
    while (this.lineCount > this.maxEvents && this.size > 0) {
      const oldest = this.head
      const dropped = this.lines[oldest] as number
      this.entries[oldest] = undefined
      this.streamOf[oldest] = undefined
      this.head = (oldest + 1) & mask
      this.size--
      this.lineCount -= dropped
      this.droppedCount += dropped
    }
  }

  private grow(): void {
    const capacity = this.entries.length
    const entries = new Array<SimEvent | undefined>(capacity * 2)
    const streamOf = new Array<StreamRef | undefined>(capacity * 2)
    const isStart = new Uint8Array(capacity * 2)
    const lines = new Uint8Array(capacity * 2)
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) & (capacity - 1)
      entries[i] = this.entries[from]
      streamOf[i] = this.streamOf[from]
      isStart[i] = this.isStart[from] as number
      lines[i] = this.lines[from] as number
    }
    this.entries = entries
    this.streamOf = streamOf
    this.isStart = isStart
    this.lines = lines
    this.head = 0
  }

  /** Log lines in the order they were written, filtered like FilterLogEvents. */
  events(query: LogQuery = {}): LogEvent[] {
    const out: LogEvent[] = []
    const mask = this.entries.length - 1
    for (let i = 0; i < this.size; i++) {
      const at = (this.head + i) & mask
      const stored = this.entries[at] as SimEvent
      const event = this.isStart[at] === 1 ? startedLineEvent(stored as InvocationRecord) : stored
      const stream = this.streamOf[at] as StreamRef
      if (query.logGroupName !== undefined && stream.logGroupName !== query.logGroupName) continue
      if (query.logStreamName !== undefined && stream.logStreamName !== query.logStreamName) continue
      if (query.requestId !== undefined && requestIdOf(event) !== query.requestId) continue
      if (query.startTime !== undefined && event.atMs < query.startTime) continue
      if (query.endTime !== undefined && event.atMs > query.endTime) continue
      for (const message of linesFor(event, stream.style)) {
        out.push({ timestamp: event.atMs, logGroupName: stream.logGroupName, logStreamName: stream.logStreamName, message })
      }
    }
    return out
  }

  /** Names of the log groups that have lines, sorted. */
  groups(): string[] {
    return [...new Set(this.events().map((e) => e.logGroupName))].sort()
  }

  /** Names of the streams of a group that have lines, sorted. */
  streams(logGroupName: string): string[] {
    return [...new Set(this.events({ logGroupName }).map((e) => e.logStreamName))].sort()
  }

  /** The lines as text, one per line (a message's own `\r` stays in it, as CloudWatch keeps it). */
  text(query: LogQuery = {}): string {
    return this.events(query)
      .map((e) => e.message)
      .join('\n')
  }
}

/** The request an event's lines belong to (platform init lines belong to none). */
function requestIdOf(event: SimEvent): string | undefined {
  switch (event.type) {
    case 'log.line':
    case 'invocation.started':
    case 'invocation.completed':
      return event.requestId
    default:
      return undefined
  }
}

/** What an invocation's START line renders from (its record holds the rest). */
function startedLineEvent(record: InvocationRecord): SimEvent {
  return {
    type: 'invocation.started',
    atMs: record.startedAtMs,
    requestId: record.requestId,
    functionName: record.functionName,
    version: record.version,
    invokedFunctionArn: '',
    environmentId: record.environmentId,
    logGroupName: record.logGroupName,
    logStreamName: record.logStreamName,
    coldStart: record.coldStart,
    invokedQualifier: undefined,
    admittedAtMs: record.startedAtMs,
    provisioned: false,
    spillover: false,
  }
}
