/**
 * Concurrency accounting: who may run now, and why not. Pure bookkeeping (no timers): the caller
 * passes the virtual time.
 *
 * Pools, as on Lambda:
 * - a function with reserved concurrency R runs at most R at once: its provisioned environments
 *   plus on-demand ones (so on-demand gets R − allocated PC); R = 0 throttles everything;
 * - every other function shares the unreserved pool: account limit − Σ reservations − provisioned
 *   concurrency allocated to unreserved functions;
 * - provisioned environments are capacity already taken: using one needs no admission.
 *
 * Scaling rate: an invocation that needs a *new* on-demand environment also needs scaling budget.
 * Two models: `per-function` (since Nov 2023: each function may add 1,000 environments per 10 s,
 * a bucket refilled continuously at 100/s), and `account-burst` (before: an account-wide burst of
 * 3,000 / 1,000 / 500 by Region, then +500 environments per minute while demand lasts).
 */
import { LastLookup } from '../kernel/last-lookup.js'
export type ThrottleReason =
  | 'ConcurrentInvocationLimitExceeded'
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'FunctionInvocationRateLimitExceeded'
  | 'ReservedFunctionInvocationRateLimitExceeded'
  | 'CallerRateLimitExceeded'

export type ScalingModelName = 'per-function' | 'account-burst'

export interface ScalingRules {
  readonly model: ScalingModelName
  /** per-function: bucket size (1,000) and refill per second (100). */
  readonly bucketSize: number
  readonly refillPerSecond: number
  /** account-burst: the Region's initial burst, and environments added per minute (500). */
  readonly burst: number
  readonly addedPerMinute: number
}

/** The burst of the account-burst model, by Region (documented until Nov 2023). */
export function regionalBurst(region: string): number {
  if (['us-west-2', 'us-east-1', 'eu-west-1'].includes(region)) return 3000
  if (['ap-northeast-1', 'eu-central-1', 'us-east-2'].includes(region)) return 1000
  return 500
}

/** What admission needs to know about a function at this instant. */
export interface FunctionCapacity {
  readonly functionName: string
  readonly reserved: number | undefined
  /** Provisioned concurrency allocated (READY) across its versions and aliases. */
  readonly provisionedAllocated: number
}

export interface Lease {
  readonly functionName: string
  readonly kind: 'on-demand' | 'provisioned'
  /** Whether the function draws on the unreserved pool (no reservation). */
  readonly unreserved: boolean
  released: boolean
  /** The function's usage counters (given back on release without looking them up). */
  readonly usage: FunctionUsage
}

export interface FunctionUsage {
  onDemand: number
  provisioned: number
  /** per-function scaling bucket */
  tokens: number
  tokensAtMs: number
}

/** Rounding allowance when comparing a refilled token count with 1. */
const TOKEN_EPSILON = 1e-9

export class ConcurrencyPools {
  private readonly usage = new Map<string, FunctionUsage>()
  private unreservedOnDemand = 0
  private total = 0
  private totalOnDemand = 0
  /** account-burst model: when the current scale-up began (undefined: not scaling). */
  private scalingSinceMs: number | undefined = undefined

  constructor(private readonly scaling: ScalingRules) {}

  /** Environments running invocations now, across the account. */
  get inUse(): number {
    return this.total
  }

  get unreservedInUse(): number {
    return this.unreservedOnDemand
  }

  inUseBy(functionName: string): number {
    const usage = this.usage.get(functionName)
    return usage === undefined ? 0 : usage.onDemand + usage.provisioned
  }

  /** An idle provisioned environment takes the invocation: no admission needed. */
  acquireProvisioned(fn: FunctionCapacity): Lease {
    const usage = this.usageOf(fn.functionName)
    usage.provisioned++
    this.total++
    return { functionName: fn.functionName, kind: 'provisioned', unreserved: fn.reserved === undefined, released: false, usage }
  }

  /**
   * On-demand capacity for one invocation, or the reason it is throttled. `needsNewEnvironment`:
   * no warm environment is free, so one must be created (which costs scaling budget).
   * `unreservedCapacity`: the unreserved pool's size now (account limit − reservations − PC).
   */
  tryAcquireOnDemand(fn: FunctionCapacity, unreservedCapacity: number, needsNewEnvironment: boolean, nowMs: number): Lease | ThrottleReason {
    const usage = this.usageOf(fn.functionName)
    if (fn.reserved !== undefined) {
      if (usage.onDemand >= fn.reserved - fn.provisionedAllocated) return 'ReservedFunctionConcurrentInvocationLimitExceeded'
    } else if (this.unreservedOnDemand >= unreservedCapacity) {
      return 'ConcurrentInvocationLimitExceeded'
    }
    if (needsNewEnvironment) {
      const rate = this.takeScalingBudget(usage, nowMs)
      if (rate !== undefined) return rate
    }
    usage.onDemand++
    this.total++
    this.totalOnDemand++
    if (fn.reserved === undefined) this.unreservedOnDemand++
    return { functionName: fn.functionName, kind: 'on-demand', unreserved: fn.reserved === undefined, released: false, usage }
  }

  /** Gives the capacity back; a lease is released exactly once. */
  release(lease: Lease): void {
    if (lease.released) throw new Error(`lambda-sim invariant broken: lease of ${lease.functionName} released twice`)
    lease.released = true
    const usage = lease.usage
    this.total--
    if (lease.kind === 'provisioned') {
      usage.provisioned--
      return
    }
    usage.onDemand--
    this.totalOnDemand--
    if (lease.unreserved) this.unreservedOnDemand--
    if (this.scalingSinceMs !== undefined && this.scaling.model === 'account-burst' && this.totalOnDemand <= this.scaling.burst) this.scalingSinceMs = undefined
  }

  /** The account-burst model's ceiling on on-demand environments at `nowMs`. */
  burstCeiling(nowMs: number): number {
    const { burst, addedPerMinute } = this.scaling
    if (this.scalingSinceMs === undefined) return burst
    return burst + addedPerMinute * Math.floor((nowMs - this.scalingSinceMs) / 60_000)
  }

  private takeScalingBudget(usage: FunctionUsage, nowMs: number): ThrottleReason | undefined {
    if (this.scaling.model === 'per-function') {
      const refilled = usage.tokens + ((nowMs - usage.tokensAtMs) / 1000) * this.scaling.refillPerSecond
      usage.tokens = Math.min(this.scaling.bucketSize, refilled)
      usage.tokensAtMs = nowMs
      // Refills add up in floating point (ten 0.1-token refills make 0.999…): allow for the rounding.
      if (usage.tokens < 1 - TOKEN_EPSILON) return 'FunctionInvocationRateLimitExceeded'
      usage.tokens -= 1
      return undefined
    }
    if (this.totalOnDemand >= this.burstCeiling(nowMs)) {
      // Demand beyond the burst starts (or continues) the minute-by-minute scale-up.
      this.scalingSinceMs ??= nowMs
      return 'ConcurrentInvocationLimitExceeded'
    }
    return undefined
  }

  private usageOf(functionName: string): FunctionUsage {
    // Usage is never forgotten, so the last one looked up stays valid.
    const last = this.lastUsage.get(functionName)
    if (last !== undefined) return last
    let usage = this.usage.get(functionName)
    if (usage === undefined) {
      usage = { onDemand: 0, provisioned: 0, tokens: this.scaling.bucketSize, tokensAtMs: 0 }
      this.usage.set(functionName, usage)
    }
    return this.lastUsage.set(functionName, usage)
  }

  private readonly lastUsage = new LastLookup<string, FunctionUsage>()
}

/** A rolling one-second window of request counts (Invoke requests per second limits). */
/**
 * The empty ring every window starts with: its buffer is made with the first request recorded, so
 * a simulation that never counts a request (a fresh one invoked once, issue 19) does not make one.
 */
const NO_TIMES = new Float64Array(0)

export class RateWindow {
  /**
   * Instants of the requests in the window, oldest first, in a ring (grown by doubling, never
   * beyond the limit: the window holds no more). Requests are recorded in time order.
   */
  private times: Float64Array = NO_TIMES
  private head = 0
  private count = 0

  constructor(private readonly limitPerSecond: number) {}

  /** Records a request at `nowMs` unless the last second already had `limitPerSecond`. */
  tryRecord(nowMs: number): boolean {
    let times = this.times
    while (this.count > 0 && (times[this.head] as number) <= nowMs - 1000) {
      this.head = this.head + 1 === times.length ? 0 : this.head + 1
      this.count--
    }
    if (this.count >= this.limitPerSecond) return false
    if (this.count === times.length) times = this.grow()
    let at = this.head + this.count
    if (at >= times.length) at -= times.length
    times[at] = nowMs
    this.count++
    return true
  }

  private grow(): Float64Array {
    const old = this.times
    const times = new Float64Array(Math.max(64, old.length * 2))
    const firstPart = old.length - this.head
    times.set(old.subarray(this.head), 0)
    times.set(old.subarray(0, this.head), firstPart)
    this.times = times
    this.head = 0
    return times
  }
}

/** What admission needs from the concurrency configuration (reservations, provisioned concurrency). */
export interface ConcurrencyView {
  capacityOf(functionName: string): FunctionCapacity
  /** The unreserved pool's size now: account limit − reservations − PC of unreserved functions. */
  unreservedCapacity(): number
  /** The qualifier whose provisioned environments may serve this invocation, if any. */
  provisionedFor(functionName: string, invokedQualifier: string | undefined, version: string): string | undefined
}
