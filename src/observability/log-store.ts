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
import { linesFor, type LineStyle } from './log-lines.js'

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

interface StoredLine extends LogEvent {
  readonly requestId: string | undefined
}

export class LogStore {
  private lines: StoredLine[] = []
  private head = 0
  droppedCount = 0

  /** Each stream's log format, from the environment that writes it. */
  private readonly styleByStream = new Map<string, LineStyle>()
  private readonly streamByEnvironment = new Map<string, { logGroupName: string; logStreamName: string }>()

  constructor(
    bus: EventBus,
    private readonly maxEvents: number,
  ) {
    if (maxEvents <= 0) return
    bus.on('environment.created', (e) => {
      this.styleByStream.set(e.logStreamName, { format: e.logFormat, systemLogLevel: e.systemLogLevel })
      this.streamByEnvironment.set(e.environmentId, { logGroupName: e.logGroupName, logStreamName: e.logStreamName })
    })
    bus.on('environment.reclaimed', (e) => this.streamByEnvironment.delete(e.environmentId))
    bus.on('environment.initStarted', (e) => this.write(e, e.logGroupName, e.logStreamName, undefined))
    bus.on('log.line', (e) => this.write(e, e.logGroupName, e.logStreamName, e.requestId))
    bus.on('invocation.started', (e) => this.write(e, e.logGroupName, e.logStreamName, e.requestId))
    bus.on('invocation.completed', (e) => this.write(e, e.logGroupName, e.logStreamName, e.requestId))
    bus.on('environment.initialized', (e) => {
      const stream = this.streamByEnvironment.get(e.environmentId)
      if (stream !== undefined) this.write(e, stream.logGroupName, stream.logStreamName, undefined)
    })
  }

  private write(event: SimEvent, logGroupName: string, logStreamName: string, requestId: string | undefined): void {
    const style = this.styleByStream.get(logStreamName) ?? textStyle
    for (const line of linesFor(event, style)) this.add(event.atMs, logGroupName, logStreamName, requestId, line)
  }

  private add(timestamp: number, logGroupName: string, logStreamName: string, requestId: string | undefined, message: string): void {
    this.lines.push({ timestamp, logGroupName, logStreamName, requestId, message })
    if (this.lines.length - this.head > this.maxEvents) {
      this.head++
      this.droppedCount++
      if (this.head > 4096 && this.head * 2 > this.lines.length) {
        this.lines = this.lines.slice(this.head)
        this.head = 0
      }
    }
  }

  /** Log lines in the order they were written, filtered like FilterLogEvents. */
  events(query: LogQuery = {}): LogEvent[] {
    const out: LogEvent[] = []
    for (let i = this.head; i < this.lines.length; i++) {
      const line = this.lines[i] as StoredLine
      if (query.logGroupName !== undefined && line.logGroupName !== query.logGroupName) continue
      if (query.logStreamName !== undefined && line.logStreamName !== query.logStreamName) continue
      if (query.requestId !== undefined && line.requestId !== query.requestId) continue
      if (query.startTime !== undefined && line.timestamp < query.startTime) continue
      if (query.endTime !== undefined && line.timestamp > query.endTime) continue
      out.push({ timestamp: line.timestamp, logGroupName: line.logGroupName, logStreamName: line.logStreamName, message: line.message })
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
