/**
 * `InvokeWithResponseStream` on the wire (`POST /2021-11-15/functions/{FunctionName}/response-streaming-invocations`):
 * the invocation runs as `Invoke` does, and the answer is an AWS event stream
 * (`application/vnd.amazon.eventstream` framing) of `PayloadChunk` events carrying the response
 * bytes, then one `InvokeComplete` event (`ErrorCode`, `ErrorDetails`, `LogResult`).
 *
 * The bytes are what the function streamed (`awslambda.streamifyResponse`; a prelude given with
 * `HttpResponseStream.from` comes first, as JSON and eight NUL bytes, as on Lambda), or the
 * serialised result of a handler not written for streaming. [SIM] They arrive in one chunk, when
 * the function has finished (the stream is not paced on the virtual clock).
 */
import { crc32 } from 'node:zlib'
import { awsErrors } from '../errors/lambda-error.js'
import type { InvokeResult } from '../model/invoke-result.js'
import { responseBytes } from '../lambda/urls/response-stream.js'
import { invokeInput, runInvoke } from './lambda-invoke.js'
import type { Operation } from './lambda-operation.js'
import { compact } from './lambda-shapes.js'
import { emptyResponse, errorResponse } from './rest-json.js'
import { asStreamedResponse } from './s3-protocol.js'
import type { WireResponse } from './wire.js'

/** Header value type 7: a UTF-8 string. */
const STRING_HEADER = 7

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value >>> 0, 0)
  return bytes
}

/** One event stream message: prelude (lengths + CRC), headers, payload, message CRC. */
export function eventStreamMessage(headers: Readonly<Record<string, string>>, payload: Uint8Array): Buffer {
  const encoded = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name, 'utf8')
      const valueBytes = Buffer.from(value, 'utf8')
      const length = Buffer.alloc(2)
      length.writeUInt16BE(valueBytes.length, 0)
      return Buffer.concat([Buffer.from([nameBytes.length]), nameBytes, Buffer.from([STRING_HEADER]), length, valueBytes])
    }),
  )
  const prelude = Buffer.concat([uint32(12 + encoded.length + payload.byteLength + 4), uint32(encoded.length)])
  const message = Buffer.concat([prelude, uint32(crc32(prelude)), encoded, Buffer.from(payload)])
  return Buffer.concat([message, uint32(crc32(message))])
}

function event(type: string, contentType: string, payload: Uint8Array): Buffer {
  return eventStreamMessage({ ':event-type': type, ':content-type': contentType, ':message-type': 'event' }, payload)
}

function streamResponse(result: InvokeResult): WireResponse {
  if (result.error !== undefined) return errorResponse(result.error)
  const requestId: Record<string, string> = result.requestId !== undefined ? { 'x-amzn-requestid': result.requestId } : {}
  if (result.statusCode !== 200) return emptyResponse(result.statusCode, requestId)
  const failed = result.functionError !== undefined
  const { bytes, contentType } = failed ? { bytes: Buffer.alloc(0), contentType: 'application/json' } : responseBytes(result)
  const complete = compact({ ErrorCode: failed ? result.functionError : undefined, ErrorDetails: failed ? result.payloadJson : undefined, LogResult: result.logResult })
  const messages = [
    ...(bytes.length > 0 ? [event('PayloadChunk', 'application/octet-stream', bytes)] : []),
    event('InvokeComplete', 'application/json', Buffer.from(JSON.stringify(complete), 'utf8')),
  ]
  return {
    statusCode: 200,
    headers: compact({ 'content-type': contentType, ...requestId, 'x-amz-executed-version': result.executedVersion }) as Record<string, string>,
    body: new Uint8Array(Buffer.concat(messages)),
  }
}

export const invokeWithResponseStream: Operation = async (request) => {
  const invocationType = request.headers['x-amz-invocation-type'] ?? 'RequestResponse'
  if (invocationType !== 'RequestResponse' && invocationType !== 'DryRun') {
    throw awsErrors.validation([`Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]`])
  }
  const response = streamResponse(await runInvoke(request, invokeInput(request, invocationType)))
  // A client in the test reads an event stream as Node's HTTP handler gives it: a stream of bytes —
  // also DryRun's empty 204, which the SDK reads as an event stream with no events.
  const success = response.statusCode === 200 || response.statusCode === 204
  return request.context.invoke === undefined && success ? asStreamedResponse(response) : response
}
