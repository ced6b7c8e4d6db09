/**
 * User code a front door runs outside the virtual clock — a CloudFront origin handler, a plain
 * async function of the request — awaited for at most `limits.externalWaitMsMax` real ms, as
 * `context.external` is: past it the request fails with `external-wait-exceeded`, naming the run,
 * instead of leaving the client's `fetch` pending forever.
 */
import type { Kernel } from '../kernel/kernel.js'
import { realDeadline } from '../kernel/realtime.js'

export function awaitOutsideWork<T>(kernel: Kernel, what: string, work: () => PromiseLike<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false
    const clear = realDeadline(
      kernel.limits.externalWaitMsMax,
      () => {
        if (settled) return
        settled = true
        reject(kernel.error('external-wait-exceeded', `${what} did not settle within ${kernel.limits.externalWaitMsMax} real ms (limits.externalWaitMsMax)`))
      },
      // Held open: a caller awaits the answer, and this deadline is what gives it one.
      true,
    )
    const finish = (settle: () => void): void => {
      if (settled) return
      settled = true
      clear()
      settle()
    }
    let pending: PromiseLike<T>
    try {
      pending = work()
    } catch (error) {
      finish(() => reject(error))
      return
    }
    Promise.resolve(pending).then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    )
  })
}
