/**
 * `InvokeMode: RESPONSE_STREAM`, where it changes what a client sees. A URL in streaming mode does
 * not read the result as payload format 2.0:
 *
 * - a streaming handler (`awslambda.streamifyResponse`, src/runtime/response-stream.ts) sends what
 *   it wrote, up to 200 MB: the status, headers and cookies of its prelude
 *   (`HttpResponseStream.from`), else 200; its content type, else `application/octet-stream`;
 * - a handler not written for streaming has its result sent as the JSON text Lambda serialised —
 *   `{"statusCode":200,"body":"…"}` arrives as a 200 whose body is that text, the classic surprise
 *   of switching a URL to streaming.
 *
 * A `BUFFERED` URL in front of a streaming handler reads the streamed bytes as the handler's result
 * (payload format 2.0), as Lambda buffers the stream into the response.
 */
import { isHeaderName, isHeaderValue, type DoorResponse, type HeaderLine } from '../../http/door.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import { readStreamedResponse } from '../../runtime/response-stream.js'

/** The content type `HttpResponseStream.from` marks a stream with: the prelude, not the body's type. */
const PRELUDE_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response'

/**
 * The client's response for a successful result in streaming mode, or `undefined` when the prelude
 * cannot be sent (a status outside 200–599, a header the wire cannot carry): the URL answers 502.
 */
export function streamedResponse(result: InvokeResult, requestId: string): DoorResponse | undefined {
  const streamed = readStreamedResponse(result.payload)
  if (streamed === undefined) {
    return { status: 200, headers: [['content-type', 'application/octet-stream'], ['x-amzn-RequestId', requestId]], body: new Uint8Array(Buffer.from(result.payloadJson, 'utf8')) }
  }
  const prelude = streamed.prelude
  const headers: HeaderLine[] = Object.entries(prelude?.headers ?? {}).map(([name, value]) => [name, String(value)] as const)
  for (const cookie of prelude?.cookies ?? []) headers.push(['set-cookie', cookie])
  if (headers.every(([name]) => name.toLowerCase() !== 'content-type')) {
    const type = streamed.contentType !== undefined && streamed.contentType !== PRELUDE_CONTENT_TYPE ? streamed.contentType : 'application/octet-stream'
    headers.push(['content-type', type])
  }
  const status = prelude?.statusCode ?? 200
  if (!Number.isInteger(status) || status < 200 || status > 599 || headers.some(([name, value]) => !isHeaderName(name) || !isHeaderValue(value))) return undefined
  headers.push(['x-amzn-RequestId', requestId])
  return { status, headers, body: new Uint8Array(streamed.body) }
}

/** For a `BUFFERED` URL: the payload a streaming handler's bytes stand for (its result as text), or the result's own JSON. */
export function bufferedPayloadJson(result: InvokeResult): string {
  const streamed = readStreamedResponse(result.payload)
  return streamed === undefined ? result.payloadJson : streamed.body.toString('utf8')
}

/**
 * The bytes the function sent, and their content type: what a streaming handler wrote (after its
 * prelude and eight NULs, as Lambda frames it), else the serialised result. `Invoke` of a
 * streaming handler answers these bytes too, not the simulation's envelope.
 */
export function responseBytes(result: InvokeResult): { bytes: Buffer; contentType: string } {
  const streamed = readStreamedResponse(result.payload)
  if (streamed === undefined) return { bytes: Buffer.from(result.payloadJson, 'utf8'), contentType: 'application/json' }
  if (streamed.prelude === undefined) return { bytes: streamed.body, contentType: streamed.contentType ?? 'application/octet-stream' }
  const prelude = Buffer.from(JSON.stringify(streamed.prelude), 'utf8')
  return { bytes: Buffer.concat([prelude, Buffer.alloc(8), streamed.body]), contentType: streamed.contentType ?? 'application/octet-stream' }
}
