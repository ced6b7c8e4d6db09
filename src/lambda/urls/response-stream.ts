/**
 * `InvokeMode: RESPONSE_STREAM`, where it changes what a client sees. A URL in streaming mode
 * does not read the result as payload format 2.0: what the function wrote is the body as is. A
 * handler that is not written for streaming (it returns a value instead of writing to a response
 * stream) has its result sent as the JSON text Lambda serialised — `{"statusCode":200,"body":"…"}`
 * arrives as a 200 whose body is that text, the classic surprise of switching a URL to streaming.
 */
import type { DoorResponse } from '../../http/door.js'
import type { InvokeResult } from '../../model/invoke-result.js'

/** The bytes of a successful result in streaming mode: the serialised result, as the stream carried it. */
export function streamedResponse(result: InvokeResult, requestId: string): DoorResponse {
  return {
    status: 200,
    headers: [['content-type', 'application/octet-stream'], ['x-amzn-RequestId', requestId]],
    body: new Uint8Array(Buffer.from(result.payloadJson, 'utf8')),
  }
}
