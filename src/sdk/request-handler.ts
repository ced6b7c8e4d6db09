/**
 * A request handler for the AWS SDK for JavaScript v3 that answers from a simulation: no network,
 * no server. Each request is routed to one service's protocol by the endpoint host the SDK built
 * (`lambda.us-east-1.amazonaws.com`), or, for a custom endpoint, by the protocol's own markers.
 */
import { eventBridgeProtocol } from './eventbridge-protocol.js'
import { isKinesisHost, KINESIS_TARGET_PREFIX, kinesisProtocol } from './kinesis-protocol.js'
import { lambdaProtocol } from './lambda-protocol.js'
import { schedulerProtocol } from './scheduler-protocol.js'
import { asStreamedResponse, isS3Host, s3Protocol } from './s3-protocol.js'
import { snsProtocol } from './sns-protocol.js'
import { sqsProtocol } from './sqs-protocol.js'
import type { ProtocolContext, ServiceProtocol, WireRequest, WireResponse } from './wire.js'
import type { SdkBackend } from './backend.js'
import type { InvokeInput } from '../config/invoke-schema.js'
import type { InvokeResult } from '../model/invoke-result.js'

const protocolsByHostPrefix: ReadonlyArray<readonly [string, ServiceProtocol]> = [
  ['lambda.', lambdaProtocol],
  ['sqs.', sqsProtocol],
  ['sns.', snsProtocol],
  ['events.', eventBridgeProtocol],
  ['scheduler.', schedulerProtocol],
]

function headerValue(request: WireRequest, name: string): string | undefined {
  for (const key of Object.keys(request.headers)) if (key.toLowerCase() === name) return request.headers[key]
  return undefined
}

function protocolFor(request: WireRequest, body: Uint8Array): ServiceProtocol | undefined {
  // S3 names the bucket before its own label (`lambda.s3.us-east-1.amazonaws.com` is a bucket): asked first.
  if (isS3Host(request.hostname)) return s3Protocol
  for (const [prefix, protocol] of protocolsByHostPrefix) if (request.hostname.startsWith(prefix)) return protocol
  if (isKinesisHost(request.hostname)) return kinesisProtocol
  const target = headerValue(request, 'x-amz-target') ?? ''
  if (target.startsWith('AmazonSQS.')) return sqsProtocol
  if (target.startsWith('AWSEvents.')) return eventBridgeProtocol
  if (target.startsWith(`${KINESIS_TARGET_PREFIX}.`)) return kinesisProtocol
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

/** The simulated services by the first label of their AWS endpoint host (`-fips` dropped). */
const protocolsByEndpoint: Readonly<Record<string, ServiceProtocol>> = {
  lambda: lambdaProtocol,
  sqs: sqsProtocol,
  sns: snsProtocol,
  events: eventBridgeProtocol,
  kinesis: kinesisProtocol,
  scheduler: schedulerProtocol,
}

/**
 * Answers a request handler code made to an AWS endpoint (caught at the HTTP layer by the handler's
 * world), or `undefined` when the simulation does not simulate the service the host names. `Invoke`
 * runs as `nestedInvoke`: the handler's own nested invocation (call chain, recursion detection,
 * a kernel-owned wait), never a drive of the simulation.
 */
export function answerHandlerRequest(
  sim: SdkBackend,
  request: WireRequest & { readonly body: Uint8Array },
  nestedInvoke: (input: InvokeInput) => Promise<InvokeResult>,
): Promise<WireResponse> | undefined {
  const labels = request.hostname.toLowerCase().split('.')
  const first = (labels[0] ?? '').replace(/-fips$/, '')
  // SQS's legacy endpoints: `queue.amazonaws.com`, `<region>.queue.amazonaws.com`; Kinesis's
  // account-scoped ones: `<account>.data-kinesis.<region>.amazonaws.com`.
  // S3's virtual-hosted endpoints start with the bucket's name: asked first.
  const protocol = isS3Host(request.hostname)
    ? s3Protocol
    : (protocolsByEndpoint[first] ?? (labels.includes('queue') ? sqsProtocol : isKinesisHost(request.hostname) ? kinesisProtocol : undefined))
  if (protocol === undefined) return undefined
  return protocol(sim, request, request.body, { invoke: nestedInvoke })
}

/** How the handler's client appears to the simulation. */
export interface SimulatedRequestHandlerOptions {
  /**
   * Who the client calls as: another account (`'111122223333'`), an IAM ARN, or a service principal
   * (`{ principal: 's3.amazonaws.com', sourceArn }`). `Invoke` then needs a statement in the invoked
   * function's resource-based policy. Absent: the function's own account, always allowed.
   */
  readonly caller?: ProtocolContext['caller']
}

/** The object the SDK calls: `new LambdaClient({ requestHandler: simulatedRequestHandler(sim) })`. */
export interface SimulatedRequestHandler {
  handle(request: WireRequest, options?: unknown): Promise<{ response: WireResponse }>
  updateHttpClientConfig(key: never, value: never): void
  httpHandlerConfigs(): Record<string, never>
  destroy(): void
}

/**
 * A request handler for any AWS SDK v3 client, answering from `sim`. `sim.clientConfig()` wraps it
 * with a region, fake credentials and no retries; use it directly to build the configuration
 * yourself: `new LambdaClient({ region, credentials, requestHandler: simulatedRequestHandler(sim) })`.
 */
export function simulatedRequestHandler(sim: SdkBackend, options: SimulatedRequestHandlerOptions = {}): SimulatedRequestHandler {
  const context: ProtocolContext = options.caller !== undefined ? { caller: options.caller } : {}
  return {
    async handle(request) {
      const body = await bodyBytes(request.body)
      const protocol = protocolFor(request, body)
      if (protocol === undefined) return { response: unknownService(request) }
      const response = await protocol(sim, request, body, context)
      // A client outside a handler reads S3's bodies as Node's HTTP handler gives them: streams.
      return { response: protocol === s3Protocol ? asStreamedResponse(response) : response }
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  }
}

/**
 * An AWS SDK v3 client configuration that sends every request to a simulation:
 * `new LambdaClient(sim.clientConfig())` (or `SQSClient`, `SNSClient`, `EventBridgeClient`, `KinesisClient`).
 */
export interface SimulatedClientConfig {
  readonly region: string
  /** Static and fake: the simulation checks no signatures. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly requestHandler: SimulatedRequestHandler
  /** 1 (no retries) unless `retries: true`, which leaves the SDK's default. */
  readonly maxAttempts?: number
}

export interface SimulatedClientOptions extends SimulatedRequestHandlerOptions {
  /**
   * Let the SDK retry (default `false`). Its standard retry strategy retries throttles
   * (`TooManyRequestsException`) and 5xx answers after a backoff in *real* time, while the
   * simulation's clock stands still — so a retried throttle would usually be throttled again, cost
   * real seconds, and hide the throttle your test wants to see.
   */
  readonly retries?: boolean
}

/** The configuration `Simulation.clientConfig` returns. */
export function simulatedClientConfig(sim: SdkBackend, options: SimulatedClientOptions = {}): SimulatedClientConfig {
  const { retries = false, ...handlerOptions } = options
  return {
    region: sim.region,
    credentials: { accessKeyId: 'AKIALAMBDASIMULATED', secretAccessKey: 'lambda-sim-fake-secret-access-key' },
    requestHandler: simulatedRequestHandler(sim, handlerOptions),
    ...(retries ? {} : { maxAttempts: 1 }),
  }
}
