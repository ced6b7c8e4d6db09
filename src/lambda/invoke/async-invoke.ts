/**
 * Asynchronous invocation (`InvocationType: Event`): the caller gets 202 at once; the event waits in
 * the function's internal queue and is attempted when concurrency allows, retried per the
 * qualifier's `FunctionEventInvokeConfig`, and finally delivered to the on-success / on-failure
 * destination and (on failure) the function's dead-letter queue.
 *
 * Every accepted event (and every injected duplicate copy) ends in exactly one `async.finished`
 * event: succeeded, or failed with a condition (`RetriesExhausted`, `EventAgeExceeded`,
 * `ZeroReservedConcurrency`) — after the failure deliveries were attempted, each delivery's success
 * or failure recorded. Nothing is lost.
 *
 * Every attempt and every decision reads the configuration in force at that moment, as AWS does
 * for queued events: the version's timeout, memory and environment when the attempt starts; the
 * retry attempts and event age when an attempt ends; destinations and the DLQ when the outcome is
 * delivered.
 */
import type { Decider } from '../../kernel/decisions.js'
import type { Kernel } from '../../kernel/kernel.js'
import { afterFunctionError, afterThrottle, retryPolicyOf, THROTTLE_BACKOFF_START_MS, type AsyncEvent, type NextStep } from '../../model/async-event.js'
import type { FunctionRecord, FunctionVersion } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import { isoTimestamp } from '../../observability/log-format.js'
import type { DeliveryResult, DeliveryRouter, DeliveryTarget, OutboundMessage } from './delivery.js'
import type { FunctionStore } from '../control/function-store.js'
import type { RoleAccess } from './role-access.js'
import type { AttemptResult, InvocationEngine } from './invocation-engine.js'
import type { FaultPlan } from './fault-plan.js'
import { afterInvoking, lineageCount, NO_LINEAGE, RECURSION_COUNT_MAX, type Lineage } from '../../model/lineage.js'
import { unsampledTraceHeader } from '../../observability/trace-header.js'
import { RECURSION_MESSAGE } from './sync-invoke.js'

export interface AsyncOptions {
  /** Probability that an accepted event is delivered twice (a seeded fault; default 0). */
  readonly duplicateProbability: number
}

type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency'

/**
 * The DLQ `ErrorMessage` for an event never run because reserved concurrency is 0, sent without an
 * `ErrorCode` attribute [U: AWS's text as a third-party emulator records it, AWS's typo kept].
 */
export const ZERO_RESERVED_CONCURRENCY_DLQ_MESSAGE = 'Function not invoked. Function isconfigured with zero reserved concurrent executions'

/** An invoke with no payload: the event Lambda hands the function. */
const EMPTY_EVENT_JSON = '{}'

/**
 * An event in the queue, with the last attempt that ran the function: a record for an event that
 * ran, then waited out its age in throttles, still carries that run's response (as AWS's records do).
 * (A field of the event rather than a WeakMap beside it: set on every attempt, read once at the end.)
 */
interface QueuedEvent extends AsyncEvent {
  lastRun: AttemptResult | undefined
}

interface LastAttempt {
  readonly result: AttemptResult | undefined
  readonly throttled: boolean
  /** Stopped by recursive loop detection before it ran: the DLQ message says so. */
  readonly recursive?: true
}

export class AsyncInvoker implements DeliveryTarget {
  constructor(
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly store: FunctionStore,
    private readonly engine: InvocationEngine,
    private readonly decider: Decider,
    private readonly router: DeliveryRouter,
    private readonly routingDraw: () => number,
    private readonly options: AsyncOptions,
    private readonly roles: RoleAccess,
    /** The `faults` option's plan, when it holds one. */
    private readonly faults: FaultPlan | undefined,
  ) {}

  /** Attempts an event the kernel hands back (one closure for every schedule, not one per schedule). */
  private readonly attemptEvent = (event: QueuedEvent): void => this.attempt(event)

  /** Delivers as the function's execution role: a revoked permission fails the delivery. */
  private deliverAs(roleArn: string | undefined, arn: string, message: OutboundMessage): DeliveryResult {
    const denied = roleArn === undefined ? undefined : this.roles.check(roleArn, arn)
    return denied !== undefined ? { ok: false, reason: denied } : this.router.deliver(arn, message)
  }

  /**
   * Accepts an event for `functionName` (+ qualifier): it is queued now and attempted at once if
   * concurrency allows. `lineage` is the invocation's own, this function's count included (none
   * for a direct invoke). Call from kernel dispatch or from the facade (it only schedules).
   */
  accept(functionName: string, qualifier: string | undefined, payloadJson: string, requestId: string, lineage: Lineage = NO_LINEAGE, traceHeader?: string): void {
    const nowMs = this.kernel.nowMs
    // The simulation's own bound (limits.queueMax; AWS's queue has none a caller meets): refused
    // before anything is recorded, with room for a duplicate copy, so the queue stays as it was.
    this.kernel.ensureRoomFor(2)
    this.bus.emit({ type: 'async.accepted', atMs: nowMs, requestId, functionName, qualifier, lineage: lineageCount(lineage, functionName) })
    // A trace Lambda starts for the event decides its sampling once, for every attempt.
    traceHeader ??= this.engine.tracer.eventTrace(requestId, functionName, this.tracingActive(functionName, qualifier))
    const seededDuplicate = this.options.duplicateProbability > 0 && this.decider.chance('async.duplicate', this.options.duplicateProbability)
    // Fault plan (lambda-sim/testing): a planned duplicate takes the seeded duplicate's path; asked
    // after the decision, so a plan never shifts the decision stream.
    const plannedDuplicate = this.faults?.duplicateDelivery(functionName, requestId) ?? false
    const copies = seededDuplicate || plannedDuplicate ? 2 : 1
    for (let copy = 0; copy < copies; copy++) {
      const event: QueuedEvent = {
        requestId,
        functionName,
        qualifier,
        payloadJson,
        acceptedAtMs: nowMs,
        invokeCount: 0,
        functionErrors: 0,
        throttleBackoffMs: THROTTLE_BACKOFF_START_MS,
        copy,
        lineage,
        traceHeader,
        lastRun: undefined,
      }
      this.kernel.schedule(nowMs, this.attemptEvent, event)
    }
  }

  /** Whether the version a qualifier names has active tracing (an alias: `$LATEST`'s setting). [SIM] */
  private tracingActive(functionName: string, qualifier: string | undefined): boolean {
    const record = this.store.records.get(functionName)
    if (record === undefined) return false
    const version = (qualifier !== undefined ? record.versions.get(qualifier) : undefined) ?? record.latest
    return version.configuration.tracingConfig.mode === 'Active'
  }

  /**
   * A service invokes a function asynchronously (SNS, EventBridge, S3) with the `lineage` of the
   * request that led to it: invoking the function is one more of its own. Fails when the function
   * does not exist.
   */
  acceptFromService(functionArn: string, payloadJson: string, lineage: Lineage, traceHeader?: string): DeliveryResult {
    let ref
    try {
      ref = this.store.refOf(functionArn)
      this.store.resolve(ref)
    } catch (error) {
      return { ok: false, reason: (error as Error).message }
    }
    const requestId = this.engine.newRequestId()
    this.accept(ref.functionName, ref.qualifier, payloadJson, requestId, afterInvoking(lineage, ref.functionName), traceHeader)
    return { ok: true, messageId: requestId }
  }

  // DeliveryTarget: a Lambda function as a destination (invoked asynchronously with the record).
  accepts(arn: string): boolean {
    return /^arn:aws[a-zA-Z-]*:lambda:/.test(arn)
  }

  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    let ref
    try {
      ref = this.store.refOf(arn)
      this.store.resolve(ref)
    } catch (error) {
      return { ok: false, reason: (error as Error).message }
    }
    const requestId = this.engine.newRequestId()
    // A message carries the lineage that produced it; invoking the function is one more of its own.
    this.accept(ref.functionName, ref.qualifier, message.body, requestId, afterInvoking(message.lineage ?? NO_LINEAGE, ref.functionName), message.traceHeader)
    return { ok: true, messageId: requestId }
  }

  private attempt(event: QueuedEvent): void {
    const record = this.store.records.get(event.functionName)
    let resolved
    try {
      resolved = this.store.resolve({ functionName: event.functionName, qualifier: event.qualifier })
    } catch {
      // The function (or its alias/version) was deleted while the event waited.
      return this.finishFailure(event, record, undefined, 'RetriesExhausted', { result: undefined, throttled: false })
    }
    const policy = this.policyNow(event, resolved.record)
    const nowMs = this.kernel.nowMs
    if (nowMs - event.acceptedAtMs > policy.eventAgeMsMax) {
      return this.finishFailure(event, resolved.record, undefined, 'EventAgeExceeded', { result: undefined, throttled: false })
    }
    // Recursive loop detection: the function's 17th invocation by the same event stops here, like a failure.
    const count = lineageCount(event.lineage, event.functionName)
    if (count > RECURSION_COUNT_MAX && resolved.record.recursiveLoop !== 'Allow') {
      this.bus.emit({ type: 'invocation.recursionStopped', atMs: nowMs, functionName: event.functionName, lineage: count })
      return this.finishFailure(event, resolved.record, undefined, 'RetriesExhausted', { result: undefined, throttled: false, recursive: true })
    }
    // Reserved concurrency 0: events go to the on-failure destination / DLQ at once, without
    // running and without retries, under AWS's own condition.
    if (resolved.record.reservedConcurrency === 0) {
      return this.finishFailure(event, resolved.record, undefined, 'ZeroReservedConcurrency', { result: undefined, throttled: true })
    }
    const target = this.store.runnable(resolved, this.routingDraw)
    this.bus.emit({
      type: 'async.attempt',
      atMs: nowMs,
      requestId: event.requestId,
      functionName: event.functionName,
      copy: event.copy,
      ageMs: nowMs - event.acceptedAtMs,
    })
    this.engine.start(
      {
        target,
        invokedFunctionArn: this.store.arn(event.functionName, event.qualifier),
        invokedQualifier: event.qualifier,
        requestId: event.requestId,
        payload: event.payloadJson,
        clientContext: undefined,
        collectLog: false,
        lineage: event.lineage,
        // Every attempt keeps the event's trace: the one it came with, or the one Lambda started at acceptance.
        traceHeader: event.traceHeader,
        traceOriginMs: event.acceptedAtMs,
      },
      {
        attemptCompleted: (result) => {
          event.invokeCount++
          event.lastRun = result
          if (result.status === 'success') return this.finishSuccess(event, resolved.record, target, result)
          // The retry budget and the event age in force when the attempt ends decide.
          this.next(event, resolved.record, target, afterFunctionError(event, this.policyNow(event, resolved.record), this.kernel.nowMs), { result, throttled: false })
        },
        attemptThrottled: () =>
          this.next(event, resolved.record, target, afterThrottle(event, this.policyNow(event, resolved.record), this.kernel.nowMs), { result: undefined, throttled: true }),
      },
    )
  }

  private next(event: QueuedEvent, record: FunctionRecord, target: FunctionVersion, step: NextStep, last: LastAttempt): void {
    if (step.kind === 'retry') {
      this.bus.emit({ type: 'async.retryScheduled', atMs: this.kernel.nowMs, requestId: event.requestId, functionName: event.functionName, copy: event.copy, retryAtMs: step.atMs, reason: last.throttled ? 'throttle' : 'function-error' })
      this.kernel.schedule(step.atMs, this.attemptEvent, event)
      return
    }
    this.finishFailure(event, record, target, step.condition, last)
  }

  /** The retry policy in force now (the record as it stands; `fallback` when it was deleted). */
  private policyNow(event: QueuedEvent, fallback: FunctionRecord) {
    return retryPolicyOf(this.configOf(this.store.records.get(event.functionName) ?? fallback, event.qualifier))
  }

  /** The config that governs this qualifier: its own, else the unqualified function's. */
  private configOf(record: FunctionRecord, qualifier: string | undefined) {
    return record.eventInvokeConfigs.get(qualifier ?? '$LATEST') ?? record.eventInvokeConfigs.get('$LATEST')
  }

  /**
   * AWS's invocation record. `responseContext` / `responsePayload` come from the last attempt that
   * ran; an event that never ran (zero reserved concurrency, throttled for its whole age) has none.
   */
  private record(event: QueuedEvent, condition: 'Success' | FailureCondition, last: LastAttempt): Record<string, unknown> {
    const result = last.result ?? event.lastRun
    const record: Record<string, unknown> = {
      version: '1.0',
      timestamp: isoTimestamp(this.kernel.nowMs),
      requestContext: {
        requestId: event.requestId,
        functionArn: this.store.arn(event.functionName, event.qualifier ?? '$LATEST'),
        condition,
        approximateInvokeCount: event.invokeCount,
      },
      requestPayload: event.payloadJson.length === 0 ? {} : (JSON.parse(event.payloadJson) as unknown),
    }
    if (result !== undefined) {
      record['responseContext'] = {
        statusCode: 200,
        executedVersion: result.executedVersion,
        ...(result.functionError !== undefined ? { functionError: result.functionError } : {}),
      }
      record['responsePayload'] = JSON.parse(result.payloadJson) as unknown
    }
    return record
  }

  private finishSuccess(event: QueuedEvent, record: FunctionRecord, target: FunctionVersion, result: AttemptResult): void {
    // Destinations (and the role that delivers) as they stand when the outcome is delivered.
    const current = this.store.records.get(event.functionName) ?? record
    const destination = this.configOf(current, event.qualifier)?.destinationConfig?.onSuccess?.destination
    const role = (this.deliveryVersion(current, target, event.qualifier) ?? target).configuration.role
    const delivered =
      destination === undefined || destination === '' ? undefined : this.sendRecord(event, role, destination, this.record(event, 'Success', { result, throttled: false }), 'Success')
    this.bus.emit({
      type: 'async.finished',
      atMs: this.kernel.nowMs,
      requestId: event.requestId,
      functionName: event.functionName,
      copy: event.copy,
      status: 'succeeded',
      condition: 'Success',
      executedVersion: target.version,
      approximateInvokeCount: event.invokeCount,
      ...(delivered !== undefined ? { destination: delivered } : {}),
    })
  }

  private finishFailure(event: QueuedEvent, record: FunctionRecord | undefined, target: FunctionVersion | undefined, condition: FailureCondition, last: LastAttempt): void {
    let destination: { arn: string; ok: boolean; reason?: string } | undefined
    let deadLetter: { arn: string; ok: boolean; reason?: string } | undefined
    if (record !== undefined) {
      const version = this.deliveryVersion(record, target, event.qualifier)
      const role = version?.configuration.role
      const onFailure = this.configOf(this.store.records.get(event.functionName) ?? record, event.qualifier)?.destinationConfig?.onFailure?.destination
      if (onFailure !== undefined && onFailure !== '') destination = this.sendRecord(event, role, onFailure, this.record(event, condition, last), 'Failure')
      const dlq = version?.configuration.deadLetterConfig?.targetArn
      if (dlq !== undefined && dlq !== '') deadLetter = this.sendDeadLetter(event, role, dlq, condition, last)
    }
    this.bus.emit({
      type: 'async.finished',
      atMs: this.kernel.nowMs,
      requestId: event.requestId,
      functionName: event.functionName,
      copy: event.copy,
      status: 'failed',
      condition,
      ...(target !== undefined ? { executedVersion: target.version } : {}),
      approximateInvokeCount: event.invokeCount,
      ...(destination !== undefined ? { destination } : {}),
      ...(deadLetter !== undefined ? { deadLetter } : {}),
    })
  }

  /**
   * The version whose DLQ and role deliver a failure: a published version is immutable, so the one
   * that ran; `$LATEST` as it stands now (a DLQ changed while the event waited or ran applies).
   */
  private deliveryVersion(record: FunctionRecord, ran: FunctionVersion | undefined, qualifier: string | undefined): FunctionVersion | undefined {
    if (ran !== undefined && ran.version !== '$LATEST') return ran
    const current = this.store.records.get(record.functionName) ?? record
    if (ran !== undefined) return current.latest
    return this.primaryVersion(current, qualifier)
  }

  private primaryVersion(record: FunctionRecord, qualifier: string | undefined): FunctionVersion | undefined {
    try {
      return this.store.versionFor(this.store.resolve({ functionName: record.functionName, qualifier }))
    } catch {
      return undefined
    }
  }

  /** The header a destination or dead-letter queue receives: the last attempt's, else the event's trace. */
  private traceHeaderOf(event: QueuedEvent): string {
    return event.lastRun?.traceHeader() ?? unsampledTraceHeader(event.requestId, event.acceptedAtMs, event.traceHeader, undefined)
  }

  private sendRecord(event: QueuedEvent, role: string | undefined, arn: string, record: Record<string, unknown>, kind: 'Success' | 'Failure'): { arn: string; ok: boolean; reason?: string } {
    const functionArn = this.store.arn(event.functionName, event.qualifier ?? '$LATEST')
    const result = this.deliverAs(role, arn, {
      body: JSON.stringify(record),
      lineage: event.lineage,
      traceHeader: this.traceHeaderOf(event),
      ...(arn.includes(':events:') ? { eventBridge: { source: 'lambda', detailType: `Lambda Function Invocation Result - ${kind}`, resources: [functionArn, arn] } } : {}),
    })
    if (!result.ok) {
      this.bus.emit({ type: 'async.deliveryFailed', atMs: this.kernel.nowMs, requestId: event.requestId, functionName: event.functionName, target: 'destination', arn, reason: result.reason })
    }
    return result.ok ? { arn, ok: true } : { arn, ok: false, reason: result.reason }
  }

  private sendDeadLetter(event: QueuedEvent, role: string | undefined, arn: string, condition: FailureCondition, last: LastAttempt): { arn: string; ok: boolean; reason?: string } {
    const error = last.result === undefined ? undefined : (JSON.parse(last.result.payloadJson) as { errorMessage?: string })
    const zeroReserved = condition === 'ZeroReservedConcurrency'
    // [U] A recursive event's DLQ text and code: the RecursiveInvocationException a synchronous caller gets (400).
    const message = zeroReserved
      ? ZERO_RESERVED_CONCURRENCY_DLQ_MESSAGE
      : last.recursive === true
        ? RECURSION_MESSAGE
        : last.throttled && last.result === undefined
          ? 'Rate Exceeded.'
          : (error?.errorMessage ?? 'Event age exceeded')
    const result = this.deliverAs(role, arn, {
      // The event as the function saw it: no payload is `{}` (and SQS refuses an empty body) [U].
      body: event.payloadJson === '' ? EMPTY_EVENT_JSON : event.payloadJson,
      lineage: event.lineage,
      traceHeader: this.traceHeaderOf(event),
      attributes: {
        RequestID: { DataType: 'String', StringValue: event.requestId },
        ...(zeroReserved ? {} : { ErrorCode: { DataType: 'Number', StringValue: last.recursive === true ? '400' : last.throttled && last.result === undefined ? '429' : '200' } }),
        ErrorMessage: { DataType: 'String', StringValue: message.slice(0, 1024) },
      },
    })
    if (!result.ok) {
      this.bus.emit({ type: 'async.deliveryFailed', atMs: this.kernel.nowMs, requestId: event.requestId, functionName: event.functionName, target: 'dead-letter-queue', arn, reason: result.reason })
    }
    return result.ok ? { arn, ok: true } : { arn, ok: false, reason: result.reason }
  }
}
