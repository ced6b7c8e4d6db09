/**
 * `sim.fetch`'s two ends: a WHATWG `fetch` call's arguments become a `DoorRequest`, a
 * `DoorResponse` becomes a `Response`.
 *
 * Why not just `new Request(input, init)`: `Headers` lower-cases names and folds a repeated header
 * into one comma-joined line, and the front doors must see what the client sent (an ALB with
 * multi-value headers gets every line; API Gateway's `multiValueHeaders` too). So header lines given
 * as an array of pairs or a plain object are read as written; a `Headers` object is already folded.
 */
import { STATUS_CODES } from 'node:http'
import type { DoorRequest, DoorResponse, HeaderLine } from './door.js'

export type FetchInput = string | URL | Request

/** The header lines of a `HeadersInit`, in order, unfolded where the caller's form allows. */
function headerLines(init: RequestInit['headers']): HeaderLine[] {
  if (init === undefined) return []
  if (Array.isArray(init)) return init.map((pair: readonly string[]) => [String(pair[0]), String(pair[1])] as const)
  if (init instanceof Headers) return foldedLines(init)
  return Object.entries(init as Record<string, string>).map(([name, value]) => [name, String(value)] as const)
}

/** A `Headers` object's lines (already folded by it). `forEach`, not `entries()`: the DOM typings lack the latter without DOM.Iterable. */
function foldedLines(headers: Headers): HeaderLine[] {
  const lines: HeaderLine[] = []
  headers.forEach((value, name) => lines.push([name, value]))
  return lines
}

/** The request a client would send for `fetch(input, init)`. */
export async function toDoorRequest(input: FetchInput, init: RequestInit | undefined): Promise<DoorRequest> {
  // The platform's own parsing settles the URL, method and body exactly as fetch would.
  const request = new Request(input, init)
  const url = new URL(request.url)
  const headers = init?.headers !== undefined ? headerLines(init.headers) : input instanceof Request ? foldedLines(input.headers) : []
  const body = request.body === null ? new Uint8Array() : new Uint8Array(await request.arrayBuffer())
  // A body sent without a content type gets the one fetch would add (text → text/plain, …).
  const contentType = request.headers.get('content-type')
  const hasContentType = headers.some(([name]) => name.toLowerCase() === 'content-type')
  const withType: HeaderLine[] = contentType !== null && !hasContentType ? [...headers, ['content-type', contentType]] : headers
  return { method: request.method.toUpperCase(), url, headers: withType, body }
}

/** Statuses whose response has no body (the `Response` constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/** Whether a client reads no body: a `HEAD` request's response (HTTP sends none, whatever the door wrote), a null-body status. */
export function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || NULL_BODY_STATUSES.has(status)
}

/** The `Response` a client's `fetch(…, { method })` resolves with. */
export function toFetchResponse(response: DoorResponse, method = 'GET'): Response {
  const headers = new Headers()
  for (const [name, value] of response.headers) headers.append(name, value)
  // A copy over a plain ArrayBuffer: the type `BodyInit` takes (and the caller's buffer stays theirs).
  const body = hasNoBody(method, response.status) || response.body.byteLength === 0 ? null : new Uint8Array(response.body)
  return new Response(body, { status: response.status, statusText: response.statusText ?? STATUS_CODES[response.status] ?? '', headers })
}
