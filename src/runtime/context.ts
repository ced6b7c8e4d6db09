/**
 * The Lambda `Context` a handler receives: every Node.js field AWS provides, on virtual time, plus
 * the simulation's own tools (`sleep`, `compute`, `external`, `signal`, `log`, `exit`).
 *
 * Gotchas: a handler must wait with `context.sleep(ms)`, never the real `setTimeout`; real I/O must
 * go through `context.external(promise)`. Anything else the simulation cannot see, and the run stops
 * with an error that says so.
 */
import { format, inspect } from 'node:util'
import { SimulationError } from '../kernel/simulation-error.js'
import type { Kernel, Task } from '../kernel/kernel.js'
import { computeWallMs } from '../model/cpu.js'
import type { LogLevel } from '../observability/events.js'
import type { InvokeInput } from '../config/invoke-schema.js'
import type { InvokeResult } from '../model/invoke-result.js'

/** What an invocation's context needs beyond its tools. */
export interface InvocationHost extends ContextHost {
  /** The request id (read on demand: most handlers never look at it, so it is rendered late). */
  readonly requestId: string
}

/** What the context needs from the invocation (or init phase) that owns it. */
export interface ContextHost {
  readonly kernel: Kernel
  readonly task: Task
  readonly memoryMB: number
  /** Virtual epoch ms at which the invocation times out. */
  readonly deadlineMs: number
  readonly signal: AbortSignal
  readonly legacyApi: boolean
  /** A wait made after the task ended (see `late-work.ts`). */
  sleepAfterEnd(ms: number): Promise<void>
  /** Real work admitted after the task ended (see `late-work.ts`). */
  externalAfterEnd<T>(work: PromiseLike<T>): Promise<T>
  /** A line for the function's log; `raw` when user code wrote it to stdout/stderr itself. */
  log(level: LogLevel, message: string, raw?: boolean): void
  /** The handler called `process.exit`-like `context.exit(code)`. */
  exit(exitCode: number): void
  /** `context.succeed/fail/done` (nodejs22.x and earlier). */
  finish(error: unknown, result: unknown, viaFail: boolean): void
  /** Invokes another function from inside this one (the call chain is tracked). */
  invokeFunction(input: InvokeInput): Promise<InvokeResult>
}

/** A Lambda client bound to the simulation, for handlers that invoke other functions. */
export interface InHandlerLambdaClient {
  /**
   * `Invoke` from inside a handler: `RequestResponse` waits (on the virtual clock) for the other
   * function; `Event` queues it. The call chain is counted per function, so a function's 17th
   * invocation by the same event is stopped unless its recursion config says `Allow`.
   */
  invoke(input: InvokeInput): Promise<InvokeResult>
}

export interface ComputeOptions {
  /** Threads the work can use at once (default 1: JavaScript is single-threaded). */
  readonly parallelism?: number
}

/** Logger with Lambda's levels; `console.log` maps to INFO. */
export interface ContextLogger {
  trace(...args: unknown[]): void
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  fatal(...args: unknown[]): void
}

/** `X-Amz-Client-Context`, as the mobile SDKs send it (the shape `@types/aws-lambda` declares). */
export interface ClientContext {
  client: {
    installationId: string
    appTitle: string
    appVersionName: string
    appVersionCode: string
    appPackageName: string
  }
  Custom?: any
  env: { platformVersion: string; platform: string; make: string; model: string; locale: string }
}

/** Sleep, compute and friends, shared by the invocation context and the init context. */
export class SimulationTools {
  /** @internal */
  protected readonly host: ContextHost

  /** @internal The simulation makes contexts; user code receives them. */
  constructor(host: ContextHost) {
    this.host = host
  }

  /** Virtual now, epoch milliseconds (the real clock inside a handler is real time; this is not). */
  get nowMs(): number {
    return this.host.kernel.nowMs
  }

  /** A Lambda client bound to the simulation (see `InHandlerLambdaClient`). */
  get lambda(): InHandlerLambdaClient {
    const host = this.host
    return { invoke: (input) => host.invokeFunction(input) }
  }

  /**
   * An `AbortSignal` for the invocation. The simulation never aborts it: when an invocation times
   * out or crashes its runtime is killed, and no code of it runs again (as on Lambda, where the
   * process is gone), so no abort listener is called after the end. See deviations.md.
   */
  get signal(): AbortSignal {
    return this.host.signal
  }

  /**
   * Waits `ms` of virtual time. The only correct way for a handler to wait.
   * @example await context.sleep(120) // a 120 ms downstream call
   */
  sleep(ms: number): Promise<void> {
    const host = this.host
    if (!(typeof ms === 'number' && ms >= 0 && Number.isFinite(ms))) {
      return Promise.reject(
        new SimulationError('invalid-argument', `context.sleep expects a finite number of milliseconds >= 0, got ${String(ms)}`, host.kernel.replayLine()),
      )
    }
    const task = host.task
    // Code left over from an ended invocation (or init), resumed later: see `late-work.ts`.
    if (task.ended) return host.sleepAfterEnd(ms)
    return host.kernel.sleep(task, ms)
  }

  /**
   * Spends `cpuMs` milliseconds of one-vCPU work. Elapsed virtual time scales with memory as on
   * Lambda: 1,769 MB is one vCPU, so 100 ms of work takes ~1,382 ms at 128 MB and 100 ms at 1,769 MB
   * or more (single-threaded), or less with `parallelism` on a bigger function.
   */
  compute(cpuMs: number, options: ComputeOptions = {}): Promise<void> {
    // Checked here, in the caller's terms: a bad value would otherwise surface as a sleep of a scaled time.
    const parallelism = (options as ComputeOptions | null)?.parallelism
    const problem = !(typeof cpuMs === 'number' && cpuMs >= 0 && Number.isFinite(cpuMs))
      ? `a finite number of CPU milliseconds >= 0, got ${String(cpuMs)}`
      : parallelism !== undefined && !(Number.isInteger(parallelism) && parallelism >= 1)
        ? `options.parallelism to be an integer >= 1, got ${String(parallelism)}`
        : undefined
    if (problem !== undefined) {
      return Promise.reject(new SimulationError('invalid-argument', `context.compute expects ${problem}`, this.host.kernel.replayLine()))
    }
    return this.sleep(computeWallMs(cpuMs, this.host.memoryMB, parallelism))
  }

  /**
   * Admits real asynchronous work (a real HTTP call, a file read). Virtual time is frozen until it
   * settles; results are handed back in the order `external` was called, so runs stay deterministic
   * as long as the real work is.
   */
  external<T>(work: PromiseLike<T>): Promise<T> {
    const host = this.host
    const task = host.task
    if (task.ended) return host.externalAfterEnd(work)
    return host.kernel.external(task, work)
  }

  /** Writes an INFO line to the function's log, formatted like `console.log`. */
  log(...args: unknown[]): void {
    this.host.log('INFO', format(...args))
  }

  get logger(): ContextLogger {
    const host = this.host
    const at =
      (level: LogLevel) =>
      (...args: unknown[]): void =>
        host.log(level, format(...args))
    return { trace: at('TRACE'), debug: at('DEBUG'), info: at('INFO'), warn: at('WARN'), error: at('ERROR'), fatal: at('FATAL') }
  }

  /**
   * Ends the process the way `process.exit(code)` would on Lambda: the invocation fails with
   * `Runtime.ExitError` and the environment is reset.
   */
  exit(exitCode = 1): never {
    // An exit status is one byte (a shell reads 256 as 0): anything else is a mistake, thrown where it is made.
    if (!(Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 255)) {
      throw new SimulationError('invalid-argument', `context.exit expects an integer exit code from 0 to 255, got ${String(exitCode)}`, this.host.kernel.replayLine())
    }
    this.host.exit(exitCode)
    throw new ProcessExit(exitCode)
  }
}

/** Thrown by `context.exit` to unwind the handler; the outcome is already decided. */
export class ProcessExit extends Error {
  override readonly name = 'ProcessExit'
  constructor(readonly exitCode: number) {
    super(`process exited with code ${exitCode}`)
  }
}

/** The context of one invocation (structurally an `@types/aws-lambda` `Context`). */
export class LambdaContext extends SimulationTools {
  readonly functionName: string
  readonly functionVersion: string
  readonly invokedFunctionArn: string
  readonly memoryLimitInMB: string
  readonly logGroupName: string
  readonly logStreamName: string
  readonly identity: undefined
  readonly clientContext: ClientContext | undefined
  /** The function's environment variables, with the ones Lambda sets (`AWS_REGION`, …). */
  readonly env: Readonly<Record<string, string>>
  /**
   * Callback-style handlers (nodejs22.x and earlier): when true (the default) the response waits
   * until no `sleep` of this invocation is pending; when false it is sent at once and pending work
   * freezes with the environment, resuming on its next invocation.
   */
  callbackWaitsForEmptyEventLoop: boolean

  // Positional, not an options object: one context per invocation, and no object in between. The
  // fields are assigned in declaration order: a handler that logs its context sees them in it.
  /** @internal The simulation makes contexts; user code receives them. */
  constructor(
    host: InvocationHost,
    functionName: string,
    functionVersion: string,
    invokedFunctionArn: string,
    memoryLimitInMB: string,
    logGroupName: string,
    logStreamName: string,
    clientContext: ClientContext | undefined,
    env: Readonly<Record<string, string>>,
  ) {
    super(host)
    this.functionName = functionName
    this.functionVersion = functionVersion
    this.invokedFunctionArn = invokedFunctionArn
    this.memoryLimitInMB = memoryLimitInMB
    this.logGroupName = logGroupName
    this.logStreamName = logStreamName
    this.identity = undefined
    this.clientContext = clientContext
    this.env = env
    this.callbackWaitsForEmptyEventLoop = true
  }

  /**
   * The request id. Read from the invocation, like the context's methods from its prototype: an id
   * nobody reads is never rendered. (Spreading the context therefore leaves it out, as it leaves
   * out `getRemainingTimeInMillis`.)
   */
  get awsRequestId(): string {
    return (this.host as InvocationHost).requestId
  }

  /**
   * What `JSON.stringify(context)` gives: Lambda's fields only, as on Lambda (the simulation's own
   * link to the invocation would be circular). A method here costs nothing per invocation.
   */
  toJSON(): Record<string, unknown> {
    return {
      callbackWaitsForEmptyEventLoop: this.callbackWaitsForEmptyEventLoop,
      functionVersion: this.functionVersion,
      functionName: this.functionName,
      memoryLimitInMB: this.memoryLimitInMB,
      logGroupName: this.logGroupName,
      logStreamName: this.logStreamName,
      clientContext: this.clientContext,
      identity: this.identity,
      invokedFunctionArn: this.invokedFunctionArn,
      awsRequestId: this.awsRequestId,
    }
  }

  /** `console.log(context)` shows the same fields. */
  [inspect.custom](): Record<string, unknown> {
    return this.toJSON()
  }

  /** Virtual milliseconds left before the invocation times out. */
  getRemainingTimeInMillis(): number {
    return Math.max(0, Math.floor(this.host.deadlineMs - this.host.kernel.nowMs))
  }

  /** Legacy completion (removed in nodejs24.x): succeeds at once. */
  succeed(result?: unknown): void {
    this.legacy('succeed')
    this.host.finish(null, result, false)
  }

  /** Legacy completion (removed in nodejs24.x): fails at once (`'handled'` when given nothing). */
  fail(error?: unknown): void {
    this.legacy('fail')
    this.host.finish(error, undefined, true)
  }

  /** Legacy completion (removed in nodejs24.x). */
  done(error?: unknown, result?: unknown): void {
    this.legacy('done')
    this.host.finish(error, result, false)
  }

  private legacy(name: string): void {
    if (!this.host.legacyApi) throw new TypeError(`context.${name} is not a function`)
  }
}

/** What an init factory receives: the module scope's view of its environment. */
export class InitContext extends SimulationTools {
  /** @internal The simulation makes init contexts; init factories receive them. */
  constructor(
    host: ContextHost,
    readonly functionName: string,
    readonly functionVersion: string,
    readonly memoryLimitInMB: string,
    /** The function's environment variables, with the ones Lambda sets. */
    readonly env: Readonly<Record<string, string>>,
  ) {
    super(host)
  }
}
