/**
 * The poller of one SQS event source mapping (lambda-semantics §8.1, §8.2, §8.4), on the virtual
 * clock: it receives messages in batches, invokes the function synchronously through the invoke
 * path (as a load generator does: one listener object for all its attempts), and deletes what the
 * function processed. Everything it does runs in kernel dispatch.
 *
 * - **Batching.** A batch is invoked when it holds `BatchSize` messages, when its payload would pass
 *   6 MB (the message that does not fit opens the next batch), or when the batching window
 *   (`MaximumBatchingWindowInSeconds`, counted from the batch's first message) ends; with no
 *   window, at once with whatever the queue had.
 * - **Outcomes.** Success deletes the batch. With `ReportBatchItemFailures` the listed messages stay
 *   and the rest are deleted (`batch-response.ts` has AWS's rules for malformed answers). A function
 *   error, timeout or crash, or a throttle, deletes nothing: the messages come back when their
 *   visibility timeout ends — the retry clock — and the queue's own redrive policy moves a message to
 *   its dead-letter queue after `maxReceiveCount` receives, as SQS does.
 * - **FIFO.** The queue hands out a group's messages in order and none after one in flight, so a
 *   failed message of a group is retried before any later message of the group is read.
 * - **Scaling.** 5 concurrent batches at first; while every slot is busy and messages remain, 5 more
 *   each second (300 a minute), up to 1,250, or `ScalingConfig.MaximumConcurrency`. Back to 5 when
 *   the queue is empty and nothing is in flight. A throttle lowers the concurrency to what is in
 *   flight (at least the start value) and pauses polling for a second.
 * - **Waking.** The poller sleeps when it has nothing to do and schedules nothing: it is woken by
 *   the queue when a message is sent or made visible (`messageVisible`), by its own batches when
 *   they end, at the end of a batching window, and at the instant the next hidden message of the
 *   queue becomes visible (the retry clock). Scaling steps are background events, so an idle
 *   mapping never keeps `runUntilIdle()` going.
 *
 * [SIM] Scaling in whole steps of 5 per second; the poller scales back to 5 at once when the queue
 * is empty (AWS: gradually, down to 2). Low traffic never waits past the window (AWS: up to 20 s).
 * (With a window, messages are received with window + function timeout + 30 s of visibility when the
 * two together exceed the queue's visibility timeout, as §8.2 says Lambda does.)
 */
import type { SQSRecord } from 'aws-lambda'
import { SqsError } from '../aws/sqs/errors.js'
import type { SqsService } from '../aws/sqs/service.js'
import type { Kernel } from '../kernel/kernel.js'
import type { ThrottleReason } from '../model/concurrency.js'
import type { EventSourceMapping } from '../model/event-source-mapping.js'
import type { EventBus } from '../observability/bus.js'
import type { EsmBatchCompletedEvent } from '../observability/events.js'
import { SYNC_REQUEST_LIMIT_BYTES, type BuiltPayload } from '../runtime/payload.js'
import type { FaultPlan } from '../lambda/invoke/fault-plan.js'
import type { AttemptListener, AttemptResult, InvocationEngine } from '../lambda/invoke/invocation-engine.js'
import { RECURSION_MESSAGE, type SyncInvoker } from '../lambda/invoke/sync-invoke.js'
import { lineageOf } from '../observability/trace-header.js'
import { afterInvoking, lineageCount, mergeLineages, NO_LINEAGE, RECURSION_COUNT_MAX, type Lineage } from '../model/lineage.js'
import { readBatchItemFailures } from './batch-response.js'
import { copySqsRecord, recordFilter, sqsRecord, sqsRecordBytes } from './sqs-records.js'
import { primaryVersion } from '../lambda/control/function-store.js'

/** Concurrent batches a poller starts with. */
export const SQS_INITIAL_CONCURRENCY = 5
/** Concurrent invocations one SQS mapping scales to at most. */
export const SQS_MAX_CONCURRENCY = 1250
/** Added each second while messages remain (300 a minute). */
export const SQS_SCALE_STEP = 5
const SCALE_INTERVAL_MS = 1000
const THROTTLE_PAUSE_MS = 1000
/** `{"Records":[` … `]}` */
const ENVELOPE_BYTES = Buffer.byteLength('{"Records":[]}')

/** A received message waiting in the batch being filled. */
interface Pending {
  readonly record: SQSRecord
  /** The record's size in the request body. */
  readonly bytes: number
}

/** A batch in flight. */
interface Batch {
  readonly id: number
  readonly records: readonly SQSRecord[]
  /** A fault plan's `fail-records`: positions (0-based) the response reports failed too. */
  readonly failPositions: readonly number[] | undefined
}

/** The mapping's answer, as `LastProcessingResult`. */
const OK = 'OK'
const CALL_FAILED = 'PROBLEM: Function call failed'
/** [U] AWS's wording for a throttled invoke. */
const THROTTLED = 'PROBLEM: Function call throttled'

const wakeUp = (poller: SqsPoller): void => poller.woken()
const scaleUp = (poller: SqsPoller): void => poller.scaleTick()
const pollPosted = (poller: SqsPoller): void => poller.postedPoll()

export interface SqsPollerParts {
  readonly kernel: Kernel
  readonly bus: EventBus
  readonly sqs: SqsService
  readonly invoker: SyncInvoker
  readonly engine: InvocationEngine
  readonly region: string
  /** The `faults` option's plan, when it holds one (batch entries name this poller's batches). */
  readonly faults?: FaultPlan | undefined
}

export class SqsPoller implements AttemptListener {
  private enabled = false
  /** Batches in flight (each one invocation). */
  private inFlight = 0
  /** How many batches may be in flight now (grows while messages remain). */
  private concurrency: number
  /** The batch being filled, and what is already received for the one after it. */
  private pending: Pending[] = []
  private pendingBytes = ENVELOPE_BYTES
  private pendingSinceMs = 0
  private overflow: Pending[] = []
  /** The one foreground wake-up scheduled (window end, next visible message, throttle pause). */
  private wake: object | undefined = undefined
  private wakeAtMs = Infinity
  private scaleEvent: object | undefined = undefined
  private postPending = false
  private pausedUntilMs = 0
  private nextBatchId = 1
  private readonly batches = new Map<number, Batch>()
  private filterOf: EventSourceMapping['filterCriteria'] | null = null
  private filter: ((record: SQSRecord) => boolean) | undefined = undefined
  private polling = false
  /** The visibility timeout this poll receives with (undefined: the queue's). */
  private receiveVisibilityS: number | undefined = undefined

  constructor(
    private mapping: EventSourceMapping,
    private readonly parts: SqsPollerParts,
  ) {
    this.concurrency = this.initialConcurrency()
    this.configure(mapping)
  }

  get uuid(): string {
    return this.mapping.uuid
  }

  get eventSourceArn(): string {
    return this.mapping.eventSourceArn
  }

  /** Batches in flight now. */
  get batchesInFlight(): number {
    return this.inFlight
  }

  /** How many batches may run at once now. */
  get currentConcurrency(): number {
    return this.concurrency
  }

  /** True while nothing of the poller is left: not enabled, nothing in flight or held. */
  get finished(): boolean {
    return !this.enabled && this.inFlight === 0 && this.pending.length === 0 && this.overflow.length === 0
  }

  /** The mapping was created or changed: take its settings, start or stop. */
  configure(mapping: EventSourceMapping): void {
    this.mapping = mapping
    if (mapping.filterCriteria !== this.filterOf) {
      this.filterOf = mapping.filterCriteria
      this.filter = recordFilter(mapping.filterCriteria)
    }
    this.concurrency = Math.min(Math.max(this.concurrency, this.initialConcurrency()), this.maxConcurrency())
    // `Updating` keeps the poller as it was (an update of a disabled mapping does not start it).
    const enabled = mapping.state === 'Enabled' || (mapping.state === 'Updating' && this.enabled)
    if (enabled && !this.enabled) {
      this.enabled = true
      this.requestWake(this.parts.kernel.nowMs)
    } else if (!enabled && this.enabled) {
      this.enabled = false
      this.cancelWakes()
      // Received but never invoked: back to the queue when their visibility timeout ends.
      this.pending = []
      this.overflow = []
      this.pendingBytes = ENVELOPE_BYTES
    } else if (enabled) {
      this.requestWake(this.parts.kernel.nowMs)
    }
  }

  /** The queue has a message visible at `atMs` (sent, delayed, or made visible again). */
  messageVisible(atMs: number): void {
    if (this.enabled) this.requestWake(Math.max(atMs, this.parts.kernel.nowMs))
  }

  // ---------------------------------------------------------------- waking

  private requestWake(atMs: number): void {
    if (atMs < this.pausedUntilMs) atMs = this.pausedUntilMs
    if (this.wake !== undefined) {
      if (this.wakeAtMs <= atMs) return
      this.parts.kernel.cancel(this.wake)
    }
    this.wakeAtMs = atMs
    this.wake = this.parts.kernel.schedule(atMs, wakeUp, this)
  }

  /** The one wake-up at `atMs` (none when undefined), whatever was scheduled before. */
  private resetWake(atMs: number | undefined): void {
    if (this.wake !== undefined && this.wakeAtMs === atMs) return
    if (this.wake !== undefined) this.parts.kernel.cancel(this.wake)
    this.wake = undefined
    this.wakeAtMs = Infinity
    if (atMs !== undefined) this.requestWake(atMs)
  }

  private cancelWakes(): void {
    if (this.wake !== undefined) this.parts.kernel.cancel(this.wake)
    if (this.scaleEvent !== undefined) this.parts.kernel.cancel(this.scaleEvent)
    this.wake = undefined
    this.wakeAtMs = Infinity
    this.scaleEvent = undefined
  }

  /** @internal */
  woken(): void {
    this.wake = undefined
    this.wakeAtMs = Infinity
    this.poll()
  }

  /** Poll again at this instant, after the current event (a batch ended). */
  private postPoll(): void {
    if (this.postPending || !this.enabled) return
    this.postPending = true
    this.parts.kernel.post(pollPosted, this)
  }

  /** @internal */
  postedPoll(): void {
    this.postPending = false
    this.poll()
  }

  /** @internal A scaling step: more concurrency while every slot is busy. */
  scaleTick(): void {
    this.scaleEvent = undefined
    if (!this.enabled || this.inFlight < this.concurrency) return
    this.concurrency = Math.min(this.concurrency + SQS_SCALE_STEP, this.maxConcurrency())
    this.poll()
  }

  private initialConcurrency(): number {
    return Math.min(SQS_INITIAL_CONCURRENCY, this.maxConcurrency())
  }

  private maxConcurrency(): number {
    return Math.min(SQS_MAX_CONCURRENCY, this.mapping.scalingConfig?.maximumConcurrency ?? SQS_MAX_CONCURRENCY)
  }

  // ---------------------------------------------------------------- polling

  private poll(): void {
    if (!this.enabled || this.polling) return
    const now = this.parts.kernel.nowMs
    if (now < this.pausedUntilMs) {
      this.requestWake(this.pausedUntilMs)
      return
    }
    this.polling = true
    try {
      this.pollLoop(now)
    } finally {
      this.polling = false
    }
  }

  private pollLoop(now: number): void {
    const windowMs = this.mapping.maximumBatchingWindowInSeconds * 1000
    this.receiveVisibilityS = windowMs > 0 ? this.windowVisibilityS() : undefined
    while (this.inFlight < this.concurrency && this.enabled && now >= this.pausedUntilMs) {
      const state = this.fill(now)
      if (state === 'gone') return
      if (this.pending.length === 0) {
        // The queue has nothing visible for us: sleep until something becomes visible.
        if (this.inFlight === 0) this.concurrency = this.initialConcurrency()
        // (A wake-up set earlier for a message since deleted is dropped.)
        this.resetWake(this.parts.sqs.nextVisibleAtMs(this.mapping.eventSourceArn))
        return
      }
      if (state === 'full' || windowMs === 0 || now >= this.pendingSinceMs + windowMs) {
        this.invoke()
        continue
      }
      // A window is open and the batch is not full: invoke when it ends (or when it fills).
      this.requestWake(this.pendingSinceMs + windowMs)
      return
    }
    // Every slot busy: if messages remain, scale up in steps.
    if (this.enabled && this.inFlight >= this.concurrency && this.concurrency < this.maxConcurrency() && this.scaleEvent === undefined) {
      this.scaleEvent = this.parts.kernel.schedule(now + SCALE_INTERVAL_MS, scaleUp, this, true)
    }
  }

  /**
   * Receives into the batch being filled until it is full (by count or by payload), or the queue has
   * nothing more to give now. Filtered-out messages are deleted as they come.
   */
  private fill(now: number): 'full' | 'open' | 'gone' {
    const batchSize = this.mapping.batchSize
    while (this.overflow.length > 0 && this.pending.length < batchSize) {
      const next = this.overflow[0] as Pending
      if (this.pending.length > 0 && this.pendingBytes + next.bytes + 1 > SYNC_REQUEST_LIMIT_BYTES) return 'full'
      this.overflow.shift()
      this.add(next, now)
    }
    if (this.overflow.length > 0) return 'full'
    while (this.pending.length < batchSize) {
      let messages
      try {
        // ReceiveMessage with `All` attributes (the service's poller entry: no request to parse).
        messages = this.parts.sqs.receiveAll(this.mapping.eventSourceArn, Math.min(10, batchSize - this.pending.length), this.receiveVisibilityS)
      } catch (error) {
        if (!(error instanceof SqsError)) throw error
        // [U] The queue is gone: the mapping keeps its state and reports the problem.
        this.mapping.lastProcessingResult = 'PROBLEM: The source queue does not exist'
        return 'gone'
      }
      if (messages.length === 0) return 'open'
      let filteredOut = 0
      const filter = this.filter
      let full = false
      for (const message of messages) {
        const record = sqsRecord(message, this.mapping.eventSourceArn, this.parts.region)
        if (filter !== undefined && !filter(record)) {
          filteredOut++
          this.deleteHandles([record])
          continue
        }
        const entry: Pending = { record, bytes: sqsRecordBytes(record) }
        if (full || (this.pending.length > 0 && this.pendingBytes + entry.bytes + 1 > SYNC_REQUEST_LIMIT_BYTES)) {
          // The 6 MB payload is reached: this message opens the next batch.
          full = true
          this.overflow.push(entry)
          continue
        }
        this.add(entry, now)
      }
      if (this.parts.bus.wants('esm.polled')) {
        this.parts.bus.emit({ type: 'esm.polled', atMs: now, uuid: this.mapping.uuid, eventSourceArn: this.mapping.eventSourceArn, received: messages.length, filteredOut })
      }
      if (full) return 'full'
    }
    return 'full'
  }

  /**
   * With a batching window, messages wait in the poller before the function sees them: when the
   * window and the function's timeout together exceed the queue's visibility timeout, Lambda
   * receives with window + timeout + 30 s instead (§8.2), so a waiting message is not received twice.
   */
  private windowVisibilityS(): number | undefined {
    const windowS = this.mapping.maximumBatchingWindowInSeconds
    const queueS = this.parts.sqs.visibilityTimeoutS(this.mapping.eventSourceArn)
    const prepared = this.parts.invoker.prepare({ functionName: this.mapping.functionArn })
    if (queueS === undefined || 'immediate' in prepared) return undefined
    const version = primaryVersion(prepared.prepared.resolved)
    const timeoutS = version?.configuration.timeout ?? 3
    return windowS + timeoutS > queueS ? Math.min(windowS + timeoutS + 30, 43_200) : undefined
  }

  private add(entry: Pending, now: number): void {
    if (this.pending.length === 0) this.pendingSinceMs = now
    else this.pendingBytes += 1
    this.pending.push(entry)
    this.pendingBytes += entry.bytes
  }

  /** Invokes the function with the batch being filled. */
  private invoke(): void {
    let pending = this.pending
    let payloadBytes = this.pendingBytes
    this.pending = []
    this.pendingBytes = ENVELOPE_BYTES
    let id = this.nextBatchId++
    let records = pending.map((entry) => entry.record)
    const { kernel, bus, invoker, engine } = this.parts
    const prepared = invoker.prepare({ functionName: this.mapping.functionArn })
    if ('immediate' in prepared) {
      // [U] The function (or its qualifier) is gone, or the mapping may not invoke it.
      const error = prepared.immediate.error
      this.mapping.lastProcessingResult =
        error?.name === 'ResourceNotFoundException' ? `PROBLEM: Function not found: ${this.mapping.functionArn}` : `PROBLEM: ${error?.name ?? 'Function call failed'}`
      this.completed({ batch: id, outcome: 'not-invoked', size: records.length, deleted: 0, returned: records.length, reason: error?.message ?? '' })
      // Nothing more now: the messages' visibility timeout (the retry clock) brings the poller back.
      this.pausedUntilMs = kernel.nowMs + THROTTLE_PAUSE_MS
      const next = this.parts.sqs.nextVisibleAtMs(this.mapping.eventSourceArn)
      if (next !== undefined) this.requestWake(next)
      return
    }
    // Recursive loop detection (§10.1): the messages' headers carry the lineage that sent them; a
    // message that would be the function's 17th invocation by the same event is not invoked and
    // stays on the queue, to come back after its visibility timeout and reach the queue's
    // dead-letter queue after `maxReceiveCount`.
    const callee = prepared.prepared.resolved.record
    let sent = lineageOfBatch(records)
    // This invocation is one more of the function's own ('' → 0 without parsing: most batches carry none).
    const count = lineageCount(sent, callee.functionName) + 1
    if (count > RECURSION_COUNT_MAX && callee.recursiveLoop !== 'Allow') {
      // Only the loop's messages are held back (with a FIFO group's later messages, to keep its
      // order): a message of another chain that shares the batch is not dead-lettered for it [U].
      const held = recursiveEntries(pending, callee.functionName)
      bus.emit({ type: 'invocation.recursionStopped', atMs: kernel.nowMs, functionName: callee.functionName, lineage: count })
      this.mapping.lastProcessingResult = CALL_FAILED
      this.completed({ batch: id, outcome: 'not-invoked', size: held.size, deleted: 0, returned: held.size, reason: `RecursiveInvocationException: ${RECURSION_MESSAGE}` })
      if (held.size === pending.length) return
      pending = pending.filter((entry) => !held.has(entry))
      records = pending.map((entry) => entry.record)
      payloadBytes = pending.reduce((bytes, entry) => bytes + entry.bytes + 1, ENVELOPE_BYTES - 1)
      id = this.nextBatchId++
      sent = lineageOfBatch(records)
    }
    // The records go to the handler as values (copied fresh per attempt), not serialized and parsed back.
    const payload: BuiltPayload = { event: () => ({ Records: records.map(copySqsRecord) }) }
    const requestId = engine.mintRequestId()
    // Fault plan: an error, timeout or throttle rides on the invocation; fail-records on the response.
    const fault = this.parts.faults?.forBatch(this.mapping.uuid, id, records.length, prepared.prepared.resolved.record.functionName, requestId.value)
    this.batches.set(id, { id, records, failPositions: fault?.kind === 'fail-records' ? fault.positions : undefined })
    this.inFlight++
    if (bus.wants('esm.batchInvoked')) {
      bus.emit({
        type: 'esm.batchInvoked',
        atMs: kernel.nowMs,
        uuid: this.mapping.uuid,
        functionArn: this.mapping.functionArn,
        batch: id,
        size: records.length,
        payloadBytes,
        requestId: requestId.value,
      })
    }
    invoker.dispatch(prepared.prepared, requestId, payload, this, afterInvoking(sent, callee.functionName), id, traceLinksOf(records))
  }

  // ---------------------------------------------------------------- outcomes (AttemptListener)

  /** @internal */
  attemptCompleted(result: AttemptResult, tag: number): void {
    const batch = this.takeBatch(tag)
    const size = batch.records.length
    const injected = result.status === 'success' && batch.failPositions !== undefined && batch.failPositions.length > 0 ? batch.failPositions : undefined
    if (result.status !== 'success') {
      this.mapping.lastProcessingResult = CALL_FAILED
      this.completed({ batch: tag, outcome: 'failed', size, deleted: 0, returned: size, reason: result.status === 'error' ? (result.errorType ?? 'error') : result.status })
    } else if (injected !== undefined) {
      this.injectedFailures(batch, injected, result.payloadJson)
    } else if (!this.mapping.functionResponseTypes.includes('ReportBatchItemFailures')) {
      this.mapping.lastProcessingResult = OK
      this.completed({ batch: tag, outcome: 'success', size, deleted: this.deleteHandles(batch.records), returned: 0 })
    } else {
      const verdict = readBatchItemFailures(result.payloadJson, new Set(batch.records.map((record) => record.messageId)))
      if (verdict.kind === 'success') {
        this.mapping.lastProcessingResult = OK
        this.completed({ batch: tag, outcome: 'success', size, deleted: this.deleteHandles(batch.records), returned: 0 })
      } else if (verdict.kind === 'failure') {
        this.mapping.lastProcessingResult = CALL_FAILED
        this.completed({ batch: tag, outcome: 'failed', size, deleted: 0, returned: size, reason: verdict.reason })
      } else {
        this.mapping.lastProcessingResult = OK
        const succeeded = batch.records.filter((record) => !verdict.failedIds.has(record.messageId))
        this.completed({ batch: tag, outcome: 'partial', size, deleted: this.deleteHandles(succeeded), returned: size - succeeded.length })
      }
    }
    this.postPoll()
  }

  /**
   * A fault plan's `fail-records`: the response reports these records failed as well as any the
   * function listed. Without `ReportBatchItemFailures` (or when the response fails the whole batch
   * by itself) the whole batch fails.
   */
  private injectedFailures(batch: Batch, positions: readonly number[], payloadJson: string): void {
    const size = batch.records.length
    const verdict = this.mapping.functionResponseTypes.includes('ReportBatchItemFailures')
      ? readBatchItemFailures(payloadJson, new Set(batch.records.map((record) => record.messageId)))
      : ({ kind: 'failure', reason: 'injected fault: fail-records' } as const)
    if (verdict.kind === 'failure') {
      this.mapping.lastProcessingResult = CALL_FAILED
      this.completed({ batch: batch.id, outcome: 'failed', size, deleted: 0, returned: size, reason: verdict.reason })
      return
    }
    const failedIds = new Set(verdict.kind === 'partial' ? verdict.failedIds : [])
    for (const position of positions) failedIds.add((batch.records[position] as SQSRecord).messageId)
    this.mapping.lastProcessingResult = OK
    const succeeded = batch.records.filter((record) => !failedIds.has(record.messageId))
    this.completed({ batch: batch.id, outcome: 'partial', size, deleted: this.deleteHandles(succeeded), returned: size - succeeded.length })
  }

  /** @internal */
  attemptThrottled(reason: ThrottleReason, tag: number): void {
    const batch = this.takeBatch(tag)
    const size = batch.records.length
    this.mapping.lastProcessingResult = THROTTLED
    this.completed({ batch: tag, outcome: 'throttled', size, deleted: 0, returned: size, reason })
    // Back off: no more concurrency than the function accepts now, and a pause.
    this.concurrency = Math.max(this.initialConcurrency(), Math.min(this.concurrency, this.inFlight))
    this.pausedUntilMs = this.parts.kernel.nowMs + THROTTLE_PAUSE_MS
    if (this.enabled) this.requestWake(this.pausedUntilMs)
  }

  private takeBatch(tag: number): Batch {
    const batch = this.batches.get(tag) as Batch
    this.batches.delete(tag)
    this.inFlight--
    return batch
  }

  private completed(fields: Omit<EsmBatchCompletedEvent, 'type' | 'atMs' | 'uuid'>): void {
    const bus = this.parts.bus
    if (bus.wants('esm.batchCompleted')) bus.emit({ type: 'esm.batchCompleted', atMs: this.parts.kernel.nowMs, uuid: this.mapping.uuid, ...fields })
  }

  /** Deletes the records' messages (10 per request); returns how many requests succeeded. */
  private deleteHandles(records: readonly SQSRecord[]): number {
    return this.parts.sqs.deleteAll(this.mapping.eventSourceArn, records.map((record) => record.receiptHandle))
  }

}

/**
 * The entries recursive loop detection holds back: each message that would invoke `functionName` a
 * 17th time, and the later messages of its FIFO message group (they may not overtake it).
 */
function recursiveEntries(pending: readonly Pending[], functionName: string): Set<Pending> {
  const held = new Set<Pending>()
  const heldGroups = new Set<string>()
  for (const entry of pending) {
    const group = entry.record.attributes.MessageGroupId
    const recursive = lineageCount(lineageOf(entry.record.attributes.AWSTraceHeader), functionName) + 1 > RECURSION_COUNT_MAX
    if (recursive || (group !== undefined && heldGroups.has(group))) {
      held.add(entry)
      if (group !== undefined) heldGroups.add(group)
    }
  }
  return held
}

/** The batch's messages' lineages in one, each function at its largest count ('' for none). */
function lineageOfBatch(records: readonly SQSRecord[]): Lineage {
  let lineage = NO_LINEAGE
  for (const record of records) lineage = mergeLineages(lineage, lineageOf(record.attributes.AWSTraceHeader))
  return lineage
}

/**
 * The X-Ray headers the batch's messages were sent with: the invocation starts a trace of its own
 * and links theirs (X-Ray's trace linking for SQS → Lambda); `undefined` (nothing made) when none has one.
 */
function traceLinksOf(records: readonly SQSRecord[]): string[] | undefined {
  let headers: string[] | undefined
  for (const record of records) {
    const header = record.attributes.AWSTraceHeader
    if (header !== undefined) (headers ??= []).push(header)
  }
  return headers
}
