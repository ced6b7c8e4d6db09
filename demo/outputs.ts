/**
 * The files a run writes: the HTML report (`renderReport`, src/report) and the Perfetto trace
 * (`toPerfettoTrace` of `sim.traces()`, docs/traces.md). Each needs its option on the simulation
 * from the start: `recordTimeline` for the report, `tracing` for the trace.
 */
import { writeFileSync } from 'node:fs'
import { renderReport, toPerfettoTrace, type ReportRun, type Simulation, type SimulationOptions } from '../src/index.js'

/** The options a simulation needs so that a report and/or a trace can be written from it. */
export function recordingOptions(want: { report: boolean; trace: boolean }): Partial<SimulationOptions> {
  return { ...(want.report ? { recordTimeline: true } : {}), ...(want.trace ? { tracing: true } : {}) }
}

/** The HTML report of the runs, written to `path`. */
export function writeReport(path: string, title: string, runs: readonly ReportRun[]): void {
  writeFileSync(path, renderReport({ title, runs }))
}

/** The run's traces as Chrome trace / Perfetto JSON, written to `path`. */
export function writeTrace(path: string, sim: Simulation): void {
  writeFileSync(path, JSON.stringify(toPerfettoTrace(sim.traces())))
}
