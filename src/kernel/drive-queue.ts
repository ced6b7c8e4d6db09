/**
 * The simulation's drive calls (`invoke`, `advance`, `runUntilIdle`) one after another: each starts
 * once the previous one has ended and the microtask queue has drained, so callers that reach the
 * simulation through several awaits (SDK middleware, a `Promise.all` of async helpers) have all
 * submitted their requests before the clock moves, and start at the same virtual instant.
 *
 * The hop before a drive: the end of the current microtask drain (`afterMicrotasks`), not a real
 * event-loop turn — a turn cost a sequential `await sim.invoke` loop ≈ 1.5–2.5 µs a call (an
 * immediate, its async hooks, a pass through libuv) for nothing a caller arriving through awaits
 * could tell apart. The event loop still turns between drives once `yieldAfterRealMs` of real time
 * has passed since it last did (a `setImmediate` hop then), so a long loop of drives lets timers,
 * I/O and a test runner's timeout in, as a long drive does (the kernel's yields).
 *
 * Why not the plain chain `last.then(async () => { await hop(); return work() })` with its `catch`:
 * four promises and an async function per call, and with Node's async hooks on (the handler
 * world's watch for real I/O) each promise also runs hook callbacks. A sequential `await
 * sim.invoke` loop pays that per call (issue 19); here a drive called when none is running costs
 * the one promise it answers with, and its work (`runThen`) answers through callbacks.
 */
import { afterMicrotasks, onNextMacrotask, wallClockMs } from './realtime.js'

export class DriveQueue {
  /** Drives called and not yet ended (the one in progress included). */
  private count = 0
  /** The answer of the drive called last: the next one starts when it is settled. */
  private last: Promise<unknown> = Promise.resolve()
  /** Real milliseconds of drives started without an event-loop turn before the next hop takes one. */
  yieldAfterRealMs = 50
  /** Real ms when a hop last let the event loop turn (a double from the start: a stable field). */
  private turnStartMs = wallClockMs()

  /** Runs `work` once every earlier drive has ended and the microtask queue has drained. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.runThen<T>((done, failed) => void work().then(done, failed))
  }

  /**
   * `run` for work that answers through callbacks (`Kernel.runThen`): no promise between the drive
   * and its caller's but the one returned. `work` calls exactly one of `done` and `failed`.
   */
  runThen<T>(work: (done: (value: T) => void, failed: (error: unknown) => void) => void): Promise<T> {
    const answer = new Promise<T>((resolve, reject) => {
      // Told once: a second answer (work that threw after answering) is ignored.
      let told = false
      const done = (value: T): void => {
        if (told) return
        told = true
        this.count--
        resolve(value)
      }
      const failed = (error: unknown): void => {
        if (told) return
        told = true
        this.count--
        reject(error)
      }
      const start = (): void => {
        try {
          work(done, failed)
        } catch (error) {
          failed(error)
        }
      }
      const hop = (): void => this.hop(start)
      // Waiting for an earlier drive: started by a reaction to its answer, registered here — in
      // the caller's async context, never in the context the earlier drive ended in (a handler's).
      if (this.count > 0) this.last.then(hop, hop)
      else hop()
      this.count++
    })
    this.last = answer
    return answer
  }

  /** Starts a drive after the microtask drain, or after a real event-loop turn when one is due. */
  private hop(start: () => void): void {
    if (wallClockMs() - this.turnStartMs < this.yieldAfterRealMs) return afterMicrotasks(start)
    onNextMacrotask(() => {
      this.turnStartMs = wallClockMs()
      start()
    })
  }
}
