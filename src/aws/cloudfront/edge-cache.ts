/**
 * A distribution's edge cache, for cache behaviours that use AWS's managed `CachingOptimized`
 * policy: GET and HEAD responses below 400 are kept, keyed by the behaviour and the path (that
 * policy keys on no query string, header or cookie; a HEAD answer, having no body, serves HEAD
 * requests only), for the origin's `Cache-Control`
 * `s-maxage` / `max-age` clamped to 1 s – 1 year, or a day when it gives none. A hit skips the
 * origin and the origin functions; the viewer functions still run.
 *
 * [SIM] One cache for the whole distribution (AWS has one per edge location, and regional caches
 * between); error responses are not cached; `no-store` / `private` are honoured only as a
 * minimum TTL of 1 s allows (as CloudFront does).
 */
import type { HeaderLine } from '../../http/door.js'
import type { CfHeaders } from './edge-headers.js'

/** AWS's managed cache policies (their ids are the same in every account). */
export const MANAGED_CACHE_POLICIES = {
  CachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  CachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
} as const

const MIN_TTL_S = 1
const DEFAULT_TTL_S = 86_400
const MAX_TTL_S = 31_536_000

/** A response as the cache keeps it: what the origin-response step produced. */
export interface CachedResponse {
  readonly status: number
  readonly headers: CfHeaders
  readonly hidden: readonly HeaderLine[]
  readonly body: Uint8Array
}

interface Entry {
  readonly response: CachedResponse
  readonly storedAtMs: number
  readonly expiresAtMs: number
  /** The answer to a HEAD request: its headers serve later HEAD requests, but a GET needs the body. */
  readonly headersOnly: boolean
}

export class EdgeCache {
  private readonly entries = new Map<string, Entry>()

  /** Whether a behaviour caches at all, and the key of a request under it (undefined: not cacheable). */
  static keyOf(cachePolicyId: string | undefined, behaviorIndex: number, method: string, uri: string): string | undefined {
    if (cachePolicyId !== MANAGED_CACHE_POLICIES.CachingOptimized) return undefined
    if (method !== 'GET' && method !== 'HEAD') return undefined
    return `${behaviorIndex} ${uri}`
  }

  /** A fresh entry that can answer `method` and its age in whole seconds, or undefined (an expired one is dropped). */
  lookup(key: string, method: string, nowMs: number): { response: CachedResponse; ageSeconds: number } | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(key)
      return undefined
    }
    if (entry.headersOnly && method !== 'HEAD') return undefined
    return { response: entry.response, ageSeconds: Math.floor((nowMs - entry.storedAtMs) / 1000) }
  }

  /** Keeps the origin's answer to `method`; a HEAD answer never takes the place of a fresh GET one. */
  store(key: string, method: string, response: CachedResponse, nowMs: number): void {
    if (response.status >= 400) return
    const headersOnly = method === 'HEAD'
    const existing = this.entries.get(key)
    if (headersOnly && existing !== undefined && !existing.headersOnly && nowMs < existing.expiresAtMs) return
    this.entries.set(key, { response, storedAtMs: nowMs, expiresAtMs: nowMs + ttlSeconds(response.headers) * 1000, headersOnly })
  }

  /** `CreateInvalidation`: paths as CloudFront takes them (`/images/logo.png`, `/images/*`, `/*`). */
  invalidate(paths: readonly string[]): void {
    for (const key of [...this.entries.keys()]) {
      const uri = key.slice(key.indexOf(' ') + 1)
      if (paths.some((path) => (path.endsWith('*') ? uri.startsWith(path.slice(0, -1)) : uri === path))) this.entries.delete(key)
    }
  }

  clear(): void {
    this.entries.clear()
  }
}

/** The origin's `s-maxage` (or else `max-age`), clamped to the policy's range; its default without one. */
function ttlSeconds(headers: CfHeaders): number {
  const directives = (headers['cache-control'] ?? []).map((entry) => entry.value.toLowerCase()).join(',')
  const read = (name: string): number | undefined => {
    const match = new RegExp(`(?:^|[,\\s])${name}\\s*=\\s*"?(\\d+)`).exec(directives)
    return match === null ? undefined : Number(match[1])
  }
  const given = read('s-maxage') ?? read('max-age')
  if (given === undefined) return /(?:^|[,\s])(no-store|no-cache|private)\b/.test(directives) ? MIN_TTL_S : DEFAULT_TTL_S
  return Math.min(MAX_TTL_S, Math.max(MIN_TTL_S, given))
}
