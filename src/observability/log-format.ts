/**
 * The text of Lambda's log lines (text log format). Separators are exact: TAB between REPORT
 * fields, single spaces in START/END.
 */
import type { InvocationCompletedEvent, LogLevel } from './events.js'

export function isoTimestamp(atMs: number): string {
  return new Date(Math.floor(atMs)).toISOString()
}

export function twoDecimals(ms: number): string {
  return (Math.round(ms * 100) / 100).toFixed(2)
}

export function initStartLine(runtime: string): string {
  // The runtime version string is simulated: lambda-sim runs no real runtime build.
  return `INIT_START Runtime Version: ${runtime.replace('.x', '')}.sim\tRuntime Version ARN: arn:aws:lambda:sim::runtime:${runtime}`
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`
}

export function reportLine(event: InvocationCompletedEvent): string {
  let line =
    `REPORT RequestId: ${event.requestId}\tDuration: ${twoDecimals(event.durationMs)} ms\t` +
    `Billed Duration: ${event.billedDurationMs} ms\tMemory Size: ${event.memorySizeMB} MB\t` +
    `Max Memory Used: ${event.maxMemoryUsedMB} MB\t`
  if (event.initDurationMs !== undefined) line += `Init Duration: ${twoDecimals(event.initDurationMs)} ms\t`
  if (event.status === 'timeout') line += 'Status: timeout\t'
  else if (event.status === 'crash') line += `Status: error\tError Type: ${event.errorType ?? 'Runtime.Unknown'}\t`
  // Active tracing: the trace and the function's segment (lambda-semantics §3.1).
  if (event.xray !== undefined) line += `XRAY TraceId: ${event.xray.traceId}\tSegmentId: ${event.xray.segmentId}\tSampled: ${event.xray.sampled}`
  else if (event.status === 'timeout' || event.status === 'crash') line = line.slice(0, -1)
  return line
}

export function initReportLine(initDurationMs: number, phase: 'init' | 'invoke', status: 'timeout' | 'error', errorType?: string): string {
  const base = `INIT_REPORT Init Duration: ${twoDecimals(initDurationMs)} ms\tPhase: ${phase}\tStatus: ${status}`
  return status === 'error' ? `${base}\tError Type: ${errorType ?? 'Runtime.Unknown'}` : base
}

/** An application line: `<ISO ts>\t<requestId>\t<LEVEL>\t<message>`, newlines folded to `\r`. */
export function appLine(atMs: number, requestId: string | undefined, level: LogLevel, message: string): string {
  return `${isoTimestamp(atMs)}\t${requestId ?? 'undefined'}\t${level}\t${message.replace(/\n/g, '\r')}`
}
