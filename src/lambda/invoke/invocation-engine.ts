/**
 * Runs one invocation attempt from arrival to completion: picks a warm environment or creates one
 * (cold start with an init phase), calls the handler under its timeout, and reports exactly one
 * completion. Every state change happens in kernel dispatch; promise callbacks only post.
 *
 * Used by synchronous invoke now, and by the async queue and event-source pollers later.
 */
import type { Decider } from '../../kernel/decisions.js'
import { isFixed, sample, type Distribution } from '../../kernel/distributions.js'
import type { IdFactory } from '../../kernel/ids.js'
import { DeadlineQueue } from '../../kernel/deadline-queue.js'
import type { Kernel, Task, TaskHooks } from '../../kernel/kernel.js'
import { LastLookup } from '../../kernel/last-lookup.js'
import { RequestId } from '../../kernel/request-id.js'
import { billedDurationMs } from '../../model/billing.js'
import { computeWallMs } from '../../model/cpu.js'
import { NO_LINEAGE, type Lineage } from '../../model/lineage.js'
import type { ExecutionEnvironment } from '../../model/environment.js'
import type { ConcurrencyPools, ConcurrencyView } from '../../model/concurrency.js'
import type { FunctionSettings, FunctionVersion } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import type { Tracer } from '../../observability/tracer.js'
import type { InvocationStatus, LogLevel, SimEvent } from '../../observability/events.js'
import { appLineKept, linesFor } from '../../observability/log-lines.js'
import { completedEventOf, startedEventOf, type InvocationObserver } from '../../observability/invocation-facts.js'
import { LambdaContext } from '../../runtime/context.js'
import { platformError, type ErrorPayload } from '../../runtime/error-payload.js'
import { HandlerRun, nodeJsExitOutcome } from '../../runtime/handler-runner.js'
import { runInit, type InitResult } from '../../runtime/init-runner.js'
import { errorDialectOf, type ErrorDialect } from '../../runtime/family-errors.js'
import { runtimeFamily } from '../../model/runtimes.js'
import { holdsFrames, stableText } from '../../runtime/stable-trace.js'
import { requestEvent } from '../../runtime/payload.js'
import type { InvokeInput } from '../../config/invoke-schema.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import { callInScope, currentScope, runOutsideScope } from '../../runtime/world/scope.js'
import type { AwsRequestAnswerer } from '../../runtime/world/aws-http.js'
import type { EnvironmentManager } from '../environments/environments.js'
import { Attempt, TIMED_OUT, type AttemptEngine, type AttemptListener, type AttemptRequest, type Completion } from './attempt.js'
import { faultedCompletion, type FaultPlan } from './fault-plan.js'
import type { EngineCollaborators, EngineOptions, NestedInvoker } from './engine-wiring.js'

export type { AttemptListener, AttemptRequest, AttemptResult } from './attempt.js'
export type { EngineCollaborators, EngineOptions, EscapePolicy, NestedInvoker } from './engine-wiring.js'

/** The Node.js runtime gives init at most 10 s on on-demand environments. */
export const ON_DEMAND_INIT_LIMIT_MS = 10_000
/** Provisioned environments initialise ahead of traffic, for up to max(130 s, timeout). */
export const PROVISIONED_INIT_LIMIT_MS = 130_000

/** Where an attempt's (or a provisioning init's) log lines go. */
interface LogTarget {
  readonly settings: FunctionSettings
  readonly env: ExecutionEnvironment
  readonly logLines: string[] | undefined
}

/** The engine that started an attempt (attempts know it only as an `AttemptEngine`). */
const engineOf = (attempt: Attempt): InvocationEngine => attempt.engine as InvocationEngine

/** The attempt's timeout came. */
const timeoutFired = (attempt: Attempt): void => {
  attempt.timeoutEntry = -1
  attempt.engine.complete(attempt, TIMED_OUT)
}
/** Calls the handler in its world (no closure: one per invocation would cost every call). */
function startInWorld(attempt: Attempt, run: HandlerRun, event: unknown, context: LambdaContext): void {
  callInScope(attempt, run, run.start, event, context)
}

/** Calls the handler outside every handler's world (`handlerWorld: false`, from a leaked scope). */
function startOutsideWorld(run: HandlerRun, event: unknown, context: LambdaContext): void {
  runOutsideScope(() => run.start(event, context))
}

/** The modelled compute time is over: the handler runs. */
const computeDone = (attempt: Attempt): void => engineOf(attempt).callHandler(attempt)

export class InvocationEngine implements AttemptEngine {
  constructor(
    readonly kernel: Kernel,
    readonly bus: EventBus,
    private readonly decider: Decider,
    private readonly ids: IdFactory,
    private readonly environments: EnvironmentManager,
    private readonly options: EngineOptions,
    readonly pools: ConcurrencyPools,
    private readonly concurrency: ConcurrencyView,
    collaborators: EngineCollaborators,
  ) {
    this.logObserver = collaborators.logObserver
    this.metricObserver = collaborators.metricObserver
    this.faults = collaborators.faults
    this.nestedInvoker = collaborators.nestedInvoker
    this.answerAwsRequest = collaborators.answerAwsRequest
    this.handlerRandom = collaborators.handlerRandom
    this.tracer = collaborators.tracer
  }

  /**
   * Creates one provisioned-concurrency environment for `provisionedFor` and runs its init ahead of
   * traffic (limit: max(130 s, the function's timeout)). `done` reports whether it is ready.
   */
  provisionEnvironment(target: FunctionVersion, provisionedFor: string, done: (ok: boolean, reason?: string) => void): void {
    const env = this.environments.create(target, provisionedFor)
    const sink: LogTarget = { settings: target.settings, env, logLines: undefined }
    this.emit(sink, {
      type: 'environment.initStarted',
      atMs: this.kernel.nowMs,
      environmentId: env.environmentId,
      functionName: env.functionName,
      logGroupName: env.logGroupName,
      logStreamName: env.logStreamName,
      runtime: target.settings.runtime,
    })
    const initStartMs = this.kernel.nowMs
    runInit({
      kernel: this.kernel,
      target,
      env,
      phase: 'init',
      deadlineMs: initStartMs + Math.max(PROVISIONED_INIT_LIMIT_MS, target.settings.timeoutMs),
      handlerWorld: this.options.handlerWorld,
      invokeFunction: (task, input) => this.invokeNested(task, input, NO_LINEAGE),
      answerAwsRequest: this.answerAwsRequest,
      random: this.handlerRandom,
      modelledInitMs: this.draw('cold-start.init', target.settings.model.initDurationMs),
      log: (level, message) => this.writeLog(sink, undefined, level, message),
      onEscaped: () => undefined,
      onDone: (result) => {
        this.emitInitialized(sink, this.kernel.nowMs - initStartMs, result, 'init')
        if (result.kind === 'ready') {
          env.handler = result.handler
          this.environments.release(env)
          done(true)
        } else {
          this.environments.discard(env)
          done(false, result.kind === 'error' ? `${result.payload.errorType}: ${result.payload.errorMessage}` : 'Init timed out')
        }
      },
    })
  }

  /**
   * Starts an attempt now (call from kernel dispatch): a provisioned environment of the invoked
   * qualifier if one is free, else on-demand capacity (a warm environment, or a new one within the
   * scaling rate). The listener is told exactly once: completed or throttled.
   */
  start(request: AttemptRequest, listener: AttemptListener): void {
    const { target } = request
    const capacity = this.concurrency.capacityOf(target.functionName)
    const provisionedFor = this.concurrency.provisionedFor(target.functionName, request.invokedQualifier, target.version)
    // A caller's id is text; a minted one stays packed (the log store keeps numbers, not a string).
    const requestId = typeof request.requestId === 'string' ? RequestId.ofText(request.requestId) : request.requestId
    // Fault plan (lambda-sim/testing): a planned throttle refuses admission; other faults ride on the attempt.
    // A packed id is rendered here only for a fault plan, which matches on it.
    const fault = this.faults?.forAttempt(target.functionName, requestId.value)
    if (fault?.kind === 'throttle') {
      const row = this.traceRowFor(request, requestId)
      if (row >= 0) this.tracer.throttled(row)
      this.bus.emit({ type: 'invocation.throttled', atMs: this.kernel.nowMs, functionName: target.functionName, invokedQualifier: request.invokedQualifier, reason: fault.reason })
      return listener.attemptThrottled(fault.reason, request.tag ?? 0)
    }
    const attempt = new Attempt(this, request, listener, requestId)
    attempt.admittedAtMs = this.kernel.nowMs
    attempt.traceRow = this.traceRowFor(request, requestId)
    if (fault !== undefined) attempt.fault = fault
    let warm: ExecutionEnvironment | undefined
    if (provisionedFor !== undefined && this.environments.hasWarm(target, provisionedFor)) {
      warm = this.environments.acquireWarm(target, provisionedFor)
      attempt.lease = this.pools.acquireProvisioned(capacity)
      attempt.provisioned = true
    } else {
      const candidate = this.environments.peekWarm(target)
      // The unreserved pool's size matters only to a function without a reservation (and costs a pass over every function).
      const unreserved = capacity.reserved === undefined ? this.concurrency.unreservedCapacity() : 0
      const lease = this.pools.tryAcquireOnDemand(capacity, unreserved, candidate === undefined, this.kernel.nowMs)
      if (typeof lease === 'string') {
        if (attempt.traceRow >= 0) this.tracer.throttled(attempt.traceRow)
        this.bus.emit({ type: 'invocation.throttled', atMs: this.kernel.nowMs, functionName: target.functionName, invokedQualifier: request.invokedQualifier, reason: lease })
        listener.attemptThrottled(lease, request.tag ?? 0)
        return
      }
      attempt.lease = lease
      attempt.spillover = provisionedFor !== undefined
      if (candidate !== undefined) warm = this.environments.takeWarm(candidate)
    }
    if (warm !== undefined && warm.initialized) {
      attempt.env = warm
      this.startInvokePhase(attempt)
      return
    }
    attempt.coldStart = true
    const env = warm ?? this.environments.create(request.target)
    env.state = 'busy'
    attempt.env = env
    this.startInitPhase(attempt)
  }

  /**
   * Whether the version asked last traces actively. A version's configuration never changes (an
   * update makes a new `$LATEST`), so comparing the version spares the two reads into its
   * configuration every attempt made with tracing off (issue 19: tracing costs nothing when off).
   */
  private readonly tracingActive = new LastLookup<FunctionVersion, boolean>()

  /** The attempt's row in the tracer when it is sampled, else -1. */
  private traceRowFor(request: AttemptRequest, requestId: RequestId): number {
    const { target } = request
    const active = this.tracingActive.get(target) ?? this.tracingActive.set(target, target.configuration.tracingConfig.mode === 'Active')
    // Only these can be sampled; anything else costs nothing here (its header is derived when read).
    if (!this.tracer.all && request.traceHeader === undefined && !active) return -1
    return this.tracer.begin(requestId, target.functionName, request.invokedFunctionArn, active, request.traceHeader, request.traceOriginMs, request.traceLinks)
  }

  // ---------------------------------------------------------------- init

  private startInitPhase(attempt: Attempt): void {
    const { target } = attempt.request
    const env = attempt.env
    env.state = 'initializing'
    const initStartMs = this.kernel.nowMs
    if (attempt.traceRow >= 0) this.tracer.initStarted(attempt.traceRow)
    // A reset environment re-initialises too: INIT_START again, in the same stream.
    this.emit(attempt, {
      type: 'environment.initStarted',
      atMs: initStartMs,
      environmentId: env.environmentId,
      functionName: env.functionName,
      logGroupName: env.logGroupName,
      logStreamName: env.logStreamName,
      runtime: attempt.settings.runtime,
    })
    const modelledMs = this.draw('cold-start.init', attempt.settings.model.initDurationMs)
    runInit({
      kernel: this.kernel,
      target,
      env,
      phase: 'init',
      deadlineMs: initStartMs + ON_DEMAND_INIT_LIMIT_MS,
      handlerWorld: this.options.handlerWorld,
      invokeFunction: (task, input) => this.invokeNested(task, input, NO_LINEAGE),
      answerAwsRequest: this.answerAwsRequest,
      random: this.handlerRandom,
      modelledInitMs: modelledMs,
      log: (level, message, raw) => this.writeLog(attempt, undefined, level, message, undefined, raw),
      onEscaped: (what) => this.escaped(attempt, 'init', what),
      onDone: (result) => this.onInitDone(attempt, initStartMs, result),
    })
  }

  private onInitDone(attempt: Attempt, initStartMs: number, result: InitResult): void {
    const env = attempt.env
    const initDurationMs = this.kernel.nowMs - initStartMs
    if (attempt.traceRow >= 0) this.tracer.initEnded(attempt.traceRow, result.kind !== 'ready')
    if (result.kind === 'ready') {
      env.handler = result.handler
      attempt.initDurationMs = initDurationMs
      this.emitInitialized(attempt, initDurationMs, result, 'init')
      this.startInvokePhase(attempt)
      return
    }
    this.emitInitialized(attempt, initDurationMs, result, 'init')
    if (result.kind === 'timeout') {
      // AWS abandons the init and runs it again inside the first invocation, under its timeout.
      attempt.initDurationMs = undefined
      this.startInvokePhase(attempt)
      return
    }
    // Init failed: the error goes back to the caller at once and the environment is discarded.
    this.startInvokePhase(attempt, result.payload)
  }

  private emitInitialized(attempt: LogTarget, initDurationMs: number, result: InitResult, phase: 'init' | 'invoke'): void {
    const env = attempt.env
    this.emit(attempt, {
      type: 'environment.initialized',
      atMs: this.kernel.nowMs,
      environmentId: env.environmentId,
      functionName: env.functionName,
      initDurationMs,
      status: result.kind === 'ready' ? 'success' : result.kind,
      ...(result.kind === 'error' ? { errorType: result.payload.errorType } : {}),
      phase,
    })
  }

  // ---------------------------------------------------------------- invoke

  private startInvokePhase(attempt: Attempt, initFailure?: ErrorPayload): void {
    const { request } = attempt
    const env = attempt.env
    env.state = 'busy'
    env.invocationCount++
    const nowMs = this.kernel.nowMs
    attempt.startedAtMs = nowMs
    this.logObserver?.invocationStarted(attempt)
    this.metricObserver?.invocationStarted(attempt)
    // The event object is built only for someone who receives it.
    if (attempt.logLines !== undefined || this.wantsLifecycle().started) this.emit(attempt, startedEventOf(attempt, request.invokedFunctionArn))
    if (initFailure !== undefined) {
      this.complete(attempt, { kind: 'crash', errorType: initFailure.errorType, errorMessage: initFailure.errorMessage }, initFailure)
      return
    }
    attempt.timeoutEntry = this.timeoutQueue(attempt.settings.timeoutMs).add(attempt)
    // Init timed out in the init phase: it runs again now, bounded by the function's timeout.
    if (env.handler === undefined) return this.initAgainInInvoke(attempt)
    this.callHandlerAfterCompute(attempt)
  }

  /**
   * The init phase timed out, so init runs again inside this invocation, under its timeout. Its own
   * method: closures here would make every invocation allocate their scope.
   */
  private initAgainInInvoke(attempt: Attempt): void {
    const { request } = attempt
    const env = attempt.env
    const initStartMs = this.kernel.nowMs
    attempt.initHandle = runInit({
      kernel: this.kernel,
      target: request.target,
      env,
      phase: 'invoke',
      deadlineMs: attempt.deadlineMs,
      handlerWorld: this.options.handlerWorld,
      invokeFunction: (task, input) => this.invokeNested(task, input, NO_LINEAGE),
      answerAwsRequest: this.answerAwsRequest,
      random: this.handlerRandom,
      modelledInitMs: this.draw('cold-start.init', attempt.settings.model.initDurationMs),
      log: (level, message, raw) => this.writeLog(attempt, attempt.requestId, level, message, undefined, raw),
      onEscaped: (what) => this.escaped(attempt, 'init', what),
      onDone: (result) => {
        if (attempt.done) return
        const initDurationMs = this.kernel.nowMs - initStartMs
        this.emitInitialized(attempt, initDurationMs, result, 'invoke')
        if (result.kind === 'ready') {
          env.handler = result.handler
          this.callHandlerAfterCompute(attempt)
        } else if (result.kind === 'error') {
          this.complete(attempt, { kind: 'crash', errorType: result.payload.errorType, errorMessage: result.payload.errorMessage }, result.payload)
        }
        // A timeout here is the invocation's own timeout, already scheduled.
      },
    })
  }


  /** The function's modelled compute time runs first (scaled by memory), then the handler. */
  private callHandlerAfterCompute(attempt: Attempt): void {
    const settings = attempt.settings
    const cpuMs = this.draw('invoke.compute', settings.model.computeMs)
    if (cpuMs > 0) {
      this.kernel.schedule(this.kernel.nowMs + computeWallMs(cpuMs, settings.memoryMB), computeDone, attempt)
    } else {
      this.callHandler(attempt)
    }
  }

  /** @internal Calls the handler now (the attempt becomes a live kernel task). */
  callHandler(attempt: Attempt): void {
    if (attempt.done) return
    const { request } = attempt
    const { target } = request
    const env = attempt.env
    const handler = env.handler
    if (handler === undefined) return
    attempt.handlerStarted = true
    this.kernel.startTask(attempt)
    attempt.runtimeGeneration = env.runtimeGeneration
    env.occupant = attempt
    // Work earlier invocations left pending resumes now, owned by this one (freeze/thaw).
    if (env.frozen.length > 0) {
      this.kernel.thawWaits(env.frozen, attempt)
      env.frozen = []
    }
    const context = new LambdaContext(
      attempt,
      target.functionName,
      target.version,
      request.invokedFunctionArn,
      attempt.settings.memoryLimitInMB,
      env.logGroupName,
      env.logStreamName,
      request.clientContext,
      env.variables(attempt.settings.environmentVariables),
    )
    const run = new HandlerRun(handler, attempt, attempt.settings.legacyApi, this.dialectOf(attempt))
    attempt.run = run
    const event = requestEvent(request.payload)
    if (this.options.handlerWorld) startInWorld(attempt, run, event, context)
    // Without the world, user code still runs outside every handler's (the kernel may be dispatching
    // from a continuation of another handler, whose scope would otherwise leak into this one).
    else if (currentScope() === undefined) run.start(event, context)
    else startOutsideWorld(run, event, context)
  }

  // ---------------------------------------------------------------- completion

  /** The one place an attempt ends. Runs in kernel dispatch. */
  complete(attempt: Attempt, completion: Completion, initFailure?: ErrorPayload): void {
    if (attempt.done) return
    // Fault plan (lambda-sim/testing): a planned error, timeout or crash replaces the handler's own outcome.
    if (attempt.fault !== undefined && (completion.kind === 'success' || completion.kind === 'error')) {
      const faulted = faultedCompletion(attempt.fault, attempt.requestId, attempt.settings.legacyApi, this.dialectOf(attempt))
      if (faulted.kind === 'run-to-timeout') return // the attempt ends when its timeout fires
      completion = faulted.kind === 'outcome' ? faulted.outcome : faulted
    }
    attempt.done = true
    const { request } = attempt
    const { target } = request
    const env = attempt.env
    const nowMs = this.kernel.nowMs
    if (attempt.timeoutEntry >= 0) {
      this.timeoutQueue(attempt.settings.timeoutMs).cancel(attempt, attempt.timeoutEntry)
      attempt.timeoutEntry = -1
    }
    attempt.run?.abandon()
    attempt.reported = undefined

    let status: InvocationStatus
    let payloadJson: string
    let payloadValue: unknown
    let errorType: string | undefined
    if (completion.kind === 'success') {
      status = 'success'
      payloadJson = completion.json
      payloadValue = completion.value
    } else if (completion.kind === 'error') {
      status = 'error'
      errorType = completion.payload.errorType
      payloadJson = JSON.stringify(completion.payload)
      if (completion.logMessage !== undefined) {
        const { errorType: type, errorMessage, trace, stackTrace } = completion.payload
        this.writeLog(attempt, attempt.requestId, 'ERROR', completion.logMessage, { errorType: type, errorMessage, stackTrace: trace ?? stackTrace ?? [] }, completion.logRaw)
      }
    } else if (completion.kind === 'timeout') {
      status = 'timeout'
      errorType = 'Sandbox.Timedout'
      const seconds = (attempt.settings.timeoutMs / 1000).toFixed(2)
      payloadJson = JSON.stringify(platformError('Sandbox.Timedout', `RequestId: ${attempt.requestId} Error: Task timed out after ${seconds} seconds`))
      this.bus.emit({ type: 'invocation.timeout', atMs: nowMs, requestId: attempt.requestId, functionName: target.functionName, timeoutMs: attempt.settings.timeoutMs })
    } else {
      status = 'crash'
      errorType = completion.errorType
      payloadJson = JSON.stringify(initFailure ?? platformError(completion.errorType, completion.errorMessage))
    }

    if (env.occupant === attempt) env.occupant = undefined
    if (attempt.handlerStarted) {
      this.kernel.endTask(attempt)
      if (status === 'success' || status === 'error') {
        // Work the handler left pending (it did not await it) freezes with the environment and
        // resumes only if the environment is used again (see docs/concepts.md).
        if (attempt.pendingWaitCount > 0) env.frozen.push(...this.kernel.freezeWaits(attempt))
      } else {
        // The runtime is killed: its pending work never runs again. Nothing is rejected, so no
        // catch or finally block of the handler runs after its end.
        this.kernel.dropWaits(attempt)
      }
    } else if (status === 'timeout' || status === 'crash') {
      attempt.initHandle?.cancel()
    }

    if (errorType !== undefined && status !== 'timeout') {
      const parsed = JSON.parse(payloadJson) as ErrorPayload
      this.bus.emit({
        type: 'invocation.error',
        atMs: nowMs,
        requestId: attempt.requestId,
        functionName: target.functionName,
        errorType,
        errorMessage: parsed.errorMessage,
      })
    }

    const durationMs = Math.min(nowMs - attempt.startedAtMs, attempt.settings.timeoutMs)
    const memoryUsed = this.memoryUsedBy(attempt.settings)
    attempt.status = status
    attempt.payloadJson = payloadJson
    attempt.payloadValue = payloadValue
    attempt.errorType = errorType
    attempt.durationMs = durationMs
    attempt.completedAtMs = nowMs
    attempt.maxMemoryUsedMB = memoryUsed
    if (attempt.traceRow >= 0) this.tracer.completed(attempt.traceRow, attempt)
    this.logObserver?.invocationCompleted(attempt)
    this.metricObserver?.invocationCompleted(attempt)
    if (attempt.logLines !== undefined || this.wantsLifecycle().completed) this.emit(attempt, completedEventOf(attempt))

    if (initFailure !== undefined) {
      this.environments.discard(env)
    } else {
      if (status === 'timeout' || status === 'crash') {
        env.handler = undefined
        env.resetProcess()
        // Frozen work of the killed runtime is dropped; work its code would still make too.
        env.frozen = []
        env.runtimeGeneration++
        this.bus.emit({ type: 'environment.reset', atMs: nowMs, environmentId: env.environmentId, functionName: env.functionName, reason: status })
      }
      this.environments.release(env)
    }

    // Capacity comes back once the invocation's events are out, so listeners see a consistent count.
    if (attempt.lease !== undefined) this.pools.release(attempt.lease)
    attempt.listener.attemptCompleted(attempt, request.tag ?? 0)
  }

  /** A handler awaits something the simulation does not own. */
  escaped(attempt: Attempt, phase: 'init' | 'invoke', what?: string): ReturnType<TaskHooks['onDrained']> {
    const { request } = attempt
    this.bus.emit({
      type: 'handler.escaped',
      atMs: this.kernel.nowMs,
      requestId: attempt.requestId,
      functionName: request.target.functionName,
      phase,
    })
    // Called from the kernel's own loop (not a promise callback), so the outcome is recorded at once:
    // even when the drive then throws, no invocation is left unfinished.
    if (phase === 'invoke') this.complete(attempt, nodeJsExitOutcome())
    if (this.options.escapePolicy === 'fail-invocation') return undefined
    return this.kernel.error(
      'handler-escaped',
      (what !== undefined
        ? `${phase === 'init' ? 'The init code' : 'The handler'} of function "${request.target.functionName}" (request ${attempt.requestId}) started ${what}, which the simulation does not own, so virtual time cannot follow it. `
        : `${phase === 'init' ? 'The init code' : 'The handler'} of function "${request.target.functionName}" (request ${attempt.requestId}) is waiting for something the simulation does not own — ` +
          'a real setTimeout/setInterval/setImmediate, network or file I/O, or a promise that never settles — so virtual time cannot move for it. ') +
        'Fix: wait with context.sleep(ms) (or context.compute(ms)), and wrap real I/O in context.external(promise). ' +
        "To let such invocations fail with Runtime.NodeJsExit instead, as Lambda would, create the simulation with { onEscape: 'fail-invocation' }.",
      { functionName: request.target.functionName, requestId: attempt.requestId, phase, ...(what !== undefined ? { realWorld: what } : {}) },
    )
  }

  /** Emits an event of this attempt; its log lines also go to the attempt's tail when asked for. */
  private emit(attempt: LogTarget, event: SimEvent): void {
    this.bus.emit(event)
    if (attempt.logLines !== undefined) {
      attempt.logLines.push(...linesFor(event, { format: attempt.settings.logFormat, systemLogLevel: attempt.settings.systemLogLevel }))
    }
  }

  /** Writes an application log line (an event; the log store and the tail derive from it). */
  writeLog(
    attempt: LogTarget,
    requestId: string | undefined,
    level: LogLevel,
    message: string,
    error?: { errorType: string; errorMessage: string; stackTrace: readonly string[] },
    raw?: boolean,
  ): void {
    const { settings, env } = attempt
    if (raw !== true && !appLineKept(level, settings.logFormat, settings.applicationLogLevel)) return
    // A logged stack (`console.error(err)`) keeps only the frames the seed and the code determine.
    if (holdsFrames(message)) message = stableText(message)
    this.emit(attempt, {
      type: 'log.line',
      atMs: this.kernel.nowMs,
      logGroupName: env.logGroupName,
      logStreamName: env.logStreamName,
      requestId,
      level,
      message,
      ...(error !== undefined ? { error } : {}),
      ...(raw === true ? { raw } : {}),
    })
  }

  /** @internal Billed Duration for a duration and an init duration, by this simulation's billing rules. */
  billedFor(durationMs: number, initDurationMs: number | undefined): number {
    return billedDurationMs(durationMs, initDurationMs, this.options.billing)
  }

  /**
   * The dialect the attempt's errors are rendered in (undefined for Node.js). Node's is decided before
   * the request id is read: reading it renders a packed id as text, which most invocations never need.
   * Whether the runtime is Node is kept for the settings asked last (a string prefix test per call
   * showed as ≈ 1 % of the reference workload).
   */
  private dialectOf(attempt: Attempt): ErrorDialect | undefined {
    const settings = attempt.settings
    let node = this.nodeRuntime.get(settings)
    if (node === undefined) node = this.nodeRuntime.set(settings, runtimeFamily(settings.runtime) === 'nodejs')
    return node ? undefined : errorDialectOf(settings.runtime, attempt.requestId)
  }

  /** Whether the last settings `dialectOf` saw are a Node.js runtime's (settings never change: an update makes new ones). */
  private readonly nodeRuntime = new LastLookup<FunctionSettings, boolean>()

  /** Max Memory Used of an invocation with these settings (a fixed model's value is worked out once per settings). */
  private memoryUsedBy(settings: FunctionSettings): number {
    return this.fixedMemoryUsed.get(settings) ?? this.drawMemoryUsed(settings)
  }

  private drawMemoryUsed(settings: FunctionSettings): number {
    const distribution = settings.model.memoryUsedMB ?? DEFAULT_MEMORY_USED_MB
    const used = Math.min(settings.memoryMB, Math.max(1, Math.round(this.draw('invoke.memory', distribution))))
    if (isFixed(distribution)) this.fixedMemoryUsed.set(settings, used)
    return used
  }

  /** The last settings whose memory model is fixed, and the memory it uses (no draw is made for it). */
  private readonly fixedMemoryUsed = new LastLookup<FunctionSettings, number>()

  /** A sample from the distribution; a random decision is drawn only when it is not fixed. */
  draw(kind: string, distribution: Distribution | undefined): number {
    if (distribution === undefined) return 0
    if (isFixed(distribution)) return sample(distribution, 0)
    return sample(distribution, this.decider.decide(kind))
  }

  /** Invocation timeouts, one queue per timeout length (see `DeadlineQueue`). */
  private readonly timeoutQueues = new Map<number, DeadlineQueue<Attempt>>()

  /** The queue used last: most attempts have the timeout the one before had. */
  private readonly lastTimeoutQueue = new LastLookup<number, DeadlineQueue<Attempt>>()

  private timeoutQueue(timeoutMs: number): DeadlineQueue<Attempt> {
    return this.lastTimeoutQueue.get(timeoutMs) ?? this.timeoutQueueOf(timeoutMs)
  }

  private timeoutQueueOf(timeoutMs: number): DeadlineQueue<Attempt> {
    let queue = this.timeoutQueues.get(timeoutMs)
    if (queue === undefined) {
      queue = new DeadlineQueue<Attempt>(this.kernel, timeoutMs, timeoutFired)
      this.timeoutQueues.set(timeoutMs, queue)
    }
    return this.lastTimeoutQueue.set(timeoutMs, queue)
  }

  /** Whether anyone listens for `invocation.started` / `invocation.completed` (asked once per bus version). */
  private wantsLifecycle(): LifecycleWants {
    const version = this.bus.version
    return this.lifecycleWants.get(version) ?? this.lifecycleWants.set(version, { started: this.bus.wants('invocation.started'), completed: this.bus.wants('invocation.completed') })
  }

  private readonly lifecycleWants = new LastLookup<number, LifecycleWants>()

  /**
   * Told of every invocation's start and end, before the bus: the log store, then the metric store.
   * One slot (and one call site) each, not a list: each call site meets one class and is inlined.
   */
  private readonly logObserver: InvocationObserver | undefined
  private readonly metricObserver: InvocationObserver | undefined
  private readonly nestedInvoker: NestedInvoker
  readonly answerAwsRequest: AwsRequestAnswerer
  readonly handlerRandom: () => number
  readonly tracer: Tracer
  /** The `faults` option's plan, when it holds one. */
  private readonly faults: FaultPlan | undefined

  invokeNested(task: Task, input: InvokeInput, lineage: Lineage): Promise<InvokeResult> {
    return this.nestedInvoker(task, input, lineage)
  }

  /** @internal for id generation by callers that need a request id as text now. */
  newRequestId(): string {
    return this.ids.uuid()
  }

  /**
   * @internal Mints the next request id (the same draw as `newRequestId`) as a `RequestId` kept as
   * packed words: pass it as the attempt's `requestId`; it is rendered only if someone reads it.
   */
  mintRequestId(): RequestId {
    return this.ids.mint()
  }
}

/** Who listens for the lifecycle events (asked once per bus version). */
interface LifecycleWants {
  readonly started: boolean
  readonly completed: boolean
}

/** Max Memory Used when the function's model does not say. [SIM] */
export const DEFAULT_MEMORY_USED_MB = 72
