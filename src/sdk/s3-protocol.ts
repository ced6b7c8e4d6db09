/**
 * Amazon S3 over its REST-XML protocol, as the AWS SDK for JavaScript v3 speaks it: the bucket in
 * the host (`photos.s3.us-east-1.amazonaws.com`, virtual-hosted style) or in the path
 * (`s3.us-east-1.amazonaws.com/photos/…`, `forcePathStyle`), the key in the path, the operation
 * named by the method and the sub-resource in the query (`?uploads`, `?list-type=2`,
 * `?notification`), object settings in headers, and XML bodies both ways. Each operation calls
 * the simulation's `S3Service` (`s3-operations.ts`).
 *
 * Errors are S3's XML `<Error>` with `Code` (the SDK raises `NoSuchKey`, `NoSuchBucket`, … or an
 * `S3ServiceException` named by the code), `Message`, S3's extra elements, `RequestId` and
 * `HostId`; HEAD answers carry no body, so the SDK names a 404 `NotFound`. An `S3Error` is the
 * service's answer; anything else thrown is a bug and propagates.
 */
import { Readable } from 'node:stream'
import { S3Error } from '../aws/s3/errors.js'
import { s3HostId } from '../aws/s3/event-record.js'
import { S3Service } from '../aws/s3/service.js'
import { serviceRequestId, xmlEscape } from './protocol-support.js'
import { bucketOperations, objectOperations, percentDecoded, serviceOperations, type S3Request } from './s3-operations.js'
import type { ServiceProtocol, WireRequest, WireResponse } from './wire.js'

/**
 * S3's endpoints: `s3.amazonaws.com`, `s3.<region>.amazonaws.com`, `s3.dualstack.<region>…`, the
 * legacy `s3-<region>.amazonaws.com`, and any of them behind a virtual-hosted bucket name.
 */
const S3_HOST = /^(?:(.+?)\.)?(s3(?:-[a-z0-9-]+)?)(?:\.dualstack)?(?:\.[a-z]{2}(?:-[a-z]+)+-\d)?\.amazonaws\.com$/

export function isS3Host(hostname: string): boolean {
  return S3_HOST.test(hostname.toLowerCase())
}

/** The bucket (from the host or the path's first segment) and key (the rest of the path, decoded). */
export function s3Target(request: Pick<WireRequest, 'hostname' | 'path'>): { bucket: string | undefined; key: string | undefined } {
  const hosted = S3_HOST.exec(request.hostname.toLowerCase())?.[1]
  const path = request.path.startsWith('/') ? request.path.slice(1) : request.path
  if (hosted !== undefined) return { bucket: hosted, key: path === '' ? undefined : percentDecoded(path) }
  if (path === '') return { bucket: undefined, key: undefined }
  const slash = path.indexOf('/')
  if (slash < 0) return { bucket: percentDecoded(path), key: undefined }
  const key = path.slice(slash + 1)
  return { bucket: percentDecoded(path.slice(0, slash)), key: key === '' ? undefined : percentDecoded(key) }
}

/**
 * A body sent with `Content-Encoding: aws-chunked` (the SDK streams bodies of unknown length that
 * way, with a trailing checksum): `<hex size>[;ext]\r\n<bytes>\r\n` … `0\r\n<trailers>\r\n`.
 */
export function decodeAwsChunked(body: Uint8Array): Uint8Array {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const chunks: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16)
    if (!Number.isFinite(size) || size === 0) break
    chunks.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size))
    at = lineEnd + 2 + size + 2
  }
  return Buffer.concat(chunks)
}

function lowerCaseHeaders(headers: WireRequest['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}

function queryValues(query: WireRequest['query']): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(query ?? {})) {
    const first = Array.isArray(value) ? value[0] : value
    values[key] = typeof first === 'string' ? first : ''
  }
  return values
}

/** S3's request id (16 hex digits, upper case) for one response. */
function s3RequestId(sim: Parameters<ServiceProtocol>[0]): string {
  return serviceRequestId(sim).replace(/-/g, '').slice(0, 16).toUpperCase()
}

function errorResponse(error: S3Error, method: string, requestId: string): WireResponse {
  const headers = { 'x-amz-request-id': requestId, 'x-amz-id-2': s3HostId(requestId) }
  // HEAD answers and 304 carry no body (the SDK names a bodiless 404 `NotFound`).
  if (method === 'HEAD' || error.statusCode === 304) return { statusCode: error.statusCode, headers, body: new Uint8Array() }
  const extra = Object.entries(error.fields)
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join('')
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${s3HostId(requestId)}</HostId></Error>`
  return { statusCode: error.statusCode, headers: { ...headers, 'content-type': 'application/xml' }, body: new TextEncoder().encode(xml) }
}

export const s3Protocol: ServiceProtocol = async (sim, request, rawBody) => {
  const requestId = s3RequestId(sim)
  const headers = lowerCaseHeaders(request.headers)
  const encoding = headers['content-encoding'] ?? ''
  const body = encoding.split(',').some((e) => e.trim() === 'aws-chunked') ? decodeAwsChunked(rawBody) : rawBody
  const { bucket, key } = s3Target(request)
  const method = request.method.toUpperCase()
  const s3Request: S3Request = { sim, method, bucket: bucket ?? '', key: key ?? '', query: queryValues(request.query), headers, body }
  try {
    // A request that names the bucket's owner fails for any other account, as S3 answers it.
    const owner = headers['x-amz-expected-bucket-owner']
    if (owner !== undefined && bucket !== undefined && owner !== sim.accountId) throw new S3Error('AccessDenied', 'Access Denied')
    const table = bucket === undefined ? serviceOperations : key === undefined ? bucketOperations : objectOperations
    // The records the request's writes send name the request id its response carries.
    const s3 = sim.s3
    const answer = s3 instanceof S3Service ? s3.serveRequest(requestId, () => table(s3Request)) : table(s3Request)
    return {
      statusCode: answer.statusCode ?? 200,
      headers: { 'x-amz-request-id': requestId, 'x-amz-id-2': s3HostId(requestId), ...(answer.xml !== undefined ? { 'content-type': 'application/xml' } : {}), ...answer.headers },
      body: answer.xml !== undefined ? new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${answer.xml}`) : (answer.body ?? new Uint8Array()),
    }
  } catch (error) {
    if (error instanceof S3Error) return errorResponse(error, method, requestId)
    throw error
  }
}

/**
 * The response as an SDK client outside a handler receives it: its body a stream, as Node's HTTP
 * handler gives it (GetObject's `Body` must be one: `transformToString()` and friends).
 */
export function asStreamedResponse(response: WireResponse): WireResponse {
  const bytes = Buffer.from(response.body)
  const stream = new Readable({
    read() {
      if (bytes.length > 0) this.push(bytes)
      this.push(null)
    },
  })
  return { ...response, body: stream as unknown as Uint8Array }
}
