/**
 * The Lambda target's contract with an Application Load Balancer: the request event the function
 * receives and how its result becomes the client's response.
 *
 * The event, as ALB builds it: header names lower-cased; query names and values left as the
 * client encoded them (ALB does not decode); `body` `''` when there is none and base64-encoded
 * (`isBase64Encoded: true`) unless the content type is text and no `content-encoding` is set;
 * either the single-value maps (a repeated header or parameter: the last value wins) or, with the
 * target group's `lambda.multi_value_headers.enabled`, only the multi-value maps.
 */
import { isHeaderName, isHeaderValue, type DoorRequest, type HeaderLine } from '../../http/door.js'
import { foldedHeaders } from '../../http/payload-format-2.js'

/** The request body and the response JSON are each limited to 1 MB. */
export const ALB_PAYLOAD_BYTES_MAX = 1024 * 1024

export interface AlbEvent {
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } }
  readonly httpMethod: string
  readonly path: string
  readonly queryStringParameters?: Record<string, string>
  readonly multiValueQueryStringParameters?: Record<string, string[]>
  readonly headers?: Record<string, string>
  readonly multiValueHeaders?: Record<string, string[]>
  readonly body: string
  readonly isBase64Encoded: boolean
}

/**
 * Whether ALB passes a body of this content type as it is: only `text/*`, `application/json`,
 * `application/javascript` and `application/xml`, as its documentation lists them — narrower than
 * payload format 2.0's rule (YAML, GraphQL or `application/*+json` arrive base64-encoded here).
 */
function sentAsText(contentType: string | undefined): boolean {
  const type = (contentType?.split(';')[0] ?? '').trim().toLowerCase()
  return type.startsWith('text/') || type === 'application/json' || type === 'application/javascript' || type === 'application/xml'
}

/** The query's `name=value` pairs exactly as sent (still URL-encoded). */
function rawQueryPairs(url: URL): [string, string][] {
  const search = url.search.startsWith('?') ? url.search.slice(1) : url.search
  if (search === '') return []
  return search
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const at = part.indexOf('=')
      return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)]
    })
}

export function albEvent(request: DoorRequest, targetGroupArn: string, multiValue: boolean, addedHeaders: readonly HeaderLine[]): AlbEvent {
  const headers = foldedHeaders(request.headers, addedHeaders)
  const contentType = headers.get('content-type')?.at(-1)
  const text = sentAsText(contentType) && !headers.has('content-encoding')
  const bytes = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength)
  const body = request.body.byteLength === 0 ? '' : text ? bytes.toString('utf8') : bytes.toString('base64')
  const isBase64Encoded = request.body.byteLength > 0 && !text
  const base = { requestContext: { elb: { targetGroupArn } }, httpMethod: request.method, path: request.url.pathname }
  const query = rawQueryPairs(request.url)
  if (multiValue) {
    const multiValueQueryStringParameters: Record<string, string[]> = {}
    for (const [name, value] of query) (multiValueQueryStringParameters[name] ??= []).push(value)
    return { ...base, multiValueQueryStringParameters, multiValueHeaders: Object.fromEntries(headers), body, isBase64Encoded }
  }
  const queryStringParameters: Record<string, string> = {}
  for (const [name, value] of query) queryStringParameters[name] = value
  const single: Record<string, string> = {}
  for (const [name, values] of headers) single[name] = values[values.length - 1] as string
  return { ...base, queryStringParameters, headers: single, body, isBase64Encoded }
}

export type AlbTargetResponse =
  | { readonly ok: true; readonly status: number; readonly statusText?: string; readonly headers: HeaderLine[]; readonly body: Uint8Array }
  | { readonly ok: false; readonly reason: string }

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined

/**
 * The client's response for a function's result (its JSON as Lambda returned it): `statusCode`
 * (required), `statusDescription` (the reason phrase), `headers` — or `multiValueHeaders` when the
 * target group has multi-value headers on — `body` and `isBase64Encoded`. A result larger than
 * 1 MB, not an object, or without a numeric `statusCode` is malformed (ALB answers 502).
 */
export function albTargetResponse(payloadJson: string, multiValue: boolean): AlbTargetResponse {
  if (Buffer.byteLength(payloadJson, 'utf8') > ALB_PAYLOAD_BYTES_MAX) return { ok: false, reason: 'the response is larger than 1 MB' }
  let result: unknown
  try {
    result = JSON.parse(payloadJson)
  } catch {
    return { ok: false, reason: 'the response is not JSON' }
  }
  if (!isRecord(result)) return { ok: false, reason: 'the response is not an object' }
  const status = typeof result['statusCode'] === 'string' && /^\d{3}$/.test(result['statusCode']) ? Number(result['statusCode']) : result['statusCode']
  // 1xx statuses are interim answers, never a response's own.
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) return { ok: false, reason: 'statusCode is missing or not an HTTP status' }
  const headers: HeaderLine[] = []
  const multi = result['multiValueHeaders']
  const single = result['headers']
  if (multiValue && isRecord(multi)) {
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) return { ok: false, reason: `multiValueHeaders.${name} is not a list` }
      for (const value of values) {
        const text = scalar(value)
        if (text === undefined) return { ok: false, reason: `multiValueHeaders.${name} has a value that is not a string` }
        if (!isHeaderName(name) || !isHeaderValue(text)) return { ok: false, reason: `header ${JSON.stringify(name)} cannot be sent` }
        headers.push([name, text])
      }
    }
  } else if (single !== undefined && single !== null) {
    if (!isRecord(single)) return { ok: false, reason: 'headers is not an object' }
    for (const [name, value] of Object.entries(single)) {
      const text = scalar(value)
      if (text === undefined) return { ok: false, reason: `headers.${name} is not a string` }
      if (!isHeaderName(name) || !isHeaderValue(text)) return { ok: false, reason: `header ${JSON.stringify(name)} cannot be sent` }
      headers.push([name, text])
    }
  }
  const body = result['body']
  if (body !== undefined && body !== null && typeof body !== 'string') return { ok: false, reason: 'body is not a string' }
  const bytes = result['isBase64Encoded'] === true ? Buffer.from(body ?? '', 'base64') : Buffer.from(body ?? '', 'utf8')
  const description = result['statusDescription']
  // The reason phrase is the part of statusDescription after the code ("200 OK" → "OK").
  const statusText = typeof description === 'string' ? description.replace(/^\d{3}\s*/, '') : undefined
  return { ok: true, status, ...(statusText !== undefined ? { statusText } : {}), headers, body: new Uint8Array(bytes) }
}
