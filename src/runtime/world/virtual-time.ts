/**
 * Inside a handler, the clock is the simulation's: `Date`, `Date.now()`, `performance.now()` read
 * virtual time, and `setTimeout` / `setInterval` / `setImmediate` (the globals, `node:timers` and
 * `node:timers/promises`) become kernel-owned timers of the invocation, so libraries that sleep,
 * retry with backoff, expire records or race a timeout run on virtual time, deterministically.
 * `Math.random()` inside a handler draws from the simulation's seeded stream (an SDK's retry
 * jitter then replays with the seed). Outside handlers every one of them is the real thing.
 *
 * Why not `@sinonjs/fake-timers`: it replaces the globals for the whole process and keeps its own
 * clock and timer queue, to be ticked by hand. Here the globals must stay real for the test and
 * the simulation while being virtual for the handler code interleaved with them, and each timer
 * must be one of the kernel's waits (so quiescence counts it, freeze/thaw takes it with the
 * environment, and its callback runs in dispatch order). What is left to write is the dispatch by
 * scope below, not a clock.
 */
import { syncBuiltinESMExports } from 'node:module'
import { performance } from 'node:perf_hooks'
import timersModule from 'node:timers'
import timersPromisesModule from 'node:timers/promises'
import type { Task } from '../../kernel/kernel.js'
import { currentScope, runInScope, scopeOfTask, type HandlerScope } from './scope.js'

/** A virtual timer as handler code holds it: enough of Node's `Timeout` for what libraries call. */
export class VirtualTimeout {
  /** @internal */
  handle: object | undefined
  constructor(
    /** @internal */ readonly scope: HandlerScope,
    private readonly id: number,
    /** @internal */ readonly repeatMs: number | undefined,
  ) {}
  ref(): this {
    return this
  }
  unref(): this {
    return this
  }
  hasRef(): boolean {
    return true
  }
  refresh(): this {
    return this
  }
  close(): this {
    clearVirtual(this)
    return this
  }
  [Symbol.toPrimitive](): number {
    return this.id
  }
}

let nextTimerId = 1
/** Timers by the number `Symbol.toPrimitive` gives, for `clearTimeout(+timer)`. */
const timersById = new Map<number, VirtualTimeout>()

/** Runs a timer's callback as the runtime would: an exception it throws crashes the process. */
function fireCallback(scope: HandlerScope, callback: (...args: unknown[]) => void, args: unknown[]): void {
  runInScope(scope, () => {
    try {
      callback(...args)
    } catch (thrown) {
      scope.uncaught(thrown)
    }
  })
}

function startVirtual(scope: HandlerScope, callback: unknown, delay: unknown, args: unknown[], repeat: boolean): VirtualTimeout {
  if (typeof callback !== 'function') {
    const error = new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`)
    ;(error as { code?: string }).code = 'ERR_INVALID_ARG_TYPE'
    throw error
  }
  // Node's rule: a delay that is not a number ≥ 1 (or is above 2^31 - 1) becomes 1 ms.
  let ms = Number(delay)
  if (!(ms >= 1 && ms <= 2_147_483_647)) ms = 1
  const id = nextTimerId++
  const timer = new VirtualTimeout(scope, id, repeat ? ms : undefined)
  timersById.set(id, timer)
  const arm = (owner: HandlerScope): void => {
    timer.handle = owner.kernel.startTimer(owner.task, ms, (task: Task) => {
      // Frozen and thawed work fires in whichever invocation owns the environment now.
      const current = scopeOfTask(task)
      if (timer.repeatMs === undefined) {
        timer.handle = undefined
        timersById.delete(id)
      } else {
        arm(current)
      }
      fireCallback(current, callback as (...a: unknown[]) => void, args)
    })
  }
  arm(scope)
  return timer
}

function clearVirtual(timer: unknown): void {
  const found = timer instanceof VirtualTimeout ? timer : typeof timer === 'number' || typeof timer === 'string' ? timersById.get(Number(timer)) : undefined
  if (found === undefined || found.handle === undefined) return
  found.scope.kernel.clearTimer(found.handle)
  found.handle = undefined
  timersById.delete(Number(found))
}

/** A real Date constructor whose no-argument forms read virtual time inside a handler. */
function virtualDateClass(RealDate: DateConstructor): DateConstructor {
  const now = (): number => {
    const scope = currentScope()
    return scope === undefined ? RealDate.now() : Math.floor(scope.kernel.nowMs)
  }
  return new Proxy(RealDate, {
    construct(target, args, newTarget) {
      if (args.length === 0 && currentScope() !== undefined) return Reflect.construct(target, [now()], newTarget)
      return Reflect.construct(target, args, newTarget)
    },
    apply(target, thisArg, args) {
      // `Date()` called as a function returns the current time as a string.
      return currentScope() === undefined ? Reflect.apply(target, thisArg, args) : new RealDate(now()).toString()
    },
    get(target, key, receiver) {
      if (key === 'now') return now
      return Reflect.get(target, key, receiver)
    },
  })
}

type TimerFn = (callback: unknown, delay?: unknown, ...args: unknown[]) => unknown

let installed = false

export function installVirtualTime(): void {
  if (installed) return
  installed = true
  const g = globalThis as unknown as Record<string, unknown>
  const timers = timersModule as unknown as Record<string, unknown>
  const realSetTimeout = g['setTimeout'] as TimerFn
  const realSetInterval = g['setInterval'] as TimerFn
  const realSetImmediate = g['setImmediate'] as (callback: unknown, ...args: unknown[]) => unknown
  const realClearTimeout = g['clearTimeout'] as (t: unknown) => void
  const realClearInterval = g['clearInterval'] as (t: unknown) => void
  const realClearImmediate = g['clearImmediate'] as (t: unknown) => void

  const setTimeoutVirtual = function setTimeout(callback: unknown, delay?: unknown, ...args: unknown[]): unknown {
    const scope = currentScope()
    return scope === undefined ? realSetTimeout(callback, delay, ...args) : startVirtual(scope, callback, delay, args, false)
  }
  const setIntervalVirtual = function setInterval(callback: unknown, delay?: unknown, ...args: unknown[]): unknown {
    const scope = currentScope()
    return scope === undefined ? realSetInterval(callback, delay, ...args) : startVirtual(scope, callback, delay, args, true)
  }
  const setImmediateVirtual = function setImmediate(callback: unknown, ...args: unknown[]): unknown {
    const scope = currentScope()
    // An immediate runs after the current instant's microtasks: a timer of 0 virtual ms.
    return scope === undefined ? realSetImmediate(callback, ...args) : startVirtual(scope, callback, 0, args, false)
  }
  const clearAny = (real: (t: unknown) => void) =>
    function clear(timer: unknown): void {
      if (timer instanceof VirtualTimeout || ((typeof timer === 'number' || typeof timer === 'string') && timersById.has(Number(timer)))) clearVirtual(timer)
      else real(timer)
    }
  // Keep Node's promisified forms: `util.promisify(setTimeout)` looks them up.
  const promisified = Symbol.for('nodejs.util.promisify.custom')
  const promises = timersPromisesModule as unknown as Record<string, unknown>
  const realPromiseTimeout = promises['setTimeout'] as (delay?: unknown, value?: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>
  const realPromiseImmediate = promises['setImmediate'] as (value?: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>
  const virtualPromiseTimeout = (delay?: unknown, value?: unknown, options?: { signal?: AbortSignal }): Promise<unknown> => {
    const scope = currentScope()
    if (scope === undefined) return realPromiseTimeout(delay, value, options)
    return new Promise((resolve, reject) => {
      const signal = options?.signal
      if (signal?.aborted) return reject(abortError(signal))
      const timer = startVirtual(scope, () => resolve(value), delay, [], false)
      signal?.addEventListener('abort', () => {
        clearVirtual(timer)
        reject(abortError(signal))
      }, { once: true })
    })
  }
  const virtualPromiseImmediate = (value?: unknown, options?: { signal?: AbortSignal }): Promise<unknown> =>
    currentScope() === undefined ? realPromiseImmediate(value, options) : virtualPromiseTimeout(0, value, options)
  ;(setTimeoutVirtual as unknown as Record<symbol, unknown>)[promisified] = virtualPromiseTimeout
  ;(setImmediateVirtual as unknown as Record<symbol, unknown>)[promisified] = virtualPromiseImmediate

  const replacements: Record<string, unknown> = {
    setTimeout: setTimeoutVirtual,
    setInterval: setIntervalVirtual,
    setImmediate: setImmediateVirtual,
    clearTimeout: clearAny(realClearTimeout),
    clearInterval: clearAny(realClearInterval),
    clearImmediate: clearAny(realClearImmediate),
  }
  for (const [name, fn] of Object.entries(replacements)) {
    g[name] = fn
    timers[name] = fn
  }
  promises['setTimeout'] = virtualPromiseTimeout
  promises['setImmediate'] = virtualPromiseImmediate
  g['Date'] = virtualDateClass(g['Date'] as DateConstructor)
  const realNow = performance.now.bind(performance)
  performance.now = function now(): number {
    const scope = currentScope()
    return scope === undefined ? realNow() : scope.kernel.nowMs - scope.kernel.startMs
  }
  // Randomness too: an SDK's retry jitter (and any handler's draw) comes from the seeded stream.
  const realRandom = Math.random
  Math.random = function random(): number {
    const scope = currentScope()
    return scope === undefined ? realRandom() : scope.random()
  }
  // `import { setTimeout } from 'node:timers'` sees the replacements too.
  syncBuiltinESMExports()
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('The operation was aborted')
  error.name = 'AbortError'
  ;(error as { code?: string; cause?: unknown }).code = 'ABORT_ERR'
  ;(error as { cause?: unknown }).cause = signal.reason
  return error
}

