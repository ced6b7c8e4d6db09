/**
 * Responses in AWS's REST-JSON protocol (restJson1), the one Lambda speaks: a status code, headers
 * (some output members travel as headers) and a JSON body. An error is a response too: its name
 * in `x-amzn-ErrorType`, its fields in the body, and the SDK turns it back into the exception.
 */
import { LambdaError } from '../errors/lambda-error.js'
import type { WireResponse } from './wire.js'

const encoder = new TextEncoder()

/** A JSON body (output members), with any members that travel as headers. */
export function jsonResponse(statusCode: number, body: object, headers: Record<string, string> = {}): WireResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: encoder.encode(JSON.stringify(body)) }
}

/** No body: `204 No Content` for deletes, `202` for accepted events. */
export function emptyResponse(statusCode: number, headers: Record<string, string> = {}): WireResponse {
  return { statusCode, headers, body: new Uint8Array() }
}

/**
 * An AWS exception on the wire. The body is AWS's (`LambdaError.toJSON`: `Type`, `message` or
 * `Message`, and fields such as `Reason`); `retryAfterSeconds` is not a body member but the
 * `Retry-After` header, as the SDK's model of `TooManyRequestsException` says.
 */
export function errorResponse(error: LambdaError, headers: Record<string, string> = {}): WireResponse {
  const { retryAfterSeconds, ...body } = error.toJSON()
  return jsonResponse(error.statusCode, body, {
    'x-amzn-errortype': error.name,
    ...(retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {}),
    ...headers,
  })
}

/** Thrown inside the protocol for an operation or parameter lambda-sim does not simulate. */
export class NotSimulatedError extends Error {
  constructor(readonly what: string) {
    super(`lambda-sim does not simulate ${what}`)
  }
}

/**
 * The answer for what Lambda has but lambda-sim does not simulate. It is a client error (400), so
 * an SDK with retries enabled does not retry it; the SDK raises it as a `LambdaServiceException`
 * named `UnknownOperationException`.
 */
export function notSimulatedResponse(error: NotSimulatedError): WireResponse {
  return jsonResponse(400, { message: error.message }, { 'x-amzn-errortype': 'UnknownOperationException' })
}

/** Reads a request's JSON body (an empty body is `{}`), or the exception AWS answers with. */
export function parseJsonBody(body: Uint8Array): Record<string, unknown> {
  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(body))
  } catch (error) {
    throw new LambdaError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LambdaError('InvalidRequestContentException', 'Could not parse request body into json: the body is not a JSON object')
  }
  return parsed as Record<string, unknown>
}
