/**
 * The files a run writes: the HTML report (`renderReport`, src/report) and the Perfetto trace
 * (`toPerfettoTrace` of `sim.traces()`). Each needs its option on the simulation from the start:
 * `recordTimeline` for the report, `tracing` for the trace.
 */
import { writeFileSync } from 'node:fs'
import * as lambdaSim from '../src/index.js'
import { renderReport, type ReportRun, type Simulation, type SimulationOptions } from '../src/index.js'

type ToPerfettoTrace = (traces: readonly unknown[]) => unknown

// Looked up by name until the trace export lands (issue 18, helper A).
const toPerfettoTrace = (lambdaSim as unknown as Record<string, unknown>)['toPerfettoTrace'] as ToPerfettoTrace | undefined

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
  const traces = (sim as unknown as { traces?: () => readonly unknown[] }).traces
  if (toPerfettoTrace === undefined || traces === undefined) throw new Error('this build of lambda-sim has no traces yet (toPerfettoTrace)')
  writeFileSync(path, JSON.stringify(toPerfettoTrace(traces.call(sim))))
}
