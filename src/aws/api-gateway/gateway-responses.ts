/**
 * The responses API Gateway makes itself, when it answers a client without the function's result
 * (AWS calls them gateway responses). REST APIs and HTTP APIs word them differently:
 *
 * | what happened | REST API | HTTP API |
 * |---|---|---|
 * | no such stage / API | 403 `Forbidden` | 404 `Not Found` (unknown API: 403 `Forbidden`) |
 * | no resource or method for the path | 403 `Missing Authentication Token` | 404 `Not Found` |
 * | throttled by API Gateway (account, stage or route limits) | 429 `Too Many Requests` | 429 `Too Many Requests` |
 * | body over 10 MB | 413 `Request Too Long` | 413 `Request Entity Too Large` |
 * | Lambda refused the invoke (throttle, no permission, no function) | 500 `Internal server error` | 500 `Internal Server Error` |
 * | function error, malformed result | 502 `Internal server error` | 500 `Internal Server Error` |
 * | integration timeout (29 s / 30 s) | 504 `Endpoint request timed out` | 503 `Service Unavailable` |
 */
import type { DoorResponse, HeaderLine } from '../../http/door.js'

export type GatewayFailure = 'forbidden' | 'missing-token' | 'not-found' | 'throttled' | 'too-large' | 'refused' | 'bad-result' | 'timeout'

const REST: Record<GatewayFailure, { status: number; body: string; errorType: string }> = {
  forbidden: { status: 403, body: '{"message":"Forbidden"}', errorType: 'ForbiddenException' },
  'missing-token': { status: 403, body: '{"message":"Missing Authentication Token"}', errorType: 'MissingAuthenticationTokenException' },
  'not-found': { status: 404, body: '{"message":"Not Found"}', errorType: 'NotFoundException' },
  throttled: { status: 429, body: '{"message":"Too Many Requests"}', errorType: 'TooManyRequestsException' },
  'too-large': { status: 413, body: '{"message":"Request Too Long"}', errorType: 'RequestTooLongException' },
  refused: { status: 500, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' },
  'bad-result': { status: 502, body: '{"message": "Internal server error"}', errorType: 'InternalServerErrorException' },
  timeout: { status: 504, body: '{"message": "Endpoint request timed out"}', errorType: 'InternalServerErrorException' },
}

const HTTP: Record<GatewayFailure, { status: number; body: string }> = {
  forbidden: { status: 403, body: '{"message":"Forbidden"}' },
  'missing-token': { status: 404, body: '{"message":"Not Found"}' },
  'not-found': { status: 404, body: '{"message":"Not Found"}' },
  throttled: { status: 429, body: '{"message":"Too Many Requests"}' },
  'too-large': { status: 413, body: '{"message":"Request Entity Too Large"}' },
  refused: { status: 500, body: '{"message":"Internal Server Error"}' },
  'bad-result': { status: 500, body: '{"message":"Internal Server Error"}' },
  timeout: { status: 503, body: '{"message":"Service Unavailable"}' },
}

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf8'))

/** The ids a REST API puts on every response. */
export interface RestResponseIds {
  readonly requestId: string
  readonly extendedRequestId: string
  readonly traceHeader: string
}

/** A REST API's own answer. */
export function restFailure(failure: GatewayFailure, ids: RestResponseIds): DoorResponse {
  const { status, body, errorType } = REST[failure]
  const encoded = bytes(body)
  return { status, headers: restHeaders([['Content-Type', 'application/json'], ['x-amzn-ErrorType', errorType]], encoded, ids), body: encoded }
}

/** An HTTP API's own answer. */
export function httpFailure(failure: GatewayFailure, apigwRequestId: string): DoorResponse {
  const { status, body } = HTTP[failure]
  const encoded = bytes(body)
  return { status, headers: httpHeaders([['content-type', 'application/json']], encoded, apigwRequestId), body: encoded }
}

/** A REST API response's headers: the given ones, then the length and the gateway's ids. */
export function restHeaders(headers: readonly HeaderLine[], body: Uint8Array, ids: RestResponseIds): HeaderLine[] {
  const out: HeaderLine[] = [...headers]
  const has = (name: string): boolean => out.some(([given]) => given.toLowerCase() === name)
  // A proxy response without a content type goes out as JSON.
  if (!has('content-type')) out.push(['Content-Type', 'application/json'])
  if (!has('content-length')) out.push(['Content-Length', String(body.byteLength)])
  out.push(['x-amzn-RequestId', ids.requestId], ['x-amz-apigw-id', ids.extendedRequestId], ['X-Amzn-Trace-Id', ids.traceHeader])
  return out
}

/** An HTTP API response's headers: the given ones, then the length and `apigw-requestid`. */
export function httpHeaders(headers: readonly HeaderLine[], body: Uint8Array, apigwRequestId: string): HeaderLine[] {
  const out: HeaderLine[] = [...headers]
  if (!out.some(([name]) => name.toLowerCase() === 'content-length')) out.push(['content-length', String(body.byteLength)])
  out.push(['apigw-requestid', apigwRequestId])
  return out
}
