/**
 * Inside a handler, the clock is the simulation's: `Date`, `Date.now()`, `performance.now()` read
 * virtual time, and `setTimeout` / `setInterval` / `setImmediate` (the globals, `node:timers` and
 * `node:timers/promises`) become kernel-owned timers of the invocation, so libraries that sleep,
 * retry with backoff, expire records or race a timeout run on virtual time, deterministically.
 * `Math.random()` inside a handler draws from the simulation's seeded stream (an SDK's retry
 * jitter then replays with the seed). Outside handlers every one of them is the real thing, or a
 * test's fake timers while they are on, installed before or after the world (`dispatchByScope`).
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

/**
 * The primitives as they were when this module loaded (as `kernel/realtime.ts` does), for a world
 * installed while a test's fake timers are on: what the world's functions then stand for outside
 * handlers, instead of the fakes.
 */
const atLoad: Record<string, unknown> = {
  setTimeout: globalThis.setTimeout,
  setInterval: globalThis.setInterval,
  setImmediate: globalThis.setImmediate,
  clearTimeout: globalThis.clearTimeout,
  clearInterval: globalThis.clearInterval,
  clearImmediate: globalThis.clearImmediate,
  Date: globalThis.Date,
  promiseTimeout: (timersPromisesModule as unknown as Record<string, unknown>)['setTimeout'],
  promiseImmediate: (timersPromisesModule as unknown as Record<string, unknown>)['setImmediate'],
}

/** One of `@sinonjs/fake-timers`' replacements (vitest's, Jest's): it marks each with its `clock`. */
function isFake(value: unknown): boolean {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && Object.prototype.hasOwnProperty.call(value, 'clock')
}

/** The real thing a world's function stands for: the value installed now, or, under fake timers, the one at load. */
function realOf(name: string, installed: unknown): unknown {
  return isFake(installed) && !isFake(atLoad[name]) ? atLoad[name] : installed
}

/** True while the world syncs the builtins' ESM exports: `node:timers`' get the world's functions. */
let syncing = false

/**
 * `syncBuiltinESMExports()` for the world's installers: the ESM exports of `node:timers` and
 * `node:timers/promises` get the world's functions even while fakes sit over them (a sync from
 * outside a scope would otherwise hand the fakes to handler code's `import`s).
 */
export function syncWorldExports(): void {
  syncing = true
  try {
    syncBuiltinESMExports()
  } finally {
    syncing = false
  }
}

/**
 * Makes `target[key]` an accessor that is `ours` inside a handler and, outside, whatever was last
 * assigned to it: `ours` at first, or the fake found there. Assigning `real`, which `ours` stands
 * for outside handlers, puts `ours` back. Fake timers then install and uninstall over the world as
 * over the real globals: they read and save what is there (their uninstall checks its own mark on
 * what it finds), assign their fakes, and assign the saved value back, while handler code keeps
 * reading `ours`.
 */
function dispatchByScope(target: object, key: string, ours: unknown, real: unknown): void {
  const found: unknown = Reflect.get(target, key)
  let outside = found === real ? ours : found
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: Object.getOwnPropertyDescriptor(target, key)?.enumerable ?? true,
    get() {
      return outside === ours || syncing || currentScope() !== undefined ? ours : outside
    },
    set(value: unknown) {
      if (currentScope() !== undefined) {
        // Handler code's own assignment (a tracer or polyfill wrapping `setTimeout`, a handler
        // swapping `Date`): handler code reads back what it assigned, as from a plain global, and
        // code outside does too unless fakes sit over it. Taken for a fake instead, it reached only
        // code outside handlers and was lost to the handler that made it.
        if (outside === ours) outside = value
        ours = value
        return
      }
      outside = value === real ? ours : value
    },
  })
}

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
  // Installed under fake timers (vi.useFakeTimers() before the first simulation), the real timers
  // are the ones at load, and the fakes stay what code outside handlers sees until they uninstall.
  const fakedNow = new Set(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'Date'].filter((name) => isFake(g[name])))
  const faked = (name: string): boolean => fakedNow.has(name)
  const realSetTimeout = realOf('setTimeout', g['setTimeout']) as TimerFn
  const realSetInterval = realOf('setInterval', g['setInterval']) as TimerFn
  const realSetImmediate = realOf('setImmediate', g['setImmediate']) as (callback: unknown, ...args: unknown[]) => unknown
  const realClearTimeout = realOf('clearTimeout', g['clearTimeout']) as (t: unknown) => void
  const realClearInterval = realOf('clearInterval', g['clearInterval']) as (t: unknown) => void
  const realClearImmediate = realOf('clearImmediate', g['clearImmediate']) as (t: unknown) => void

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
  // Fake timers replace these with unmarked functions when they fake the global of the same name.
  const realPromiseTimeout = (faked('setTimeout') ? atLoad['promiseTimeout'] : promises['setTimeout']) as (delay?: unknown, value?: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>
  const realPromiseImmediate = (faked('setImmediate') ? atLoad['promiseImmediate'] : promises['setImmediate']) as (value?: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>
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

  const replacements: Record<string, [fn: unknown, real: unknown]> = {
    setTimeout: [setTimeoutVirtual, realSetTimeout],
    setInterval: [setIntervalVirtual, realSetInterval],
    setImmediate: [setImmediateVirtual, realSetImmediate],
    clearTimeout: [clearAny(realClearTimeout), realClearTimeout],
    clearInterval: [clearAny(realClearInterval), realClearInterval],
    clearImmediate: [clearAny(realClearImmediate), realClearImmediate],
  }
  // Accessors, not assignments: fake timers installed before or after the world sit over it, and
  // handler code still gets the world's functions (`dispatchByScope`).
  for (const [name, [fn, real]] of Object.entries(replacements)) {
    dispatchByScope(g, name, fn, real)
    dispatchByScope(timers, name, fn, real)
  }
  dispatchByScope(promises, 'setTimeout', virtualPromiseTimeout, realPromiseTimeout)
  dispatchByScope(promises, 'setImmediate', virtualPromiseImmediate, realPromiseImmediate)
  const realDate = realOf('Date', g['Date']) as DateConstructor
  dispatchByScope(g, 'Date', virtualDateClass(realDate), realDate)
  // Fake timers replace the whole `performance` object; the world patches `now` on the real one.
  dispatchByScope(g, 'performance', performance, performance)
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
  // `import { setTimeout } from 'node:timers'` sees the replacements too (even while fakes are on).
  syncWorldExports()
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('The operation was aborted')
  error.name = 'AbortError'
  ;(error as { code?: string; cause?: unknown }).code = 'ABORT_ERR'
  ;(error as { cause?: unknown }).cause = signal.reason
  return error
}

