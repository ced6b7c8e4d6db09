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
import { lineCountOf, linesFor, type LineStyle } from './log-lines.js'

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

export class LogStore {
  /**
   * The events that write lines, in write order, with their stream. Lines are rendered when read:
   * a million invocations cost two array slots each, not three formatted strings.
   */
  private entries: SimEvent[] = []
  private streamOf: StreamRef[] = []
  private head = 0
  /** Lines held now (events may write several). */
  private lineCount = 0
  droppedCount = 0

  private readonly streamsByName = new Map<string, StreamRef>()
  private readonly streamByEnvironment = new Map<string, StreamRef>()

  constructor(
    bus: EventBus,
    private readonly maxEvents: number,
  ) {
    if (maxEvents <= 0) return
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
    bus.on('environment.initStarted', (e) => this.write(e, this.streamNamed(e.logGroupName, e.logStreamName)))
    bus.on('log.line', (e) => this.write(e, this.streamNamed(e.logGroupName, e.logStreamName)))
    bus.on('invocation.started', (e) => this.write(e, this.streamNamed(e.logGroupName, e.logStreamName)))
    bus.on('invocation.completed', (e) => this.write(e, this.streamNamed(e.logGroupName, e.logStreamName)))
    bus.on('environment.initialized', (e) => {
      const stream = this.streamByEnvironment.get(e.environmentId)
      if (stream !== undefined) this.write(e, stream)
    })
  }

  private streamNamed(logGroupName: string, logStreamName: string): StreamRef {
    const known = this.streamsByName.get(logStreamName)
    if (known !== undefined && known.logGroupName === logGroupName) return known
    return { logGroupName, logStreamName, style: textStyle }
  }

  private write(event: SimEvent, stream: StreamRef): void {
    const count = lineCountOf(event, stream.style)
    if (count === 0) return
    this.entries.push(event)
    this.streamOf.push(stream)
    this.lineCount += count
    // Oldest events go first (with all their lines) once more lines are held than retained.
    while (this.lineCount > this.maxEvents && this.head < this.entries.length) {
      const dropped = lineCountOf(this.entries[this.head] as SimEvent, (this.streamOf[this.head] as StreamRef).style)
      this.lineCount -= dropped
      this.droppedCount += dropped
      this.head++
    }
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head)
      this.streamOf = this.streamOf.slice(this.head)
      this.head = 0
    }
  }

  /** Log lines in the order they were written, filtered like FilterLogEvents. */
  events(query: LogQuery = {}): LogEvent[] {
    const out: LogEvent[] = []
    for (let i = this.head; i < this.entries.length; i++) {
      const event = this.entries[i] as SimEvent
      const stream = this.streamOf[i] as StreamRef
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
