/**
 * A function URL's CORS configuration at work. When a URL has `Cors`, Lambda answers browsers'
 * preflight requests itself (the function never runs) and puts the CORS headers on every response
 * to a request that names an `Origin`, in place of any `access-control-*` headers the function
 * returned. A URL without `Cors` passes `OPTIONS` requests to the function like any other.
 */
import type { HeaderLine } from '../../http/door.js'
import type { FunctionUrlCors } from './function-url-configs.js'

const lower = (value: string): string => value.toLowerCase()

/** The first value of a header, by case-insensitive name. */
export function headerValue(headers: readonly HeaderLine[], name: string): string | undefined {
  const wanted = lower(name)
  return headers.find(([key]) => lower(key) === wanted)?.[1]
}

/** The `access-control-allow-origin` value for `origin`, or undefined when the origin is not allowed. */
function allowedOrigin(cors: FunctionUrlCors, origin: string): string | undefined {
  const origins = cors.allowOrigins ?? []
  if (origins.includes('*')) return cors.allowCredentials === true ? origin : '*'
  return origins.some((allowed) => lower(allowed) === lower(origin)) ? origin : undefined
}

function methodAllowed(cors: FunctionUrlCors, method: string): boolean {
  return (cors.allowMethods ?? []).some((allowed) => allowed === '*' || allowed.toUpperCase() === method.toUpperCase())
}

/** A browser's preflight: `OPTIONS` with an `Origin` and `Access-Control-Request-Method`. */
export function isPreflight(method: string, headers: readonly HeaderLine[]): boolean {
  return method === 'OPTIONS' && headerValue(headers, 'origin') !== undefined && headerValue(headers, 'access-control-request-method') !== undefined
}

/**
 * The headers of Lambda's answer to a preflight: the allowed origin, methods, headers, max age and
 * credentials flag — or none at all when the origin or method is not allowed (the browser then
 * refuses the real request; the answer is still 200).
 */
export function preflightHeaders(cors: FunctionUrlCors, headers: readonly HeaderLine[]): HeaderLine[] {
  const origin = headerValue(headers, 'origin') ?? ''
  const method = headerValue(headers, 'access-control-request-method') ?? ''
  const allowOrigin = allowedOrigin(cors, origin)
  if (allowOrigin === undefined || !methodAllowed(cors, method)) return []
  const lines: HeaderLine[] = [['access-control-allow-origin', allowOrigin]]
  if (cors.allowMethods !== undefined && cors.allowMethods.length > 0) lines.push(['access-control-allow-methods', cors.allowMethods.join(',')])
  if (cors.allowHeaders !== undefined && cors.allowHeaders.length > 0) lines.push(['access-control-allow-headers', cors.allowHeaders.join(',')])
  if (cors.exposeHeaders !== undefined && cors.exposeHeaders.length > 0) lines.push(['access-control-expose-headers', cors.exposeHeaders.join(',')])
  if (cors.maxAge !== undefined) lines.push(['access-control-max-age', String(cors.maxAge)])
  if (cors.allowCredentials === true) lines.push(['access-control-allow-credentials', 'true'])
  lines.push(['vary', 'Origin'])
  return lines
}

/**
 * The function's response headers with the URL's CORS headers in place of the function's own, for
 * a request from `origin` (unchanged when the request names no origin).
 */
export function withCorsHeaders(cors: FunctionUrlCors, origin: string | undefined, response: readonly HeaderLine[]): HeaderLine[] {
  if (origin === undefined) return [...response]
  const lines = response.filter(([name]) => !lower(name).startsWith('access-control-'))
  const allowOrigin = allowedOrigin(cors, origin)
  if (allowOrigin === undefined) return lines
  lines.push(['access-control-allow-origin', allowOrigin])
  if (cors.exposeHeaders !== undefined && cors.exposeHeaders.length > 0) lines.push(['access-control-expose-headers', cors.exposeHeaders.join(',')])
  if (cors.allowCredentials === true) lines.push(['access-control-allow-credentials', 'true'])
  if (!lines.some(([name]) => lower(name) === 'vary')) lines.push(['vary', 'Origin'])
  return lines
}
