/**
 * One invocation attempt, in all its roles: the kernel task of its handler, the context's host, the
 * result its listener reads, and what the log and metric stores are told. The flow (admission,
 * init, the handler call, completion) is the engine's (`invocation-engine.ts`); the attempt holds
 * the state and asks the engine through `AttemptEngine`.
 */
import { Task, type Kernel, type TaskHooks } from '../../kernel/kernel.js'
import type { RequestId } from '../../kernel/request-id.js'
import type { ExecutionEnvironment } from '../../model/environment.js'
import type { Lease, ThrottleReason } from '../../model/concurrency.js'
import type { FunctionSettings, FunctionVersion } from '../../model/function-record.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import type { EventBus } from '../../observability/bus.js'
import type { InvocationStatus, LogLevel } from '../../observability/events.js'
import type { InvocationFacts } from '../../observability/invocation-facts.js'
import type { InvokeInput } from '../../config/invoke-schema.js'
import type { ClientContext } from '../../runtime/context.js'
import type { AwsRequestAnswerer } from '../../runtime/world/aws-http.js'
import type { Tracer } from '../../observability/tracer.js'
import { unsampledTraceHeader, withLineage } from '../../observability/trace-header.js'
import { NO_LINEAGE, type Lineage } from '../../model/lineage.js'
import type { XrayFields } from '../../observability/events.js'
import { crashOnUncaught, type AwsHttpRequest, type AwsHttpResponse, type HandlerScope } from '../../runtime/world/scope.js'
import type { ErrorPayload } from '../../runtime/error-payload.js'
import type { RequestPayload } from '../../runtime/payload.js'
import type { HandlerOutcome, HandlerRun } from '../../runtime/handler-runner.js'
import type { InitHandle } from '../../runtime/init-runner.js'
import type { OutcomeFault } from './fault-plan.js'
import { externalAfterEnd, logAfterEnd, sleepAfterEnd } from '../../runtime/late-work.js'

export interface AttemptRequest {
  /** The version that runs (`$LATEST` or a published number). */
  readonly target: FunctionVersion
  readonly invokedFunctionArn: string
  /** The id as text (a caller's), or as minted (`IdFactory.mint`: packed, rendered only when read). */
  readonly requestId: string | RequestId
  /** The request body: JSON text, or values an event source built (parsed or copied fresh for the handler). */
  readonly payload: RequestPayload
  readonly clientContext: ClientContext | undefined
  /** Collect this attempt's log lines (for `LogType: Tail`). */
  readonly collectLog: boolean
  /** The qualifier as invoked (`undefined` for the unqualified function). */
  readonly invokedQualifier: string | undefined
  /** How often the triggering event has invoked each function, this one included ('' for a direct call). */
  readonly lineage?: Lineage
  /** The caller's own number for this attempt, handed back to its listener (e.g. a load arrival's index). */
  readonly tag?: number
  /** The trace header the request came with (a caller's downstream call, an SNS or EventBridge delivery, an async event's). */
  readonly traceHeader?: string
  /** An async event's acceptance: the trace Lambda starts for it dates from then, and every attempt keeps it. */
  readonly traceOriginMs?: number
  /** The trace headers of the messages in a batch (SQS): the invocation links them. */
  readonly traceLinks?: readonly string[]
}

/**
 * Told how an attempt ended: exactly one call, once. A listener object instead of two closures per
 * attempt: a load run or an async queue is one listener for all its attempts.
 */
export interface AttemptListener {
  attemptCompleted(result: AttemptResult, tag: number): void
  attemptThrottled(reason: ThrottleReason, tag: number): void
}


/** How an attempt ended (the attempt itself: read it when told, do not keep it for long). */
export interface AttemptResult {
  readonly requestId: string
  /** When it was admitted (for a synchronous invocation, when it arrived). */
  readonly admittedAtMs: number
  readonly status: InvocationStatus
  readonly executedVersion: string
  /** The response body: the handler's JSON result, or the error JSON. */
  readonly payloadJson: string
  /** `JSON.parse(payloadJson)` already made, when the result was small plain data (`copyIfPlainJson`); read it once. */
  readonly payloadValue: unknown
  readonly functionError: 'Unhandled' | undefined
  readonly errorType: string | undefined
  readonly durationMs: number
  readonly billedDurationMs: number
  readonly initDurationMs: number | undefined
  readonly coldStart: boolean
  readonly environmentId: string
  readonly logLines: readonly string[] | undefined
  /** Its `_X_AMZN_TRACE_ID`. */
  traceHeader(): string
}

/** How an attempt ends: the handler's own outcome, or the platform's. */
export type Completion = HandlerOutcome | { readonly kind: 'timeout' } | { readonly kind: 'crash'; readonly errorType: string; readonly errorMessage: string }

export const TIMED_OUT: Completion = { kind: 'timeout' }

/** What an attempt asks of its engine (the engine implements it; the attempt does not import the engine). */
export interface AttemptEngine {
  readonly kernel: Kernel
  readonly bus: EventBus
  /** The one place an attempt ends (in kernel dispatch). */
  complete(attempt: Attempt, completion: Completion, initFailure?: ErrorPayload): void
  /** A handler awaits something the simulation does not own. */
  escaped(attempt: Attempt, phase: 'init' | 'invoke', what?: string): ReturnType<TaskHooks['onDrained']>
  /** Writes an application log line of this attempt. */
  writeLog(attempt: Attempt, requestId: string | undefined, level: LogLevel, message: string, error?: undefined, raw?: boolean): void
  /** Billed Duration by the simulation's billing rules. */
  billedFor(durationMs: number, initDurationMs: number | undefined): number
  invokeNested(task: Task, input: InvokeInput, lineage: Lineage): Promise<InvokeResult>
  /** Answers the handler's requests to AWS endpoints (the handler's world, `runtime/world/aws-http.ts`). */
  readonly answerAwsRequest: AwsRequestAnswerer
  /** `Math.random()` of handler code: the simulation's seeded stream for it. */
  readonly handlerRandom: () => number
  /** Sampling, trace records and the header of downstream calls. */
  readonly tracer: Tracer
}

const invokeStatus = (result: InvokeResult): number => result.statusCode

/** Posted when the handler reported: its outcome waits on the attempt, so no closure is made. */
const completeReported = (attempt: Attempt): void => attempt.engine.complete(attempt, attempt.reported as Completion)

/** What few attempts need (an abort signal, an init re-run, a planned fault, a log tail): one object, made on first use. */
interface AttemptExtras {
  abort: AbortController | undefined
  initHandle: InitHandle | undefined
  fault: OutcomeFault | undefined
  logLines: string[] | undefined
}

/**
 * One attempt in flight. It is its own kernel task (while its handler runs), its own result when it
 * ends, and what the log and metric stores are told: one object per invocation, not five.
 */
export class Attempt extends Task implements HandlerScope, TaskHooks, AttemptResult, InvocationFacts {
  /** Set at admission (created empty so every attempt has one shape from the start). */
  env: ExecutionEnvironment = undefined as unknown as ExecutionEnvironment
  coldStart = false
  initDurationMs: number | undefined = undefined
  startedAtMs = 0
  /**
   * Fields few attempts use, made on first use: every field here is written on every one of a
   * million attempts, and a smaller attempt is measurably faster to make.
   */
  private extras: AttemptExtras | undefined = undefined
  /** The handler was called: this attempt is (or was) a live kernel task. */
  handlerStarted = false
  /** The environment's runtime generation its handler ran in (see `late-work.ts`). */
  runtimeGeneration = 0
  run: HandlerRun | undefined = undefined
  /** Its entry in the timeout queue of its timeout length (-1: none pending). */
  timeoutEntry = -1
  done = false
  lease: Lease | undefined = undefined
  admittedAtMs = 0
  provisioned = false
  spillover = false
  /** The handler's outcome, between its report and its completion in dispatch. */
  reported: HandlerOutcome | undefined = undefined
  completedAtMs = 0
  maxMemoryUsedMB = 0
  metricsSlot: unknown = undefined
  /** Its row in the tracer when the attempt is sampled (-1: not sampled). */
  traceRow = -1
  // The result, once done.
  status: InvocationStatus = 'success'
  payloadJson = ''
  payloadValue: unknown = undefined
  errorType: string | undefined = undefined
  durationMs = 0
  /** The function's settings when the attempt began: an update mid-invocation does not change it. */
  readonly settings: FunctionSettings
  /** The request id: text, or packed words rendered on first read (see `RequestId`). */
  readonly requestIdValue: RequestId

  constructor(
    readonly engine: AttemptEngine,
    readonly request: AttemptRequest,
    readonly listener: AttemptListener,
    requestId: RequestId,
  ) {
    super()
    this.settings = request.target.settings
    this.requestIdValue = requestId
    if (request.collectLog) this.extrasOf().logLines = []
  }

  private extrasOf(): AttemptExtras {
    return (this.extras ??= { abort: undefined, initHandle: undefined, fault: undefined, logLines: undefined })
  }

  /** Collected log lines (`LogType: Tail`), or undefined. */
  get logLines(): string[] | undefined {
    return this.extras?.logLines
  }
  get initHandle(): InitHandle | undefined {
    return this.extras?.initHandle
  }
  set initHandle(handle: InitHandle | undefined) {
    this.extrasOf().initHandle = handle
  }
  /** A planned fault (the `faults` option) that replaces the handler's outcome. */
  get fault(): OutcomeFault | undefined {
    return this.extras?.fault
  }
  set fault(fault: OutcomeFault | undefined) {
    if (fault !== undefined || this.extras !== undefined) this.extrasOf().fault = fault
  }
  get billedDurationMs(): number {
    return this.engine.billedFor(this.durationMs, this.initDurationMs)
  }

  // AttemptResult
  get requestId(): string {
    return this.requestIdValue.value
  }
  get executedVersion(): string {
    return this.request.target.version
  }
  get functionError(): 'Unhandled' | undefined {
    return this.status === 'success' ? undefined : 'Unhandled'
  }
  get environmentId(): string {
    return this.env.environmentId
  }
  get invokedQualifier(): string | undefined {
    return this.request.invokedQualifier
  }
  // InvocationFacts
  get functionName(): string {
    return this.request.target.functionName
  }
  get logGroupName(): string {
    return this.env.logGroupName
  }
  get logStreamName(): string {
    return this.env.logStreamName
  }
  get memorySizeMB(): number {
    return this.settings.memoryMB
  }
  get environmentLogSlot(): unknown {
    return this.env.logStoreSlot
  }
  set environmentLogSlot(slot: unknown) {
    this.env.logStoreSlot = slot
  }

  // ContextHost
  /** When the invocation times out (derived, not stored: one boxed number fewer per attempt). */
  get deadlineMs(): number {
    return this.startedAtMs + this.settings.timeoutMs
  }
  get kernel(): Kernel {
    return this.engine.kernel
  }
  /** The handler's world (runtime/world): this environment's process.env. */
  processEnv(): Record<string, string> {
    return this.env.processEnvironment(this.settings.environmentVariables)
  }
  /** `_X_AMZN_TRACE_ID`: the sampled record's, or worked out from the request id (nothing kept for it). */
  traceHeader(): string {
    const header = this.traceRow >= 0 ? this.engine.tracer.headerOf(this.traceRow) : this.unsampledHeader()
    // An invocation a chain of calls led to carries the chain's counts (`Lineage`): the SDK copies
    // the header into the handler's requests, so a loop through SQS, SNS or S3 is counted on.
    const lineage = this.request.lineage ?? NO_LINEAGE
    return lineage !== NO_LINEAGE ? withLineage(header, lineage) : header
  }
  private unsampledHeader(): string {
    const { traceOriginMs, traceHeader } = this.request
    const retryAtMs = traceOriginMs !== undefined && this.admittedAtMs !== traceOriginMs ? this.admittedAtMs : undefined
    return unsampledTraceHeader(this.requestId, traceOriginMs ?? this.startedAtMs, traceHeader, retryAtMs)
  }
  /** The REPORT line's `XRAY` fields, for a sampled invocation. */
  get xray(): XrayFields | undefined {
    return this.traceRow < 0 ? undefined : this.engine.tracer.xrayOf(this.traceRow)
  }
  /** Who renders the REPORT line's `XRAY` fields of a sampled row (the log store keeps the row, not the text). */
  get xraySource(): Tracer {
    return this.engine.tracer
  }
  uncaught(thrown: unknown): void {
    crashOnUncaught(this, thrown)
  }
  get task(): Task {
    return this
  }
  get memoryMB(): number {
    return this.settings.memoryMB
  }
  /** Never aborted (see `SimulationTools.signal`). */
  get signal(): AbortSignal {
    return (this.extrasOf().abort ??= new AbortController()).signal
  }
  get legacyApi(): boolean {
    return this.settings.legacyApi
  }
  log(level: LogLevel, message: string, raw?: boolean): void {
    // Code left over from this invocation logs into the one running in the environment now.
    if (this.done) return logAfterEnd(this.env, this.runtimeGeneration, this, level, message, raw)
    this.engine.writeLog(this, this.requestId, level, message, undefined, raw)
  }
  sleepAfterEnd(ms: number): Promise<void> {
    return sleepAfterEnd(this.engine.kernel, this.env, this.runtimeGeneration, ms)
  }
  externalAfterEnd<T>(work: PromiseLike<T>): Promise<T> {
    return externalAfterEnd(this.engine.kernel, this.env, this.runtimeGeneration, work)
  }
  exit(exitCode: number): void {
    if (this.done) return
    // The process is gone: its code no longer holds time back (the crash applies in dispatch).
    this.run?.abandon()
    if (this.handlerStarted) this.kernel.endTask(this)
    this.kernel.post(
      (attempt: Attempt) =>
        attempt.engine.complete(attempt, {
          kind: 'crash',
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${attempt.requestId} Error: Runtime exited with error: exit status ${exitCode}`,
        }),
      this,
    )
  }
  finish(error: unknown, result: unknown, viaFail: boolean): void {
    this.run?.finishNow(error, result, viaFail)
  }
  invokeFunction(input: InvokeInput): Promise<InvokeResult> {
    const tracer = this.engine.tracer
    // Through the SDK bridge the call's header is set already; `context.lambda.invoke` sets its own.
    if (tracer.outgoing !== undefined) return this.engine.invokeNested(this.task, input, this.request.lineage ?? NO_LINEAGE)
    return tracer.downstream(this.traceRow, this.done ? undefined : this.traceHeader(), 'Lambda', 'Invoke', invokeStatus, () =>
      this.engine.invokeNested(this.task, input, this.request.lineage ?? NO_LINEAGE),
    ) as Promise<InvokeResult>
  }
  answerAwsRequest(request: AwsHttpRequest): Promise<AwsHttpResponse> | undefined {
    return this.engine.answerAwsRequest(this, request)
  }
  random(): number {
    return this.engine.handlerRandom()
  }

  // HandlerSink
  late(what: 'resolved' | 'rejected' | 'callback'): void {
    this.kernel.post(
      (attempt: Attempt) =>
        attempt.engine.bus.emit({
          type: 'handler.late',
          atMs: attempt.kernel.nowMs,
          requestId: attempt.requestId,
          functionName: attempt.request.target.functionName,
          what,
        }),
      this,
    )
  }

  // TaskHooks
  describe(): string {
    return `function ${this.request.target.functionName}, request ${this.requestId}`
  }
  onDrained(): ReturnType<TaskHooks['onDrained']> {
    if (this.done || this.run === undefined) return undefined
    const drained = this.run.onDrained()
    if (drained === undefined) return undefined
    if (drained !== 'escaped') {
      this.report(drained)
      return undefined
    }
    return this.engine.escaped(this, 'invoke')
  }
  /** The handler started real I/O (seen by the handler's world): it escaped, whatever the I/O does next. */
  onEscaped(_task: Task, what: string): ReturnType<TaskHooks['onDrained']> {
    if (this.done) return undefined
    return this.engine.escaped(this, 'invoke', what)
  }

  /** Promise callbacks land here: post, don't mutate. */
  report(outcome: HandlerOutcome): void {
    // The handler's code is done: stop counting it now so time can move; the outcome applies in dispatch.
    if (this.handlerStarted) this.kernel.endTask(this)
    this.reported = outcome
    this.kernel.post(completeReported, this)
  }
}
