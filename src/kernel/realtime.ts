/**
 * The one door to real time and real entropy.
 *
 * Everything else in lambda-sim runs on the virtual clock and the seeded PRNG. This file captures
 * the native primitives at import, before a test framework's fake timers can replace the globals,
 * so the kernel's macrotask hop and watchdog keep working under `vi.useFakeTimers()`.
 */
import { randomBytes } from 'node:crypto'

const nativeSetImmediate = globalThis.setImmediate
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
