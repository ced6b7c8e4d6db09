/**
 * The HTTP request the three HTTP builders share (API Gateway HTTP API, REST API, ALB): method,
 * path, query, headers and body as a client sends them, plus the headers the AWS front door adds.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { scopeFields, traceHeader, utf8Length } from './common.js'

const multiValue = schemaOnFirstUse(() => z.record(z.string(), z.union([z.string(), z.array(z.string())])))

/**
 * A request body: text as is, bytes (sent base64-encoded with `isBase64Encoded: true`), or a JSON
 * value (an object or array, serialised, with `content-type: application/json` unless you set one).
 */
export const bodyInput = schemaOnFirstUse(() => z.union([z.string(), z.instanceof(Uint8Array), z.array(z.unknown()), z.record(z.string(), z.unknown())]))

export const httpRequestFields = () => ({
  /** `GET`, `post`, … (upper-cased). */
  method: z.string().regex(/^[A-Za-z]+$/, { message: 'expected an HTTP method like GET' }),
  /** Starts with `/`; may carry a query string (`/orders?status=open`). */
  path: z.string().startsWith('/', { message: 'expected a path starting with /' }),
  body: bodyInput.optional(),
  /** Header names as the client sends them; an array is a header sent several times. */
  headers: multiValue.optional(),
  /** Decoded query parameters; an array is a parameter given several times. Added after the path's own. */
  query: multiValue.optional(),
  /** Default `192.0.2.1` (a documentation address). */
  sourceIp: z.string().optional(),
  /** Default: the `user-agent` header, else `lambda-sim`. */
  userAgent: z.string().optional(),
  /** Default: derived from the request. */
  requestId: z.string().optional(),
  ...scopeFields,
})

export interface HttpBody {
  /** As the event carries it: the text, or base64 of the bytes. */
  readonly text: string
  readonly base64: boolean
  /** Bytes on the wire (`content-length`). */
  readonly byteLength: number
  /** `application/json` for a JSON value, else none. */
  readonly contentType: string | undefined
}

export interface HttpRequest {
  readonly method: string
  /** The path without its query string. */
  readonly path: string
  /** Decoded `[name, value]` pairs in order. */
  readonly query: readonly (readonly [string, string])[]
  /** `[name, value]` pairs as the client sent them (names keep their case). */
  readonly headers: readonly (readonly [string, string])[]
  readonly body: HttpBody | undefined
  readonly sourceIp: string
  readonly userAgent: string
}

type MultiValue = Readonly<Record<string, string | readonly string[]>>

function pairs(values: MultiValue | undefined): [string, string][] {
  const out: [string, string][] = []
  for (const [name, value] of Object.entries(values ?? {})) {
    for (const one of typeof value === 'string' ? [value] : value) out.push([name, one])
  }
  return out
}

export function httpBody(body: z.output<typeof bodyInput> | undefined): HttpBody | undefined {
  if (body === undefined) return undefined
  if (typeof body === 'string') return { text: body, base64: false, byteLength: utf8Length(body), contentType: undefined }
  if (body instanceof Uint8Array) return { text: Buffer.from(body).toString('base64'), base64: true, byteLength: body.length, contentType: undefined }
  const text = JSON.stringify(body)
  return { text, base64: false, byteLength: utf8Length(text), contentType: 'application/json' }
}

export function httpRequest(input: {
  readonly method: string
  readonly path: string
  readonly body?: z.output<typeof bodyInput> | undefined
  readonly headers?: MultiValue | undefined
  readonly query?: MultiValue | undefined
  readonly sourceIp?: string | undefined
  readonly userAgent?: string | undefined
}): HttpRequest {
  const at = input.path.indexOf('?')
  const path = at < 0 ? input.path : input.path.slice(0, at)
  const query: [string, string][] = at < 0 ? [] : [...new URLSearchParams(input.path.slice(at + 1))]
  query.push(...pairs(input.query))
  const headers = pairs(input.headers)
  const userAgent = input.userAgent ?? headers.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? 'lambda-sim'
  return {
    method: input.method.toUpperCase(),
    path,
    query,
    headers,
    body: httpBody(input.body),
    sourceIp: input.sourceIp ?? '192.0.2.1',
    userAgent,
  }
}

/**
 * The client's headers plus what the AWS front door adds (`Host`, `X-Forwarded-*`,
 * `X-Amzn-Trace-Id`, `User-Agent`, `Content-Length`, `Content-Type` for JSON bodies). A header the
 * client sent wins over an added one of the same name. Grouped by name (case-insensitively, first
 * spelling kept), in order of first appearance; `lowercase` lower-cases every name (HTTP API, ALB).
 */
export function headerGroups(request: HttpRequest, host: string, atMs: number, requestKey: unknown, lowercase: boolean): [string, string[]][] {
  const added: [string, string][] = [
    ['Host', host],
    ['User-Agent', request.userAgent],
    ['X-Amzn-Trace-Id', traceHeader(atMs, requestKey)],
    ['X-Forwarded-For', request.sourceIp],
    ['X-Forwarded-Port', '443'],
    ['X-Forwarded-Proto', 'https'],
  ]
  if (request.body !== undefined) {
    added.push(['Content-Length', String(request.body.byteLength)])
    if (request.body.contentType !== undefined) added.push(['Content-Type', request.body.contentType])
  }
  const sent = new Set(request.headers.map(([name]) => name.toLowerCase()))
  const groups = new Map<string, [string, string[]]>()
  for (const [name, value] of [...request.headers, ...added.filter(([name]) => !sent.has(name.toLowerCase()))]) {
    const key = name.toLowerCase()
    const group = groups.get(key)
    if (group !== undefined) group[1].push(value)
    else groups.set(key, [lowercase ? key : name, [value]])
  }
  return [...groups.values()]
}

/** `a=1&b=x%20y`: the query as a client would have encoded it. */
export function rawQueryString(query: HttpRequest['query']): string {
  return query.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&')
}

/** Groups `[name, value]` pairs by name, in order of first appearance. */
export function groupPairs(values: readonly (readonly [string, string])[]): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const [name, value] of values) {
    const group = groups.get(name)
    if (group !== undefined) group.push(value)
    else groups.set(name, [value])
  }
  return groups
}
