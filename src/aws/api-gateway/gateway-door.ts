/**
 * The front door of every API of the simulation: `https://<api-id>.execute-api.<region>.amazonaws.com`.
 * A request finds its API by the host, its stage and route by the path, and its function by the
 * route's integration; the function is invoked synchronously as `apigateway.amazonaws.com` with the
 * `execute-api` source ARN (so its resource-based policy must allow that, as on AWS), within the
 * integration timeout; its result becomes the response, or the gateway answers itself
 * (gateway-responses.ts).
 */
import { AwsError } from '../../errors/aws-error.js'
import type { AccountScope } from '../../model/arn.js'
import type { InvokeResult } from '../../model/invoke-result.js'
import type { ApiGatewayRequestEvent } from '../../observability/events.js'
import { DOOR_TIMEOUT, type DoorContext, type DoorRequest, type DoorResponse, type HeaderLine, type HttpDoor } from '../../http/door.js'
import { decodeLeniently, payloadV1Event, payloadV1Response } from '../../http/payload-format-1.js'
import { isTextContentType, payloadFormat2Event, payloadFormat2Response, SIMULATED_SOURCE_IP } from '../../http/payload-format-2.js'
import { headerValue, isPreflight, preflightHeaders, withCorsHeaders } from '../../lambda/urls/cors.js'
import type { HttpCorsConfiguration, ThrottleSettings } from './api.js'
import type { GatewayIds } from './gateway-ids.js'
import { httpFailure, httpHeaders, restFailure, restHeaders, type GatewayFailure, type RestResponseIds } from './gateway-responses.js'
import type { HttpApis } from './http-apis.js'
import { functionOfUri, isBinaryMediaType, mediaTypeOf, withStageVariables } from './integration-target.js'
import { pathSegments } from './path-templates.js'
import type { RestApis } from './rest-apis.js'
import { ACCOUNT_THROTTLE, TokenBuckets } from './throttling.js'

/** API Gateway's request payload quota: 10 MB, both kinds of API. */
export const API_GATEWAY_PAYLOAD_BYTES_MAX = 10 * 1024 * 1024

/** The service principal API Gateway invokes functions as. */
export const API_GATEWAY_PRINCIPAL = 'apigateway.amazonaws.com'

/** What a request met on its way, for its `apiGateway.request` event. */
interface RequestNote {
  stage?: string
  route?: string
  lambdaRequestId?: string
}

export class ApiGatewayDoor implements HttpDoor {
  private readonly suffix: string
  private readonly buckets = new TokenBuckets()

  constructor(
    private readonly scope: AccountScope,
    private readonly rest: RestApis,
    private readonly http: HttpApis,
    private readonly ids: GatewayIds,
    private readonly emit: (event: ApiGatewayRequestEvent) => void,
  ) {
    this.suffix = `.execute-api.${scope.region}.amazonaws.com`
  }

  /** Every `<id>.execute-api.<region>.amazonaws.com` of the simulation's Region (an unknown id is answered 403, as AWS does). */
  serves(host: string): boolean {
    return host.endsWith(this.suffix) && /^[a-z0-9]+$/.test(host.slice(0, -this.suffix.length))
  }

  async handle(request: DoorRequest, context: DoorContext): Promise<DoorResponse> {
    const apiId = request.url.hostname.toLowerCase().slice(0, -this.suffix.length)
    const apiType = this.rest.has(apiId) ? 'REST' : this.http.has(apiId) ? 'HTTP' : undefined
    if (apiType === undefined) {
      const ids = { requestId: this.ids.requestId(), extendedRequestId: this.ids.extendedRequestId(), traceHeader: this.ids.traceHeader(context.nowMs) }
      return restFailure('forbidden', ids)
    }
    const arrivedMs = context.nowMs
    const note: RequestNote = {}
    const response = apiType === 'REST' ? await this.restRequest(apiId, request, context, note) : await this.httpRequest(apiId, request, context, note)
    this.emit({
      type: 'apiGateway.request',
      atMs: context.nowMs,
      apiId,
      apiType,
      stage: note.stage,
      route: note.route,
      method: request.method,
      path: request.url.pathname,
      status: response.status,
      latencyMs: context.nowMs - arrivedMs,
      ...(note.lambdaRequestId !== undefined ? { lambdaRequestId: note.lambdaRequestId } : {}),
    })
    return response
  }

  /** Whether API Gateway lets the request through: the account's quota, then the stage's or route's limits. */
  private admitted(key: string, settings: ThrottleSettings | undefined, nowMs: number): boolean {
    if (!this.buckets.take('account', ACCOUNT_THROTTLE.rateLimit, ACCOUNT_THROTTLE.burstLimit, nowMs)) return false
    return this.buckets.takeFor(key, settings, nowMs)
  }

  /** `arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD><resource path>`. */
  private sourceArn(apiId: string, stage: string, rest: string): string {
    return `arn:aws:execute-api:${this.scope.region}:${this.scope.accountId}:${apiId}/${stage}/${rest}`
  }

  /** The headers API Gateway adds to what the client sent (see `asForwarded`): the names the request does not carry already. */
  private addedHeaders(request: DoorRequest, traceHeader: string): HeaderLine[] {
    const sent = new Set(request.headers.map(([name]) => name.toLowerCase()))
    const added: HeaderLine[] = [
      ['Host', request.url.hostname],
      ['X-Amzn-Trace-Id', traceHeader],
      ['X-Forwarded-For', SIMULATED_SOURCE_IP],
      ['X-Forwarded-Port', '443'],
      ['X-Forwarded-Proto', 'https'],
    ]
    if (request.body.byteLength > 0) added.push(['Content-Length', String(request.body.byteLength)])
    return added.filter(([name]) => !sent.has(name.toLowerCase()))
  }

  /** The invocation's outcome; `'refused'` when Lambda throws its answer rather than returning it (a request it cannot parse). */
  private async invoke(context: DoorContext, functionName: string, payload: unknown, sourceArn: string, timeoutMs: number): Promise<InvokeResult | typeof DOOR_TIMEOUT | 'refused'> {
    try {
      return await context.invoke(
        { functionName, payload, caller: { principal: API_GATEWAY_PRINCIPAL, sourceArn, sourceAccount: this.scope.accountId } },
        { timeoutMs },
      )
    } catch (error) {
      // AWS's answers become the gateway's 500; the library's own errors (misuse, an escaped handler) go on to the caller.
      if (error instanceof AwsError) return 'refused'
      throw error
    }
  }

  private async restRequest(apiId: string, request: DoorRequest, context: DoorContext, note: RequestNote): Promise<DoorResponse> {
    const atMs = context.nowMs
    const ids: RestResponseIds = { requestId: this.ids.requestId(), extendedRequestId: this.ids.extendedRequestId(), traceHeader: this.ids.traceHeader(atMs) }
    const segments = pathSegments(request.url.pathname)
    const stageName = segments[0] === undefined ? undefined : decodeLeniently(segments[0])
    if (stageName === undefined) return restFailure('forbidden', ids)
    const routing = this.rest.route(apiId, stageName, request.method, segments.slice(1))
    if (routing.kind === 'no-stage') return restFailure('forbidden', ids)
    note.stage = stageName
    if (routing.kind === 'no-route') return restFailure('missing-token', ids)
    note.route = routing.resource.path
    const methodKey = `${routing.resource.path.replaceAll('/', '~1')}/${routing.method.httpMethod}`
    const settingsKey = routing.stage.methodSettings[methodKey] !== undefined ? methodKey : '*/*'
    if (!this.admitted(`rest/${apiId}/${stageName}/${settingsKey}`, routing.stage.methodSettings[settingsKey], atMs)) return restFailure('throttled', ids)
    if (request.body.byteLength > API_GATEWAY_PAYLOAD_BYTES_MAX) return restFailure('too-large', ids)
    const integration = routing.method.methodIntegration
    const target = integration === undefined ? undefined : functionOfUri(integration.uri)
    const functionName = target === undefined ? undefined : withStageVariables(target, routing.stage.variables)
    // A stage variable the stage lacks (a deployed method always has its integration): an execution failure.
    if (integration === undefined || functionName === undefined) return restFailure('refused', ids)

    const base64Body = isBinaryMediaType(mediaTypeOf(headerValue(request.headers, 'content-type') ?? ''), routing.binaryMediaTypes)
    const forwarded = asForwarded(request)
    const event = payloadV1Event(forwarded, {
      flavour: 'rest',
      resource: routing.resource.path,
      path: pathAfterStage(request.url.pathname, segments),
      stage: stageName,
      pathParameters: routing.match.parameters,
      stageVariables: routing.stage.variables,
      apiId,
      accountId: this.scope.accountId,
      domainName: request.url.hostname,
      requestId: ids.requestId,
      extendedRequestId: ids.extendedRequestId,
      resourceId: routing.resource.id,
      atMs,
      sourceIp: SIMULATED_SOURCE_IP,
      base64Body,
      addedHeaders: this.addedHeaders(forwarded, ids.traceHeader),
    })
    const sourceArn = this.sourceArn(apiId, stageName, `${request.method}${routing.resource.path}`)
    const outcome = await this.invoke(context, functionName, event, sourceArn, integration.timeoutInMillis)
    note.lambdaRequestId = requestIdOf(outcome)
    const failure = failureOf(outcome, 'bad-result')
    if (failure !== undefined) return restFailure(failure, ids)
    const result = outcome as InvokeResult
    // A base64 body goes out as bytes only when the first type the client accepts is a binary media
    // type (AWS reads the first one only: a browser's `text/html,…,image/webp` gets the base64 text).
    const firstAccepted = mediaTypeOf((headerValue(request.headers, 'accept') ?? '').split(',')[0] ?? '')
    const decode = isBinaryMediaType(firstAccepted, routing.binaryMediaTypes)
    const mapped = payloadV1Response(result.payload, decode)
    if ('malformed' in mapped) return restFailure('bad-result', ids)
    return { status: mapped.status, headers: restHeaders(mapped.headers, mapped.body, ids), body: mapped.body }
  }

  private async httpRequest(apiId: string, request: DoorRequest, context: DoorContext, note: RequestNote): Promise<DoorResponse> {
    const atMs = context.nowMs
    const apigwRequestId = this.ids.extendedRequestId()
    const traceHeader = this.ids.traceHeader(atMs)
    const cors = this.http.getApi({ apiId }).corsConfiguration
    // With CORS configured, API Gateway answers a browser's preflight itself, route or not.
    if (cors !== undefined && isPreflight(request.method, request.headers)) {
      return { status: 204, headers: httpHeaders(preflightHeaders(corsOf(cors), request.headers), new Uint8Array(), apigwRequestId), body: new Uint8Array() }
    }
    const answer = (status: number, headers: readonly HeaderLine[], body: Uint8Array): DoorResponse => {
      const withCors = cors === undefined ? headers : withCorsHeaders(corsOf(cors), headerValue(request.headers, 'origin'), headers)
      return { status, headers: httpHeaders(withCors, body, apigwRequestId), body }
    }
    const routing = this.http.route(apiId, request.method, pathSegments(request.url.pathname))
    if (routing.kind === 'no-route') return httpFailure('not-found', apigwRequestId)
    const { stage, served } = routing
    note.stage = stage.stageName
    note.route = served.route.routeKey
    const routeSettings = stage.routeSettings?.[served.route.routeKey]
    const settingsKey = routeSettings !== undefined ? served.route.routeKey : '$stage'
    if (!this.admitted(`http/${apiId}/${stage.stageName}/${settingsKey}`, routeSettings ?? stage.defaultRouteSettings, atMs)) return httpFailure('throttled', apigwRequestId)
    if (request.body.byteLength > API_GATEWAY_PAYLOAD_BYTES_MAX) return httpFailure('too-large', apigwRequestId)
    const integration = served.integration
    const target = integration === undefined ? undefined : functionOfUri(integration.integrationUri)
    const functionName = target === undefined ? undefined : withStageVariables(target, stage.stageVariables)
    if (integration === undefined || functionName === undefined) return httpFailure('refused', apigwRequestId)

    const routeKey = served.route.routeKey
    const routePath = routeKey === '$default' ? undefined : routeKey.slice(routeKey.indexOf(' ') + 1)
    const parameters = routing.match?.parameters ?? {}
    const pathParameters = Object.keys(parameters).length > 0 ? parameters : undefined
    const stageVariables = Object.keys(stage.stageVariables).length > 0 ? stage.stageVariables : undefined
    const forwarded = asForwarded(request)
    const addedHeaders = this.addedHeaders(forwarded, traceHeader).map(([name, value]): HeaderLine => [name.toLowerCase(), value])
    const event =
      integration.payloadFormatVersion === '2.0'
        ? payloadFormat2Event(forwarded, {
            accountId: this.scope.accountId,
            apiId,
            domainName: request.url.hostname,
            requestId: apigwRequestId,
            nowMs: atMs,
            routeKey,
            stage: stage.stageName,
            ...(pathParameters !== undefined ? { pathParameters } : {}),
            ...(stageVariables !== undefined ? { stageVariables } : {}),
            addedHeaders,
          })
        : payloadV1Event(forwarded, {
            flavour: 'http',
            resource: routePath ?? routing.path,
            path: request.url.pathname,
            stage: stage.stageName,
            routeKey,
            pathParameters,
            stageVariables,
            apiId,
            accountId: this.scope.accountId,
            domainName: request.url.hostname,
            requestId: apigwRequestId,
            extendedRequestId: apigwRequestId,
            resourceId: routeKey,
            atMs,
            sourceIp: SIMULATED_SOURCE_IP,
            base64Body: !isTextContentType(headerValue(request.headers, 'content-type')),
            addedHeaders,
          })
    const sourceArn = this.sourceArn(apiId, stage.stageName, routePath === undefined ? '$default' : `${request.method}${routePath}`)
    const outcome = await this.invoke(context, functionName, event, sourceArn, integration.timeoutInMillis)
    note.lambdaRequestId = requestIdOf(outcome)
    const failure = failureOf(outcome, 'bad-result')
    if (failure !== undefined) return httpFailure(failure, apigwRequestId)
    const result = outcome as InvokeResult
    if (integration.payloadFormatVersion === '2.0') {
      const mapped = payloadFormat2Response(result.payloadJson)
      if (!mapped.ok) return httpFailure('bad-result', apigwRequestId)
      return answer(mapped.status, mapped.headers, mapped.body)
    }
    const mapped = payloadV1Response(result.payload, true)
    if ('malformed' in mapped) return httpFailure('bad-result', apigwRequestId)
    return answer(mapped.status, mapped.headers, mapped.body)
  }
}

/** What the gateway answers instead of the result: a timeout, Lambda's refusal, or a function error. */
function failureOf(outcome: InvokeResult | typeof DOOR_TIMEOUT | 'refused', functionFailure: GatewayFailure): GatewayFailure | undefined {
  if (outcome === DOOR_TIMEOUT) return 'timeout'
  if (outcome === 'refused') return 'refused'
  if (outcome.error !== undefined || outcome.statusCode >= 300) return 'refused'
  if (outcome.functionError !== undefined) return functionFailure
  return undefined
}

/** The CORS helpers' shape (shared with function URLs) of an HTTP API's configuration. */
function corsOf(cors: HttpCorsConfiguration): Parameters<typeof preflightHeaders>[0] {
  return {
    ...(cors.allowOrigins !== undefined ? { allowOrigins: [...cors.allowOrigins] } : {}),
    ...(cors.allowMethods !== undefined ? { allowMethods: [...cors.allowMethods] } : {}),
    ...(cors.allowHeaders !== undefined ? { allowHeaders: [...cors.allowHeaders] } : {}),
    ...(cors.exposeHeaders !== undefined ? { exposeHeaders: [...cors.exposeHeaders] } : {}),
    ...(cors.maxAge !== undefined ? { maxAge: cors.maxAge } : {}),
    ...(cors.allowCredentials !== undefined ? { allowCredentials: cors.allowCredentials } : {}),
  }
}

/**
 * The request as the function sees it: a client's `X-Forwarded-For` goes on with the client's
 * address appended (one line), and a client's `X-Forwarded-Port` / `X-Forwarded-Proto` are
 * dropped so the gateway's own (`443`, `https`) take their place — API Gateway does not let a
 * client spoof them, only prepend addresses.
 */
function asForwarded(request: DoorRequest): DoorRequest {
  const forwardedFor = request.headers.filter(([name]) => name.toLowerCase() === 'x-forwarded-for')
  const headers: HeaderLine[] = []
  for (const line of request.headers) {
    const name = line[0].toLowerCase()
    if (name === 'x-forwarded-port' || name === 'x-forwarded-proto') continue
    if (name !== 'x-forwarded-for') headers.push(line)
    else if (line === forwardedFor[0]) headers.push([line[0], [...forwardedFor.map(([, value]) => value), SIMULATED_SOURCE_IP].join(', ')])
  }
  return { ...request, headers }
}

/**
 * A REST event's `path`: the request path after the stage, its empty segments dropped as routing
 * drops them, but a trailing slash kept — AWS passes `/items/` for `/prod/items/` (the resource
 * `/items` still serves it), and routers in the function may tell the two apart.
 */
function pathAfterStage(pathname: string, segments: readonly string[]): string {
  const rest = `/${segments.slice(1).join('/')}`
  return rest !== '/' && pathname.endsWith('/') ? `${rest}/` : rest
}

/** The request id of the invocation that answered, if one did. */
function requestIdOf(outcome: InvokeResult | typeof DOOR_TIMEOUT | 'refused'): string | undefined {
  return typeof outcome === 'object' && outcome.error === undefined ? outcome.requestId : undefined
}
