/**
 * Lambda's REST-JSON protocol over a simulation: the request's method and path name the operation
 * (`lambda-routes.ts`), its labels, query, headers and JSON body carry the input, and the answer is
 * the operation's output or AWS's exception, as the real service would send them.
 *
 * Errors: a `LambdaError` (what AWS itself would answer) becomes an error response, which the SDK
 * raises as the matching exception class. Anything else thrown — a `SimulationError` for misuse, a
 * handler escaping the simulation — is not an AWS answer: it is rethrown, so the caller's
 * `await client.send(…)` rejects with it.
 */
import { LambdaError } from '../errors/lambda-error.js'
import { invoke, invokeAsync } from './lambda-invoke.js'
import { controlPlaneOperations } from './lambda-operations.js'
import { settingsOperations } from './lambda-settings-operations.js'
import { layerOperations } from './lambda-layer-operations.js'
import { functionUrlOperations } from './lambda-url-operations.js'
import { invokeWithResponseStream } from './lambda-response-stream.js'
import { matchLambdaRoute, type LambdaOperation } from './lambda-routes.js'
import { errorResponse, notSimulatedResponse, NotSimulatedError } from './rest-json.js'
import type { Operation } from './lambda-operation.js'
import type { ServiceProtocol, WireRequest } from './wire.js'

const operations: Readonly<Record<LambdaOperation, Operation>> = { ...controlPlaneOperations, ...settingsOperations, ...layerOperations, ...functionUrlOperations, Invoke: invoke, InvokeAsync: invokeAsync, InvokeWithResponseStream: invokeWithResponseStream }

export const lambdaProtocol: ServiceProtocol = async (sim, request, body, context = {}) => {
  const query = firstQueryValues(request.query)
  const route = matchLambdaRoute(request.method, request.path, query)
  if ('notSimulated' in route) return notSimulatedResponse(new NotSimulatedError(route.notSimulated))
  try {
    const queryValues = allQueryValues(request.query)
    return await operations[route.operation]({ sim, labels: route.labels, query, queryValues, headers: lowerCaseHeaders(request.headers), body, context })
  } catch (error) {
    if (error instanceof LambdaError) return errorResponse(error)
    if (error instanceof NotSimulatedError) return notSimulatedResponse(error)
    throw error
  }
}

function firstQueryValues(query: WireRequest['query']): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(query ?? {})) {
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first === 'string') values[key] = first
  }
  return values
}

function allQueryValues(query: WireRequest['query']): Record<string, string[]> {
  const values: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(query ?? {})) {
    const list = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string')
    if (list.length > 0) values[key] = list
  }
  return values
}

function lowerCaseHeaders(headers: WireRequest['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
}
