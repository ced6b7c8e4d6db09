/**
 * The files a run writes: the HTML report (`renderReport`, src/report) and the Perfetto trace
 * (`toPerfettoTrace` of `sim.traces()`). Each needs its option on the simulation from the start:
 * `recordTimeline` for the report, `tracing` for the trace.
 */
import { writeFileSync } from 'node:fs'
import * as lambdaSim from '../src/index.js'
import type { Simulation, SimulationOptions } from '../src/index.js'

/** One run in a report: a simulation made with `recordTimeline: true`. */
export interface ReportRunInput {
  readonly title: string
  readonly simulation: Simulation
  readonly description?: string
}

type RenderReport = (input: { title?: string; runs: readonly ReportRunInput[] }) => string
type ToPerfettoTrace = (traces: readonly unknown[]) => unknown

// Looked up by name until the report and trace exports land (issue 18, helpers A and B).
const library = lambdaSim as unknown as Record<string, unknown>
const renderReport = library['renderReport'] as RenderReport | undefined
const toPerfettoTrace = library['toPerfettoTrace'] as ToPerfettoTrace | undefined

/** The options a simulation needs so that a report and/or a trace can be written from it. */
export function recordingOptions(want: { report: boolean; trace: boolean }): Partial<SimulationOptions> {
  const options: Record<string, unknown> = {}
  if (want.report && renderReport !== undefined) options['recordTimeline'] = true
  if (want.trace && toPerfettoTrace !== undefined) options['tracing'] = true
  return options as Partial<SimulationOptions>
}

/** The HTML report of the runs, written to `path`. */
export function writeReport(path: string, title: string, runs: readonly ReportRunInput[]): void {
  if (renderReport === undefined) throw new Error('this build of lambda-sim has no HTML report yet (renderReport)')
  writeFileSync(path, renderReport({ title, runs }))
}

/** The run's traces as Chrome trace / Perfetto JSON, written to `path`. */
export function writeTrace(path: string, sim: Simulation): void {
  const traces = (sim as unknown as { traces?: () => readonly unknown[] }).traces
  if (toPerfettoTrace === undefined || traces === undefined) throw new Error('this build of lambda-sim has no traces yet (toPerfettoTrace)')
  writeFileSync(path, JSON.stringify(toPerfettoTrace(traces.call(sim))))
}

/** Whether this build can write the HTML report. */
export function reportAvailable(): boolean {
  return renderReport !== undefined
}
