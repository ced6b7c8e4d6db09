/**
 * A handler's HTTP request to a simulated front door — another function's URL, an API Gateway
 * stage, a load balancer — answered by that door, in-process. The request was caught at the HTTP
 * layer of the handler's world (as its AWS SDK requests are); the door's invocations are the
 * handler's nested invocations (its call chain, recursion detection, a kernel-owned wait), never a
 * drive of the simulation.
 *
 * [SIM] A door's integration timeout does not apply to a handler's request: the caller waits for
 * the nested invocation (its own timeout still ends it).
 */
import { hostNotFound, type DoorContext, type DoorRegistry, type DoorRequest, type DoorResponse } from '../http/door.js'
import type { InvokeInput } from '../config/invoke-schema.js'
import type { InvokeResult } from '../model/invoke-result.js'
import type { AwsHttpRequest, AwsHttpResponse } from '../runtime/world/aws-http.js'

function doorRequest(request: AwsHttpRequest): DoorRequest {
  const url = new URL(`${request.protocol}//${request.hostname}${request.port !== undefined ? `:${request.port}` : ''}${request.path}`)
  for (const [name, value] of Object.entries(request.query)) for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, one)
  return { method: request.method.toUpperCase(), url, headers: Object.entries(request.headers), body: request.body }
}

/** Header lines as one map (a repeated name's values joined, as `fetch`'s `Headers` does). */
function httpResponse(response: DoorResponse): AwsHttpResponse {
  const headers: Record<string, string> = {}
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase()
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`
  }
  return { statusCode: response.status, headers, body: response.body }
}

/** The door's answer, or `undefined` when no door serves the host. */
export function answerDoorFromHandler(
  doors: DoorRegistry,
  request: AwsHttpRequest,
  nowMs: () => number,
  nestedInvoke: (input: InvokeInput) => Promise<InvokeResult>,
): Promise<AwsHttpResponse> | undefined {
  const door = doors.find(request.hostname)
  if (door === undefined) return undefined
  const context: DoorContext = {
    invoke: (input) => nestedInvoke(input),
    forward: (next) => {
      const target = doors.find(next.url.hostname)
      return target === undefined ? Promise.reject(hostNotFound(next.url.hostname)) : target.handle(next, context)
    },
    get nowMs(): number {
      return nowMs()
    },
  }
  return door.handle(doorRequest(request), context).then(httpResponse)
}
