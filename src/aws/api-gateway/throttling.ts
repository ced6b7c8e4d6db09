/**
 * API Gateway's request throttling: token buckets on the virtual clock. Each bucket holds up to
 * `burstLimit` tokens and refills at `rateLimit` per second; a request takes one, and a request that
 * finds none is answered 429 `Too Many Requests` without reaching the function. Buckets exist for
 * the account in the Region (10,000 requests per second, burst 5,000 — AWS's default quota) and
 * for each stage (REST `methodSettings`) or route (HTTP API `defaultRouteSettings` /
 * `routeSettings`) that sets limits.
 */
import type { ThrottleSettings } from './api.js'
import { apiGatewayErrors } from './errors.js'

/** AWS's default account quota per Region, shared by every API. */
export const ACCOUNT_THROTTLE = { rateLimit: 10_000, burstLimit: 5_000 } as const

interface Bucket {
  tokens: number
  atMs: number
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()

  /** Takes a token from the bucket `key` (made full on first use); false when it is empty. */
  take(key: string, rateLimit: number, burstLimit: number, nowMs: number): boolean {
    let bucket = this.buckets.get(key)
    if (bucket === undefined) {
      bucket = { tokens: burstLimit, atMs: nowMs }
      this.buckets.set(key, bucket)
    }
    // No time passed, no refill (and no 0 × ∞ when the rate is unlimited).
    const elapsedMs = nowMs - bucket.atMs
    if (elapsedMs > 0) bucket.tokens = Math.min(burstLimit, bucket.tokens + (elapsedMs / 1000) * rateLimit)
    bucket.tokens = Math.min(burstLimit, bucket.tokens)
    bucket.atMs = nowMs
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  /** Takes from the bucket of `settings` when they set a limit (a missing one is unlimited). */
  takeFor(key: string, settings: ThrottleSettings | undefined, nowMs: number): boolean {
    if (settings === undefined || (settings.throttlingBurstLimit === undefined && settings.throttlingRateLimit === undefined)) return true
    return this.take(key, settings.throttlingRateLimit ?? Number.POSITIVE_INFINITY, settings.throttlingBurstLimit ?? Number.POSITIVE_INFINITY, nowMs)
  }
}

/** Refuses limits API Gateway refuses: negative or not numbers. */
export function checkThrottleSettings(settings: Readonly<Record<string, ThrottleSettings>> | undefined): void {
  for (const [key, value] of Object.entries(settings ?? {})) {
    for (const [name, limit] of Object.entries(value)) {
      if (limit !== undefined && (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0)) {
        throw apiGatewayErrors.badRequest(`Invalid ${name} for ${key}: expected a number of at least 0`)
      }
    }
  }
}
