import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConcurrencyPools, RateWindow, regionalBurst, type FunctionCapacity, type Lease, type ScalingRules } from '../../src/model/concurrency.js'

const PER_FUNCTION: ScalingRules = { model: 'per-function', bucketSize: 1000, refillPerSecond: 100, burst: 3000, addedPerMinute: 500 }
const T0 = Date.UTC(2024, 0, 1)
/** Enough unreserved capacity that the pool never limits (scaling tests). */
const HUGE = 1_000_000

const unreserved = (functionName = 'f'): FunctionCapacity => ({ functionName, reserved: undefined, provisionedAllocated: 0 })
const reserved = (reservedCount: number, provisionedAllocated = 0, functionName = 'f'): FunctionCapacity => ({ functionName, reserved: reservedCount, provisionedAllocated })

function accountBurst(burst: number): ScalingRules {
  return { model: 'account-burst', bucketSize: 1000, refillPerSecond: 100, burst, addedPerMinute: 500 }
}

/** Tries `n` admissions at `nowMs`; returns the leases granted and the throttle reasons. */
function admit(pools: ConcurrencyPools, fn: FunctionCapacity, n: number, nowMs: number, options: { capacity?: number; needsNew?: boolean } = {}): { leases: Lease[]; throttles: string[] } {
  const leases: Lease[] = []
  const throttles: string[] = []
  for (let i = 0; i < n; i++) {
    const lease = pools.tryAcquireOnDemand(fn, options.capacity ?? HUGE, options.needsNew ?? true, nowMs)
    if (typeof lease === 'string') throttles.push(lease)
    else leases.push(lease)
  }
  return { leases, throttles }
}

describe('model/concurrency', () => {
  // ------------------------------------------------------------ pools

  it('reserved concurrency - R limits on-demand to R − allocated provisioned concurrency', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = reserved(10, 4)
    const { leases, throttles } = admit(pools, fn, 8, T0)
    expect(leases).toHaveLength(6)
    expect(throttles).toEqual(['ReservedFunctionConcurrentInvocationLimitExceeded', 'ReservedFunctionConcurrentInvocationLimitExceeded'])
    expect(pools.inUseBy('f')).toBe(6)
    // The 4 provisioned environments still serve, on top of the 6 on-demand ones: 10 = R in all.
    for (let i = 0; i < 4; i++) pools.acquireProvisioned(fn)
    expect(pools.inUseBy('f')).toBe(10)
    expect(pools.inUse).toBe(10)
  })

  it('reserved concurrency - a release frees exactly one slot', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = reserved(2)
    const { leases } = admit(pools, fn, 2, T0)
    expect(admit(pools, fn, 1, T0).throttles).toEqual(['ReservedFunctionConcurrentInvocationLimitExceeded'])
    pools.release(leases[0] as Lease)
    expect(admit(pools, fn, 2, T0).throttles).toEqual(['ReservedFunctionConcurrentInvocationLimitExceeded'])
    expect(pools.inUseBy('f')).toBe(2)
  })

  it('reserved concurrency 0 - throttles every invocation, even a warm one', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    expect(admit(pools, reserved(0), 3, T0).throttles).toEqual(Array(3).fill('ReservedFunctionConcurrentInvocationLimitExceeded'))
    expect(admit(pools, reserved(0), 1, T0, { needsNew: false }).throttles).toEqual(['ReservedFunctionConcurrentInvocationLimitExceeded'])
    expect(pools.inUse).toBe(0)
  })

  it('reserved functions do not draw on the unreserved pool (capacity 0 does not throttle them)', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    expect(admit(pools, reserved(3), 3, T0, { capacity: 0 }).leases).toHaveLength(3)
    expect(pools.unreservedInUse).toBe(0)
  })

  it('unreserved pool - the capacity passed in is shared by all unreserved functions → ConcurrentInvocationLimitExceeded', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    expect(admit(pools, unreserved('a'), 3, T0, { capacity: 5 }).leases).toHaveLength(3)
    const b = admit(pools, unreserved('b'), 4, T0, { capacity: 5 })
    expect(b.leases).toHaveLength(2)
    expect(b.throttles).toEqual(['ConcurrentInvocationLimitExceeded', 'ConcurrentInvocationLimitExceeded'])
    expect(pools.unreservedInUse).toBe(5)
    expect(pools.inUseBy('a')).toBe(3)
    expect(pools.inUseBy('b')).toBe(2)
    // A smaller pool now (say, a new reservation) admits nothing until usage falls below it.
    expect(admit(pools, unreserved('a'), 1, T0, { capacity: 4 }).throttles).toEqual(['ConcurrentInvocationLimitExceeded'])
  })

  it('leases - release exactly once: a second release throws the invariant error', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const lease = pools.tryAcquireOnDemand(unreserved(), 10, true, T0) as Lease
    expect(lease).toMatchObject({ functionName: 'f', kind: 'on-demand', unreserved: true, released: false })
    pools.release(lease)
    expect(lease.released).toBe(true)
    expect(() => pools.release(lease)).toThrow('lambda-sim invariant broken: lease of f released twice')
    expect(pools.inUse).toBe(0)
    expect(pools.unreservedInUse).toBe(0)
    const provisioned = pools.acquireProvisioned(reserved(5, 5))
    pools.release(provisioned)
    expect(() => pools.release(provisioned)).toThrow(/released twice/)
    expect(pools.inUse).toBe(0)
  })

  it('provisioned leases - do not consume on-demand capacity nor the unreserved pool', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = reserved(5, 2)
    pools.acquireProvisioned(fn)
    pools.acquireProvisioned(fn)
    expect(admit(pools, fn, 4, T0).leases).toHaveLength(3)
    const open = unreserved('u')
    const p = pools.acquireProvisioned({ ...open, provisionedAllocated: 3 })
    expect(p).toMatchObject({ kind: 'provisioned', unreserved: true })
    expect(pools.unreservedInUse).toBe(0)
    expect(admit(pools, open, 2, T0, { capacity: 2 }).leases).toHaveLength(2)
    expect(pools.inUse).toBe(2 + 3 + 1 + 2)
    expect(pools.inUseBy('u')).toBe(3)
  })

  // ------------------------------------------------------------ per-function scaling

  it('per-function scaling - 1,000 new environments at once, the 1,001st throttled, then 100 per second', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = unreserved()
    const first = admit(pools, fn, 1001, T0)
    expect(first.leases).toHaveLength(1000)
    expect(first.throttles).toEqual(['FunctionInvocationRateLimitExceeded'])
    // Half a second refills 50 tokens.
    expect(admit(pools, fn, 60, T0 + 500).leases).toHaveLength(50)
    // Another half second: 50 more (hand-computed: 100 tokens/s × 0.5 s).
    const second = admit(pools, fn, 101, T0 + 1000)
    expect(second.leases).toHaveLength(50)
    expect(second.throttles.every((r) => r === 'FunctionInvocationRateLimitExceeded')).toBe(true)
    expect(admit(pools, fn, 200, T0 + 2000).leases).toHaveLength(100)
  })

  it('per-function scaling - refills in small steps add up: one arrival per ms gets exactly one token per 10 ms', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = unreserved()
    admit(pools, fn, 1000, T0)
    const admittedAt: number[] = []
    for (let t = 1; t <= 1000; t++) if (admit(pools, fn, 1, T0 + t).leases.length === 1) admittedAt.push(t)
    expect(admittedAt).toEqual(Array.from({ length: 100 }, (_, k) => (k + 1) * 10))
  })

  it('per-function scaling - 1 s after the burst admits exactly 100 more', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = unreserved()
    admit(pools, fn, 1000, T0)
    expect(admit(pools, fn, 150, T0 + 1000).leases).toHaveLength(100)
  })

  it('per-function scaling - unused budget does not accumulate beyond 1,000; functions have their own buckets', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    expect(admit(pools, unreserved('a'), 1000, T0).leases).toHaveLength(1000)
    expect(admit(pools, unreserved('b'), 1000, T0).leases).toHaveLength(1000)
    // An hour later the bucket is full again, but only 1,000.
    expect(admit(pools, unreserved('a'), 1200, T0 + 3_600_000).leases).toHaveLength(1000)
  })

  it('per-function scaling - warm reuse costs no token', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = unreserved()
    const { leases } = admit(pools, fn, 1000, T0)
    for (const lease of leases) pools.release(lease)
    // Bucket is empty, but warm environments need no scaling budget.
    expect(admit(pools, fn, 1000, T0, { needsNew: false }).leases).toHaveLength(1000)
    expect(admit(pools, fn, 1, T0, { needsNew: true }).throttles).toEqual(['FunctionInvocationRateLimitExceeded'])
  })

  it('per-function scaling - the concurrency limit is checked first (no token spent on a throttle)', () => {
    const pools = new ConcurrencyPools(PER_FUNCTION)
    const fn = reserved(1)
    const { leases } = admit(pools, fn, 1, T0)
    expect(admit(pools, fn, 5000, T0).throttles.every((r) => r === 'ReservedFunctionConcurrentInvocationLimitExceeded')).toBe(true)
    pools.release(leases[0] as Lease)
    // 999 tokens left: all usable once the reservation is lifted.
    expect(admit(pools, unreserved(), 1000, T0).leases).toHaveLength(999)
  })

  // ------------------------------------------------------------ account-burst scaling

  it('account-burst - the burst B at once, then +500 per full minute of sustained demand', () => {
    const pools = new ConcurrencyPools(accountBurst(500))
    const fn = unreserved()
    const first = admit(pools, fn, 600, T0)
    expect(first.leases).toHaveLength(500)
    expect(first.throttles).toEqual(Array(100).fill('ConcurrentInvocationLimitExceeded'))
    expect(pools.burstCeiling(T0)).toBe(500)
    expect(admit(pools, fn, 10, T0 + 59_999).leases).toHaveLength(0)
    expect(pools.burstCeiling(T0 + 60_000)).toBe(1000)
    expect(admit(pools, fn, 600, T0 + 60_000).leases).toHaveLength(500)
    expect(admit(pools, fn, 600, T0 + 120_000).leases).toHaveLength(500)
    expect(pools.burstCeiling(T0 + 150_000)).toBe(1500)
    expect(pools.inUse).toBe(1500)
  })

  it('account-burst - shared by all functions of the account', () => {
    const pools = new ConcurrencyPools(accountBurst(500))
    expect(admit(pools, unreserved('a'), 300, T0).leases).toHaveLength(300)
    expect(admit(pools, unreserved('b'), 300, T0).leases).toHaveLength(200)
    expect(admit(pools, reserved(900, 0, 'c'), 10, T0).leases).toHaveLength(0)
  })

  it('account-burst - demand within the burst never starts the scale-up', () => {
    const pools = new ConcurrencyPools(accountBurst(500))
    admit(pools, unreserved(), 500, T0)
    expect(pools.burstCeiling(T0 + 600_000)).toBe(500)
  })

  it('account-burst - the scale-up resets once on-demand in use drops to ≤ B', () => {
    const pools = new ConcurrencyPools(accountBurst(500))
    const fn = unreserved()
    const { leases } = admit(pools, fn, 501, T0)
    const more = admit(pools, fn, 200, T0 + 60_000).leases
    expect(more).toHaveLength(200)
    expect(pools.burstCeiling(T0 + 60_000)).toBe(1000)
    // 700 in use: release 199 → 501 (> B: still scaling), one more → 500 (≤ B: reset).
    const all = [...leases, ...more]
    for (const lease of all.slice(0, 199)) pools.release(lease)
    expect(pools.burstCeiling(T0 + 61_000)).toBe(1000)
    pools.release(all[199] as Lease)
    expect(pools.burstCeiling(T0 + 61_000)).toBe(500)
    expect(admit(pools, fn, 1, T0 + 61_000).throttles).toEqual(['ConcurrentInvocationLimitExceeded'])
  })

  it('account-burst - provisioned environments and warm reuse are outside the burst', () => {
    const pools = new ConcurrencyPools(accountBurst(2))
    const fn = reserved(10, 5)
    for (let i = 0; i < 5; i++) pools.acquireProvisioned(fn)
    expect(admit(pools, fn, 3, T0).leases).toHaveLength(2)
    expect(admit(pools, fn, 3, T0, { needsNew: false }).leases).toHaveLength(3)
  })

  it('regionalBurst - 3,000 / 1,000 / 500 by Region', () => {
    expect([regionalBurst('us-east-1'), regionalBurst('us-west-2'), regionalBurst('eu-west-1')]).toEqual([3000, 3000, 3000])
    expect([regionalBurst('ap-northeast-1'), regionalBurst('eu-central-1'), regionalBurst('us-east-2')]).toEqual([1000, 1000, 1000])
    expect(regionalBurst('sa-east-1')).toBe(500)
  })

  // ------------------------------------------------------------ request rate

  it('RateWindow - at most N in any rolling second; a request exactly 1 s later is outside the window', () => {
    const window = new RateWindow(3)
    expect([0, 100, 200, 300].map((t) => window.tryRecord(T0 + t))).toEqual([true, true, true, false])
    expect(window.tryRecord(T0 + 999)).toBe(false)
    expect(window.tryRecord(T0 + 1000)).toBe(true) // the one at 0 left the window
    expect(window.tryRecord(T0 + 1000)).toBe(false)
    expect(window.tryRecord(T0 + 1100)).toBe(true)
    expect(window.tryRecord(T0 + 5000)).toBe(true)
  })

  it('RateWindow - refused requests are not counted', () => {
    const window = new RateWindow(2)
    expect([0, 0, 0, 0, 0].map(() => window.tryRecord(T0))).toEqual([true, true, false, false, false])
    expect([window.tryRecord(T0 + 1000), window.tryRecord(T0 + 1000), window.tryRecord(T0 + 1000)]).toEqual([true, true, false])
  })

  it('RateWindow - agrees with counting the last second directly, across ring growth and wrap-around', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 2000 }), (limit, gaps) => {
        const window = new RateWindow(limit)
        const accepted: number[] = []
        let t = T0
        for (const gap of gaps) {
          t += gap
          const inWindow = accepted.filter((at) => at > t - 1000).length
          expect(window.tryRecord(t)).toBe(inWindow < limit)
          if (inWindow < limit) accepted.push(t)
        }
      }),
      { numRuns: 60 },
    )
  })

  it('RateWindow - long runs stay exact after compaction', () => {
    const window = new RateWindow(2000)
    let accepted = 0
    // One request per ms for 10 s: 1,000 per rolling second, all accepted (the queue compacts on the way).
    for (let t = 0; t < 10_000; t++) if (window.tryRecord(T0 + t)) accepted++
    expect(accepted).toBe(10_000)
    // At 10,000 the window (9,000, 10,000] already holds 9,001…9,999: room for 2,000 − 999 = 1,001.
    let burst = 0
    for (let i = 0; i < 3000; i++) if (window.tryRecord(T0 + 10_000)) burst++
    expect(burst).toBe(1001)
  })
})
