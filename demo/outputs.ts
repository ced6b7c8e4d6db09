/**
 * The files a run writes: the HTML report (`renderReport`, src/report) and the Perfetto trace
 * (`toPerfettoTrace` of `sim.traces()`, docs/traces.md). Each needs its option on the simulation
 * from the start: `recordTimeline` for the report, `tracing` for the trace.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs'
import { renderReport, toPerfettoTrace, type ReportRun, type Simulation, type SimulationOptions } from '../src/index.js'

/** The options a simulation needs so that a report and/or a trace can be written from it. */
export function recordingOptions(want: { report: boolean; trace: boolean }): Partial<SimulationOptions> {
  return { ...(want.report ? { recordTimeline: true } : {}), ...(want.trace ? { tracing: true } : {}) }
}

/** The HTML report of the runs, written to `path`. */
export function writeReport(path: string, title: string, runs: readonly ReportRun[]): void {
  writeFileSync(path, renderReport({ title, runs }))
}

/** Traces a trace file holds unless told otherwise: about 1.5 KB of JSON each, so ≈ 150 MB at most. */
export const DEFAULT_TRACE_LIMIT = 100_000

/**
 * The run's first `limit` traces as Chrome trace / Perfetto JSON, written to `path` one event at a
 * time (a long run's file would not fit one string). Says whether traces were left out.
 */
export function writeTrace(path: string, sim: Simulation, limit = DEFAULT_TRACE_LIMIT): { traces: number; truncated: boolean } {
  const traces = sim.traces({ limit: limit + 1 })
  const truncated = traces.length > limit
  if (truncated) traces.length = limit
  const { traceEvents, ...rest } = toPerfettoTrace(traces)
  const fd = openSync(path, 'w')
  try {
    const buffered: string[] = []
    const flush = (): void => {
      writeSync(fd, buffered.join(''))
      buffered.length = 0
    }
    buffered.push('{"traceEvents":[')
    traceEvents.forEach((event, i) => {
      buffered.push(i === 0 ? '\n' : ',\n', JSON.stringify(event))
      if (buffered.length >= 4096) flush()
    })
    buffered.push(`\n],${JSON.stringify(rest).slice(1)}\n`)
    flush()
  } finally {
    closeSync(fd)
  }
  return { traces: traces.length, truncated }
}
