/**
 * The init phase: runs the function's module scope (the init factory) once per environment and
 * yields the handler. Its duration is the virtual time the factory itself spends plus the modelled
 * init time. On-demand init is limited to 10 s; the caller decides what an overrun means.
 */
import type { Kernel, Task, TaskHooks } from '../kernel/kernel.js'
import { isDirectoryCode, isInitFactory, type StoredHandler } from '../model/code.js'
import type { ExecutionEnvironment } from '../model/environment.js'
import type { FunctionVersion } from '../model/function-record.js'
import type { LogLevel } from '../observability/events.js'
import type { InvokeInput } from '../config/invoke-schema.js'
import type { InvokeResult } from '../model/invoke-result.js'
import { InitContext } from './context.js'
import type { AwsRequestAnswerer } from './world/aws-http.js'
import { crashOnUncaught, runInScope, runOutsideScope, type AwsHttpRequest, type AwsHttpResponse, type HandlerScope } from './world/scope.js'
import { errorPayloadLegacy, errorPayloadV4, invokeErrorLogMessage, platformError, type ErrorPayload } from './error-payload.js'
import { isCallbackStyle, isProcessExit, NODEJS_EXIT_MESSAGE } from './handler-runner.js'
import { externalAfterEnd, logAfterEnd, sleepAfterEnd } from './late-work.js'
import { loadModuleHandler } from './module-handler.js'
import { errorDialectOf, familyHandlerNotFound, familyInitError, type ErrorDialect } from './family-errors.js'

export type InitResult =
  | { readonly kind: 'ready'; readonly handler: StoredHandler }
  | { readonly kind: 'error'; readonly payload: ErrorPayload }
  | { readonly kind: 'timeout' }

export interface InitRequest {
  readonly kernel: Kernel
  readonly target: FunctionVersion
  readonly env: ExecutionEnvironment
  readonly phase: 'init' | 'invoke'
  /** Virtual instant the init is cut off (enforced here only in the `init` phase). */
  readonly deadlineMs: number
  readonly modelledInitMs: number
  /** Route the init code's `console.*` lines into the function's log. */
  /** Run the module scope in the handler's world. */
  readonly handlerWorld: boolean
  /** Invokes another function on behalf of the init code (a call chain of its own: no lineage). */
  invokeFunction(task: Task, input: InvokeInput): Promise<InvokeResult>
  /** Answers the init code's requests to AWS endpoints (the handler's world, `world/aws-http.ts`). */
  readonly answerAwsRequest: AwsRequestAnswerer
  /** `Math.random()` of the init code: the simulation's seeded stream for handler code. */
  readonly random: () => number
  log(level: LogLevel, message: string, raw?: boolean): void
  /** The init code escaped the simulation; returns the error to end the drive with, if any. */
  onEscaped(what?: string): ReturnType<TaskHooks['onDrained']>
  onDone(result: InitResult): void
}

export const CALLBACK_HANDLER_DEPRECATED_MESSAGE =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.'

/** Handle to stop an init that is still running (its invocation timed out). */
export interface InitHandle {
  cancel(): void
}

class InitRun implements HandlerScope, TaskHooks {
  private settled = false
  /** Never aborted (see `SimulationTools.signal`); made on first read. */
  private abort: AbortController | undefined = undefined
  /** The environment's runtime generation the module scope ran in (see `late-work.ts`). */
  private runtimeGeneration = 0
  taskRef: Task | undefined
  private deadline: object | undefined

  constructor(private readonly request: InitRequest) {}

  get kernel(): Kernel {
    return this.request.kernel
  }
  get task(): Task {
    return this.taskRef as Task
  }
  /** The handler's world (./world): the environment's process.env; no trace id during init. */
  processEnv(): Record<string, string> {
    return this.request.env.processEnvironment(this.request.target.settings.environmentVariables)
  }
  traceHeader(): string | undefined {
    return undefined
  }
  uncaught(thrown: unknown): void {
    crashOnUncaught(this, thrown)
  }
  get memoryMB(): number {
    return this.request.target.settings.memoryMB
  }
  get deadlineMs(): number {
    return this.request.deadlineMs
  }
  get signal(): AbortSignal {
    return (this.abort ??= new AbortController()).signal
  }
  sleepAfterEnd(ms: number): Promise<void> {
    return sleepAfterEnd(this.request.kernel, this.request.env, this.runtimeGeneration, ms)
  }
  externalAfterEnd<T>(work: PromiseLike<T>): Promise<T> {
    return externalAfterEnd(this.request.kernel, this.request.env, this.runtimeGeneration, work)
  }
  get legacyApi(): boolean {
    return this.request.target.settings.legacyApi
  }
  log(level: LogLevel, message: string, raw?: boolean): void {
    if (!this.settled) this.request.log(level, message, raw)
    // Code the module scope left pending logs into the invocation running in the environment now.
    else logAfterEnd(this.request.env, this.runtimeGeneration, this, level, message, raw)
  }
  exit(exitCode: number): void {
    this.postResult({ kind: 'error', payload: platformError('Runtime.ExitError', `Runtime exited with error: exit status ${exitCode}`) })
  }
  finish(): void {}
  invokeFunction(input: InvokeInput): Promise<InvokeResult> {
    return this.request.invokeFunction(this.task, input)
  }
  answerAwsRequest(request: AwsHttpRequest): Promise<AwsHttpResponse> | undefined {
    return this.request.answerAwsRequest(this, request)
  }
  random(): number {
    return this.request.random()
  }

  describe(): string {
    return `init of function ${this.request.target.functionName} (environment ${this.request.env.environmentId})`
  }
  onDrained(): ReturnType<TaskHooks['onDrained']> {
    return this.escape(undefined)
  }
  /** The init code started real I/O (seen by the handler's world): an escape, as a drained one is. */
  onEscaped(_task: Task, what: string): ReturnType<TaskHooks['onDrained']> {
    return this.escape(what)
  }
  private escape(what: string | undefined): ReturnType<TaskHooks['onDrained']> {
    if (this.settled) return undefined
    const error = new Error(NODEJS_EXIT_MESSAGE)
    error.name = 'Runtime.NodeJsExit'
    const failure = this.request.onEscaped(what)
    this.settle({ kind: 'error', payload: errorPayloadLegacy(error) })
    return failure
  }

  start(): void {
    const { kernel, target, phase, deadlineMs } = this.request
    if (phase === 'init') {
      this.deadline = kernel.schedule(
        deadlineMs,
        (run: InitRun) => {
          // It fired: cancelling it now would count it off the kernel's foreground events twice.
          run.deadline = undefined
          run.settle({ kind: 'timeout' })
        },
        this,
      )
    }
    const code = target.code
    if (!isInitFactory(code) && !isDirectoryCode(code)) {
      this.afterModule(code)
      return
    }
    const task = kernel.startTask(this)
    this.taskRef = task
    const env = this.request.env
    this.runtimeGeneration = env.runtimeGeneration
    env.occupant = this
    const variables = this.request.env.variables(target.settings.environmentVariables)
    const context = new InitContext(this, target.functionName, this.request.env.version, String(target.settings.memoryMB), variables)
    let produced: unknown
    try {
      // A package's module is loaded here: its top-level code is this init's module scope.
      const moduleScope = isDirectoryCode(code)
        ? () => loadModuleHandler(code.directory, target.configuration.handler, { kernel, task, scope: this.request.handlerWorld ? this : undefined })
        : () => code.init(context)
      // Without the world, outside every handler's (the kernel may dispatch from another handler's continuation).
      produced = this.request.handlerWorld ? runInScope(this, moduleScope) : runOutsideScope(moduleScope)
    } catch (thrown) {
      this.failWith(thrown)
      return
    }
    Promise.resolve(produced).then(
      (handler) => this.postHandler(handler),
      (thrown: unknown) => this.failWith(thrown),
    )
  }

  /** A non-Node runtime's error rendering (no request id during init [U]); undefined for Node. */
  private get dialect(): ErrorDialect | undefined {
    return errorDialectOf(this.request.target.settings.runtime, '')
  }

  private failWith(thrown: unknown): void {
    // Asked safely: a thrown Proxy's traps may throw (`handler-runner.ts`).
    if (isProcessExit(thrown)) return
    const dialect = this.dialect
    if (dialect !== undefined) {
      const { payload, log } = familyInitError(thrown, this.request.target.configuration.handler, dialect)
      if (log !== undefined) this.request.log('ERROR', log.message, log.raw)
      this.postResult({ kind: 'error', payload })
      return
    }
    const legacy = this.legacyApi
    const label = legacy ? 'Uncaught Exception' : 'Init Error'
    this.request.log('ERROR', invokeErrorLogMessage(thrown).replace(/^Invoke Error/, label))
    this.postResult({ kind: 'error', payload: legacy ? errorPayloadLegacy(thrown) : errorPayloadV4(thrown) })
  }

  /** Promise callbacks only post; the result is applied in dispatch. */
  private postResult(result: InitResult): void {
    if (this.taskRef !== undefined) this.kernel.endTask(this.taskRef)
    this.kernel.post((value: InitResult) => this.settle(value), result)
  }

  private postHandler(handler: unknown): void {
    if (this.taskRef !== undefined) this.kernel.endTask(this.taskRef)
    this.kernel.post((value: unknown) => {
      if (this.settled) return
      this.afterModule(value)
    }, handler)
  }

  /** The module scope has run; check the export, then spend the modelled init time. */
  private afterModule(handler: unknown): void {
    if (this.settled) return
    const { target } = this.request
    const dialect = this.dialect
    if (typeof handler !== 'function' && dialect !== undefined) {
      this.settle({ kind: 'error', payload: familyHandlerNotFound(target.configuration.handler, handler, dialect) })
      return
    }
    if (typeof handler !== 'function') {
      this.settle({
        kind: 'error',
        payload: platformError('Runtime.HandlerNotFound', `${target.configuration.handler} is ${handler === undefined ? 'undefined or not exported' : 'not a function'}`),
      })
      return
    }
    if (dialect === undefined && !target.settings.legacyApi && isCallbackStyle(handler)) {
      this.settle({ kind: 'error', payload: platformError('Runtime.CallbackHandlerDeprecated', CALLBACK_HANDLER_DEPRECATED_MESSAGE) })
      return
    }
    const ready: InitResult = { kind: 'ready', handler: handler as StoredHandler }
    if (this.request.modelledInitMs > 0) {
      this.kernel.schedule(this.kernel.nowMs + this.request.modelledInitMs, (result: InitResult) => this.settle(result), ready)
    } else {
      this.settle(ready)
    }
  }

  settle(result: InitResult): void {
    if (this.settled) return
    this.settled = true
    if (this.deadline !== undefined) this.kernel.cancel(this.deadline)
    const task = this.taskRef
    if (task !== undefined) {
      this.kernel.endTask(task)
      this.leave()
      if (result.kind !== 'ready') this.stop(task)
      // Work the module scope left pending freezes with the environment, and resumes in its first
      // invocation (the same rule as a handler's pending work).
      else this.request.env.frozen.push(...this.kernel.freezeWaits(task))
    }
    this.request.onDone(result)
  }

  cancel(): void {
    if (this.settled) return
    this.settled = true
    if (this.deadline !== undefined) this.kernel.cancel(this.deadline)
    if (this.taskRef !== undefined) {
      this.kernel.endTask(this.taskRef)
      this.leave()
      this.stop(this.taskRef)
    }
  }

  private leave(): void {
    if (this.request.env.occupant === this) this.request.env.occupant = undefined
  }

  /**
   * The init failed or was cut off: its runtime is killed. Its pending work is dropped (never
   * rejected: no catch or finally block of the module scope runs after its end).
   */
  private stop(task: Task): void {
    this.kernel.dropWaits(task)
    this.request.env.frozen = []
    this.request.env.runtimeGeneration++
  }
}

export function runInit(request: InitRequest): InitHandle {
  const run = new InitRun(request)
  run.start()
  return run
}
