/**
 * The poller of one Kinesis or DynamoDB Streams event source mapping (lambda-semantics §8.3–§8.5),
 * on the virtual clock. Everything it does runs in kernel dispatch.
 *
 * - **Shards and lanes.** Each shard is read from its starting position (`TRIM_HORIZON`: the oldest
 *   record still retained; `LATEST`: the end of the shard when the mapping was created;
 *   `AT_TIMESTAMP`: the first record that arrived at or after the timestamp). A shard is read at
 *   most once per poll interval (Kinesis 1 s, DynamoDB 250 ms). Its records are dealt to
 *   `ParallelizationFactor` lanes by the MD5 of their partition key, so records of one key keep their
 *   order; each lane has at most one batch in flight (factor 1: one batch per shard).
 * - **Batches.** Up to `BatchSize` records (and 6 MB of payload) from the head of a lane; with a
 *   batching window, a batch smaller than `BatchSize` waits until the window (counted from its first
 *   record's read) ends. With tumbling windows a batch holds the records of one window only.
 * - **Errors.** A function error, timeout or crash retries the whole batch, the lane blocked
 *   meanwhile, at the next poll interval; `MaximumRetryAttempts` counts these only. A throttle or a
 *   function that cannot be invoked is retried without counting. `BisectBatchOnFunctionError` splits a
 *   failed batch in two (splits do not count as retries; a single record that fails counts).
 *   `ReportBatchItemFailures` checkpoints: the records before the lowest reported sequence number are
 *   done, the rest retried. Records older than `MaximumRecordAgeInSeconds` (or the stream's retention)
 *   are discarded when they come to the head of a lane. Discarded records (retries exhausted, too old)
 *   go to the on-failure destination as AWS's record (`KinesisBatchInfo` / `DDBStreamBatchInfo`),
 *   and `esm.recordsDiscarded` says so.
 * - **Tumbling windows.** The response's `state` is handed to the next invocation of the window;
 *   after the window ends, a final invocation (`isFinalInvokeForWindow: true`) closes it.
 * - **Waking.** The poller schedules a wake-up only while it has work: records in a shard beyond its
 *   read position, a lane waiting for a retry, a window or a batching window. The services tell it of
 *   new records (`recordsAdded`). An idle mapping never keeps `runUntilIdle()` going.
 *
 * - **Fault plans.** A batch entry of the `faults` option (`{ eventSourceMapping?, batch, fault,
 *   records? }`, numbered as the mapping's `esm.batchInvoked` events) reaches the batch it names:
 *   `error`, `timeout` and `throttle` ride on its invocation; `fail-records` reports those positions
 *   failed after the handler ran — with `ReportBatchItemFailures` a checkpoint at the lowest failed
 *   position (itemIdentifier: the sequence number), without it a failed batch.
 *
 *   A response whose `state` serializes to more than 1 MB ends the window early: the next invocation
 *   is a final one with that state and `isWindowTerminatedEarly: true`, and the window then goes
 *   on with a fresh state.
 *
 * [SIM] No resharding, no enhanced fan-out; a retry waits one poll interval (AWS: a backoff).
 * [U] The early end: its invocation carries no records and says `isFinalInvokeForWindow: true`.
 */
import { createHash } from 'node:crypto'
import type { Kernel } from '../kernel/kernel.js'
import type { ThrottleReason } from '../model/concurrency.js'
import type { EventSourceMapping } from '../model/event-source-mapping.js'
import { NO_LINEAGE } from '../model/lineage.js'
import type { EventBus } from '../observability/bus.js'
import type { EsmBatchCompletedEvent } from '../observability/events.js'
import { SYNC_REQUEST_LIMIT_BYTES } from '../runtime/payload.js'
import type { DeliveryRouter } from '../lambda/invoke/delivery.js'
import type { FaultPlan } from '../lambda/invoke/fault-plan.js'
import type { AttemptListener, AttemptResult, InvocationEngine } from '../lambda/invoke/invocation-engine.js'
import type { SyncInvoker } from '../lambda/invoke/sync-invoke.js'
import { readBatchItemFailures } from './batch-response.js'
import { isS3BucketArn, onFailureObject, onFailureRecord, streamRecordFilter, type DiscardCondition, type LambdaStreamRecord, type SourceRecord, type StreamSource } from './stream-records.js'
import { primaryVersion } from '../lambda/control/function-store.js'

/** Records read from a shard per poll (GetRecords' limit). */
const READ_LIMIT = 10_000
const ENVELOPE_BYTES = 400

const OK = 'OK'
const CALL_FAILED = 'PROBLEM: Function call failed'
const THROTTLED = 'PROBLEM: Function call throttled'

interface Entry {
  readonly source: SourceRecord
  readonly json: string
  readonly bytes: number
  readonly readAtMs: number
}

interface TumblingWindow {
  readonly startMs: number
  readonly endMs: number
  state: unknown
  /** The state grew past 1 MB: the next invocation ends the window early (and the window goes on with a fresh state). */
  readonly terminatedEarly?: boolean
}

/** A tumbling window's state may hold this much per shard; past it Lambda ends the window early. */
const WINDOW_STATE_LIMIT_BYTES = 1_048_576

interface Lane {
  readonly index: number
  pending: Entry[]
  inFlight: Batch | undefined
  /** No batch before this instant (a retry waits a poll interval). */
  readyAtMs: number
  /** Function errors on the batch at the head (reset when the head moves on). */
  attempts: number
  /** Invocations of the records at the head (the destination record's `approximateInvokeCount`). */
  invokes: number
  /** Bisecting: the size of the next batches, while `splitRemaining` records of the failed batch remain. */
  splitLimit: number | undefined
  splitRemaining: number
  lastResponse: { executedVersion: string; functionError: string | undefined } | undefined
  lastRequestId: string
  window: TumblingWindow | undefined
}

interface Shard {
  readonly shardId: string
  readIndex: number
  lastReadMs: number
  lanes: Lane[]
  wake: object | undefined
  wakeAtMs: number
  posted: boolean
}

interface Batch {
  readonly id: number
  readonly shard: Shard
  readonly lane: Lane
  readonly entries: readonly Entry[]
  /** A tumbling window's final invocation (maybe with records). */
  readonly final: boolean
  readonly window: TumblingWindow | undefined
  /** A fault plan's `fail-records`: positions (0-based) reported failed after the handler ran. */
  readonly failPositions?: readonly number[] | undefined
}

export interface StreamPollerParts {
  readonly kernel: Kernel
  readonly bus: EventBus
  readonly invoker: SyncInvoker
  readonly engine: InvocationEngine
  readonly router: DeliveryRouter
  /** The `faults` option's plan, when it holds one (batch entries name this poller's batches). */
  readonly faults?: FaultPlan | undefined
}

const wakeShard = (arg: { poller: StreamPoller; shard: Shard }): void => arg.poller.woken(arg.shard)
const postedShard = (arg: { poller: StreamPoller; shard: Shard }): void => arg.poller.posted(arg.shard)

const laneOf = (partitionKey: string, lanes: number): number =>
  lanes <= 1 ? 0 : createHash('md5').update(partitionKey).digest().readUInt32BE(0) % lanes

export class StreamPoller implements AttemptListener {
  private enabled = false
  private readonly shards = new Map<string, Shard>()
  private readonly batches = new Map<number, Batch>()
  private nextBatchId = 1
  private filterOf: EventSourceMapping['filterCriteria'] | null = null
  private filter: ((record: LambdaStreamRecord) => boolean) | undefined = undefined

  constructor(
    private mapping: EventSourceMapping,
    private readonly source: StreamSource,
    private readonly parts: StreamPollerParts,
  ) {
    const now = parts.kernel.nowMs
    for (const shardId of source.shardIds() ?? []) {
      const records = source.records(shardId)
      let readIndex: number
      if (mapping.startingPosition === 'LATEST') readIndex = records.length
      else {
        const fromMs = mapping.startingPosition === 'AT_TIMESTAMP' ? (mapping.startingPositionTimestampMs ?? 0) : now - source.retentionMs() + 1
        readIndex = records.findIndex((record) => record.arrivalMs >= fromMs)
        if (readIndex < 0) readIndex = records.length
      }
      this.shards.set(shardId, { shardId, readIndex, lastReadMs: -Infinity, lanes: [], wake: undefined, wakeAtMs: Infinity, posted: false })
    }
    this.configure(mapping)
  }

  get uuid(): string {
    return this.mapping.uuid
  }

  /** Batches in flight now. */
  get batchesInFlight(): number {
    return this.batches.size
  }

  /** @internal Per shard: the read position and records waiting in lanes (tests, inspection). */
  shardState(shardId: string): { readIndex: number; waiting: number; inFlight: number } | undefined {
    const shard = this.shards.get(shardId)
    if (shard === undefined) return undefined
    return {
      readIndex: shard.readIndex,
      waiting: shard.lanes.reduce((sum, lane) => sum + lane.pending.length, 0),
      inFlight: shard.lanes.filter((lane) => lane.inFlight !== undefined).length,
    }
  }

  configure(mapping: EventSourceMapping): void {
    this.mapping = mapping
    if (mapping.filterCriteria !== this.filterOf) {
      this.filterOf = mapping.filterCriteria
      this.filter = streamRecordFilter(this.source.kind, mapping.filterCriteria)
    }
    for (const shard of this.shards.values()) this.fitLanes(shard)
    const enabled = mapping.state === 'Enabled' || (mapping.state === 'Updating' && this.enabled)
    this.enabled = enabled
    for (const shard of this.shards.values()) {
      if (enabled) this.post(shard)
      else this.cancelWake(shard)
    }
  }

  /** A new `ParallelizationFactor` takes effect on a shard when its lanes are empty and idle. */
  private fitLanes(shard: Shard): void {
    const factor = Math.max(1, this.mapping.parallelizationFactor ?? 1)
    if (shard.lanes.length !== factor && shard.lanes.every((lane) => lane.pending.length === 0 && lane.inFlight === undefined && lane.window === undefined)) {
      shard.lanes = Array.from({ length: factor }, (_, index) => newLane(index))
    }
  }

  /** The stream has new records. */
  recordsAdded(): void {
    if (!this.enabled) return
    const now = this.parts.kernel.nowMs
    for (const shard of this.shards.values()) {
      if (shard.readIndex < this.source.records(shard.shardId).length) this.requestWake(shard, Math.max(now, shard.lastReadMs + this.source.pollIntervalMs))
    }
  }

  // ---------------------------------------------------------------- waking

  private requestWake(shard: Shard, atMs: number): void {
    if (shard.wake !== undefined) {
      if (shard.wakeAtMs <= atMs) return
      this.parts.kernel.cancel(shard.wake)
    }
    shard.wakeAtMs = atMs
    shard.wake = this.parts.kernel.schedule(atMs, wakeShard, { poller: this, shard })
  }

  private cancelWake(shard: Shard): void {
    if (shard.wake !== undefined) this.parts.kernel.cancel(shard.wake)
    shard.wake = undefined
    shard.wakeAtMs = Infinity
  }

  private post(shard: Shard): void {
    if (shard.posted) return
    shard.posted = true
    this.parts.kernel.post(postedShard, { poller: this, shard })
  }

  /** @internal */
  woken(shard: Shard): void {
    shard.wake = undefined
    shard.wakeAtMs = Infinity
    this.service(shard)
  }

  /** @internal */
  posted(shard: Shard): void {
    shard.posted = false
    this.service(shard)
  }

  // ---------------------------------------------------------------- the shard's work

  private service(shard: Shard): void {
    if (!this.enabled) return
    const now = this.parts.kernel.nowMs
    const interval = this.source.pollIntervalMs
    const records = this.source.records(shard.shardId)
    this.fitLanes(shard)
    if (shard.readIndex < records.length && now >= shard.lastReadMs + interval) this.read(shard, records, now)
    let next = Infinity
    for (const lane of shard.lanes) next = Math.min(next, this.advance(shard, lane, now))
    if (shard.readIndex < records.length) next = Math.min(next, Math.max(now + 1, shard.lastReadMs + interval))
    if (next === Infinity) {
      this.cancelWake(shard)
    } else {
      if (shard.wake !== undefined && shard.wakeAtMs !== next) this.cancelWake(shard)
      this.requestWake(shard, Math.max(next, now))
    }
  }

  /** One GetRecords: new records to the lanes, filtered-out ones skipped. */
  private read(shard: Shard, records: readonly SourceRecord[], now: number): void {
    shard.lastReadMs = now
    const end = Math.min(records.length, shard.readIndex + READ_LIMIT)
    const role = this.roleArn()
    let filteredOut = 0
    for (let i = shard.readIndex; i < end; i++) {
      const source = records[i] as SourceRecord
      const record = this.source.toLambda(source, shard.shardId, role)
      if (this.filter !== undefined && !this.filter(record)) {
        filteredOut++
        continue
      }
      const json = JSON.stringify(record)
      const lane = shard.lanes[laneOf(source.partitionKey, shard.lanes.length)] as Lane
      lane.pending.push({ source, json, bytes: Buffer.byteLength(json) + 1, readAtMs: now })
    }
    const received = end - shard.readIndex
    shard.readIndex = end
    if (this.parts.bus.wants('esm.polled')) {
      this.parts.bus.emit({ type: 'esm.polled', atMs: now, uuid: this.mapping.uuid, eventSourceArn: this.mapping.eventSourceArn, received, filteredOut })
    }
  }

  /** Starts the lane's next batch if it can; returns when it next needs attention (Infinity: when told). */
  private advance(shard: Shard, lane: Lane, now: number): number {
    if (lane.inFlight !== undefined) return Infinity
    if (lane.window?.terminatedEarly === true) {
      if (now < lane.readyAtMs) return lane.readyAtMs
      this.invoke(shard, lane, [], true, lane.window)
      return Infinity
    }
    this.expireHead(shard, lane, now)
    const tumblingMs = (this.mapping.tumblingWindowInSeconds ?? 0) * 1000
    if (lane.pending.length === 0) {
      if (lane.window === undefined) return Infinity
      if (now < lane.window.endMs) return lane.window.endMs
      if (now < lane.readyAtMs) return lane.readyAtMs
      this.invoke(shard, lane, [], true, lane.window)
      return Infinity
    }
    if (now < lane.readyAtMs) return lane.readyAtMs
    const head = lane.pending[0] as Entry
    // Tumbling windows: the window of the head record; close the previous window first.
    let window: TumblingWindow | undefined
    if (tumblingMs > 0) {
      const startMs = Math.floor(head.source.arrivalMs / tumblingMs) * tumblingMs
      if (lane.window !== undefined && lane.window.startMs !== startMs) {
        if (now < lane.window.endMs) return lane.window.endMs
        this.invoke(shard, lane, [], true, lane.window)
        return Infinity
      }
      window = lane.window ?? { startMs, endMs: startMs + tumblingMs, state: {} }
    }
    const limit = lane.splitLimit ?? this.mapping.batchSize
    const take: Entry[] = []
    let bytes = ENVELOPE_BYTES
    for (const entry of lane.pending) {
      if (take.length >= limit) break
      if (window !== undefined && entry.source.arrivalMs >= window.endMs) break
      if (take.length > 0 && bytes + entry.bytes > SYNC_REQUEST_LIMIT_BYTES) break
      take.push(entry)
      bytes += entry.bytes
    }
    const retrying = lane.attempts > 0 || lane.splitLimit !== undefined || lane.invokes > 0
    const windowMs = this.mapping.maximumBatchingWindowInSeconds * 1000
    if (!retrying && windowMs > 0 && take.length < limit && take.length === lane.pending.length) {
      const endMs = head.readAtMs + windowMs
      if (now < endMs) return endMs
    }
    // The batch is the window's last when the window has ended and nothing of it is left behind.
    const final = window !== undefined && now >= window.endMs && (lane.pending[take.length] === undefined || (lane.pending[take.length] as Entry).source.arrivalMs >= window.endMs)
    this.invoke(shard, lane, take, final, window)
    return Infinity
  }

  /** Records at the head of a lane older than the maximum age (or the retention) are discarded. */
  private expireHead(shard: Shard, lane: Lane, now: number): void {
    const maxAgeS = this.mapping.maximumRecordAgeInSeconds ?? -1
    const maxAgeMs = Math.min(maxAgeS === -1 ? Infinity : maxAgeS * 1000, this.source.retentionMs())
    let n = 0
    while (n < lane.pending.length && now - (lane.pending[n] as Entry).source.arrivalMs > maxAgeMs) n++
    if (n === 0) return
    const expired = lane.pending.slice(0, n)
    for (let i = 0; i < expired.length; i += this.mapping.batchSize) this.discard(shard, lane, expired.slice(i, i + this.mapping.batchSize), 'RecordAgeExceeded')
  }

  private roleArn(): string {
    const prepared = this.parts.invoker.prepare({ functionName: this.mapping.functionArn })
    if ('immediate' in prepared) return ''
    const version = primaryVersion(prepared.prepared.resolved)
    return version?.configuration.role ?? ''
  }

  private invoke(shard: Shard, lane: Lane, entries: Entry[], final: boolean, window: TumblingWindow | undefined): void {
    const { kernel, bus, invoker, engine } = this.parts
    const id = this.nextBatchId++
    const prepared = invoker.prepare({ functionName: this.mapping.functionArn })
    if ('immediate' in prepared) {
      const error = prepared.immediate.error
      this.mapping.lastProcessingResult =
        error?.name === 'ResourceNotFoundException' ? `PROBLEM: Function not found: ${this.mapping.functionArn}` : `PROBLEM: ${error?.name ?? 'Function call failed'}`
      this.completed({ batch: id, outcome: 'not-invoked', size: entries.length, deleted: 0, returned: entries.length, reason: error?.message ?? '', shardId: shard.shardId })
      // Retried (without counting) until the records expire.
      lane.readyAtMs = kernel.nowMs + this.source.pollIntervalMs
      return
    }
    const records = entries.map((entry) => entry.json).join(',')
    let payloadJson = `{"Records":[${records}]}`
    if (window !== undefined) {
      payloadJson =
        `{"Records":[${records}],"window":${JSON.stringify({ start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() })},` +
        `"state":${JSON.stringify(window.state ?? {})},"shardId":${JSON.stringify(shard.shardId)},"eventSourceARN":${JSON.stringify(this.mapping.eventSourceArn)},` +
        `"isFinalInvokeForWindow":${final},"isWindowTerminatedEarly":${window.terminatedEarly === true}}`
    }
    const requestId = engine.mintRequestId()
    // Fault plan: an error, timeout or throttle rides on the invocation; fail-records on the response.
    const fault = this.parts.faults?.forBatch(this.mapping.uuid, id, entries.length, prepared.prepared.resolved.record.functionName, requestId.value)
    const batch: Batch = { id, shard, lane, entries, final, window, failPositions: fault?.kind === 'fail-records' && fault.positions.length > 0 ? fault.positions : undefined }
    this.batches.set(id, batch)
    lane.inFlight = batch
    lane.invokes++
    lane.lastRequestId = requestId.value
    if (bus.wants('esm.batchInvoked')) {
      bus.emit({
        type: 'esm.batchInvoked',
        atMs: kernel.nowMs,
        uuid: this.mapping.uuid,
        functionArn: this.mapping.functionArn,
        batch: id,
        size: entries.length,
        payloadBytes: Buffer.byteLength(payloadJson),
        requestId: requestId.value,
      })
    }
    invoker.dispatch(prepared.prepared, requestId, payloadJson, this, NO_LINEAGE, id)
  }

  // ---------------------------------------------------------------- outcomes (AttemptListener)

  /** @internal */
  attemptCompleted(result: AttemptResult, tag: number): void {
    const batch = this.batches.get(tag) as Batch
    this.batches.delete(tag)
    const { lane, shard } = batch
    lane.inFlight = undefined
    lane.lastResponse = { executedVersion: result.executedVersion, functionError: result.functionError }
    if (result.status !== 'success') {
      this.failed(batch, result.status === 'error' ? (result.errorType ?? 'error') : result.status)
    } else {
      let response: unknown
      let parsed = true
      try {
        response = result.payloadJson === '' ? null : JSON.parse(result.payloadJson)
      } catch {
        parsed = false
      }
      const isObject = parsed && typeof response === 'object' && response !== null && !Array.isArray(response)
      if (batch.window !== undefined && !batch.final && (!isObject || !('state' in (response as object)))) {
        // A tumbling window's answer must carry `state`.
        this.failed(batch, 'the response has no state')
      } else if (batch.window !== undefined && batch.entries.length === 0) {
        this.succeeded(batch, batch.entries.length, response)
      } else if (this.mapping.functionResponseTypes.includes('ReportBatchItemFailures')) {
        const verdict = readBatchItemFailures(result.payloadJson, new Set(batch.entries.map((entry) => entry.source.sequenceNumber)))
        // A fault plan's fail-records adds its positions to the ones the function reported.
        const failedIds = new Set(verdict.kind === 'partial' ? verdict.failedIds : [])
        if (verdict.kind !== 'failure') for (const position of batch.failPositions ?? []) failedIds.add((batch.entries[position] as Entry).source.sequenceNumber)
        if (verdict.kind === 'failure') this.failed(batch, verdict.reason)
        else if (failedIds.size === 0) this.succeeded(batch, batch.entries.length, response)
        else {
          // The checkpoint: everything before the lowest reported sequence number is done.
          let lowest = batch.entries.length
          batch.entries.forEach((entry, index) => {
            if (failedIds.has(entry.source.sequenceNumber) && index < lowest) lowest = index
          })
          if (lowest > 0) this.succeeded(batch, lowest, response, true)
          this.failed({ ...batch, entries: batch.entries.slice(lowest) }, 'batchItemFailures from the first record', lowest > 0)
        }
      } else if (batch.failPositions !== undefined) {
        // fail-records without ReportBatchItemFailures: the whole batch fails.
        this.failed(batch, 'injected fault: fail-records')
      } else {
        this.succeeded(batch, batch.entries.length, response)
      }
    }
    this.post(shard)
  }

  /** @internal */
  attemptThrottled(reason: ThrottleReason, tag: number): void {
    const batch = this.batches.get(tag) as Batch
    this.batches.delete(tag)
    batch.lane.inFlight = undefined
    this.mapping.lastProcessingResult = THROTTLED
    this.completed({ batch: tag, outcome: 'throttled', size: batch.entries.length, deleted: 0, returned: batch.entries.length, reason, shardId: batch.shard.shardId })
    batch.lane.readyAtMs = this.parts.kernel.nowMs + this.source.pollIntervalMs
    this.post(batch.shard)
  }

  /** The first `count` records of the batch are processed: the lane moves past them. */
  private succeeded(batch: Batch, count: number, response: unknown, partial = false): void {
    const { lane } = batch
    lane.pending.splice(0, count)
    this.movedOn(lane, count)
    if (batch.window !== undefined) {
      const state = typeof response === 'object' && response !== null ? (response as Record<string, unknown>)['state'] : undefined
      const { startMs, endMs } = batch.window
      if (batch.final) lane.window = batch.window.terminatedEarly === true ? { startMs, endMs, state: {} } : undefined
      else lane.window = { startMs, endMs, state: state ?? {}, ...(stateBytes(state) > WINDOW_STATE_LIMIT_BYTES ? { terminatedEarly: true } : {}) }
    }
    this.mapping.lastProcessingResult = OK
    const last = batch.entries[count - 1]
    const now = this.parts.kernel.nowMs
    this.completed({
      batch: batch.id,
      outcome: partial ? 'partial' : 'success',
      size: batch.entries.length,
      deleted: 0,
      returned: batch.entries.length - count,
      shardId: batch.shard.shardId,
      ...(last !== undefined ? { iteratorAgeMs: Math.max(0, now - last.source.arrivalMs), functionName: functionNameOf(this.mapping.functionArn) } : {}),
    })
  }

  /** A function error (or a failed answer) on these records, the lane's head. */
  private failed(batch: Batch, reason: string, partial = false): void {
    const { lane, entries } = batch
    this.mapping.lastProcessingResult = CALL_FAILED
    if (!partial) this.completed({ batch: batch.id, outcome: 'failed', size: entries.length, deleted: 0, returned: entries.length, reason, shardId: batch.shard.shardId })
    if (entries.length === 0) {
      // A final window invocation that failed: retried like any batch.
      lane.readyAtMs = this.parts.kernel.nowMs + this.source.pollIntervalMs
      return
    }
    if (!partial && this.mapping.bisectBatchOnFunctionError === true && entries.length > 1) {
      // Split in two; the halves are tried at once and the split does not count as a retry.
      lane.splitLimit = Math.ceil(entries.length / 2)
      lane.splitRemaining = Math.max(lane.splitRemaining, entries.length)
      // `approximateInvokeCount` counts the invocations of the batch finally given up on.
      lane.invokes = 0
      lane.readyAtMs = this.parts.kernel.nowMs
      return
    }
    lane.attempts++
    const max = this.mapping.maximumRetryAttempts ?? -1
    if (max !== -1 && lane.attempts > max) {
      this.discard(batch.shard, lane, entries, 'RetryAttemptsExhausted')
      lane.readyAtMs = this.parts.kernel.nowMs
      return
    }
    lane.readyAtMs = this.parts.kernel.nowMs + this.source.pollIntervalMs
  }

  /** The head of the lane moved past `count` records: retry counters start over. */
  private movedOn(lane: Lane, count: number): void {
    lane.attempts = 0
    lane.invokes = 0
    if (lane.splitLimit !== undefined) {
      lane.splitRemaining -= count
      if (lane.splitRemaining <= 0) {
        lane.splitLimit = undefined
        lane.splitRemaining = 0
      }
    }
  }

  /** Records given up on: off the lane, to the on-failure destination. */
  private discard(shard: Shard, lane: Lane, entries: readonly Entry[], condition: DiscardCondition): void {
    const first = entries[0]
    const last = entries[entries.length - 1]
    if (first === undefined || last === undefined) return
    lane.pending.splice(0, entries.length)
    const invokeCount = lane.invokes
    this.movedOn(lane, entries.length)
    const destination = this.mapping.destinationConfig?.onFailure?.destination
    let delivered = false
    let failure: string | undefined
    if (destination !== undefined) {
      const body = onFailureRecord({
        kind: this.source.kind,
        requestId: lane.lastRequestId,
        functionArn: this.mapping.functionArn,
        condition,
        approximateInvokeCount: invokeCount,
        response: lane.lastResponse,
        nowMs: this.parts.kernel.nowMs,
        shardId: shard.shardId,
        first: first.source,
        last: last.source,
        batchSize: entries.length,
        streamArn: this.mapping.eventSourceArn,
      })
      // An S3 bucket gets the record with the batch itself, as an object under Lambda's key layout.
      const message = isS3BucketArn(destination)
        ? onFailureObject(body, entries.map((entry) => entry.json), this.mapping.uuid, shard.shardId, this.parts.kernel.nowMs, first.source)
        : { body }
      const result = this.parts.router.deliver(destination, message)
      delivered = result.ok
      if (!result.ok) failure = result.reason
    }
    const bus = this.parts.bus
    if (bus.wants('esm.recordsDiscarded')) {
      bus.emit({
        type: 'esm.recordsDiscarded',
        atMs: this.parts.kernel.nowMs,
        uuid: this.mapping.uuid,
        functionName: functionNameOf(this.mapping.functionArn),
        shardId: shard.shardId,
        condition,
        count: entries.length,
        firstSequenceNumber: first.source.sequenceNumber,
        lastSequenceNumber: last.source.sequenceNumber,
        ...(destination !== undefined ? { destination, delivered } : {}),
        ...(failure !== undefined ? { reason: failure } : {}),
      })
    }
  }

  private completed(fields: Omit<EsmBatchCompletedEvent, 'type' | 'atMs' | 'uuid'>): void {
    const bus = this.parts.bus
    if (bus.wants('esm.batchCompleted')) bus.emit({ type: 'esm.batchCompleted', atMs: this.parts.kernel.nowMs, uuid: this.mapping.uuid, ...fields })
  }
}

function newLane(index: number): Lane {
  return {
    index,
    pending: [],
    inFlight: undefined,
    readyAtMs: 0,
    attempts: 0,
    invokes: 0,
    splitLimit: undefined,
    splitRemaining: 0,
    lastResponse: undefined,
    lastRequestId: '',
    window: undefined,
  }
}

/** `arn:aws:lambda:r:a:function:name[:qualifier]` → `name`. */
function functionNameOf(functionArn: string): string {
  return functionArn.split(':')[6] ?? functionArn
}

/** The serialized size of a window's state (0 when it does not serialize). */
function stateBytes(state: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(state ?? {}) ?? '')
  } catch {
    return 0
  }
}
