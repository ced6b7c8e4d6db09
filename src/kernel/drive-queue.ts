/**
 * The simulation's drive calls (`invoke`, `advance`, `runUntilIdle`) one after another: each starts
 * on a real macrotask turn after the previous one has ended, so callers that reach the simulation
 * through several awaits (SDK middleware, a `Promise.all` of async helpers) have all submitted
 * their requests before the clock moves, and start at the same virtual instant.
 *
 * Why a queue of callbacks and not a promise chain: `chain.then(async () => { await hop(); … })`
 * plus the chain's `catch` cost four promises and an async function per call — with Node's async
 * hooks on (the handler world's watch for real I/O), each promise also runs hook callbacks. A
 * sequential `await sim.invoke` loop pays that per call (issue 19).
 */
import { onNextMacrotask } from './realtime.js'

export class DriveQueue {
  /** Drives waiting for the one in progress to end, oldest first. */
  private readonly waiting: Array<() => void> = []
  private head = 0
  private busy = false

  /** Runs `work` once every earlier drive has ended and a macrotask turn has passed. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        let running: Promise<T>
        try {
          running = work()
        } catch (error) {
          this.ended()
          reject(error)
          return
        }
        running.then(
          (value) => {
            this.ended()
            resolve(value)
          },
          (error: unknown) => {
            this.ended()
            reject(error)
          },
        )
      }
      if (this.busy) {
        this.waiting.push(start)
      } else {
        this.busy = true
        onNextMacrotask(start)
      }
    })
  }

  /** The drive in progress ended: the next one starts after a macrotask turn. */
  private ended(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head] as () => void
      this.waiting[this.head++] = noop
      if (this.head === this.waiting.length) {
        this.waiting.length = 0
        this.head = 0
      }
      onNextMacrotask(next)
    } else {
      this.busy = false
    }
  }
}

const noop = (): void => {}
