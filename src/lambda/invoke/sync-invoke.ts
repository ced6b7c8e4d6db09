/**
 * The `Invoke` API for `RequestResponse` and `DryRun`: request validation and limits, then one
 * attempt through the invocation engine, answered in AWS's response shape. Every answer AWS would
 * give (a function error, a 4xx) is data in the result; nothing here throws for those.
 */
import { safeParseWith, toAwsValidationError } from '../../config/aws-validation.js'
import { invokeInputSchema, type InvokeInput } from '../../config/invoke-schema.js'
import { wellFormedInvokeInput } from '../../config/invoke-input-check.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import { SimulationError } from '../../kernel/simulation-error.js'
import type { RateWindow } from '../../model/concurrency.js'
import type { Task } from '../../kernel/kernel.js'
import type { EventBus } from '../../observability/bus.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { RequestId } from '../../kernel/request-id.js'
import type { ClientContext } from '../../runtime/context.js'
import type { FunctionRecord } from '../../model/function-record.js'
import { afterInvoking, lineageCount, NO_LINEAGE, RECURSION_COUNT_MAX, type Lineage } from '../../model/lineage.js'
import type { Caller } from '../../model/policy.js'
import { byteLength, copyPlainJson, exceedsBytes, PlainRequestBody, SYNC_REQUEST_LIMIT_BYTES, type RequestPayload } from '../../runtime/payload.js'
import type { FunctionRef, FunctionStore, ResolvedQualifier } from '../control/function-store.js'
import type { AttemptListener, AttemptResult, InvocationEngine } from './invocation-engine.js'
import { fieldClosure } from '../../kernel/field-closure.js'

const CLIENT_CONTEXT_LIMIT_BYTES = 3583
const LOG_TAIL_BYTES = 4096

export { invokeInputSchema, type InvokeInput } from '../../config/invoke-schema.js'
export type { InvokeResult } from '../../model/invoke-result.js'

/** How the Invoke API queues an `Event` invocation. */
export type AcceptAsync = (functionName: string, qualifier: string | undefined, payloadJson: string, requestId: string, lineage?: Lineage, traceHeader?: string) => void

export class SyncInvoker {
  /**
   * `RequestResponse` requests from outside the simulation (`sim.invoke`, the SDK bridge's `Invoke`)
   * submitted and not yet answered, and the one of them submitted when none was (still lone while
   * no other has joined it). A lone request is a lone caller's: see `dispatch`'s `countsTowardRate`.
   */
  private outsideInFlight = 0
  private loneRequest: PendingInvoke | undefined = undefined
  /** The last identifier resolved to a reference (a pure function of the text: see `refOf`). */
  private readonly lastRef = new LastRef()

  constructor(
    private readonly kernel: Kernel,
    private readonly store: FunctionStore,
    private readonly engine: InvocationEngine,
    /** The routing draw for weighted aliases (one decision per invocation). */
    private readonly routingDraw: () => number,
    /** The resource-based policy check; an error when the caller may not invoke. */
    private readonly authorize: (record: FunctionRecord, qualifier: string | undefined, caller: Caller | undefined) => LambdaError | undefined,
    /** Invoke requests per second the Region accepts (10 × the account's concurrency). */
    private readonly requestRate: RateWindow,
    private readonly bus: EventBus,
    /** The limit for `Event` payloads: 1 MB since Oct 2025 (256 KB before). */
    private readonly asyncPayloadLimitBytes: number,
    /** Hands an `Event` invocation to the asynchronous queue (`async-invoke.ts`). */
    private readonly acceptAsync: AcceptAsync,
  ) {}

  /**
   * Validates and, for `RequestResponse`, schedules the invocation to start *now* on the virtual
   * clock. Returns the immediate answer when there is nothing to run.
   */
  submit(input: InvokeInput): { immediate: InvokeResult } | { pending: PendingInvoke } {
    const prepared = this.prepare(input, true)
    if ('immediate' in prepared) return prepared
    // An event the queue has no room for is refused before its id is drawn or its rate recorded.
    if (prepared.prepared.invocationType === 'Event') this.kernel.ensureRoomFor(2)
    // Minted before the type is known (the same draw either way); an event's id is text at once.
    const requestId = this.engine.mintRequestId()
    if (prepared.prepared.invocationType === 'Event') {
      // Asynchronous: the caller's request counts against the Region's rate; the event is queued.
      if (!this.requestRate.tryRecord(this.kernel.nowMs)) return { immediate: throttledResult('CallerRateLimitExceeded') }
      const { resolved, invokedQualifier, payloadJson } = prepared.prepared
      const text = requestId.value
      this.acceptAsync(resolved.record.functionName, invokedQualifier, payloadJson, text)
      return { immediate: { statusCode: 202, payload: null, payloadJson: '', requestId: text } }
    }
    const pending = new PendingInvoke(this, prepared.prepared, requestId)
    // A lone caller (no other outside request awaiting its answer while this one waits to start)
    // is not counted toward the Region's request rate: docs/concurrency.md section 3. Requests in
    // flight together are all concurrent, the first one included.
    if (this.outsideInFlight === 0) {
      pending.lone = true
      this.loneRequest = pending
    } else if (this.loneRequest !== undefined) {
      this.loneRequest.lone = false
      this.loneRequest = undefined
    }
    this.outsideInFlight++
    this.kernel.post(this.dispatchPending, pending)
    return { pending }
  }

  /** Runs a request `submit` accepted (posted with its `PendingInvoke`: no closure per request). */
  private readonly dispatchPending = fieldClosure((pending: PendingInvoke): void => {
    const prepared = pending.prepared
    this.dispatch(prepared, pending.requestId, prepared.body, pending, NO_LINEAGE, 0, undefined, !pending.lone)
  })

  /** @internal An outside request was answered (`PendingInvoke`). */
  outsideAnswered(pending: PendingInvoke): void {
    this.outsideInFlight--
    if (this.loneRequest === pending) this.loneRequest = undefined
  }

  /**
   * `Invoke` from inside a handler (`context.lambda.invoke`), whose invocation ran with `lineage`:
   * the callee's own count goes one up. `RequestResponse` parks the calling task on a kernel wait
   * until the callee completes; `Event` queues it. The callee's 17th invocation by the same event
   * is stopped when its recursion config is `Terminate` (the default).
   */
  invokeFromHandler(task: Task, input: InvokeInput, lineage: Lineage): Promise<InvokeResult> {
    const prepared = this.prepare(input, true)
    if ('immediate' in prepared) return Promise.resolve(prepared.immediate)
    const callee = prepared.prepared.resolved.record
    const next = afterInvoking(lineage, callee.functionName)
    // The caller's trace header, set for the call (the SDK bridge, `context.lambda.invoke`): the callee continues its trace.
    const traceHeader = this.engine.tracer.outgoing
    if (prepared.prepared.invocationType === 'Event') {
      // Accepted (202) whatever the chain length: the async queue stops a recursive event when it
      // hands it over, sending it to the DLQ / on-failure destination (lambda-semantics §10.1).
      const requestId = this.engine.newRequestId()
      const { invokedQualifier, payloadJson } = prepared.prepared
      this.acceptAsync(callee.functionName, invokedQualifier, payloadJson, requestId, next, traceHeader)
      return Promise.resolve({ statusCode: 202, payload: null, payloadJson: '', requestId })
    }
    const count = lineageCount(next, callee.functionName)
    if (count > RECURSION_COUNT_MAX && callee.recursiveLoop !== 'Allow') {
      this.bus.emit({ type: 'invocation.recursionStopped', atMs: this.kernel.nowMs, functionName: callee.functionName, lineage: count })
      return Promise.resolve(errorResult(new LambdaError('RecursiveInvocationException', RECURSION_MESSAGE)))
    }
    const requestId = this.engine.mintRequestId()
    const wait = this.kernel.waitForSignal<InvokeResult>(task)
    const listener: AttemptListener = {
      attemptCompleted: (attempt) => wait.settle(true, toInvokeResult(attempt)),
      attemptThrottled: (reason) => wait.settle(true, throttledResult(reason)),
    }
    this.kernel.post(() => this.dispatch(prepared.prepared, requestId, prepared.prepared.body, listener, next, 0, traceHeader), undefined)
    return wait.promise
  }

  /**
   * Everything AWS checks before running anything: the answer now, or what to run. `bodyAsValue`:
   * a `RequestResponse` request's small plain `payload` becomes `body` as a copy, with no JSON text
   * (`PlainRequestBody`; for a caller that dispatches `body` once, not one that reuses the text).
   */
  prepare(input: InvokeInput, bodyAsValue = false): { immediate: InvokeResult } | { prepared: PreparedInvoke } {
    const rejected = (error: LambdaError): { immediate: InvokeResult } => ({ immediate: errorResult(error) })
    // Well-formed requests skip zod (the same data); anything else gets zod's answer and errors.
    let request = wellFormedInvokeInput(input)
    if (request === undefined) {
      const parsed = safeParseWith(toAwsValidationError, invokeInputSchema, input)
      if (!parsed.success) return rejected(parsed.error)
      request = parsed.data
    }
    const invocationType = request.invocationType ?? 'RequestResponse'

    let resolved: ResolvedQualifier
    let ref: FunctionRef
    try {
      ref = this.lastRef.get(request.functionName, request.qualifier) ?? this.lastRef.set(request.functionName, request.qualifier, this.store.refOf(request.functionName, request.qualifier))
      // A Pending function refuses invocations (the state machine, lambda/control/function-states.ts).
      resolved = this.store.resolveInvocable(ref)
    } catch (error) {
      if (error instanceof LambdaError) return rejected(error)
      throw error
    }
    const denied = this.authorize(resolved.record, ref.qualifier, request.caller)
    if (denied !== undefined) return rejected(denied)

    let payloadJson: string
    let body: RequestPayload | undefined
    /** Text we serialised ourselves is JSON by construction: only a raw body needs the parse check. */
    let raw = false
    if (request.payloadJson !== undefined && request.payload !== undefined) {
      // Two bodies for one request: which one was meant is a guess, so neither is taken.
      throw new SimulationError('invalid-argument', 'invoke: give either payload (a value) or payloadJson (the raw body), not both', this.kernel.replayLine())
    }
    if (request.payloadJson !== undefined) {
      payloadJson = typeof request.payloadJson === 'string' ? request.payloadJson : Buffer.from(request.payloadJson).toString('utf8')
      raw = true
    } else if (bodyAsValue && invocationType === 'RequestResponse' && (body = PlainRequestBody.of(request.payload)) !== undefined) {
      // Small plain data: copied, no text to make, parse or measure (`copyIfPlainJson` bounds its size).
      payloadJson = ''
    } else {
      payloadJson = this.serializePayload(request.payload)
    }
    const payloadProblem = this.checkPayload(payloadJson, invocationType === 'Event' ? this.asyncPayloadLimitBytes : SYNC_REQUEST_LIMIT_BYTES, raw)
    if (payloadProblem !== undefined) return rejected(payloadProblem)

    let clientContext: ClientContext | undefined
    if (request.clientContext !== undefined) {
      const encoded =
        typeof request.clientContext === 'string' ? request.clientContext : Buffer.from(JSON.stringify(request.clientContext)).toString('base64')
      if (byteLength(encoded) > CLIENT_CONTEXT_LIMIT_BYTES) {
        return rejected(new LambdaError('InvalidParameterValueException', `Client context must be smaller than ${CLIENT_CONTEXT_LIMIT_BYTES} bytes.`))
      }
      try {
        clientContext = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as ClientContext
      } catch {
        return rejected(new LambdaError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.'))
      }
    }

    if (invocationType === 'DryRun') return { immediate: { statusCode: 204, payload: null, payloadJson: '' } }
    return {
      prepared: {
        invocationType,
        resolved,
        invokedQualifier: ref.qualifier,
        invokedFunctionArn: this.lastRef.arnOf(this.store, resolved.record.functionName, ref.qualifier),
        payloadJson,
        body: body ?? payloadJson,
        clientContext,
        collectLog: request.logType === 'Tail',
      },
    }
  }

  /** `JSON.stringify` of a payload value (`''` for none), or a SimulationError for a non-serialisable one. */
  serializePayload(payload: unknown): string {
    if (payload === undefined) return ''
    if (typeof payload === 'function' || typeof payload === 'symbol') {
      // JSON.stringify answers `undefined` for these: the request would silently carry no body.
      throw new SimulationError('invalid-argument', `invoke payload is not JSON-serialisable: a ${typeof payload} has no JSON form (pass the value it would produce)`, this.kernel.replayLine())
    }
    try {
      return JSON.stringify(payload) ?? ''
    } catch (error) {
      throw new SimulationError('invalid-argument', `invoke payload is not JSON-serialisable: ${(error as Error).message}`, this.kernel.replayLine())
    }
  }

  /** The request-body limits: 6 MB (1 MB for `Event`), valid JSON (checked when `raw`: a body the caller wrote). */
  checkPayload(payloadJson: string, limitBytes = SYNC_REQUEST_LIMIT_BYTES, raw = true): LambdaError | undefined {
    if (exceedsBytes(payloadJson, limitBytes)) {
      return new LambdaError('RequestTooLargeException', `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`)
    }
    if (raw && payloadJson.length > 0) {
      try {
        JSON.parse(payloadJson)
      } catch (error) {
        return new LambdaError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`)
      }
    }
    return undefined
  }

  /**
   * Runs a prepared invocation *now* (call from kernel dispatch): the Region's request rate, the
   * alias's routing draw, then the engine's admission. The listener is told exactly once, with `tag`.
   * `trace` is the header the request came with, or the headers of a batch's messages (linked).
   *
   * `countsTowardRate` false: a lone outside caller's request, neither counted toward the Region's
   * request rate nor refused by it. AWS's callers spend real time on every request (a round trip
   * of milliseconds), so one caller awaiting each answer never approaches 10,000 requests a second;
   * lambda-sim answers at one virtual instant, and counting such a loop would throttle it after
   * 10 × the account limit — a burst no real sequential caller sends. Concurrent requests (a
   * `Promise.all`, `generateLoad`, event sources, handlers' calls) are counted as before.
   */
  dispatch(
    prepared: PreparedInvoke,
    requestId: string | RequestId,
    payload: RequestPayload,
    listener: AttemptListener,
    lineage: Lineage = NO_LINEAGE,
    tag = 0,
    trace?: string | readonly string[],
    countsTowardRate = true,
  ): void {
    const { resolved } = prepared
    if (countsTowardRate && !this.requestRate.tryRecord(this.kernel.nowMs)) {
      this.bus.emit({
        type: 'invocation.throttled',
        atMs: this.kernel.nowMs,
        functionName: resolved.record.functionName,
        invokedQualifier: prepared.invokedQualifier,
        reason: 'CallerRateLimitExceeded',
      })
      listener.attemptThrottled('CallerRateLimitExceeded', tag)
      return
    }
    // The alias routes when the invocation starts: one seeded draw per invocation.
    const target = this.store.runnable(resolved, this.routingDraw)
    const { invokedFunctionArn, invokedQualifier, clientContext, collectLog } = prepared
    // One literal per shape, not a spread of an optional member: this runs once per invocation.
    if (trace === undefined) {
      this.engine.start({ target, invokedFunctionArn, invokedQualifier, requestId, payload, clientContext, collectLog, lineage, tag }, listener)
    } else if (typeof trace === 'string') {
      this.engine.start({ target, invokedFunctionArn, invokedQualifier, requestId, payload, clientContext, collectLog, lineage, tag, traceHeader: trace }, listener)
    } else {
      this.engine.start({ target, invokedFunctionArn, invokedQualifier, requestId, payload, clientContext, collectLog, lineage, tag, traceLinks: trace }, listener)
    }
  }
}

/** What a caller stopped by recursive loop detection is told (`RecursiveInvocationException`). */
export const RECURSION_MESSAGE =
  "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation."

/** What `prepare` resolved: enough to dispatch the invocation later, any number of times. */
export interface PreparedInvoke {
  readonly invocationType: 'RequestResponse' | 'Event'
  readonly resolved: ResolvedQualifier
  readonly invokedQualifier: string | undefined
  readonly invokedFunctionArn: string
  /** The request body's JSON text (`''` for none, and when `body` is a copied value). */
  readonly payloadJson: string
  /** What `dispatch` hands the handler: `payloadJson`, or a copy of a plain payload (`prepare`'s `bodyAsValue`). */
  readonly body: RequestPayload
  readonly clientContext: ClientContext | undefined
  readonly collectLog: boolean
}

function errorResult(error: LambdaError): InvokeResult {
  return { statusCode: error.statusCode, payload: error.toJSON(), payloadJson: JSON.stringify(error.toJSON()), error }
}

function throttledResult(reason: string): InvokeResult {
  const error = withoutStackTrace(() => awsErrors.throttled(reason))
  let body = THROTTLE_BODIES.get(reason)
  if (body === undefined) {
    const payload = error.toJSON()
    body = { payload, payloadJson: JSON.stringify(payload) }
    THROTTLE_BODIES.set(reason, body)
  }
  // As errorResult answers, with the body's text made once per reason (it is the same for every throttle).
  return { statusCode: error.statusCode, payload: copyPlainJson(body.payload), payloadJson: body.payloadJson, error }
}

/** A throttle's error body per reason, and its JSON text: built on the first throttle for that reason. */
const THROTTLE_BODIES = new Map<string, { readonly payload: Record<string, unknown>; readonly payloadJson: string }>()

/**
 * Builds an error with stack traces off. A throttle is an answer AWS gives, like the status code
 * beside it: where in lambda-sim it was made says nothing to the caller, and capturing the stack
 * (twice: `Error`'s constructor and `captureStackTrace`) was most of a throttled call's cost. Its
 * `stack` is the line `name: message`.
 */
function withoutStackTrace<E extends Error>(build: () => E): E {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return build()
  } finally {
    Error.stackTraceLimit = limit
  }
}

/**
 * What `submit` hands back for a `RequestResponse` request still to run: told once (it is the
 * attempt's listener), it keeps the answer for the drive that ran it — no promise per request.
 */
export class PendingInvoke implements AttemptListener {
  /** The answer, once told. */
  result: InvokeResult | undefined = undefined
  /** No other outside request has been in flight with this one (so far). */
  lone = false
  /** Counted out of the requests in flight (answered, or its drive failed first). */
  private released = false

  constructor(
    private readonly invoker: SyncInvoker,
    /** What runs, and under which request id (`SyncInvoker.dispatchPending`). */
    readonly prepared: PreparedInvoke,
    readonly requestId: RequestId,
  ) {}

  isDone(): boolean {
    return this.result !== undefined
  }

  /** `isDone`, as the drive's stop condition. */
  readonly stop = fieldClosure((): boolean => this.result !== undefined)

  attemptCompleted(attempt: AttemptResult): void {
    this.answer(toInvokeResult(attempt))
  }

  attemptThrottled(reason: string): void {
    this.answer(throttledResult(reason))
  }

  /** The drive waiting for this answer failed (a misuse, an escape): no longer in flight. */
  abandon(): void {
    this.release()
  }

  private answer(result: InvokeResult): void {
    this.result = result
    this.release()
  }

  private release(): void {
    if (this.released) return
    this.released = true
    this.invoker.outsideAnswered(this)
  }
}

function toInvokeResult(attempt: AttemptResult): InvokeResult {
  const payloadJson = attempt.payloadJson
  // The handler's plain result comes already copied (handler-runner's `successOutcome`): no parse.
  const payload = attempt.payloadValue !== undefined ? attempt.payloadValue : (JSON.parse(payloadJson) as unknown)
  const { executedVersion, functionError, requestId } = attempt
  // One literal per shape (no spreads of optional members): this runs once per invocation.
  if (attempt.logLines === undefined) {
    if (functionError === undefined) return { statusCode: 200, executedVersion, payload, payloadJson, requestId }
    return { statusCode: 200, executedVersion, functionError, payload, payloadJson, requestId }
  }
  const text = attempt.logLines.map((line) => `${line}\n`).join('')
  const bytes = Buffer.from(text, 'utf8')
  const logResult = bytes.subarray(Math.max(0, bytes.length - LOG_TAIL_BYTES)).toString('base64')
  if (functionError === undefined) return { statusCode: 200, executedVersion, payload, payloadJson, logResult, requestId }
  return { statusCode: 200, executedVersion, functionError, payload, payloadJson, logResult, requestId }
}

/**
 * `FunctionStore.refOf`'s answer for the last identifier and qualifier asked: a loop invokes one
 * function by one name, and the answer is a pure function of the text (four regular expressions
 * per invoke otherwise). Only answers are kept; a refused identifier is parsed again.
 */
class LastRef {
  private identifier: string | undefined = undefined
  private qualifier: string | undefined = undefined
  private ref: FunctionRef | undefined = undefined

  get(identifier: string, qualifier: string | undefined): FunctionRef | undefined {
    return identifier === this.identifier && qualifier === this.qualifier ? this.ref : undefined
  }

  set(identifier: string, qualifier: string | undefined, ref: FunctionRef): FunctionRef {
    this.identifier = identifier
    this.qualifier = qualifier
    this.ref = ref
    return ref
  }

  private arnName: string | undefined = undefined
  private arnQualifier: string | undefined = undefined
  private arn = ''

  /** `store.arn(functionName, qualifier)`, kept for the last pair (a string built per invoke otherwise). */
  arnOf(store: FunctionStore, functionName: string, qualifier: string | undefined): string {
    if (functionName !== this.arnName || qualifier !== this.arnQualifier || this.arn === '') {
      this.arn = store.arn(functionName, qualifier)
      this.arnName = functionName
      this.arnQualifier = qualifier
    }
    return this.arn
  }
}
