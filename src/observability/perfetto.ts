/**
 * Traces as a Chrome trace (the JSON `traceEvents` format), which Perfetto's UI (ui.perfetto.dev)
 * and chrome://tracing open: one process per function, one thread (track) per execution
 * environment, named by metadata events; every segment and subsegment a complete event (`X`, times
 * in microseconds since the epoch of the virtual clock); a flow arrow from each downstream call to
 * the invocation it caused (a child segment, or a linked SQS batch). Pure: same traces ⇒ same JSON.
 */
import type { Trace, TraceSegment } from './trace-types.js'

/** A Chrome trace event (the subset this export writes). */
export type PerfettoEvent =
  | { readonly ph: 'M'; readonly name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index'; readonly pid: number; readonly tid: number; readonly args: Readonly<Record<string, string | number>> }
  | {
      readonly ph: 'X'
      readonly name: string
      readonly cat: string
      /** Microseconds since the epoch (virtual clock). */
      readonly ts: number
      /** Microseconds. */
      readonly dur: number
      readonly pid: number
      readonly tid: number
      readonly args: Readonly<Record<string, string | number | boolean>>
    }
  | { readonly ph: 's' | 'f'; readonly name: string; readonly cat: string; readonly id: number; readonly ts: number; readonly pid: number; readonly tid: number; readonly bp?: 'e' }

/** What `toPerfettoTrace` returns: write it with `JSON.stringify` and open the file in Perfetto. */
export interface PerfettoTrace {
  readonly traceEvents: readonly PerfettoEvent[]
  readonly displayTimeUnit: 'ms'
}

/** The track of a segment that ran nowhere (a throttled attempt). */
const NO_ENVIRONMENT_TID = 0

/** Where a function's segments go: its process and its environments' threads. */
interface FunctionTracks {
  readonly pid: number
  readonly threads: Map<string, number>
  environments: number
}

const micros = (seconds: number): number => Math.round(seconds * 1e6)

/** The Chrome trace / Perfetto JSON of `traces` (from `sim.traces()`). */
export function toPerfettoTrace(traces: readonly Trace[]): PerfettoTrace {
  const segments: TraceSegment[] = []
  for (const trace of traces) segments.push(...trace.segments)
  // Every segment in start order (stable), so tracks are numbered in the order they first ran.
  const ordered = [...segments].sort((a, b) => a.start_time - b.start_time)

  const functions = new Map<string, FunctionTracks>()
  for (const name of [...new Set(ordered.map(functionOf))].sort()) functions.set(name, { pid: functions.size + 1, threads: new Map(), environments: 0 })
  const metadata: PerfettoEvent[] = []
  for (const [name, tracks] of functions) {
    metadata.push({ ph: 'M', name: 'process_name', pid: tracks.pid, tid: 0, args: { name } })
    metadata.push({ ph: 'M', name: 'process_sort_index', pid: tracks.pid, tid: 0, args: { sort_index: tracks.pid } })
  }
  const trackOf = (segment: TraceSegment): { pid: number; tid: number } => {
    const tracks = functions.get(functionOf(segment)) as FunctionTracks
    const environmentId = segment.metadata?.['lambda-sim'].environment_id
    if (environmentId === undefined) {
      if (!tracks.threads.has('')) {
        tracks.threads.set('', NO_ENVIRONMENT_TID)
        metadata.push({ ph: 'M', name: 'thread_name', pid: tracks.pid, tid: NO_ENVIRONMENT_TID, args: { name: 'throttled (no environment)' } })
      }
      return { pid: tracks.pid, tid: NO_ENVIRONMENT_TID }
    }
    let tid = tracks.threads.get(environmentId)
    if (tid === undefined) {
      tid = ++tracks.environments
      tracks.threads.set(environmentId, tid)
      metadata.push({ ph: 'M', name: 'thread_name', pid: tracks.pid, tid, args: { name: `environment ${tid} (${environmentId.slice(0, 8)})` } })
      metadata.push({ ph: 'M', name: 'thread_sort_index', pid: tracks.pid, tid, args: { sort_index: tid } })
    }
    return { pid: tracks.pid, tid }
  }

  const slices: PerfettoEvent[] = []
  /** Downstream calls by subsegment id: where their flow arrows start. */
  const calls = new Map<string, { ts: number; pid: number; tid: number }>()
  const placed: Array<{ segment: TraceSegment; ts: number; pid: number; tid: number }> = []
  for (const segment of ordered) {
    const { pid, tid } = trackOf(segment)
    const ts = micros(segment.start_time)
    const end = micros(segment.end_time)
    placed.push({ segment, ts, pid, tid })
    slices.push({ ph: 'X', name: segmentName(segment), cat: segment.origin ?? 'segment', ts, dur: end - ts, pid, tid, args: argsOf(segment) })
    for (const sub of segment.subsegments ?? []) {
      const subTs = micros(sub.start_time)
      // A call the handler did not await may end after its invocation: the track keeps slices nested.
      const subEnd = Math.min(micros(sub.end_time), end)
      slices.push({ ph: 'X', name: subsegmentName(sub), cat: sub.namespace ?? 'subsegment', ts: subTs, dur: Math.max(0, subEnd - subTs), pid, tid, args: argsOf(sub) })
      if (sub.namespace === 'aws') calls.set(sub.id, { ts: subTs, pid, tid })
    }
  }

  const flows: PerfettoEvent[] = []
  let flowId = 0
  for (const { segment, ts, pid, tid } of placed) {
    if (segment.origin !== 'AWS::Lambda') continue
    const sources = [...(segment.parent_id !== undefined ? [segment.parent_id] : []), ...(segment.links ?? []).map((link) => link.id)]
    for (const source of sources) {
      const from = calls.get(source)
      if (from === undefined) continue
      flowId++
      flows.push({ ph: 's', name: 'trace', cat: 'trace', id: flowId, ts: from.ts, pid: from.pid, tid: from.tid })
      flows.push({ ph: 'f', name: 'trace', cat: 'trace', id: flowId, ts, pid, tid, bp: 'e' })
    }
  }
  return { traceEvents: [...metadata, ...slices, ...flows], displayTimeUnit: 'ms' }
}

function functionOf(segment: TraceSegment): string {
  return segment.metadata?.['lambda-sim'].function_name ?? segment.name
}

function segmentName(segment: TraceSegment): string {
  return segment.origin === 'AWS::Lambda' ? `${segment.name} (Lambda)` : segment.name
}

function subsegmentName(sub: TraceSegment): string {
  return sub.namespace === 'aws' && sub.aws?.operation !== undefined ? `${sub.name} ${sub.aws.operation}` : sub.name
}

/** What the slice shows when selected: the ids that tie it to its trace, and its outcome. */
function argsOf(segment: TraceSegment): Record<string, string | number | boolean> {
  const args: Record<string, string | number | boolean> = { trace_id: segment.trace_id, id: segment.id }
  if (segment.parent_id !== undefined) args['parent_id'] = segment.parent_id
  if (segment.origin !== undefined) args['origin'] = segment.origin
  if (segment.aws?.request_id !== undefined) args['request_id'] = segment.aws.request_id
  if (segment.aws?.operation !== undefined) args['operation'] = segment.aws.operation
  const sim = segment.metadata?.['lambda-sim']
  if (sim?.status !== undefined) args['status'] = sim.status
  if (sim?.error_type !== undefined) args['error_type'] = sim.error_type
  if (sim?.cold_start !== undefined) args['cold_start'] = sim.cold_start
  if (sim?.version !== undefined) args['version'] = sim.version
  if (segment.http !== undefined) args['http_status'] = segment.http.response.status
  if (segment.error === true) args['error'] = true
  if (segment.fault === true) args['fault'] = true
  if (segment.throttle === true) args['throttle'] = true
  if (segment.links !== undefined) args['links'] = segment.links.map((link) => link.trace_id).join(' ')
  return args
}
