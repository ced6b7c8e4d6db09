/**
 * The simulation's drive calls (`invoke`, `advance`, `runUntilIdle`) one after another: each starts
 * once the previous one has ended and the microtask queue has drained, so callers that reach the
 * simulation through several awaits (SDK middleware, a `Promise.all` of async helpers) have all
 * submitted their requests before the clock moves, and start at the same virtual instant.
 *
 * The hop before a drive: the end of the current microtask drain (`afterMicrotasks`), not a real
 * event-loop turn — a turn cost a sequential `await sim.invoke` loop ≈ 1.5–2.5 µs a call (an
 * immediate, its async hooks, a pass through libuv) for nothing a caller arriving through awaits
 * could tell apart. After `DRIVES_PER_TURN` drives or `STEPS_PER_TURN` of the kernel's steps without
 * one, a hop takes a real turn (a `setImmediate`), so a long loop of drives lets timers, I/O and a
 * test runner's timeout in, as a long drive does (the kernel's yields). Counted, not timed: whether
 * a caller arriving through a macrotask joins a waiting drive must not depend on how fast the
 * machine is.
 *
 * Why not the plain chain `last.then(async () => { await hop(); return work() })` with its `catch`:
 * four promises and an async function per call, and with Node's async hooks on (the handler
 * world's watch for real I/O) each promise also runs hook callbacks. A sequential `await
 * sim.invoke` loop pays that per call (issue 19); here a drive called when none is running costs
 * the one promise it answers with, and its work (`runThen`) answers through callbacks.
 */
import { afterMicrotasks, onNextMacrotask } from './realtime.js'

/** The kernel's count of events dispatched (`Kernel.stepCount`). */
export interface StepCount {
  readonly stepCount: number
}

export class DriveQueue {
  /** Drives called and not yet ended (the one in progress included). */
  private count = 0
  /** The answer of the drive called last: the next one starts when it is settled. */
  private last: Promise<unknown> = Promise.resolve()
  /** Drives started since a hop last took a real event-loop turn. */
  private drivesSinceTurn = 0
  /** The kernel's step count when a hop last took a real turn. */
  private stepsAtTurn = 0

  constructor(private readonly kernel: StepCount) {}

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
    const steps = this.kernel.stepCount
    if (++this.drivesSinceTurn < DRIVES_PER_TURN && steps - this.stepsAtTurn < STEPS_PER_TURN) return afterMicrotasks(start)
    this.drivesSinceTurn = 0
    this.stepsAtTurn = steps
    onNextMacrotask(start)
  }
}

/**
 * Drives in a row between two real event-loop turns: a sequential `await sim.invoke` of a no-wait
 * handler (≈ 5 µs, 3–4 steps) turns the loop every ≈ 1.3 ms; a turn costs ≈ 2 µs.
 */
const DRIVES_PER_TURN = 256
/**
 * Kernel steps between two turns, for drives of many events each (a step costs ≈ 1 µs: ≈ 16 ms). A
 * drive longer than that yields by itself (the kernel's checkpoints, every ~50 ms of real time).
 */
const STEPS_PER_TURN = 16_384
