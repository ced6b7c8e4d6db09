/**
 * A request handler for the AWS SDK for JavaScript v3 that answers from a simulation: no network,
 * no server. Each request is routed to one service's protocol by the endpoint host the SDK built
 * (`lambda.us-east-1.amazonaws.com`), or, for a custom endpoint, by the protocol's own markers.
 */
import { eventBridgeProtocol } from './eventbridge-protocol.js'
import { lambdaProtocol } from './lambda-protocol.js'
import { snsProtocol } from './sns-protocol.js'
import { sqsProtocol } from './sqs-protocol.js'
import type { ServiceProtocol, WireRequest, WireResponse } from './wire.js'
import type { Simulation } from '../simulation/simulation.js'

const protocolsByHostPrefix: ReadonlyArray<readonly [string, ServiceProtocol]> = [
  ['lambda.', lambdaProtocol],
  ['sqs.', sqsProtocol],
  ['sns.', snsProtocol],
  ['events.', eventBridgeProtocol],
]

function headerValue(request: WireRequest, name: string): string | undefined {
  for (const key of Object.keys(request.headers)) if (key.toLowerCase() === name) return request.headers[key]
  return undefined
}

function protocolFor(request: WireRequest, body: Uint8Array): ServiceProtocol | undefined {
  for (const [prefix, protocol] of protocolsByHostPrefix) if (request.hostname.startsWith(prefix)) return protocol
  const target = headerValue(request, 'x-amz-target') ?? ''
  if (target.startsWith('AmazonSQS.')) return sqsProtocol
  if (target.startsWith('AWSEvents.')) return eventBridgeProtocol
  if (/^\/20\d\d-\d\d-\d\d\//.test(request.path)) return lambdaProtocol
  if (/(^|&)Action=/.test(new TextDecoder().decode(body))) return snsProtocol
  return undefined
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array()
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (body instanceof Uint8Array) return body
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = []
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
    return Buffer.concat(chunks)
  }
  throw new TypeError(`lambda-sim: cannot read a request body of type ${Object.prototype.toString.call(body)}`)
}

function unknownService(request: WireRequest): WireResponse {
  const message = `lambda-sim does not simulate the service at ${request.hostname}${request.path}`
  return { statusCode: 400, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' }, body: new TextEncoder().encode(JSON.stringify({ message })) }
}

/** The object the SDK calls: `new LambdaClient({ requestHandler: simulatedRequestHandler(sim) })`. */
export interface SimulatedRequestHandler {
  handle(request: WireRequest, options?: unknown): Promise<{ response: WireResponse }>
  updateHttpClientConfig(key: never, value: never): void
  httpHandlerConfigs(): Record<string, never>
  destroy(): void
}

export function simulatedRequestHandler(sim: Simulation): SimulatedRequestHandler {
  return {
    async handle(request) {
      const body = await bodyBytes(request.body)
      const protocol = protocolFor(request, body)
      return { response: protocol === undefined ? unknownService(request) : await protocol(sim, request, body) }
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  }
}
