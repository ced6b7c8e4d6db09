/**
 * The one door to real time and real entropy.
 *
 * Everything else in lambda-sim runs on the virtual clock and the seeded PRNG. This file captures
 * the native primitives at import (`process.nextTick` included), before a test framework's fake
 * timers can replace the globals, so the drives' hops and the kernel's watchdog keep working under
 * `vi.useFakeTimers()`.
 */
import { randomBytes } from 'node:crypto'

const nativeSetImmediate = globalThis.setImmediate
const nativeNextTick = process.nextTick
/**
 * True while this door calls a native timer: the handler's world, which watches for real I/O
 * started by handler code, then knows the resource is the kernel's own (the kernel's loop may run
 * inside a handler's async context).
 */
let insideDoor = false

export function isInsideRealtimeDoor(): boolean {
  return insideDoor
}

function throughDoor<T>(call: () => T): T {
  insideDoor = true
  try {
    return call()
  } finally {
    insideDoor = false
  }
}
const nativeSetTimeout = globalThis.setTimeout
const nativeClearTimeout = globalThis.clearTimeout
const nativeDateNow = Date.now
const nativePerformanceNow = performance.now.bind(performance)

/** Runs `callback` on the next macrotask turn (after every queued microtask has run). */
export function onNextMacrotask(callback: () => void): void {
  throughDoor(() => nativeSetImmediate(callback))
}

const SETTLED = Promise.resolve()
const tickFromReaction = (callback: () => void): void => {
  // `throughDoor` without its closure: once per drive.
  insideDoor = true
  try {
    nativeNextTick(callback)
  } finally {
    insideDoor = false
  }
}

/**
 * Runs `callback` once the microtask queue has drained — every promise reaction queued before the
 * call, and every one those queue in turn, has run — without waiting for a real event-loop turn.
 * Why it holds: Node runs the `process.nextTick` queue each time V8's microtask queue has been
 * emptied, so a tick queued from inside a promise reaction runs only after that whole drain. (A
 * tick queued from plain synchronous code would run before the pending reactions: hence the
 * reaction first.) Work that comes back through `process.nextTick` or a macrotask (a timer, I/O,
 * an immediate) may still be pending then; only `onNextMacrotask` waits for those.
 */
export function afterMicrotasks(callback: () => void): void {
  // Always through the reaction, even when called from inside one. Queuing the tick at once from a
  // reaction (found by `executionAsyncResource() instanceof Promise`) saved a promise per drive, but
  // that test holds only while some async hook is enabled in the process: a tick queued meanwhile by
  // a reaction already waiting (a caller's `process.nextTick(() => sim.invoke(…))`) then ran after
  // the drive had started, not before — the same seed gave another event log depending on whether
  // the handler's world, a user's AsyncLocalStorage or a tracer had turned hooks on (test/kernel/drive-hop.test.ts).
  void SETTLED.then(() => tickFromReaction(callback))
}

/** Resolves on the next macrotask turn. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => throughDoor(() => nativeSetImmediate(resolve)))
}

/**
 * A real-time deadline, used only to bound how long `context.external` may freeze virtual time.
 * `keepProcessAlive`: the timer holds the event loop open until it fires or is cleared — a drive
 * waiting on external work then ends with its diagnostic even in a plain script where nothing else
 * holds the loop (Node would otherwise exit mid-`await`, code 13, without a word). Otherwise the
 * timer is unref'd and never keeps the process alive on its own.
 */
export function realDeadline(ms: number, onExpire: () => void, keepProcessAlive = false): () => void {
  const handle = throughDoor(() => nativeSetTimeout(onExpire, ms))
  if (!keepProcessAlive && typeof handle === 'object' && handle !== null && 'unref' in handle) handle.unref()
  return () => nativeClearTimeout(handle)
}

/** A fresh seed when the user gave none; it is reported so the run can be replayed. */
export function drawSeed(): number {
  return randomBytes(4).readUInt32BE(0)
}

/** Wall-clock milliseconds, for benchmarks and diagnostics only (never for simulated time). */
export function wallClockMs(): number {
  return nativePerformanceNow()
}

/** Wall-clock epoch ms, for reports that say when a run happened. */
export function wallClockEpochMs(): number {
  return nativeDateNow()
}
