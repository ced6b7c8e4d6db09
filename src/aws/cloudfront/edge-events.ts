/**
 * The Lambda@Edge event (`Records[0].cf.config / request / response`) and what CloudFront makes of
 * a function's result: a request trigger returns the request to go on with, or a response it
 * generated (which short-circuits the rest: no origin); a response trigger returns the response.
 * Anything CloudFront refuses becomes a validation failure (502 to the viewer).
 */
import type { EdgeEventType } from './api.js'
import { checkCfHeaders, headerBytes, type CfHeaders } from './edge-headers.js'
import { replacedBodyLimit, type TriggerLimits } from './edge-limits.js'
import { edgeFailures, type EdgeFailure } from './error-page.js'

export interface CfConfig {
  readonly distributionDomainName: string
  readonly distributionId: string
  readonly eventType: EdgeEventType
  readonly requestId: string
}

/** `includeBody`: the request body as the function sees it, and how it may hand one back. */
export interface CfBody {
  readonly inputTruncated: boolean
  readonly action: 'read-only' | 'replace'
  readonly encoding: 'base64' | 'text'
  readonly data: string
}

/** The origin a request goes to (origin-request events); a function may point it elsewhere. */
export interface CfCustomOrigin {
  readonly customHeaders: CfHeaders
  readonly domainName: string
  readonly keepaliveTimeout: number
  readonly path: string
  readonly port: number
  readonly protocol: 'http' | 'https'
  readonly readTimeout: number
  readonly sslProtocols: readonly string[]
}

export interface CfRequest {
  readonly clientIp: string
  readonly headers: CfHeaders
  readonly method: string
  /** Without the `?`; `''` when there is none. */
  readonly querystring: string
  readonly uri: string
  readonly body?: CfBody
  readonly origin?: { readonly custom: CfCustomOrigin }
}

export interface CfResponse {
  /** As text (`'200'`). */
  readonly status: string
  readonly statusDescription: string
  readonly headers: CfHeaders
}

export interface EdgeEvent {
  readonly Records: readonly [{ readonly cf: { readonly config: CfConfig; readonly request: CfRequest; readonly response?: CfResponse } }]
}

export function edgeEvent(config: CfConfig, request: CfRequest, response?: CfResponse): EdgeEvent {
  return { Records: [{ cf: response === undefined ? { config, request } : { config, request, response } }] }
}

/** Where a request goes after an origin-request function (it may have changed the origin). */
export interface OriginTarget {
  readonly domainName: string
  readonly path: string
  readonly customHeaders: CfHeaders
}

/** A response a function made (generated in a request trigger, or the one a response trigger returns). */
export interface EdgeResponse {
  readonly status: number
  readonly statusDescription: string | undefined
  readonly headers: CfHeaders
  /** `undefined`: the function left the body alone (response triggers keep the origin's). */
  readonly body: Uint8Array | undefined
}

export type RequestTriggerResult =
  | { readonly kind: 'request'; readonly request: CfRequest; readonly replacedBody: Uint8Array | undefined; readonly origin: OriginTarget | undefined }
  | { readonly kind: 'response'; readonly response: EdgeResponse }
  | { readonly kind: 'failure'; readonly failure: EdgeFailure }

const NOT_AN_OBJECT = 'The Lambda function returned invalid JSON: The JSON output must be an object type.'
const MAX_URI_AND_QUERY = 8192

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const fail = (reason: string): { kind: 'failure'; failure: EdgeFailure } => ({ kind: 'failure', failure: edgeFailures.validation(reason) })

/** A viewer-request or origin-request function's result. */
export function readRequestResult(result: unknown, before: CfRequest, eventType: EdgeEventType, limits: TriggerLimits): RequestTriggerResult {
  if (!isObject(result)) return fail(NOT_AN_OBJECT)
  // A result with a status is a response the function generated: CloudFront answers with it.
  if (result['status'] !== undefined) {
    const generated = readResponse(result, undefined, eventType, limits)
    return 'failure' in generated ? { kind: 'failure', failure: generated.failure } : { kind: 'response', response: generated }
  }
  const headers = checkCfHeaders(result['headers'], before.headers, eventType)
  if ('problem' in headers) return fail(headers.problem)
  const uri = result['uri'] ?? before.uri
  if (typeof uri !== 'string' || !uri.startsWith('/') || /[\s\0]/.test(uri)) return fail('The Lambda function result failed validation: The URI must begin with a slash and must not contain spaces.') // [U]
  const querystring = result['querystring'] ?? before.querystring
  if (typeof querystring !== 'string' || /[\s#\0]/.test(querystring)) {
    return fail('The Lambda function result failed validation: The query string must not contain spaces, control characters or #.') // [U]
  }
  if (uri.length + querystring.length >= MAX_URI_AND_QUERY) return fail('The Lambda function result failed validation: The URI and query string are too long.') // [U]
  let replacedBody: Uint8Array | undefined
  let body = before.body
  if (before.body !== undefined && isObject(result['body']) && result['body']['action'] === 'replace') {
    const given = result['body']
    const encoding = given['encoding'] ?? 'base64'
    const data = given['data']
    if ((encoding !== 'text' && encoding !== 'base64') || typeof data !== 'string') return fail('The Lambda function result failed validation: The body is not a string, is not an object, or exceeds the maximum size.')
    if (encoding === 'base64' && !isBase64(data)) return fail('The Lambda function result failed validation: The body is not valid base64.') // [U]
    if (Buffer.byteLength(data) > replacedBodyLimit(limits, encoding)) {
      return fail('The Lambda function result failed validation: The body is not a string, is not an object, or exceeds the maximum size.')
    }
    replacedBody = encoding === 'base64' ? new Uint8Array(Buffer.from(data, 'base64')) : new TextEncoder().encode(data)
    body = { inputTruncated: false, action: 'replace', encoding, data }
  }
  let origin: OriginTarget | undefined
  let originField = before.origin
  if (before.origin !== undefined && result['origin'] !== undefined) {
    const read = readOrigin(result['origin'], eventType)
    if ('problem' in read) return fail(read.problem)
    origin = read.target
    originField = { custom: { ...before.origin.custom, domainName: origin.domainName, path: origin.path, customHeaders: origin.customHeaders } }
  }
  // The method and client IP are read-only: a changed value is not taken.
  const request: CfRequest = {
    clientIp: before.clientIp,
    headers: headers.headers,
    method: before.method,
    querystring,
    uri,
    ...(body !== undefined ? { body } : {}),
    ...(originField !== undefined ? { origin: originField } : {}),
  }
  return { kind: 'request', request, replacedBody, origin }
}

/** `origin.custom` or `origin.s3` (one of them) as a function set it. */
function readOrigin(value: unknown, eventType: EdgeEventType): { target: OriginTarget } | { problem: string } {
  if (!isObject(value)) return { problem: 'The Lambda function result failed validation: The origin is not an object.' } // [U]
  const custom = value['custom']
  const s3 = value['s3']
  if (custom !== undefined && s3 !== undefined) return { problem: 'The Lambda function result failed validation: The request can specify a custom origin or an Amazon S3 origin, not both.' } // [U]
  const chosen = custom ?? s3
  if (!isObject(chosen)) return { problem: 'The Lambda function result failed validation: The origin is not an object.' } // [U]
  const domainName = chosen['domainName']
  if (typeof domainName !== 'string' || domainName.length === 0 || domainName.length > 253 || domainName.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(domainName)) {
    return { problem: 'The Lambda function result failed validation: The origin domain name is not valid.' } // [U]
  }
  const path = chosen['path'] ?? ''
  if (typeof path !== 'string' || (path !== '' && (!path.startsWith('/') || path.endsWith('/')))) {
    return { problem: 'The Lambda function result failed validation: The origin path is not valid.' } // [U]
  }
  const customHeaders = checkCfHeaders(chosen['customHeaders'], undefined, eventType)
  if ('problem' in customHeaders) return customHeaders
  return { target: { domainName: domainName.toLowerCase(), path, customHeaders: customHeaders.headers } }
}

/** An origin-response or viewer-response function's result (`before`: the response it was given). */
export function readResponseResult(result: unknown, before: CfResponse, eventType: EdgeEventType, limits: TriggerLimits): EdgeResponse | { failure: EdgeFailure } {
  if (!isObject(result)) return { failure: edgeFailures.validation(NOT_AN_OBJECT) }
  return readResponse(result, before, eventType, limits)
}

/**
 * A response object: `status` (200–599, text or number), `statusDescription`, `headers`, `body`
 * with `bodyEncoding` `text` (default) or `base64`. Its headers and body together may not exceed
 * the trigger's generated-response size.
 */
function readResponse(result: Record<string, unknown>, before: CfResponse | undefined, eventType: EdgeEventType, limits: TriggerLimits): EdgeResponse | { failure: EdgeFailure } {
  const failure = (reason: string): { failure: EdgeFailure } => ({ failure: edgeFailures.validation(reason) })
  const statusValue = result['status'] ?? before?.status
  const status = typeof statusValue === 'number' ? statusValue : typeof statusValue === 'string' && /^\d{3}$/.test(statusValue) ? Number(statusValue) : Number.NaN
  if (!Number.isInteger(status) || status < 200 || status > 599) return failure('The Lambda function result failed validation: The status code is not valid.') // [U]
  const description = result['statusDescription']
  if (description !== undefined && typeof description !== 'string') return failure('The Lambda function result failed validation: The status description is not a string.') // [U]
  const headers = checkCfHeaders(result['headers'] ?? before?.headers, before?.headers, eventType)
  if ('problem' in headers) return failure(headers.problem)
  const bodyValue = result['body']
  let body: Uint8Array | undefined
  if (bodyValue !== undefined && bodyValue !== null) {
    if (typeof bodyValue !== 'string') return failure('The Lambda function result failed validation: The body is not a string, is not an object, or exceeds the maximum size.')
    const encoding = result['bodyEncoding'] ?? 'text'
    if (encoding !== 'text' && encoding !== 'base64') return failure('The Lambda function result failed validation: The body encoding is not valid.') // [U]
    if (encoding === 'base64' && !isBase64(bodyValue)) return failure('The Lambda function result failed validation: The body is not valid base64.') // [U]
    body = encoding === 'base64' ? new Uint8Array(Buffer.from(bodyValue, 'base64')) : new TextEncoder().encode(bodyValue)
  }
  // RFC 2616 lets a 204 carry no body; a viewer-request function that gives one is refused.
  if (before === undefined && eventType === 'viewer-request' && status === 204 && body !== undefined && body.byteLength > 0) {
    return failure('The Lambda function result failed validation: The function returned a body with status 204 (No Content).') // [U]
  }
  const size = headerBytes(headers.headers) + (typeof bodyValue === 'string' ? Buffer.byteLength(bodyValue) : 0)
  if ((before === undefined || body !== undefined) && size > limits.generatedResponseBytesMax) {
    return failure('The Lambda function result failed validation: The body is not a string, is not an object, or exceeds the maximum size.')
  }
  return { status, statusDescription: description, headers: headers.headers, body }
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)
}
