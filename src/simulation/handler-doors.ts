/**
 * A handler's HTTP request to a simulated front door — another function's URL, an API Gateway
 * stage, a load balancer, a CloudFront distribution — answered by that door, in-process. The
 * request was caught at the HTTP layer of the handler's world (as its AWS SDK requests are); the
 * door's invocations are the handler's nested invocations (its call chain, recursion detection, a
 * kernel-owned wait), never a drive of the simulation.
 *
 * The door's integration timeout holds as it does for an outside client: when it passes first, a
 * kernel timer owned by the calling handler ends the door's wait and the door answers (API
 * Gateway's 503/504, …) while the callee runs on.
 */
import { STATUS_CODES } from 'node:http'
import { awaitOutsideWork } from '../http/outside-work.js'
import { hasNoBody } from '../http/fetch-bridge.js'
import { DOOR_TIMEOUT, hostNotFound, wireHeaderValue, type DoorContext, type DoorRegistry, type DoorRequest, type DoorResponse, type HeaderLine } from '../http/door.js'
import type { InvokeInput } from '../config/invoke-schema.js'
import type { Kernel, Task } from '../kernel/kernel.js'
import type { InvokeResult } from '../model/invoke-result.js'
import type { AwsHttpRequest, AwsHttpResponse } from '../runtime/world/aws-http.js'

/** What a door's context needs of the calling handler. */
export interface DoorCaller {
  readonly kernel: Kernel
  /** The calling invocation's (or init phase's) task: its waits and timers hold the caller, not the clock. */
  readonly task: Task
  /** A synchronous invocation nested in the caller's (`context.lambda.invoke`'s path). */
  invokeFunction(input: InvokeInput): Promise<InvokeResult>
}

function doorRequest(request: AwsHttpRequest): DoorRequest {
  const url = new URL(`${request.protocol}//${request.hostname}${request.port !== undefined ? `:${request.port}` : ''}${request.path}`)
  // The query as the handler wrote it (order, repeats and percent-encoding kept: `rawQueryString`);
  // rebuilt from the parsed pairs only when the world could not give it.
  if (request.search !== undefined) url.search = request.search
  else for (const [name, value] of Object.entries(request.query)) for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, one)
  return { method: request.method.toUpperCase(), url, headers: Object.entries(request.headers), body: request.body }
}

/** The door's response as the handler's world hands it on: every header line kept (one `set-cookie` per cookie). */
function httpResponse(response: DoorResponse, method: string): AwsHttpResponse {
  const headers: Record<string, string> = {}
  const headerLines: HeaderLine[] = []
  for (const [name, sent] of response.headers) {
    const value = wireHeaderValue(sent)
    const key = name.toLowerCase()
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`
    headerLines.push([name, value])
  }
  // The reason phrase a client reads off the status line (`sim.fetch`'s, fetch-bridge.ts).
  const statusText = response.statusText ?? STATUS_CODES[response.status] ?? ''
  return { statusCode: response.status, statusText, headers, headerLines, body: hasNoBody(method, response.status) ? new Uint8Array() : response.body }
}

/**
 * The nested invocation, or `'timeout'` once `timeoutMs` of virtual time pass first. The timer is
 * the caller's (a kernel wait of its task, as a `setTimeout` of its code is): the caller is parked
 * on it and on the callee's result, and whichever comes first wakes it. The callee is not stopped.
 */
function invokeWithin(caller: DoorCaller, input: InvokeInput, timeoutMs: number | undefined): Promise<InvokeResult | typeof DOOR_TIMEOUT> {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return caller.invokeFunction(input)
  return new Promise((resolve, reject) => {
    let answered = false
    const timer = caller.kernel.startTimer(caller.task, timeoutMs, () => {
      if (answered) return
      answered = true
      resolve(DOOR_TIMEOUT)
    })
    caller.invokeFunction(input).then(
      (result) => {
        if (answered) return
        answered = true
        caller.kernel.clearTimer(timer)
        resolve(result)
      },
      (error: unknown) => {
        if (answered) return
        answered = true
        caller.kernel.clearTimer(timer)
        reject(error)
      },
    )
  })
}

/** The door's answer, or `undefined` when no door serves the host. */
export function answerDoorFromHandler(doors: DoorRegistry, request: AwsHttpRequest, caller: DoorCaller): Promise<AwsHttpResponse> | undefined {
  const door = doors.find(request.hostname)
  if (door === undefined) return undefined
  const context: DoorContext = {
    invoke: (input, options) => invokeWithin(caller, input, options?.timeoutMs),
    outside: (what, work) => awaitOutsideWork(caller.kernel, what, work),
    // An origin behind CloudFront, say: reached the same way, still inside the caller's invocation.
    forward: (next) => {
      const target = doors.find(next.url.hostname)
      return target === undefined ? Promise.reject(hostNotFound(next.url.hostname)) : target.handle(next, context)
    },
    get nowMs(): number {
      return caller.kernel.nowMs
    },
  }
  const sent = doorRequest(request)
  return door.handle(sent, context).then((response) => httpResponse(response, sent.method))
}
