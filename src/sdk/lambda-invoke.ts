/**
 * `Invoke` on the wire. The request: `X-Amz-Invocation-Type` (`RequestResponse` by default,
 * `Event`, `DryRun`), `X-Amz-Log-Type`, `X-Amz-Client-Context` (base64 JSON), `?Qualifier=`, and the
 * payload as the raw body bytes. The answer: 200 with the function's response bytes (even when the
 * function failed, then with `X-Amz-Function-Error`), 202 for an accepted event, 204 for a dry run,
 * and AWS's refusals (throttles, not found, access denied, …) as error responses.
 *
 * The invocation runs on the simulation's virtual clock: the SDK's `send` resolves when it
 * completes there, and calls sent in the same tick start at the same virtual instant.
 */
import type { InvokeInput } from '../config/invoke-schema.js'
import { responseBytes } from '../lambda/urls/response-stream.js'
import type { InvokeResult } from '../model/invoke-result.js'
import type { Operation, OperationRequest } from './lambda-operation.js'
import { compact } from './lambda-shapes.js'
import { emptyResponse, errorResponse, NotSimulatedError } from './rest-json.js'
import type { WireResponse } from './wire.js'

/** Invoke headers for features lambda-sim leaves out. */
const NOT_SIMULATED_HEADERS: Readonly<Record<string, string>> = {
  'x-amz-tenant-id': 'X-Amz-Tenant-Id (tenant isolation)',
  'x-amz-durable-execution-name': 'X-Amz-Durable-Execution-Name (durable functions)',
}

export function invokeInput(request: OperationRequest, invocationType: string | undefined): InvokeInput {
  for (const [header, label] of Object.entries(NOT_SIMULATED_HEADERS)) {
    if (request.headers[header] !== undefined) throw new NotSimulatedError(label)
  }
  return compact({
    functionName: request.labels['FunctionName'] ?? '',
    qualifier: request.query['Qualifier'],
    invocationType,
    logType: request.headers['x-amz-log-type'],
    clientContext: request.headers['x-amz-client-context'],
    payloadJson: request.body,
    caller: request.context.caller,
  }) as InvokeInput
}

/** The HTTP answer for an invoke result: status, the response headers AWS sets, the raw payload. */
function invokeResponse(result: InvokeResult): WireResponse {
  if (result.error !== undefined) return errorResponse(result.error)
  const requestId: Record<string, string> = result.requestId !== undefined ? { 'x-amzn-requestid': result.requestId } : {}
  if (result.statusCode !== 200) return emptyResponse(result.statusCode, requestId)
  return {
    statusCode: 200,
    headers: compact({
      'content-type': 'application/json',
      ...requestId,
      'x-amz-executed-version': result.executedVersion,
      'x-amz-function-error': result.functionError,
      'x-amz-log-result': result.logResult,
    }) as Record<string, string>,
    // A streaming handler's bytes as Lambda buffers them (its serialised result for any other handler).
    body: new Uint8Array(responseBytes(result).bytes),
  }
}

/** The client's invoke: the simulation's drive for a client in the test, the nested invoke for one inside a handler. */
export function runInvoke(request: OperationRequest, input: InvokeInput): Promise<InvokeResult> {
  const nested = request.context.invoke
  return nested !== undefined ? nested(input) : request.sim.invoke(input)
}

export const invoke: Operation = async (request) => invokeResponse(await runInvoke(request, invokeInput(request, request.headers['x-amz-invocation-type'])))

/**
 * The deprecated `InvokeAsync` (`POST /2014-11-13/functions/{FunctionName}/invoke-async`): the body
 * is the event, queued as an `Event` invocation; the answer is 202 with no body.
 */
export const invokeAsync: Operation = async (request) => invokeResponse(await runInvoke(request, invokeInput(request, 'Event')))
