/**
 * API Gateway's payload format 2.0, the event and response contract shared by Lambda function URLs
 * and HTTP APIs: a `DoorRequest` becomes the event a handler receives, and the handler's result
 * becomes the response the client gets (with 2.0's response inference).
 *
 * The request side, as AWS builds it: header names lower-cased and a header sent on several lines
 * joined with commas; `Cookie` lines moved to `cookies` (one entry per cookie); query parameters
 * decoded and repeats joined with commas, `rawQueryString` as sent; fields with nothing to carry
 * (`cookies`, `queryStringParameters`, `body`, `pathParameters`, `stageVariables`) left out rather
 * than `null`; a body that is not text (or has a `content-encoding`) sent base64-encoded with
 * `isBase64Encoded: true`.
 */
import { isHeaderName, isHeaderValue, type DoorRequest, type HeaderLine } from './door.js'

/** What the front door knows about the request beyond its bytes. */
export interface PayloadFormat2Context {
  readonly accountId: string
  /** The URL id for a function URL, the API id for an HTTP API. */
  readonly apiId: string
  /** `<url-id>.lambda-url.<region>.on.aws`, `<api-id>.execute-api.<region>.amazonaws.com`, … */
  readonly domainName: string
  readonly requestId: string
  /** Virtual time of the request's arrival (`requestContext.time` / `timeEpoch`). */
  readonly nowMs: number
  /** Default `$default`. */
  readonly routeKey?: string
  /** Default `$default`. */
  readonly stage?: string
  /** Default: the request URL's path, as sent. HTTP APIs with a named stage pass it with the stage. */
  readonly rawPath?: string
  /** Default `192.0.2.1`, a documentation address (the simulated client has no address). */
  readonly sourceIp?: string
  readonly pathParameters?: Readonly<Record<string, string>>
  readonly stageVariables?: Readonly<Record<string, string>>
  /** `requestContext.authorizer` (`{ iam: {...} }`, `{ jwt: {...} }`, `{ lambda: {...} }`); absent when none. */
  readonly authorizer?: object
  /**
   * Header lines the front door adds (`host`, `x-forwarded-*`, `x-amzn-trace-id`); a header the
   * client sent itself wins over an added one of the same name.
   */
  readonly addedHeaders?: readonly HeaderLine[]
}

/** The payload format 2.0 event (`APIGatewayProxyEventV2` in @types/aws-lambda). */
export interface PayloadFormat2Event {
  readonly version: '2.0'
  readonly routeKey: string
  readonly rawPath: string
  readonly rawQueryString: string
  readonly cookies?: string[]
  readonly headers: Record<string, string>
  readonly queryStringParameters?: Record<string, string>
  readonly requestContext: {
    readonly accountId: string
    readonly apiId: string
    readonly authorizer?: object
    readonly domainName: string
    readonly domainPrefix: string
    readonly http: { readonly method: string; readonly path: string; readonly protocol: string; readonly sourceIp: string; readonly userAgent: string }
    readonly requestId: string
    readonly routeKey: string
    readonly stage: string
    readonly time: string
    readonly timeEpoch: number
  }
  readonly body?: string
  readonly pathParameters?: Record<string, string>
  readonly isBase64Encoded: boolean
  readonly stageVariables?: Record<string, string>
}

/** The documentation address the simulated client calls from. */
export const SIMULATED_SOURCE_IP = '192.0.2.1'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `12/Mar/2020:19:03:58 +0000`, the common-log time `requestContext.time` carries. */
export function commonLogTime(ms: number): string {
  const d = new Date(ms)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}

/**
 * Whether AWS passes a body of this content type as text. Anything else — binary types, form
 * posts, and a body sent without a content type — arrives base64-encoded.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase()
  if (type.startsWith('text/')) return true
  if (/^application\/([\w.-]+\+)?(json|xml)$/.test(type)) return true
  return type === 'application/javascript' || type === 'application/yaml' || type === 'application/x-yaml' || type === 'application/graphql'
}

/**
 * Header lines grouped by lower-cased name in order of first appearance, the front door's added
 * lines after the client's (and only for names the client did not send).
 */
export function foldedHeaders(sent: readonly HeaderLine[], added: readonly HeaderLine[] = []): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const [name, value] of sent) {
    const key = name.toLowerCase()
    const group = groups.get(key)
    if (group !== undefined) group.push(value)
    else groups.set(key, [value])
  }
  for (const [name, value] of added) {
    const key = name.toLowerCase()
    if (!groups.has(key)) groups.set(key, [value])
  }
  return groups
}

/** The body as an event carries it: text for a text content type, else base64. */
export function eventBody(body: Uint8Array, contentType: string | undefined): { readonly body: string; readonly isBase64Encoded: boolean } {
  if (isTextContentType(contentType)) return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), isBase64Encoded: false }
  return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'), isBase64Encoded: true }
}

/** The payload format 2.0 event for `request`. */
export function payloadFormat2Event(request: DoorRequest, context: PayloadFormat2Context): PayloadFormat2Event {
  const routeKey = context.routeKey ?? '$default'
  const stage = context.stage ?? '$default'
  const rawPath = context.rawPath ?? request.url.pathname
  const rawQueryString = request.url.search.startsWith('?') ? request.url.search.slice(1) : request.url.search

  const cookies: string[] = []
  const headers: Record<string, string> = {}
  for (const [name, values] of foldedHeaders(request.headers, context.addedHeaders)) {
    if (name === 'cookie') {
      for (const line of values) for (const cookie of line.split(';')) if (cookie.trim() !== '') cookies.push(cookie.trim())
      continue
    }
    headers[name] = values.join(',')
  }

  const queryStringParameters: Record<string, string> = {}
  for (const [name, value] of request.url.searchParams) {
    const before = queryStringParameters[name]
    queryStringParameters[name] = before === undefined ? value : `${before},${value}`
  }

  const hasBody = request.body.byteLength > 0
  // A compressed body is bytes whatever its type says: read as text it would not survive.
  const body = hasBody ? eventBody(request.body, headers['content-encoding'] === undefined ? headers['content-type'] : undefined) : undefined
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(rawQueryString !== '' ? { queryStringParameters } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.authorizer !== undefined ? { authorizer: context.authorizer } : {}),
      domainName: context.domainName,
      domainPrefix: context.domainName.split('.')[0] ?? context.apiId,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: context.sourceIp ?? SIMULATED_SOURCE_IP,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey,
      stage,
      time: commonLogTime(context.nowMs),
      timeEpoch: context.nowMs,
    },
    ...(body !== undefined ? { body: body.body } : {}),
    ...(context.pathParameters !== undefined ? { pathParameters: { ...context.pathParameters } } : {}),
    isBase64Encoded: body?.isBase64Encoded ?? false,
    ...(context.stageVariables !== undefined ? { stageVariables: { ...context.stageVariables } } : {}),
  }
}

/** What a handler's result means to the client, by 2.0's rules. */
export type PayloadFormat2Response =
  | { readonly ok: true; readonly status: number; readonly headers: readonly HeaderLine[]; readonly body: Uint8Array }
  | { readonly ok: false; readonly reason: string }

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A header value AWS accepts: a string, or a number or boolean it writes out. */
function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * The response for a handler's result (its JSON text as Lambda returned it), by 2.0's inference:
 * a result that is valid JSON without `statusCode` is a 200 with `content-type: application/json`
 * whose body is the result (a JSON string's text itself, anything else its JSON); a result with
 * `statusCode` is read as `{ statusCode, headers, body, cookies, isBase64Encoded }` — each cookie
 * one `set-cookie` line. A result that cannot be read that way is `{ ok: false }` (the door
 * answers 502).
 */
export function payloadFormat2Response(payloadJson: string): PayloadFormat2Response {
  let result: unknown
  try {
    result = JSON.parse(payloadJson)
  } catch {
    return { ok: false, reason: 'the function returned a response that is not JSON' }
  }
  if (!isRecord(result) || !('statusCode' in result)) {
    const text = typeof result === 'string' ? result : payloadJson
    return { ok: true, status: 200, headers: [['content-type', 'application/json']], body: new Uint8Array(Buffer.from(text, 'utf8')) }
  }
  const status = result['statusCode']
  // 1xx statuses are interim answers, never a response's own: a result cannot end with one.
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return { ok: false, reason: `statusCode ${JSON.stringify(status)} is not an HTTP status` }
  }
  const headers: HeaderLine[] = []
  const declared = result['headers']
  if (declared !== undefined && declared !== null) {
    if (!isRecord(declared)) return { ok: false, reason: 'headers is not an object' }
    for (const [name, raw] of Object.entries(declared)) {
      const value = headerValue(raw)
      if (value === undefined) return { ok: false, reason: `header ${name} is not a string` }
      if (!isHeaderName(name) || !isHeaderValue(value)) return { ok: false, reason: `header ${JSON.stringify(name)} cannot be sent` }
      headers.push([name, value])
    }
  }
  const cookies = result['cookies']
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== 'string' || !isHeaderValue(cookie))) return { ok: false, reason: 'cookies is not a list of strings' }
    for (const cookie of cookies as string[]) headers.push(['set-cookie', cookie])
  }
  const body = result['body']
  if (body !== undefined && body !== null && typeof body !== 'string') return { ok: false, reason: 'body is not a string' }
  const base64 = result['isBase64Encoded']
  if (base64 !== undefined && base64 !== null && typeof base64 !== 'boolean') return { ok: false, reason: 'isBase64Encoded is not a boolean' }
  const text = body ?? ''
  if (base64 === true && !BASE64.test(text.replace(/\s/g, ''))) return { ok: false, reason: 'body is not base64' }
  const bytes = base64 === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8')
  return { ok: true, status, headers, body: new Uint8Array(bytes) }
}
