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
import { wireHeaderValue, type DoorRequest, type DoorResponse, type HeaderLine } from './door.js'

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
  for (const [name, value] of response.headers) headers.append(name, wireHeaderValue(value))
  // A copy over a plain ArrayBuffer: the type `BodyInit` takes (and the caller's buffer stays theirs).
  const body = hasNoBody(method, response.status) || response.body.byteLength === 0 ? null : new Uint8Array(response.body)
  return new Response(body, { status: response.status, statusText: response.statusText ?? STATUS_CODES[response.status] ?? '', headers })
}

/** The statuses `fetch` follows when they name a `Location`. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/** How many redirects `fetch` follows before it gives up. */
const MAX_REDIRECTS = 20

/** Headers that describe a body: dropped with it when a redirect turns the request into a `GET`. */
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'])

/** Headers a redirect to another origin does not carry on (as Node's fetch drops them). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie'])

/** `RequestInit['redirect']` without its `undefined` (the global `RequestRedirect` type is DOM-only). */
export type RedirectMode = NonNullable<RequestInit['redirect']>

/** The `redirect` mode of `fetch(input, init)`: `follow` unless the caller says otherwise. */
export function redirectModeOf(input: FetchInput, init: RequestInit | undefined): RedirectMode {
  return init?.redirect ?? (input instanceof Request ? input.redirect : 'follow')
}

function fetchFailed(reason: string): TypeError {
  return new TypeError('fetch failed', { cause: new Error(reason) })
}

/** The request `fetch` sends next for a redirect to `location` (the Fetch standard's method and header rules). */
function redirected(request: DoorRequest, status: number, location: URL): DoorRequest {
  const toGet = (status === 303 && request.method !== 'HEAD') || ((status === 301 || status === 302) && request.method === 'POST')
  const crossOrigin = location.origin !== request.url.origin
  const headers = request.headers.filter(([name]) => {
    const key = name.toLowerCase()
    return !(toGet && BODY_HEADERS.has(key)) && !(crossOrigin && CREDENTIAL_HEADERS.has(key)) && key !== 'host'
  })
  return { method: toGet ? 'GET' : request.method, url: location, headers, body: toGet ? new Uint8Array() : request.body }
}

/**
 * `fetch`'s answer for `request` through `answer` (the door serving each request's host): with
 * `redirect: 'follow'` (the default) a 301/302/303/307/308 with a `Location` is followed, up to 20
 * times — 303, and 301/302 after a `POST`, as a `GET` without its body — and the final `Response`
 * says so (`redirected`, `url`); `'manual'` answers the redirect itself; `'error'` fails on it.
 */
export async function fetchThroughDoors(request: DoorRequest, redirect: RedirectMode, answer: (request: DoorRequest) => Promise<DoorResponse>): Promise<Response> {
  let current = request
  for (let followed = 0; ; followed++) {
    const response = await answer(current)
    const location = response.headers.find(([name]) => name.toLowerCase() === 'location')?.[1]
    if (redirect === 'manual' || !REDIRECT_STATUSES.has(response.status) || location === undefined) {
      return withUrl(toFetchResponse(response, current.method), current.url, followed > 0)
    }
    if (redirect === 'error') throw fetchFailed('unexpected redirect')
    if (followed === MAX_REDIRECTS) throw fetchFailed('redirect count exceeded')
    let next: URL
    try {
      next = new URL(location, current.url)
    } catch {
      throw fetchFailed(`invalid Location ${JSON.stringify(location)}`)
    }
    current = redirected(current, response.status, next)
  }
}

/** `Response.url` and `redirected` as `fetch` sets them (the constructor leaves them empty). */
function withUrl(response: Response, url: URL, wasRedirected: boolean): Response {
  const final = new URL(url)
  final.hash = ''
  Object.defineProperty(response, 'url', { value: final.href })
  Object.defineProperty(response, 'redirected', { value: wasRedirected })
  return response
}
