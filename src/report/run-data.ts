/**
 * One run as the report embeds it: a JSON part (environments as lanes, limits, counts, log lines)
 * and binary sections (every invocation, throttle and retry as varints), read by the viewer.
 *
 * Times are whole microseconds since the run's start. Invocations are written lane by lane (one
 * lane per execution environment, grouped by function), each lane's in order: an environment runs
 * one invocation at a time, so each starts after the one before ends and the gap is small.
 */
import type { Simulation } from '../simulation/simulation.js'
import type { CostReport } from '../observability/cost.js'
import { FLAG_COLD_START, STATUS_MASK, type EnvironmentRecord, type RunRecorder } from '../observability/run-recorder.js'
import type { ByteWriter } from './byte-writer.js'

export interface LaneMeta {
  readonly id: string
  /** Index into `functions`. */
  readonly fn: number
  readonly version: string
  readonly createdUs: number
  /** -1 while it lives. */
  readonly reclaimedUs: number
  readonly reclaimReason: string
  readonly provisionedFor: string
  /** Init phases: start, end (-1 while running), status (0 success, 1 error, 2 timeout, 3 running). */
  readonly init: readonly (readonly [number, number, number])[]
  readonly resets: readonly (readonly [number, string])[]
  readonly count: number
}

export interface RunCounts {
  readonly invocations: number
  readonly inFlight: number
  readonly coldStarts: number
  readonly throttles: number
  readonly asyncAccepted: number
  readonly asyncRetries: number
  readonly asyncFailed: number
  readonly errors: number
  readonly timeouts: number
  readonly crashes: number
  readonly environments: number
  readonly resets: number
  readonly reclaimed: number
}

export interface TrafficSplit {
  readonly functionName: string
  readonly alias: string
  /** The alias's weights now: version → share (the primary version gets the rest). */
  readonly configured: readonly { readonly version: string; readonly weight: number }[]
  /** Invocations through the alias by the version that ran. */
  readonly observed: readonly { readonly version: string; readonly invocations: number }[]
  readonly weightChanges: number
}

/** What the viewer reads, per run. */
export interface RunMeta {
  readonly title: string
  readonly description: string
  readonly startMs: number
  readonly endUs: number
  readonly functions: readonly string[]
  readonly accountLimit: number
  /** Per function: [atUs, reserved or -1 when removed]. */
  readonly reserved: readonly (readonly (readonly [number, number])[])[]
  /** Per function: [atUs, qualifier, allocated]. */
  readonly provisioned: readonly (readonly (readonly [number, string, number])[])[]
  readonly lanes: readonly LaneMeta[]
  readonly qualifiers: readonly string[]
  readonly errorTypes: readonly string[]
  readonly throttleReasons: readonly string[]
  readonly counts: RunCounts
  /** Byte ranges [offset, length] of the binary sections. */
  readonly sections: { readonly invocations: readonly [number, number]; readonly throttles: readonly [number, number]; readonly retries: readonly [number, number] }
  readonly logs: RunLogs
}

export interface RunLogs {
  readonly kept: number
  readonly dropped: number
  /** [invocation index (lane order), request id, lines [atUs, message]]. */
  readonly invocations: readonly (readonly [number, string, readonly (readonly [number, string])[]])[]
  /** [lane, lines] written outside an invocation (init). */
  readonly lanes: readonly (readonly [number, readonly (readonly [number, string])[]])[]
}

/** What the static part of the page shows. */
export interface RunSummary {
  readonly counts: RunCounts
  readonly traffic: readonly TrafficSplit[]
  readonly cost: CostReport | string
}

export function runData(sim: Simulation, title: string, description: string, bytes: ByteWriter): { meta: RunMeta; summary: RunSummary } {
  const recorder = sim.timelineRecorder('renderReport')
  const startMs = recorder.startMs
  const us = (ms: number): number => Math.max(0, Math.round((ms - startMs) * 1000))
  const functions = [...recorder.functionNames]
  const fnIndex = new Map(functions.map((name, i) => [name, i]))
  const indexOfFunction = (name: string): number => {
    let i = fnIndex.get(name)
    if (i === undefined) {
      i = functions.length
      functions.push(name)
      fnIndex.set(name, i)
    }
    return i
  }

  // Lanes: environments grouped by function, each group in creation order.
  const laneOrder = recorder.environments.map((_, i) => i)
  laneOrder.sort((a, b) => indexOfFunction((recorder.environments[a] as EnvironmentRecord).functionName) - indexOfFunction((recorder.environments[b] as EnvironmentRecord).functionName) || a - b)
  const laneOfEnvironment = new Int32Array(recorder.environments.length)
  laneOrder.forEach((env, lane) => (laneOfEnvironment[env] = lane))

  // Rows by lane (a counting sort keeps each lane's rows in completion order, which is start order).
  const rows = recorder.rowCount
  const laneCounts = new Int32Array(laneOrder.length)
  for (let row = 0; row < rows; row++) {
    const lane = laneOfEnvironment[recorder.environmentIndex[row] as number] as number
    laneCounts[lane] = (laneCounts[lane] as number) + 1
  }
  const laneStart = new Int32Array(laneOrder.length + 1)
  for (let lane = 0; lane < laneOrder.length; lane++) laneStart[lane + 1] = (laneStart[lane] as number) + (laneCounts[lane] as number)
  const fill = laneStart.slice(0, laneOrder.length)
  const rowAt = new Int32Array(rows)
  /** A row's invocation index in lane order (what the viewer numbers invocations by). */
  const invocationOfRow = new Int32Array(rows)
  for (let row = 0; row < rows; row++) {
    const lane = laneOfEnvironment[recorder.environmentIndex[row] as number] as number
    const at = fill[lane] as number
    fill[lane] = at + 1
    rowAt[at] = row
    invocationOfRow[row] = at
  }

  const invocationsStart = bytes.length
  const counts = { coldStarts: 0, errors: 0, timeouts: 0, crashes: 0 }
  const lanes: LaneMeta[] = laneOrder.map((envIndex, lane) => {
    const env = recorder.environments[envIndex] as EnvironmentRecord
    const createdUs = us(env.createdAtMs)
    let previousEndUs = createdUs
    for (let at = laneStart[lane] as number; at < (laneStart[lane + 1] as number); at++) {
      const row = rowAt[at] as number
      const startUs = us(recorder.startedAtMs[row] as number)
      const endUs = Math.max(startUs, us(recorder.completedAtMs[row] as number))
      const admittedUs = Math.min(startUs, us(recorder.admittedAtMs[row] as number))
      const flags = recorder.flags[row] as number
      const gap = Math.max(0, startUs - previousEndUs)
      bytes.varint(gap)
      bytes.varint(endUs - startUs)
      bytes.varint(startUs - admittedUs)
      bytes.byte(flags)
      bytes.varint(recorder.qualifier[row] as number)
      bytes.varint(Math.round(recorder.billedDurationMs[row] as number))
      bytes.varint(recorder.memorySizeMB[row] as number)
      bytes.varint(recorder.maxMemoryUsedMB[row] as number)
      const status = flags & STATUS_MASK
      if (status !== 0) bytes.varint(recorder.errorType[row] as number)
      previousEndUs = previousEndUs + gap + (endUs - startUs)
      if ((flags & FLAG_COLD_START) !== 0) counts.coldStarts++
      if (status === 1) counts.errors++
      else if (status === 2) counts.timeouts++
      else if (status === 3) counts.crashes++
    }
    return {
      id: env.environmentId,
      fn: indexOfFunction(env.functionName),
      version: env.version,
      createdUs,
      reclaimedUs: env.reclaimedAtMs === undefined ? -1 : us(env.reclaimedAtMs),
      reclaimReason: env.reclaimReason ?? '',
      provisionedFor: env.provisionedFor ?? '',
      init: env.initPhases.map((p) => [us(p.startedAtMs), p.endedAtMs === undefined ? -1 : us(p.endedAtMs), p.status === undefined ? 3 : ['success', 'error', 'timeout'].indexOf(p.status)] as const),
      resets: env.resets.map((r) => [us(r.atMs), r.reason] as const),
      count: laneCounts[lane] as number,
    }
  })
  const invocationsEnd = bytes.length

  const qualifiers = recorder.qualifiers.map((q) => q ?? '')
  const throttles = recorder.throttles
  let previousUs = 0
  for (let i = 0; i < throttles.count; i++) {
    const atUs = Math.max(previousUs, us(throttles.atMs[i] as number))
    bytes.varint(atUs - previousUs)
    previousUs = atUs
    bytes.varint(indexOfFunction(recorder.functionNames[throttles.fn[i] as number] as string))
    bytes.varint(throttles.code[i] as number)
    bytes.varint(throttles.kind[i] as number)
  }
  const throttlesEnd = bytes.length
  const retries = recorder.retries
  previousUs = 0
  for (let i = 0; i < retries.count; i++) {
    const atUs = Math.max(previousUs, us(retries.atMs[i] as number))
    bytes.varint(atUs - previousUs)
    previousUs = atUs
    bytes.varint(indexOfFunction(recorder.functionNames[retries.fn[i] as number] as string))
    bytes.byte(retries.kind[i] as number)
    bytes.varint(Math.max(0, us(retries.dueAtMs[i] as number) - atUs))
  }
  const retriesEnd = bytes.length

  let asyncAccepted = 0
  let asyncFailed = 0
  for (const c of recorder.asyncCounts.values()) {
    asyncAccepted += c.accepted
    asyncFailed += c.failed
  }
  const runCounts: RunCounts = {
    invocations: rows,
    inFlight: recorder.inFlight,
    coldStarts: counts.coldStarts,
    throttles: recorder.throttles.count,
    asyncAccepted,
    asyncRetries: recorder.retries.count,
    asyncFailed,
    errors: counts.errors,
    timeouts: counts.timeouts,
    crashes: counts.crashes,
    environments: recorder.environments.length,
    resets: recorder.environments.reduce((n, e) => n + e.resets.length, 0),
    reclaimed: recorder.environments.reduce((n, e) => n + (e.reclaimedAtMs === undefined ? 0 : 1), 0),
  }

  const reserved: [number, number][][] = functions.map(() => [])
  for (const e of recorder.reservedChanges) reserved[indexOfFunction(e.functionName)]?.push([us(e.atMs), e.reservedConcurrentExecutions ?? -1])
  const provisioned: [number, string, number][][] = functions.map(() => [])
  for (const e of recorder.provisionedChanges) provisioned[indexOfFunction(e.functionName)]?.push([us(e.atMs), e.qualifier, e.status === 'DELETED' || e.status === 'FAILED' ? 0 : e.allocated])

  const meta: RunMeta = {
    title,
    description,
    startMs,
    endUs: us(sim.nowMs),
    functions,
    accountLimit: sim.getAccountSettings().accountLimit.concurrentExecutions,
    reserved,
    provisioned,
    lanes,
    qualifiers,
    errorTypes: recorder.errorTypes.map((t) => t ?? ''),
    throttleReasons: recorder.throttleReasons,
    counts: runCounts,
    sections: {
      invocations: [invocationsStart, invocationsEnd - invocationsStart],
      throttles: [invocationsEnd, throttlesEnd - invocationsEnd],
      retries: [throttlesEnd, retriesEnd - throttlesEnd],
    },
    logs: logsOf(sim, recorder, invocationOfRow, laneOrder, us),
  }
  return { meta, summary: { counts: runCounts, traffic: trafficSplits(recorder, functions.length > 0 ? rows : 0), cost: costOf(sim) } }
}

/** Lines kept by the log store, by invocation (matched by request id, newest rows first) and by lane for init lines. */
function logsOf(
  sim: Simulation,
  recorder: RunRecorder,
  invocationOfRow: Int32Array,
  laneOrder: readonly number[],
  us: (ms: number) => number,
): RunLogs {
  const byRequest = new Map<string, [number, string][]>()
  const laneOfStream = new Map<string, number>()
  laneOrder.forEach((env, lane) => laneOfStream.set((recorder.environments[env] as EnvironmentRecord).logStreamName, lane))
  const byLane = new Map<number, [number, string][]>()
  let kept = 0
  sim.logs.forEachLine((line, requestId) => {
    kept++
    const entry: [number, string] = [us(line.timestamp), line.message]
    if (requestId !== undefined) {
      let lines = byRequest.get(requestId)
      if (lines === undefined) byRequest.set(requestId, (lines = []))
      lines.push(entry)
      return
    }
    const lane = laneOfStream.get(line.logStreamName)
    if (lane === undefined) return
    let lines = byLane.get(lane)
    if (lines === undefined) byLane.set(lane, (lines = []))
    lines.push(entry)
  })
  // Rows completed before the oldest kept line cannot have lines: the scan stops there. An
  // asynchronous event's retries share its request id: each line goes to the attempt that had started by then.
  let oldestLineMs = Infinity
  sim.logs.forEachLine((line) => (oldestLineMs = Math.min(oldestLineMs, line.timestamp)))
  const attempts = new Map<string, number[]>()
  for (let row = recorder.rowCount - 1; row >= 0 && byRequest.size > 0; row--) {
    if ((recorder.completedAtMs[row] as number) < oldestLineMs) break
    const requestId = recorder.requestIdAt(row)
    if (!byRequest.has(requestId)) continue
    let rows = attempts.get(requestId)
    if (rows === undefined) attempts.set(requestId, (rows = []))
    rows.push(row)
  }
  const invocations: [number, string, [number, string][]][] = []
  for (const [requestId, rows] of attempts) {
    const lines = byRequest.get(requestId) as [number, string][]
    if (rows.length === 1) {
      invocations.push([invocationOfRow[rows[0] as number] as number, requestId, lines])
      continue
    }
    rows.sort((a, b) => (recorder.startedAtMs[a] as number) - (recorder.startedAtMs[b] as number))
    const split = rows.map((): [number, string][] => [])
    for (const line of lines) {
      let at = 0
      while (at + 1 < rows.length && us(recorder.startedAtMs[rows[at + 1] as number] as number) <= line[0]) at++
      split[at]?.push(line)
    }
    rows.forEach((row, i) => {
      if ((split[i] as [number, string][]).length > 0) invocations.push([invocationOfRow[row] as number, requestId, split[i] as [number, string][]])
    })
  }
  invocations.sort((a, b) => a[0] - b[0])
  return {
    kept,
    dropped: sim.logs.droppedCount,
    invocations,
    lanes: [...byLane.entries()].sort((a, b) => a[0] - b[0]),
  }
}

function trafficSplits(recorder: RunRecorder, rows: number): TrafficSplit[] {
  const latest = new Map<string, { functionName: string; alias: string; primary: string; weights: Readonly<Record<string, number>> | undefined; changes: number; weighted: boolean }>()
  for (const e of recorder.aliasChanges) {
    const key = `${e.functionName}\u0000${e.aliasName}`
    const previous = latest.get(key)
    const weighted = e.change !== 'deleted' && e.additionalVersionWeights !== undefined && Object.keys(e.additionalVersionWeights).length > 0
    latest.set(key, {
      functionName: e.functionName,
      alias: e.aliasName,
      primary: e.functionVersion,
      weights: e.additionalVersionWeights,
      changes: (previous?.changes ?? -1) + 1,
      weighted: weighted || (previous?.weighted ?? false),
    })
  }
  const splits = [...latest.values()].filter((a) => a.weighted)
  if (splits.length === 0) return []
  const counts = new Map<string, Map<string, number>>()
  for (let row = 0; row < rows; row++) {
    const qualifier = recorder.qualifiers[recorder.qualifier[row] as number]
    if (qualifier === undefined) continue
    const env = recorder.environments[recorder.environmentIndex[row] as number] as EnvironmentRecord
    const key = `${env.functionName}\u0000${qualifier}`
    let byVersion = counts.get(key)
    if (byVersion === undefined) counts.set(key, (byVersion = new Map()))
    byVersion.set(env.version, (byVersion.get(env.version) ?? 0) + 1)
  }
  return splits.map((a) => {
    const extra = Object.entries(a.weights ?? {})
    const extraTotal = extra.reduce((n, [, w]) => n + w, 0)
    const byVersion = counts.get(`${a.functionName}\u0000${a.alias}`) ?? new Map<string, number>()
    return {
      functionName: a.functionName,
      alias: a.alias,
      configured: [{ version: a.primary, weight: Math.max(0, 1 - extraTotal) }, ...extra.map(([version, weight]) => ({ version, weight }))],
      observed: [...byVersion.entries()].sort((x, y) => Number(x[0]) - Number(y[0])).map(([version, invocations]) => ({ version, invocations })),
      weightChanges: a.changes,
    }
  })
}

function costOf(sim: Simulation): CostReport | string {
  try {
    return sim.cost()
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
