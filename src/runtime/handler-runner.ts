/**
 * Calls a handler the way the AWS Node.js runtime does and turns whatever it does into one outcome.
 *
 * nodejs18.x–22.x (runtime interface client v3):
 * - the handler gets `(event, context, callback)`; if it returns a thenable, its settlement is the
 *   result; any other return value is ignored;
 * - `callback(err)` fails at once; `callback(null, r)` succeeds when the event loop drains (no
 *   pending `sleep`) unless `context.callbackWaitsForEmptyEventLoop` is false;
 * - `context.succeed/fail/done` finish at once; only the first completion of any kind counts;
 * - a non-async handler that never completes succeeds with `null` when its event loop drains; an
 *   async one that never settles fails with `Runtime.NodeJsExit`.
 *
 * nodejs24.x (client v4): the handler gets `(event, context)` and is awaited, so a plain return
 * value is the result; callback-style handlers are rejected at init (see `init-runner.ts`).
 */
import { LastLookup } from '../kernel/last-lookup.js'
import { platformError, errorPayloadLegacy, errorPayloadV4, invokeErrorLogMessage, type ErrorPayload } from './error-payload.js'
import { copyIfPlainJson, exceedsBytes, serializeResult, SYNC_RESPONSE_LIMIT_BYTES } from './payload.js'
import { STREAMED_RESPONSE_LIMIT_BYTES, StreamedResponse } from './response-stream.js'
import { ProcessExit, type LambdaContext } from './context.js'
import type { StoredHandler } from '../model/code.js'
import { familyError, type ErrorDialect } from './family-errors.js'

export type HandlerOutcome =
  | {
      readonly kind: 'success'
      readonly json: string
      /** `JSON.parse(json)`, copied from plain data when the result was small and plain (`copyIfPlainJson`); `undefined` otherwise. */
      readonly value?: unknown
    }
  | { readonly kind: 'error'; readonly payload: ErrorPayload; readonly logMessage: string | undefined; readonly logRaw?: boolean }

export interface HandlerSink {
  /** The runtime reported a result. */
  report(outcome: HandlerOutcome): void
  /** The handler tried to complete again after it already had (logged, ignored). */
  late(what: 'resolved' | 'rejected' | 'callback'): void
}

export const NODEJS_EXIT_MESSAGE =
  'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes'

export function isAsyncFunction(fn: Function): boolean {
  return fn.constructor?.name === 'AsyncFunction' || fn.constructor?.name === 'AsyncGeneratorFunction'
}

export function isCallbackStyle(fn: Function): boolean {
  return !isAsyncFunction(fn) && fn.length >= 3
}

/** The outcome for a result value: serialised now, so later mutation by the handler cannot leak. */
export function successOutcome(value: unknown, legacy: boolean): HandlerOutcome {
  // Most handlers return nothing: one shared outcome for `null`.
  if (value === undefined || value === null) return NULL_SUCCESS
  // Small plain data is copied first and the copy serialised: the caller's answer is the copy (no
  // parse of the text), and a getter in the result is read once, as the runtime reads it.
  const copy = copyIfPlainJson(value)
  if (copy !== undefined) return { kind: 'success', json: JSON.stringify(copy), value: copy }
  const serialized = serializeResult(value)
  if (!serialized.ok) return errorOutcome(serialized.error, legacy)
  // A streamed response (response-stream.ts) may reach 200 MB: its bytes are counted, not its base64 envelope.
  const streamed = value instanceof StreamedResponse
  const limit = streamed ? STREAMED_RESPONSE_LIMIT_BYTES : SYNC_RESPONSE_LIMIT_BYTES
  if (streamed ? value.body.byteLength > limit : exceedsBytes(serialized.json, limit)) {
    return {
      kind: 'error',
      payload: platformError('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${limit} bytes).`),
      logMessage: undefined,
    }
  }
  return { kind: 'success', json: serialized.json }
}

const NULL_SUCCESS: HandlerOutcome = Object.freeze({ kind: 'success', json: 'null' })

export function errorOutcome(thrown: unknown, legacy: boolean): HandlerOutcome {
  return {
    kind: 'error',
    payload: legacy ? errorPayloadLegacy(thrown) : errorPayloadV4(thrown),
    logMessage: invokeErrorLogMessage(thrown),
  }
}

/** A thrown value as a non-Node family's runtime reports it (`family-errors.ts`). */
export function familyErrorOutcome(thrown: unknown, dialect: ErrorDialect): HandlerOutcome {
  const { payload, log } = familyError(thrown, dialect)
  return log === undefined ? { kind: 'error', payload, logMessage: undefined } : { kind: 'error', payload, logMessage: log.message, logRaw: log.raw }
}

export function nodeJsExitOutcome(): HandlerOutcome {
  const error = new Error(NODEJS_EXIT_MESSAGE)
  error.name = 'Runtime.NodeJsExit'
  return errorOutcome(error, true)
}

/** `thrown instanceof ProcessExit`, false when asking throws (a Proxy's `getPrototypeOf` trap). */
export function isProcessExit(thrown: unknown): boolean {
  try {
    return thrown instanceof ProcessExit
  } catch {
    return false
  }
}

/** May throw (a `then` getter or Proxy trap): the caller treats that as the handler throwing, as the runtime does. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

/** Named like the AWS runtime's object, so a handler's stack frame reads `at Runtime.handler`, as on Lambda. */
class Runtime {
  readonly isAsync: boolean
  constructor(readonly handler: StoredHandler) {
    this.isAsync = isAsyncFunction(handler)
  }
}

/** One wrapper per handler function, made on its first call (not one per invocation). */
const runtimes = new WeakMap<StoredHandler, Runtime>()
/** The handler called last and its wrapper: most calls repeat it. */
const lastRuntime = new LastLookup<StoredHandler, Runtime>()
function runtimeOf(handler: StoredHandler): Runtime {
  const last = lastRuntime.get(handler)
  if (last !== undefined) return last
  let runtime = runtimes.get(handler)
  if (runtime === undefined) {
    runtime = new Runtime(handler)
    runtimes.set(handler, runtime)
  }
  return lastRuntime.set(handler, runtime)
}

/** One call of a handler, with the bookkeeping that decides when (and whether) it is finished. */
export class HandlerRun {
  private finished = false
  /** `callback(null, r)` arrived while the event loop still had work: sent when it drains. */
  private pendingUntilDrained: HandlerOutcome | undefined = undefined
  readonly isAsync: boolean
  private readonly runtime: Runtime

  constructor(
    handler: StoredHandler,
    private readonly sink: HandlerSink,
    private readonly legacy: boolean,
    /** A non-Node runtime's error rendering; undefined for Node. */
    private readonly dialect?: ErrorDialect,
  ) {
    this.runtime = runtimeOf(handler)
    this.isAsync = this.runtime.isAsync
  }

  private errorOf(thrown: unknown, legacy: boolean): HandlerOutcome {
    return this.dialect === undefined ? errorOutcome(thrown, legacy) : familyErrorOutcome(thrown, this.dialect)
  }

  get isFinished(): boolean {
    return this.finished && this.pendingUntilDrained === undefined
  }

  /** Calls the handler synchronously, as the runtime does. */
  start(event: unknown, context: LambdaContext): void {
    if (this.legacy) this.startLegacy(event, context)
    else this.startV4(event, context)
  }

  /** `context.succeed/fail/done`. */
  finishNow(error: unknown, result: unknown, viaFail: boolean): void {
    if (this.finished) return this.sink.late('callback')
    this.finished = true
    if (viaFail) this.sink.report(this.errorOf(error === undefined || error === null ? 'handled' : error, true))
    else if (error !== undefined && error !== null) this.sink.report(this.errorOf(error, true))
    else this.sink.report(successOutcome(result, true))
  }

  /** The event loop drained: what the runtime sends now, or `'escaped'` when it cannot tell. */
  onDrained(): HandlerOutcome | 'escaped' | undefined {
    if (this.pendingUntilDrained !== undefined) {
      const outcome = this.pendingUntilDrained
      this.pendingUntilDrained = undefined
      return outcome
    }
    if (this.finished) return undefined
    if (this.legacy && !this.isAsync) {
      this.finished = true
      return successOutcome(null, true)
    }
    return 'escaped'
  }

  /** Marks the run finished by the platform (timeout, crash, escape). */
  abandon(): void {
    this.finished = true
    this.pendingUntilDrained = undefined
  }

  private startLegacy(event: unknown, context: LambdaContext): void {
    const callback = (error?: unknown, result?: unknown): void => {
      if (this.finished) return this.sink.late('callback')
      this.finished = true
      if (error !== undefined && error !== null) return this.sink.report(this.errorOf(error, true))
      const outcome = successOutcome(result, true)
      if (!context.callbackWaitsForEmptyEventLoop) return this.sink.report(outcome)
      // As the runtime does, wait for the event loop to drain (`beforeExit`) even if nothing is pending
      // yet: work the handler starts after calling back (in the same tick or later) delays the answer too.
      this.pendingUntilDrained = outcome
    }
    // As the runtime: a returned thenable is subscribed inside the same `try`, so a `then` that
    // throws (or a Proxy's trap) fails the invocation like a throwing handler.
    try {
      const returned = this.runtime.handler(event, context, callback)
      if (isThenable(returned)) {
        returned.then(
          (value) => {
            if (this.finished) return this.sink.late('resolved')
            this.finished = true
            this.sink.report(successOutcome(value, true))
          },
          (thrown: unknown) => {
            if (isProcessExit(thrown)) return
            if (this.finished) return this.sink.late('rejected')
            this.finished = true
            this.sink.report(this.errorOf(thrown === undefined || thrown === null ? 'handled' : thrown, true))
          },
        )
      }
    } catch (thrown) {
      if (isProcessExit(thrown)) return
      callback(thrown)
    }
  }

  private startV4(event: unknown, context: LambdaContext): void {
    let returned: unknown
    try {
      returned = this.runtime.handler(event, context, undefined)
    } catch (thrown) {
      if (isProcessExit(thrown)) return
      this.finished = true
      this.sink.report(this.errorOf(thrown, false))
      return
    }
    Promise.resolve(returned).then(
      (value) => {
        if (this.finished) return this.sink.late('resolved')
        this.finished = true
        this.sink.report(successOutcome(value, false))
      },
      (thrown: unknown) => {
        if (isProcessExit(thrown)) return
        if (this.finished) return this.sink.late('rejected')
        this.finished = true
        this.sink.report(this.errorOf(thrown, false))
      },
    )
  }
}
