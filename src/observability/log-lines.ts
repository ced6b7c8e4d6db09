/**
 * The log lines each event produces, in the function's log format:
 *
 * - `Text` (default): `START RequestId: …`, `END …`, `REPORT …` (TAB-separated), and application
 *   lines `<ISO ts>\t<requestId>\t<LEVEL>\t<message>`;
 * - `JSON`: Telemetry-API-shaped platform records (`platform.initStart`, `platform.start`,
 *   `platform.runtimeDone`, `platform.report`, `platform.initReport`) and application lines
 *   `{"timestamp","level","requestId","message"}`.
 *
 * The log store and the `LogResult` tail both derive their lines here, so they always agree.
 */
import type { LogLevel, SimEvent } from './events.js'
import { appLine, endLine, initReportLine, initStartLine, isoTimestamp, reportLine, startLine } from './log-format.js'

export type LogFormat = 'Text' | 'JSON'
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN'

export interface LineStyle {
  readonly format: LogFormat
  /** JSON format only: platform lines (all INFO) are left out at `WARN`. */
  readonly systemLogLevel?: SystemLogLevel | undefined
}

const reportStatus = { success: 'success', error: 'failure', timeout: 'timeout', crash: 'error' } as const

function runtimeVersion(runtime: string): string {
  return `${runtime.replace('.x', '').replace('nodejs', 'nodejs:')}.sim`
}

function json(value: unknown): string {
  return JSON.stringify(value)
}

/** The lines `event` writes to its stream, oldest first (none for events that write nothing). */
export function linesFor(event: SimEvent, style: LineStyle): string[] {
  if (event.type === 'log.line' && event.raw === true) return [event.message]
  if (style.format === 'Text') return textLines(event)
  if (event.type === 'log.line') {
    return [
      json({
        timestamp: isoTimestamp(event.atMs),
        level: event.level,
        ...(event.requestId !== undefined ? { requestId: event.requestId } : {}),
        message: event.error ?? event.message,
      }),
    ]
  }
  if (style.systemLogLevel === 'WARN') return []
  const time = isoTimestamp(event.atMs)
  switch (event.type) {
    case 'environment.initStarted':
      return [
        json({
          time,
          type: 'platform.initStart',
          record: {
            initializationType: 'on-demand',
            phase: 'init',
            runtimeVersion: runtimeVersion(event.runtime),
            runtimeVersionArn: `arn:aws:lambda:sim::runtime:${event.runtime}`,
          },
        }),
      ]
    case 'invocation.started':
      return [json({ time, type: 'platform.start', record: { requestId: event.requestId, version: event.version } })]
    case 'invocation.completed': {
      const status = reportStatus[event.status]
      const errorType = event.errorType !== undefined && event.status !== 'success' ? { errorType: event.errorType } : {}
      return [
        json({ time, type: 'platform.runtimeDone', record: { requestId: event.requestId, status, ...errorType, metrics: { durationMs: round2(event.durationMs) } } }),
        json({
          time,
          type: 'platform.report',
          record: {
            requestId: event.requestId,
            metrics: {
              durationMs: round2(event.durationMs),
              billedDurationMs: event.billedDurationMs,
              memorySizeMB: event.memorySizeMB,
              maxMemoryUsedMB: event.maxMemoryUsedMB,
              ...(event.initDurationMs !== undefined ? { initDurationMs: round2(event.initDurationMs) } : {}),
            },
            status,
            ...errorType,
            // The Telemetry API's tracing object, for a sampled invocation.
            ...(event.xray !== undefined
              ? { tracing: { spanId: event.xray.segmentId, type: 'X-Amzn-Trace-Id', value: `Root=${event.xray.traceId};Parent=${event.xray.segmentId};Sampled=1` } }
              : {}),
          },
        }),
      ]
    }
    case 'environment.initialized':
      if (event.status === 'success') return []
      return [
        json({
          time,
          type: 'platform.initReport',
          record: {
            initializationType: 'on-demand',
            phase: event.phase,
            status: event.status,
            ...(event.errorType !== undefined ? { errorType: event.errorType } : {}),
            metrics: { durationMs: round2(event.initDurationMs) },
          },
        }),
      ]
    default:
      return []
  }
}

/** Lines an invocation's START writes: one, unless JSON platform lines are filtered out. */
export function startLineCount(style: LineStyle): number {
  return style.format === 'JSON' && style.systemLogLevel === 'WARN' ? 0 : 1
}

/** Lines an invocation's END and REPORT write: two, unless JSON platform lines are filtered out. */
export function completedLineCount(style: LineStyle): number {
  return style.format === 'JSON' && style.systemLogLevel === 'WARN' ? 0 : 2
}

/** How many lines `linesFor(event, style)` gives, without formatting them. */
export function lineCountOf(event: SimEvent, style: LineStyle): number {
  switch (event.type) {
    case 'log.line':
    case 'environment.initStarted':
    case 'invocation.started':
      return style.format === 'JSON' && style.systemLogLevel === 'WARN' && event.type !== 'log.line' ? 0 : 1
    case 'invocation.completed':
      return style.format === 'JSON' && style.systemLogLevel === 'WARN' ? 0 : 2
    case 'environment.initialized':
      return event.status === 'success' || (style.format === 'JSON' && style.systemLogLevel === 'WARN') ? 0 : 1
    default:
      return 0
  }
}

function textLines(event: SimEvent): string[] {
  switch (event.type) {
    case 'environment.initStarted':
      return [initStartLine(event.runtime)]
    case 'log.line':
      return [appLine(event.atMs, event.requestId, event.level, event.message)]
    case 'invocation.started':
      return [startLine(event.requestId, event.version)]
    case 'invocation.completed':
      return [endLine(event.requestId), reportLine(event)]
    case 'environment.initialized':
      return event.status === 'success' ? [] : [initReportLine(event.initDurationMs, event.phase, event.status, event.errorType)]
    default:
      return []
  }
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100
}

const levelRank: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 }

/** JSON format filters application lines below `applicationLogLevel` (default INFO); Text keeps all. */
export function appLineKept(level: LogLevel, format: LogFormat, applicationLogLevel: LogLevel | undefined): boolean {
  return format === 'Text' || levelRank[level] >= levelRank[applicationLogLevel ?? 'INFO']
}
