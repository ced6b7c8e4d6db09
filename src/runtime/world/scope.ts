/**
 * The handler's world: while user code of an invocation or an init phase runs — and in everything
 * it awaits, timers it set, callbacks it registered — it sees the simulation's clock, its
 * function's environment variables and its function's log instead of the real ones. Which
 * invocation is running is carried on async resources by one async hook (`scopeHook`, what an
 * AsyncLocalStorage does), so it follows the code across `await`s; code outside any handler (the
 * test, the simulation itself) sees the real world.
 */
import { createHook, executionAsyncResource } from 'node:async_hooks'
import { uncaughtErrorJson } from '../error-payload.js'
import type { Task } from '../../kernel/kernel.js'
import type { ContextHost } from '../context.js'

/** What a handler's world needs from the invocation (or init phase) running it. */
export interface HandlerScope extends ContextHost {
  /** The process environment of the execution environment (mutable: writes stay in it). */
  processEnv(): Record<string, string>
  /** `_X_AMZN_TRACE_ID` for the invocation running now (undefined during init). */
  traceHeader(): string | undefined
  /** The invocation's row in the tracer when it is sampled (`observability/tracer.ts`; -1 or absent: not sampled, or init). */
  readonly traceRow?: number
  /** An exception escaped a callback the handler registered (a timer's): the process would crash. */
  uncaught(thrown: unknown): void
  /**
   * The simulation's answer to an HTTP request the handler's code made to an AWS endpoint
   * (`aws-http.ts`), or `undefined` when the simulation does not simulate that service.
   */
  answerAwsRequest(request: AwsHttpRequest): Promise<AwsHttpResponse> | undefined
  /** `Math.random()` inside the handler: a draw from its simulation's seeded stream, in [0, 1). */
  random(): number
}

/** An HTTP request a handler made to an AWS endpoint (the shape of an SDK `HttpRequest`, body read). */
export interface AwsHttpRequest {
  readonly method: string
  readonly protocol: string
  readonly hostname: string
  readonly port?: number
  /** The path, without the query string. */
  readonly path: string
  readonly query: Record<string, string | string[]>
  /**
   * The query string exactly as sent (`?a=1&b=x%20y`, or `''`): a front door hands it to the
   * function as written (`rawQueryString`, an ALB's still-encoded parameters), which `query` can
   * not give back (its repeats are grouped, its encoding lost).
   */
  readonly search?: string
  /** Header names in lower case. */
  readonly headers: Record<string, string>
  readonly body: Uint8Array
}

/** The simulation's HTTP answer to it. */
export interface AwsHttpResponse {
  readonly statusCode: number
  /** The reason phrase, when the answer sets its own (a load balancer's `statusDescription`). */
  readonly statusText?: string
  readonly headers: Record<string, string>
  /**
   * The header lines in order, when a name repeats and must stay separate lines (one `set-cookie`
   * per cookie, as a front door answers): then they, not `headers`, are what the handler receives.
   */
  readonly headerLines?: readonly (readonly [name: string, value: string])[]
  readonly body: Uint8Array
}

/** `_X_AMZN_TRACE_ID` for an invocation: X-Ray's header form, derived from the request id (deterministic). */
export function traceHeaderFor(requestId: string, startedAtMs: number): string {
  const hex = requestId.replace(/-/g, '')
  const epochSeconds = Math.floor(startedAtMs / 1000).toString(16).padStart(8, '0')
  return `Root=1-${epochSeconds}-${hex.slice(0, 24)};Parent=${hex.slice(16)};Sampled=0`
}

/** What the runtime does with an uncaught exception: logs it, and the process exits with 129. */
export function crashOnUncaught(scope: HandlerScope, thrown: unknown): void {
  scope.log('ERROR', `Uncaught Exception \t${uncaughtJson(thrown)}`)
  scope.exit(129)
}

/** Stable frames, and never throws (`error-payload.ts`). */
const uncaughtJson = uncaughtErrorJson

/** Where a resource keeps the scope it was created in (the current resource's: the scope running now). */
const SCOPE = Symbol('lambda-sim.scope')
type ScopeCarrier = { [SCOPE]?: HandlerScope }

/** Sees every async resource but a promise created while a scope runs (`real-io.ts`), when installed. */
type ResourceWatch = (scope: HandlerScope, type: string) => void
let resourceWatch: ResourceWatch | undefined

/**
 * One async hook does what an AsyncLocalStorage would — each resource takes the scope current when
 * it is made — and hands other resources to the real-I/O watch. Any `init` hook makes Node run its
 * promise hooks for every promise in the process, and each hook it holds is one more callback per
 * promise: an AsyncLocalStorage beside the watch's own hook cost ≈ 30 ns a promise more than this
 * one in a microbenchmark (the reference workload's CPU time did not move: what each promise costs
 * there is Node's hook machinery, ≈ 3/4, and this hook's read of the current resource, which an
 * AsyncLocalStorage makes too). Every resource takes the property, `undefined` outside every scope
 * (as an AsyncLocalStorage writes it): the promises of the process keep one shape.
 */
const scopeHook = createHook({
  init(_asyncId, type, _triggerAsyncId, resource) {
    const scope = (executionAsyncResource() as ScopeCarrier)[SCOPE]
    ;(resource as ScopeCarrier)[SCOPE] = scope
    if (scope === undefined) return
    // Nearly every resource is a promise: answered first (see `real-io.ts` on the type lookup).
    if (type !== 'PROMISE' && resourceWatch !== undefined) resourceWatch(scope, type)
  },
})
let hookEnabled = false

function enableScopeHook(): void {
  hookEnabled = true
  scopeHook.enable()
}

/** Installs `watch` (once per process): it sees each non-promise resource made while a scope runs. */
export function watchScopedResources(watch: ResourceWatch): void {
  resourceWatch = watch
  if (!hookEnabled) enableScopeHook()
}

/** The scope of the user code running now, or `undefined` outside every handler. */
export function currentScope(): HandlerScope | undefined {
  return (executionAsyncResource() as ScopeCarrier)[SCOPE]
}

/** Runs `work` with `scope` current (what AsyncLocalStorage's `run` does): the scope it had comes back after. */
function runWith<T>(scope: HandlerScope | undefined, work: () => T): T {
  const resource = executionAsyncResource() as ScopeCarrier
  const outer = resource[SCOPE]
  resource[SCOPE] = scope
  try {
    return work()
  } finally {
    resource[SCOPE] = outer
  }
}

/** Runs `work` (user code) in `scope`: it and everything it schedules see the handler's world. */
export function runInScope<T>(scope: HandlerScope, work: () => T): T {
  if (!hookEnabled) enableScopeHook()
  return runWith(scope, work)
}

/**
 * `runInScope` for a method taking two arguments (`target.method(a, b)`), without a closure: the
 * engine calls every handler through it.
 */
export function callInScope<S, A, B>(scope: HandlerScope, target: S, method: (this: S, a: A, b: B) => void, a: A, b: B): void {
  if (!hookEnabled) enableScopeHook()
  const resource = executionAsyncResource() as ScopeCarrier
  const outer = resource[SCOPE]
  resource[SCOPE] = scope
  try {
    method.call(target, a, b)
  } finally {
    resource[SCOPE] = outer
  }
}

/** Runs `work` outside every handler's world (simulation code called from inside a handler). */
export function runOutsideScope<T>(work: () => T): T {
  return runWith(undefined, work)
}

/** The scope a kernel task belongs to: an invocation is its own task; an init phase is its task's hooks. */
export function scopeOfTask(task: Task): HandlerScope {
  return task.hooks as unknown as HandlerScope
}
