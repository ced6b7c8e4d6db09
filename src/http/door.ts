/**
 * An HTTP front door: a simulated endpoint (a function URL, an API Gateway stage, a load
 * balancer, a CloudFront distribution) that turns an HTTP request into invocations and their
 * results into the HTTP response a client would get. `sim.fetch` routes a request to the door that
 * serves its host; each door is registered by the service that creates it.
 */
import type { InvokeInput } from '../config/invoke-schema.js'
import type { IdFactory } from '../kernel/ids.js'
import type { InvokeResult } from '../model/invoke-result.js'
import { freshArray } from '../kernel/fresh-array.js'

/** One header line as the client sent it: the name's spelling and the lines' order are kept. */
export type HeaderLine = readonly [name: string, value: string]

/** A request as a door receives it: method, full URL, header lines, body bytes. */
export interface DoorRequest {
  /** Upper case (`GET`, `POST`, …). */
  readonly method: string
  readonly url: URL
  /** In the order sent; a header repeated by the client appears once per line. */
  readonly headers: readonly HeaderLine[]
  readonly body: Uint8Array
}

/** The response a client receives. */
export interface DoorResponse {
  readonly status: number
  /** The reason phrase, when the door sets its own (an ALB target's `statusDescription`); default Node's for the status. */
  readonly statusText?: string
  /** In order; repeated names (one `set-cookie` per cookie) stay separate lines. */
  readonly headers: readonly HeaderLine[]
  readonly body: Uint8Array
}

/** Whether `name` can name a header: an HTTP token (RFC 9110), as a door checks what a function returned. */
export function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
}

/** Whether `value` can travel in a header: no CR, LF or NUL (the line would break). */
export function isHeaderValue(value: string): boolean {
  return !/[\r\n\0]/.test(value)
}

/**
 * A header value as a client reads it off the wire: a value beyond Latin-1 (`ok ✓`) travels as its
 * UTF-8 bytes, which an HTTP client reads one byte per character.
 */
export function wireHeaderValue(value: string): string {
  return /^[\x00-\xff]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1')
}

/** Why an invocation a door started answered nothing: its integration timeout passed first. */
export const DOOR_TIMEOUT = 'timeout'

/** What a door may do while it answers a request. */
export interface DoorContext {
  /**
   * Runs a synchronous (`RequestResponse`) invocation on the virtual clock and answers its result,
   * or `'timeout'` when `timeoutMs` of virtual time pass first — the function keeps running, as on
   * AWS, but the door answers the client without it. AWS's refusals (throttles, a denied caller)
   * are data in the result, as from `sim.invoke`.
   */
  invoke(input: InvokeInput, options?: { readonly timeoutMs?: number }): Promise<InvokeResult | typeof DOOR_TIMEOUT>
  /**
   * Awaits user code the door runs outside the virtual clock (a CloudFront origin handler), for at
   * most `limits.externalWaitMsMax` real ms (outside-work.ts); `what` names it in the error.
   */
  outside<T>(what: string, work: () => PromiseLike<T>): Promise<T>
  /** Sends a request on to the door serving its host (an origin behind CloudFront, say). */
  forward(request: DoorRequest): Promise<DoorResponse>
  /** Virtual time now, in ms since the epoch. */
  readonly nowMs: number
}

export interface HttpDoor {
  /** Whether this door answers requests to `host` (lower case, without a port). */
  serves(host: string): boolean
  handle(request: DoorRequest, context: DoorContext): Promise<DoorResponse>
}

/** The doors of one simulation, asked in the order they were registered. */
export class DoorRegistry {
  private readonly doors: HttpDoor[] = freshArray()

  register(door: HttpDoor): void {
    this.doors.push(door)
  }

  /** The door serving `host`, if any. */
  find(host: string): HttpDoor | undefined {
    const wanted = host.toLowerCase()
    for (const door of this.doors) if (door.serves(wanted)) return door
    return undefined
  }
}

/**
 * The `x-amzn-trace-id` a function URL or load balancer adds to a request it passes on: a new
 * X-Ray root (`Root=1-<epoch seconds, 8 hex>-<24 hex>`) stamped with the arrival time, its random
 * part drawn from the door's own id stream.
 */
export function frontDoorTraceHeader(nowMs: number, ids: IdFactory): string {
  return `Root=1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${ids.hex32().slice(0, 24)}`
}

/** What a client's `fetch` sees when the host answers but nothing listens on the port (a load balancer without that listener). */
export function connectionRefused(host: string, port: number): TypeError {
  const cause = Object.assign(new Error(`connect ECONNREFUSED ${host}:${port}`), { code: 'ECONNREFUSED', address: host, port })
  return new TypeError('fetch failed', { cause })
}

/** What a client's `fetch` sees when no simulated endpoint answers the host (as Node's fetch reports DNS failure). */
export function hostNotFound(host: string): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host })
  return new TypeError('fetch failed', { cause })
}
