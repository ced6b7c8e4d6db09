/**
 * API Gateway's Lambda proxy payload format 1.0, both ways: the event a REST API (and an HTTP API
 * integration with `payloadFormatVersion: '1.0'`) sends the function, and how the function's result
 * becomes the HTTP response — or is refused as malformed.
 *
 * The two flavours differ only in details: a REST API keeps header names as the client spelled
 * them, an HTTP API lower-cases them and adds `version: '1.0'` and `routeKey`. Both give `null` (not
 * missing) for absent parts, the last value of a repeated header or query parameter in the
 * single-value maps and every value in the `multiValue…` maps.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { isHeaderName, isHeaderValue, type DoorRequest, type HeaderLine } from './door.js'
import { commonLogTime } from './payload-format-2.js'

/** What the gateway knows of a request beyond the request itself. */
export interface PayloadV1Context {
  /** `rest`: a REST API; `http`: an HTTP API integration with payload format 1.0. */
  readonly flavour: 'rest' | 'http'
  /** The matched resource (`/items/{id}`, `/{proxy+}`) or route path; `$default` for an HTTP API's default route. */
  readonly resource: string
  /** The request path without the stage (as the resource matched it). */
  readonly path: string
  /** The stage name (`prod`, `$default`). */
  readonly stage: string
  /** The HTTP API route key (`GET /items/{id}`, `$default`); REST APIs have none. */
  readonly routeKey?: string
  readonly pathParameters: Readonly<Record<string, string>> | undefined
  readonly stageVariables: Readonly<Record<string, string>> | undefined
  readonly apiId: string
  readonly accountId: string
  readonly domainName: string
  readonly requestId: string
  readonly extendedRequestId: string
  /** REST: the resource's id; HTTP API: the route key. */
  readonly resourceId: string
  /** The request's arrival, ms since the epoch (virtual time). */
  readonly atMs: number
  readonly sourceIp: string
  /** Whether the body goes to the function base64-encoded (binary media types decide). */
  readonly base64Body: boolean
  /** Header lines the gateway adds (`X-Forwarded-For`, `X-Amzn-Trace-Id`, …) after the client's. */
  readonly addedHeaders: readonly HeaderLine[]
}

/** Decoded `[name, value]` pairs of a URL's query, in order; a `+` stays a `+` (API Gateway does not read it as a space). */
export function queryPairs(url: URL): [string, string][] {
  const raw = url.search.startsWith('?') ? url.search.slice(1) : url.search
  if (raw.length === 0) return []
  return raw
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const at = part.indexOf('=')
      return [decodeLeniently(at < 0 ? part : part.slice(0, at)), decodeLeniently(at < 0 ? '' : part.slice(at + 1))]
    })
}

/** `decodeURIComponent`, or the text as it came when it is not valid percent-encoding. */
export function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Groups pairs by name (exact spelling, or lower-cased), in order of first appearance. */
function grouped(pairs: readonly (readonly [string, string])[], lowercase: boolean): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const [rawName, value] of pairs) {
    const name = lowercase ? rawName.toLowerCase() : rawName
    const group = groups.get(name)
    if (group !== undefined) group.push(value)
    else groups.set(name, [value])
  }
  return groups
}

/** The payload format 1.0 event for `request`. */
export function payloadV1Event(request: DoorRequest, context: PayloadV1Context): APIGatewayProxyEvent & { version?: string } {
  const http = context.flavour === 'http'
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const [name, values] of grouped([...request.headers, ...context.addedHeaders], http)) {
    headers[name] = values[values.length - 1] as string
    multiValueHeaders[name] = values
  }
  const query = queryPairs(request.url)
  const queryStringParameters: Record<string, string> = {}
  const multiValueQueryStringParameters: Record<string, string[]> = {}
  for (const [name, values] of grouped(query, false)) {
    queryStringParameters[name] = values[values.length - 1] as string
    multiValueQueryStringParameters[name] = values
  }
  const userAgent = request.headers.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? null
  const body = request.body.byteLength === 0 ? null : Buffer.from(request.body).toString(context.base64Body ? 'base64' : 'utf8')
  const requestContext = {
    accountId: context.accountId,
    apiId: context.apiId,
    // REST: no authorizer, no key (the type asks for one; dropped below). HTTP API 1.0 sends empty claims.
    authorizer: http ? { claims: null, scopes: null } : undefined,
    domainName: context.domainName,
    domainPrefix: context.domainName.split('.')[0] ?? context.apiId,
    extendedRequestId: context.extendedRequestId,
    httpMethod: request.method,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: context.sourceIp,
      user: null,
      userAgent,
      userArn: null,
    },
    // The path as the client sent it, stage included (a `$default` stage adds nothing).
    path: request.url.pathname,
    protocol: 'HTTP/1.1',
    requestId: context.requestId,
    requestTime: commonLogTime(context.atMs),
    requestTimeEpoch: context.atMs,
    resourceId: context.resourceId,
    resourcePath: context.resource,
    ...(http ? { routeKey: context.routeKey } : {}),
    stage: context.stage,
  }
  if (!http) delete (requestContext as { authorizer?: unknown }).authorizer
  const hasQuery = query.length > 0
  return {
    ...(http ? { version: '1.0' } : {}),
    resource: context.resource,
    path: context.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? queryStringParameters : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQueryStringParameters : null,
    pathParameters: context.pathParameters !== undefined && Object.keys(context.pathParameters).length > 0 ? { ...context.pathParameters } : null,
    stageVariables: context.stageVariables !== undefined && Object.keys(context.stageVariables).length > 0 ? { ...context.stageVariables } : null,
    requestContext: requestContext as APIGatewayProxyEvent['requestContext'],
    body,
    isBase64Encoded: body !== null && context.base64Body,
  }
}

/** The function's answer as the client will get it, before the gateway's own headers. */
export interface MappedResponse {
  readonly status: number
  readonly headers: readonly HeaderLine[]
  readonly body: Uint8Array
}

/** A result API Gateway refuses ("Malformed Lambda proxy response"), and why (for the docs and tests). */
export interface MalformedResponse {
  readonly malformed: string
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isScalar = (value: unknown): value is string | number | boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'

/**
 * Maps a function's result (the parsed JSON of its response) under payload format 1.0:
 * `{ statusCode, headers, multiValueHeaders, body, isBase64Encoded }`. `statusCode` is required (an
 * integer 200–599, or such a number as text); `body` must be text when present; header values are
 * text, numbers or booleans. A header in both maps takes its values from `multiValueHeaders`.
 * `decodeBase64`: whether an `isBase64Encoded` body is decoded to bytes (REST APIs decode only when
 * the client accepts a binary media type; HTTP APIs always do).
 */
export function payloadV1Response(result: unknown, decodeBase64: boolean): MappedResponse | MalformedResponse {
  if (!isRecord(result)) return { malformed: 'the result is not a JSON object' }
  const rawStatus = result['statusCode']
  const status = typeof rawStatus === 'number' ? rawStatus : typeof rawStatus === 'string' && /^\d+$/.test(rawStatus) ? Number(rawStatus) : Number.NaN
  // 1xx are interim answers no proxy result can be (the client would wait for the real one).
  if (!Number.isInteger(status) || status < 200 || status > 599) return { malformed: 'statusCode is missing or not an HTTP status' }
  const body = result['body']
  if (body !== undefined && body !== null && typeof body !== 'string') return { malformed: 'body is not a string' }
  const base64 = result['isBase64Encoded']
  if (base64 !== undefined && base64 !== null && typeof base64 !== 'boolean') return { malformed: 'isBase64Encoded is not a boolean' }
  const single = result['headers'] ?? undefined
  const multi = result['multiValueHeaders'] ?? undefined
  if (single !== undefined && (!isRecord(single) || !Object.values(single).every(isScalar))) return { malformed: 'headers is not a map of strings' }
  if (multi !== undefined && (!isRecord(multi) || !Object.values(multi).every((values) => Array.isArray(values) && values.every(isScalar)))) {
    return { malformed: 'multiValueHeaders is not a map of string lists' }
  }
  const headers: HeaderLine[] = []
  const fromMulti = new Set(Object.keys(multi ?? {}).map((name) => name.toLowerCase()))
  for (const [name, value] of Object.entries(single ?? {})) if (!fromMulti.has(name.toLowerCase())) headers.push([name, String(value)])
  for (const [name, values] of Object.entries(multi ?? {})) for (const value of values as unknown[]) headers.push([name, String(value)])
  for (const [name, value] of headers) if (!isHeaderName(name) || !isHeaderValue(value)) return { malformed: `header ${JSON.stringify(name)} cannot be sent` }
  const text = typeof body === 'string' ? body : ''
  const bytes = base64 === true && decodeBase64 ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8')
  return { status, headers, body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}
