/**
 * AWS SDK clients inside handlers are answered by the simulation. Whatever copy of the SDK the
 * handler imports, and however it was configured by default, its requests leave through Node's
 * `http` / `https` modules or `fetch`; `@mswjs/interceptors` catches them there, in-process, before
 * any socket or DNS lookup exists. A request made inside a handler's scope (an invocation or an
 * init phase) to an AWS endpoint is handed to the scope, which answers it from its simulation (a
 * callback the composition root decided: this layer knows no service). Everything else passes
 * through untouched: requests outside every handler are the real network as before, and a
 * handler's request to any other host is real I/O — an escape, named by its URL (admitted inside
 * `context.external`, like any real work).
 *
 * Timing: the answer is computed in the same instant, as the handler's own code is (a synchronous
 * `Invoke` parks the handler on the kernel-owned wait of the nested invocation, settled in
 * dispatch when the callee completes). The interceptor's own work is in-process and happens in
 * microtasks: no timer, socket or lookup is made for an answered request.
 */
import { loadOnFirstUse } from '../../kernel/load-on-first-use.js'
import { installAwsHttp2 } from './aws-http2.js'
import { currentScope, runOutsideScope, type AwsHttpRequest, type AwsHttpResponse, type HandlerScope } from './scope.js'
import { syncWorldExports } from './virtual-time.js'

export type { AwsHttpRequest, AwsHttpResponse }

/**
 * How a scope answers an AWS request: the response, or `undefined` when its simulation does not
 * simulate that service. Decided by the composition root (the SDK bridge sits above this layer).
 */
export type AwsRequestAnswerer = (scope: HandlerScope, request: AwsHttpRequest) => Promise<AwsHttpResponse> | undefined

/**
 * The hosts the AWS SDKs build endpoints on: `<service>.<region>.amazonaws.com` and its variants
 * (`-fips`, `.dualstack.`, global `<service>.amazonaws.com`, China's `.amazonaws.com.cn`, the
 * dual-stack `.api.aws`, bucket and account prefixes such as `<bucket>.s3.<region>.amazonaws.com`),
 * and the front doors' hosts beside them: function URLs (`<url-id>.lambda-url.<region>.on.aws`)
 * and CloudFront distributions (`<id>.cloudfront.net`).
 */
const AWS_HOST = /\.(amazonaws\.com|amazonaws\.com\.cn|api\.aws|on\.aws|cloudfront\.net)$/

/** Whether a request to `hostname` is a request to AWS. */
export function isAwsHost(hostname: string): boolean {
  return AWS_HOST.test(hostname.toLowerCase())
}

/** Endpoint prefixes to the service's name as users know it, for messages. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  dynamodb: 'DynamoDB',
  s3: 'S3',
  sts: 'STS',
  kms: 'KMS',
  secretsmanager: 'Secrets Manager',
  ssm: 'SSM (Parameter Store)',
  states: 'Step Functions',
  kinesis: 'Kinesis',
  firehose: 'Firehose',
  logs: 'CloudWatch Logs',
  monitoring: 'CloudWatch',
  xray: 'X-Ray',
  iam: 'IAM',
  'cognito-idp': 'Cognito User Pools',
  appconfig: 'AppConfig',
  appconfigdata: 'AppConfig',
  ses: 'SES',
  email: 'SES',
  scheduler: 'EventBridge Scheduler',
  'execute-api': 'API Gateway',
  'lambda-url': 'Lambda function URLs',
  cloudfront: 'CloudFront',
  apigateway: 'API Gateway',
}

/** The service an AWS endpoint host names, for messages: `DynamoDB (dynamodb.us-east-1.amazonaws.com)`. */
export function awsServiceLabel(hostname: string): string {
  const labels = hostname.toLowerCase().split('.')
  // `<bucket>.s3.<region>…` and `<account>.ddb.<region>…` name the service second.
  const key = labels.find((label) => label.replace(/-fips$/, '') in SERVICE_NAMES) ?? labels[0] ?? hostname
  const base = key.replace(/-fips$/, '')
  const name = SERVICE_NAMES[base] ?? (labels.includes('ddb') ? 'DynamoDB' : base)
  return `${name} (${hostname})`
}

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    // mswjs tags the requests it handles; the services never see its header.
    if (key !== 'x-interceptors-internal-request-id') headers[key.toLowerCase()] = value
  })
  return headers
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of url.searchParams) {
    const seen = query[key]
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return query
}

/** Statuses whose responses carry no body (the `Response` constructor refuses one). */
const NO_BODY = new Set([101, 204, 205, 304])

function toResponse(answer: AwsHttpResponse): Response {
  // (Typed through the constructor: some DOM typings want a `Uint8Array<ArrayBuffer>` exactly.)
  const body = (NO_BODY.has(answer.statusCode) || answer.body.byteLength === 0 ? null : answer.body) as ConstructorParameters<typeof Response>[0]
  // Lines appended one by one: `Headers` keeps each `set-cookie` apart (a record could hold one).
  let headers: Headers | Record<string, string> = answer.headers
  if (answer.headerLines !== undefined) {
    headers = new Headers()
    for (const [name, value] of answer.headerLines) headers.append(name, value)
  }
  return new Response(body, { status: answer.statusCode, ...(answer.statusText !== undefined ? { statusText: answer.statusText } : {}), headers })
}

/**
 * Whether the simulation's answer failed the way a client's connection fails (`TypeError: fetch
 * failed` with the socket's cause: no host, connection refused), rather than with an error of its own.
 */
function isNetworkFailure(error: unknown): error is TypeError {
  return error instanceof TypeError && error.message === 'fetch failed' && error.cause !== undefined
}

/** Where the request goes, for an escape's message. */
function target(request: Request, url: URL): string {
  return `${request.method} ${url.origin}${url.pathname}`
}

/** The one listener: answers AWS requests made inside a handler's scope; passes the rest through. */
async function onRequest({
  request,
  controller,
}: {
  request: Request
  controller: { respondWith(response: Response): void; errorWith(reason: Error): void }
}): Promise<void> {
  const scope = currentScope()
  // Outside every handler (the test, the simulation, a real server): the real network.
  if (scope === undefined) return
  const url = new URL(request.url)
  if (!isAwsHost(url.hostname)) {
    // Real network from a handler: an escape that names where it went (exempt in `context.external`).
    scope.kernel.touchedRealWorld(scope.task, `a network request: ${target(request, url)}`)
    return
  }
  const wire: AwsHttpRequest = {
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port !== '' ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: queryOf(url),
    search: url.search,
    headers: headersOf(request),
    body: new Uint8Array(await request.arrayBuffer()),
  }
  // The simulation's own code runs outside the handler's world (its clock, its console).
  const answer = runOutsideScope(() => scope.answerAwsRequest(wire))
  if (answer === undefined) {
    scope.kernel.touchedRealWorld(
      scope.task,
      `a request to ${awsServiceLabel(url.hostname)}, an AWS service lambda-sim does not simulate: ${target(request, url)}` +
        ' (wrap the call in context.external to let it reach a real endpoint)',
    )
    return
  }
  let response: AwsHttpResponse
  try {
    response = await answer
  } catch (error) {
    // A connection that fails (a load balancer port nothing listens on) fails the handler's request as it would on AWS.
    if (!isNetworkFailure(error)) throw error
    controller.errorWith(error)
    return
  }
  controller.respondWith(toResponse(response))
}

// The interceptors (≈ 35–45 ms to load) are loaded by the first request a handler makes, not when
// lambda-sim is imported or the world installed (see load-on-first-use.ts): most simulations never
// make one.
const interceptors = loadOnFirstUse<typeof import('@mswjs/interceptors')>('@mswjs/interceptors')
const clientRequestInterceptor = loadOnFirstUse<typeof import('@mswjs/interceptors/ClientRequest')>('@mswjs/interceptors/ClientRequest')
const fetchInterceptor = loadOnFirstUse<typeof import('@mswjs/interceptors/fetch')>('@mswjs/interceptors/fetch')
// `node:http` and `node:https` too: the world installs its tripwires on them, the import need not load them.
const httpBuiltin = loadOnFirstUse<typeof import('node:http')>('node:http')
const httpsBuiltin = loadOnFirstUse<typeof import('node:https')>('node:https')

/**
 * A tripwire: one of the entry points the interceptors patch (`http.request`, `http.get`,
 * `https.request`, `https.get`, `http.ClientRequest`, `fetch`), replaced until the first call made
 * inside a handler's scope. That call puts the real entry points back, applies the interceptors
 * (which wrap them, synchronously) and goes on through the intercepted one — so it is answered as
 * any later request is. Calls outside every handler go to the real entry point, as they would
 * through the interceptors.
 */
interface Tripwire {
  readonly owner: Record<string, unknown>
  readonly key: string
  readonly real: unknown
  readonly wire: unknown
}

const tripwires: Tripwire[] = []
let intercepting = false

function startIntercepting(): void {
  if (intercepting) return
  intercepting = true
  for (const { owner, key, real, wire } of tripwires) if (owner[key] === wire) owner[key] = real
  // The interceptors' own set-up runs outside the handler's world (its clock, its console).
  runOutsideScope(() => {
    const { BatchInterceptor } = interceptors()
    const { ClientRequestInterceptor } = clientRequestInterceptor()
    const { FetchInterceptor } = fetchInterceptor()
    const interceptor = new BatchInterceptor({
      name: 'lambda-sim-aws-http',
      interceptors: [new ClientRequestInterceptor(), new FetchInterceptor()],
    })
    interceptor.apply()
    interceptor.on('request', onRequest as never)
  })
  // `import { request } from 'node:https'` (an ESM build of an HTTP client) sees the interception too.
  syncWorldExports()
}

function arm(owner: Record<string, unknown>, key: string): void {
  const real = owner[key] as ((...args: unknown[]) => unknown) & (new (...args: unknown[]) => unknown)
  if (typeof real !== 'function') return
  // What a call reaches now: the intercepted entry point once the interceptors are on, else the real one.
  const current = (): typeof real => (owner[key] === wire ? real : (owner[key] as typeof real))
  const wire: unknown =
    key === 'ClientRequest'
      ? new Proxy(real, {
          construct(_target, args, newTarget) {
            if (currentScope() !== undefined) startIntercepting()
            const target = current()
            return Reflect.construct(target, args, newTarget === wire ? target : newTarget)
          },
        })
      : Object.defineProperty(
          function (this: unknown, ...args: unknown[]): unknown {
            if (currentScope() !== undefined) startIntercepting()
            return current().apply(this, args)
          },
          'name',
          { value: real.name },
        )
  owner[key] = wire
  tripwires.push({ owner, key, real, wire })
}

let installed = false

/** Installs the interception once per process (the real `http`, `https` and `fetch` outside handlers). */
export function installAwsHttp(): void {
  if (installed) return
  installed = true
  const httpModule = httpBuiltin() as unknown as Record<string, unknown>
  const httpsModule = httpsBuiltin() as unknown as Record<string, unknown>
  for (const key of ['request', 'get', 'ClientRequest']) arm(httpModule, key)
  for (const key of ['request', 'get']) arm(httpsModule, key)
  arm(globalThis as unknown as Record<string, unknown>, 'fetch')
  // HTTP/2 clients (Kinesis's `NodeHttp2Handler`) go through `http2.connect`, which the
  // interceptors do not catch.
  installAwsHttp2({ isAwsHost, awsServiceLabel })
  syncWorldExports()
}
