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
import type { InvocationFacts } from './invocation-facts.js'
import { completedLineCount, lineCountOf, linesFor, startLineCount, type LineStyle } from './log-lines.js'
import { LogRing, type StreamRef } from './log-ring.js'

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

// An InvocationObserver (the engine tells it of every invocation), checked where the simulation is composed;
// not declared here, so the public types do not name the engine's facts.
export class LogStore {
  /** The entries that write lines; rendered when read (see `LogRing`). */
  private readonly ring = new LogRing()
  /** Lines held now (entries may write several). */
  private lineCount = 0
  private dropped = 0
  /**
   * Lines held beyond retention before the oldest are dropped, many in one pass: a drop touches
   * the oldest entry, long out of the cache. Readers drop down to retention first, so what they
   * see is exactly what dropping at every write would leave.
   */
  private readonly slack: number

  private readonly streamsByName = new Map<string, StreamRef>()
  private readonly streamByEnvironment = new Map<string, StreamRef>()
  /** False when retention is 0: the store is told nothing. */
  readonly enabled: boolean

  /** @internal The simulation makes its stores. */
  constructor(
    bus: EventBus,
    private readonly maxEvents: number,
  ) {
    this.enabled = maxEvents > 0
    this.slack = Math.min(4096, maxEvents >> 3)
    if (!this.enabled) return
    bus.listen('environment.created', (e) => {
      const style: LineStyle = e.logFormat === 'Text' ? textStyle : { format: e.logFormat, systemLogLevel: e.systemLogLevel }
      const stream: StreamRef = {
        logGroupName: e.logGroupName,
        logStreamName: e.logStreamName,
        style,
        startLines: startLineCount(style),
        completedLines: completedLineCount(style),
        version: e.version,
        functionName: e.functionName,
        environmentId: e.environmentId,
      }
      this.streamsByName.set(e.logStreamName, stream)
      this.streamByEnvironment.set(e.environmentId, stream)
    })
    bus.listen('environment.reclaimed', (e) => this.streamByEnvironment.delete(e.environmentId))
    bus.listen('environment.initStarted', (e) => this.writeEvent(e, this.streamNamed(e.logGroupName, e.logStreamName)))
    bus.listen('log.line', (e) => this.writeEvent(e, this.streamNamed(e.logGroupName, e.logStreamName)))
    bus.listen('environment.initialized', (e) => {
      const stream = this.streamByEnvironment.get(e.environmentId)
      if (stream !== undefined) this.writeEvent(e, stream)
    })
  }

  /** @internal */
  invocationStarted(facts: InvocationFacts): void {
    let stream = facts.environmentLogSlot as StreamRef | undefined
    if (stream === undefined) {
      stream = this.streamNamed(facts.logGroupName, facts.logStreamName)
      // Only an announced stream is kept on the environment.
      if (this.streamsByName.get(facts.logStreamName) === stream) facts.environmentLogSlot = stream
    }
    const count = stream.startLines
    if (count === 0) return
    this.ring.pushStart(facts, stream, count)
    this.added(count)
  }

  /** @internal */
  invocationCompleted(facts: InvocationFacts): void {
    const stream = (facts.environmentLogSlot as StreamRef | undefined) ?? this.streamNamed(facts.logGroupName, facts.logStreamName)
    const count = stream.completedLines
    if (count === 0) return
    this.ring.pushEnd(facts, stream, count)
    this.added(count)
  }

  private streamNamed(logGroupName: string, logStreamName: string): StreamRef {
    const known = this.streamsByName.get(logStreamName)
    if (known !== undefined && known.logGroupName === logGroupName) return known
    // A stream never announced (kept too: the ring numbers the streams it writes to).
    const key = `${logGroupName}\u0000${logStreamName}`
    let unknown = this.unannouncedStreams.get(key)
    if (unknown === undefined) {
      unknown = this.unannouncedStream(logGroupName, logStreamName)
      this.unannouncedStreams.set(key, unknown)
    }
    return unknown
  }

  private readonly unannouncedStreams = new Map<string, StreamRef>()

  private unannouncedStream(logGroupName: string, logStreamName: string): StreamRef {
    return {
      logGroupName,
      logStreamName,
      style: textStyle,
      startLines: startLineCount(textStyle),
      completedLines: completedLineCount(textStyle),
      version: undefined,
      functionName: undefined,
      environmentId: undefined,
    }
  }

  private writeEvent(event: SimEvent, stream: StreamRef): void {
    const count = lineCountOf(event, stream.style)
    if (count === 0) return
    this.ring.pushEvent(event, stream, count)
    this.added(count)
  }

  private added(count: number): void {
    this.lineCount += count
    if (this.lineCount > this.maxEvents + this.slack) this.trim()
  }

  /** Oldest entries go first (with all their lines) while more lines are held than retained. */
  private trim(): void {
    while (this.lineCount > this.maxEvents && this.ring.size > 0) {
      const dropped = this.ring.dropOldest()
      this.lineCount -= dropped
      this.dropped += dropped
    }
  }

  /** Lines dropped so far, oldest first, to keep within retention (`logRetention`). */
  get droppedCount(): number {
    this.trim()
    return this.dropped
  }

  /** Log lines in the order they were written, filtered like FilterLogEvents. */
  events(query: LogQuery = {}): LogEvent[] {
    this.trim()
    const out: LogEvent[] = []
    for (let i = 0; i < this.ring.size; i++) {
      const { event, stream } = this.ring.eventAt(i)
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

  /**
   * @internal Each kept line with the request it belongs to (`undefined` for lines written outside
   * an invocation, such as init's), oldest first: how the report links lines to invocations.
   */
  forEachLine(visit: (line: LogEvent, requestId: string | undefined) => void): void {
    this.trim()
    for (let i = 0; i < this.ring.size; i++) {
      const { event, stream } = this.ring.eventAt(i)
      const requestId = requestIdOf(event)
      for (const message of linesFor(event, stream.style)) {
        visit({ timestamp: event.atMs, logGroupName: stream.logGroupName, logStreamName: stream.logStreamName, message }, requestId)
      }
    }
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
