/**
 * One viewer request's way through a distribution, as CloudFront runs it:
 *
 *   viewer-request fn → (cache) → origin-request fn → origin → origin-response fn → viewer-response fn
 *
 * A request function may answer itself (a generated response): CloudFront then skips the origin
 * and the origin functions (and, for a viewer-request answer, the viewer-response function too).
 * The viewer-response function does not run when the origin answered 400 or more, and cannot
 * change the status. CloudFront resolves the origin's name before the origin-request function runs:
 * an origin nothing answers is a 502 without any invocation.
 *
 * With a caching behaviour (`edge-cache.ts`) a hit skips the origin and the origin functions
 * (`X-Cache: Hit from cloudfront`, `Age`); otherwise every request is a miss. Every viewer header is
 * forwarded to the origin, with `Host` set to the origin's name (CloudFront's
 * `AllViewerExceptHostHeader` origin request policy) [SIM].
 */
import { STATUS_CODES } from 'node:http'
import { SimulationError } from '../../kernel/simulation-error.js'
import { DOOR_TIMEOUT, type DoorContext, type DoorRequest, type DoorResponse, type HeaderLine } from '../../http/door.js'
import type { DefaultCacheBehavior, DistributionConfig, EdgeEventType, LambdaFunctionAssociation, Origin } from './api.js'
import { allowedMethodsOf } from './associations.js'
import { EdgeCache, type CachedResponse } from './edge-cache.js'
import { fromCfHeaders, toCfHeaders, type CfHeaders } from './edge-headers.js'
import { limitsOf } from './edge-limits.js'
import { edgeEvent, readRequestResult, readResponseResult, type CfConfig, type CfRequest, type CfResponse, type EdgeResponse, type OriginTarget } from './edge-events.js'
import { edgeFailures, errorPage, type EdgeFailure } from './error-page.js'

/** What the pipeline needs of the distribution serving the request. */
export interface ServingDistribution {
  readonly id: string
  readonly domainName: string
  readonly config: DistributionConfig
  /** The edge server's name in `Via` (`<hex>.cloudfront.net`). */
  readonly viaHost: string
  readonly cache: EdgeCache
}

/** [SIM] The viewer's address as CloudFront sees it (a documentation address, RFC 5737). */
export const VIEWER_IP = '203.0.113.10'
/** [SIM] The edge location every request reaches. */
const EDGE_POP = 'IAD89-C1'

type TriggerOutcome = { readonly payload: unknown } | { readonly failure: EdgeFailure }

/** How CloudFront reaches origins: a handler given in the configuration, or a simulated door by host. */
export interface OriginAccess {
  /** Whether a host resolves (a simulated door serves it). */
  resolves(host: string): boolean
}

export class EdgePipeline {
  private readonly associations = new Map<EdgeEventType, LambdaFunctionAssociation>()
  private readonly origin: Origin
  private xCache = 'Miss from cloudfront'

  constructor(
    private readonly distribution: ServingDistribution,
    private readonly behavior: MatchedBehavior,
    private readonly request: DoorRequest,
    private readonly context: DoorContext,
    private readonly access: OriginAccess,
    private readonly requestId: string,
  ) {
    for (const association of behavior.behavior.lambdaFunctionAssociations ?? []) this.associations.set(association.eventType, association)
    this.origin = distribution.config.origins.find((candidate) => candidate.id === behavior.behavior.targetOriginId) as Origin
  }

  async run(): Promise<DoorResponse> {
    const { request } = this
    // The behaviour's allowed methods are checked first: a refused method reaches no function.
    if (!allowedMethodsOf(this.behavior.behavior)?.has(request.method)) return this.fail(edgeFailures.methodNotAllowed())
    // [SIM] A request whose Via already names this distribution came back to it through its own
    // origins: answered at once rather than followed around the loop.
    if (request.headers.some(([name, value]) => name.toLowerCase() === 'via' && value.includes(this.viaEntry()))) return this.fail(edgeFailures.loop())
    const lines: HeaderLine[] = request.headers.some(([name]) => name.toLowerCase() === 'host') ? [...request.headers] : [['Host', request.url.host], ...request.headers]
    let viewerRequest: CfRequest = {
      clientIp: VIEWER_IP,
      headers: toCfHeaders(lines).exposed,
      method: request.method,
      querystring: request.url.search.replace(/^\?/, ''),
      uri: request.url.pathname,
    }
    let body = request.body

    const viewerFn = this.associations.get('viewer-request')
    if (viewerFn !== undefined) {
      const event = this.withBody(viewerRequest, body, viewerFn)
      const outcome = await this.trigger(viewerFn, event)
      if ('failure' in outcome) return this.fail(outcome.failure)
      const read = readRequestResult(outcome.payload, event, 'viewer-request', limitsOf('viewer-request'))
      if (read.kind === 'failure') return this.fail(read.failure)
      // Answered at the viewer: no origin, no viewer-response function.
      if (read.kind === 'response') return this.generated(read.response)
      viewerRequest = withoutBody(read.request)
      if (read.replacedBody !== undefined) body = read.replacedBody
    }

    const cacheKey = EdgeCache.keyOf(this.behavior.behavior.cachePolicyId, this.behavior.index, viewerRequest.method, viewerRequest.uri)
    const cached = cacheKey === undefined ? undefined : this.distribution.cache.lookup(cacheKey, viewerRequest.method, this.context.nowMs)
    let response: OriginAnswer
    if (cached !== undefined) {
      // A hit: no origin, no origin functions.
      this.xCache = 'Hit from cloudfront'
      response = { ...cached.response, headers: { ...cached.response.headers, age: [{ key: 'Age', value: String(cached.ageSeconds) }] } }
    } else {
      const forwarded = await this.toOrigin(viewerRequest, body)
      if ('failure' in forwarded) return this.fail(forwarded.failure)
      response = forwarded.response
      if (cacheKey !== undefined) this.distribution.cache.store(cacheKey, viewerRequest.method, response satisfies CachedResponse, this.context.nowMs)
    }

    const viewerResponseFn = this.associations.get('viewer-response')
    if (viewerResponseFn !== undefined && response.status < 400) {
      const before = cfResponse(response)
      const outcome = await this.trigger(viewerResponseFn, viewerRequest, before)
      if ('failure' in outcome) return this.fail(outcome.failure)
      const read = readResponseResult(outcome.payload, before, 'viewer-response', limitsOf('viewer-response'))
      if ('failure' in read) return this.fail(read.failure)
      // A viewer-response function cannot change the status: CloudFront keeps the one it had.
      response = { ...response, headers: read.headers, body: read.body ?? response.body }
    }
    return this.finish(response.status, [...fromCfHeaders(response.headers), ...response.hidden], response.body, response.statusText)
  }

  /** Origin-request function, origin, origin-response function. */
  private async toOrigin(viewerRequest: CfRequest, viewerBody: Uint8Array): Promise<{ response: OriginAnswer } | { failure: EdgeFailure }> {
    let target: OriginTarget = {
      domainName: this.origin.domainName.toLowerCase(),
      path: this.origin.originPath ?? '',
      customHeaders: toCfHeaders(Object.entries(this.origin.customHeaders ?? {})).exposed,
    }
    // CloudFront resolves the origin's name first: a name that does not resolve invokes nothing.
    if (!this.reachable(target)) return { failure: edgeFailures.originDns() }
    const headers: CfHeaders = { ...viewerRequest.headers }
    headers['host'] = [{ key: 'Host', value: target.domainName }]
    // Via and X-Forwarded-For go on with this hop appended to what the viewer sent.
    const viewerVia = headers['via']?.map((entry) => entry.value).join(', ')
    headers['via'] = [{ key: 'Via', value: viewerVia === undefined || viewerVia === '' ? this.viaEntry() : `${viewerVia}, ${this.viaEntry()}` }]
    const viewerXff = headers['x-forwarded-for']?.map((entry) => entry.value).join(', ')
    headers['x-forwarded-for'] = [{ key: 'X-Forwarded-For', value: viewerXff === undefined || viewerXff === '' ? VIEWER_IP : `${viewerXff}, ${VIEWER_IP}` }]
    let originRequest: CfRequest = {
      ...viewerRequest,
      headers,
      origin: {
        custom: {
          customHeaders: target.customHeaders,
          domainName: target.domainName,
          keepaliveTimeout: 5,
          path: target.path,
          port: 443,
          protocol: 'https',
          readTimeout: 30,
          sslProtocols: ['TLSv1.2'],
        },
      },
    }
    let body = viewerBody

    const originFn = this.associations.get('origin-request')
    if (originFn !== undefined) {
      const event = this.withBody(originRequest, body, originFn)
      const outcome = await this.trigger(originFn, event)
      if ('failure' in outcome) return outcome
      const read = readRequestResult(outcome.payload, event, 'origin-request', limitsOf('origin-request'))
      if (read.kind === 'failure') return read
      if (read.kind === 'response') {
        // Answered before the origin: the origin-response function does not run.
        this.xCache = 'LambdaGeneratedResponse from cloudfront'
        return { response: fromEdgeResponse(read.response, new Uint8Array()) }
      }
      originRequest = withoutBody(read.request)
      if (read.replacedBody !== undefined) body = read.replacedBody
      if (read.origin !== undefined) {
        target = read.origin
        // A changed name is resolved again after the function.
        if (!this.reachable(target)) return { failure: edgeFailures.originDns() }
      }
    }

    const fetched = await this.fetchOrigin(target, originRequest, body)
    if ('failure' in fetched) return fetched
    let answer = fetched.response

    const originResponseFn = this.associations.get('origin-response')
    if (originResponseFn !== undefined) {
      const before = cfResponse(answer)
      const outcome = await this.trigger(originResponseFn, originRequest, before)
      if ('failure' in outcome) return outcome
      const read = readResponseResult(outcome.payload, before, 'origin-response', limitsOf('origin-response'))
      if ('failure' in read) return read
      answer = { status: read.status, statusText: read.statusDescription ?? (read.status === answer.status ? answer.statusText : undefined), headers: read.headers, hidden: answer.hidden, body: read.body ?? answer.body }
    }
    return { response: answer }
  }

  /** The origin's answer: the configured origin's handler, or the simulated door serving the host. */
  private async fetchOrigin(target: OriginTarget, request: CfRequest, body: Uint8Array): Promise<{ response: OriginAnswer } | { failure: EdgeFailure }> {
    const url = new URL(`https://${target.domainName}${target.path}${request.uri}${request.querystring === '' ? '' : `?${request.querystring}`}`)
    // CloudFront's own request id goes along (a disallowed header: no function sees or sets it).
    const headers: HeaderLine[] = [...fromCfHeaders(request.headers), ...fromCfHeaders(target.customHeaders), ['X-Amz-Cf-Id', this.requestId]]
    const handler = target.domainName === this.origin.domainName.toLowerCase() ? this.origin.handler : undefined
    let answered: DoorResponse
    try {
      answered =
        handler !== undefined
          ? await this.context.outside(`the origin handler of ${this.origin.domainName}`, () => callHandler(handler, { method: request.method, url, headers, body }))
          : await this.context.forward({ method: request.method, url, headers, body })
    } catch (error) {
      // A misuse of the simulation (an origin handler that never settles, a drive that failed) is the caller's to see.
      if (error instanceof SimulationError) throw error
      // [SIM] An origin handler that throws is an origin CloudFront could not get an answer from.
      return { failure: { kind: 'Error', status: 502, reason: 'CloudFront wasn\u2019t able to connect to the origin.' } }
    }
    const split = toCfHeaders(answered.headers)
    return { response: { status: answered.status, statusText: answered.statusText, headers: split.exposed, hidden: split.hidden, body: answered.body } }
  }

  private reachable(target: OriginTarget): boolean {
    if (this.origin.handler !== undefined && target.domainName === this.origin.domainName.toLowerCase()) return true
    return this.access.resolves(target.domainName)
  }

  /** The request as a request function sees it, with the body when the association includes it. */
  private withBody(request: CfRequest, body: Uint8Array, association: LambdaFunctionAssociation): CfRequest {
    if (association.includeBody !== true) return request
    const max = limitsOf(association.eventType).exposedBodyBytesMax
    const shown = body.byteLength > max ? body.subarray(0, max) : body
    return { ...request, body: { inputTruncated: body.byteLength > max, action: 'read-only', encoding: 'base64', data: Buffer.from(shown).toString('base64') } }
  }

  private config(eventType: EdgeEventType): CfConfig {
    return { distributionDomainName: this.distribution.domainName, distributionId: this.distribution.id, eventType, requestId: this.requestId }
  }

  /** Runs one function on the event, within its trigger's time, and reads how it went. */
  private async trigger(association: LambdaFunctionAssociation, request: CfRequest, response?: CfResponse): Promise<TriggerOutcome> {
    const event = edgeEvent(this.config(association.eventType), request, response)
    const limits = limitsOf(association.eventType)
    const result = await this.context.invoke({ functionName: association.lambdaFunctionArn, payload: event }, { timeoutMs: limits.timeoutSecondsMax * 1000 })
    if (result === DOOR_TIMEOUT) return { failure: edgeFailures.limitExceeded() }
    if (result.error !== undefined) return { failure: result.error.name === 'TooManyRequestsException' ? edgeFailures.limitExceeded() : edgeFailures.execution() }
    if (result.functionError !== undefined) {
      const errorType = (result.payload as { errorType?: unknown } | null)?.errorType
      return { failure: errorType === 'Sandbox.Timedout' ? edgeFailures.limitExceeded() : edgeFailures.execution() }
    }
    return { payload: result.payload }
  }

  private generated(response: EdgeResponse): DoorResponse {
    this.xCache = 'LambdaGeneratedResponse from cloudfront'
    const answer = fromEdgeResponse(response, new Uint8Array())
    return this.finish(answer.status, fromCfHeaders(answer.headers), answer.body, answer.statusText)
  }

  private fail(failure: EdgeFailure): DoorResponse {
    const page = errorPage(failure, this.requestId)
    return { status: page.status, headers: [...page.headers, ...this.edgeHeaders()], body: page.body }
  }

  /** The headers CloudFront adds to every response it sends a viewer. */
  private finish(status: number, headers: HeaderLine[], body: Uint8Array, statusText: string | undefined): DoorResponse {
    const kept = headers.filter(([name]) => !/^(x-cache|via|x-amz-cf-pop|x-amz-cf-id)$/i.test(name))
    // A HEAD answer carries the headers of the GET one and no body.
    const sent = this.request.method === 'HEAD' ? new Uint8Array() : body
    const answer: DoorResponse = { status, headers: [...kept, ['X-Cache', this.xCache], ...this.edgeHeaders()], body: sent }
    return statusText === undefined || statusText === '' ? answer : { ...answer, statusText }
  }

  /** This edge server's entry in a `Via` header. */
  private viaEntry(): string {
    return `1.1 ${this.distribution.viaHost} (CloudFront)`
  }

  private edgeHeaders(): HeaderLine[] {
    return [
      ['Via', this.viaEntry()],
      ['X-Amz-Cf-Pop', EDGE_POP],
      ['X-Amz-Cf-Id', this.requestId],
    ]
  }
}

/** A response on its way back: the headers functions see, the ones they do not, the body. */
interface OriginAnswer {
  readonly status: number
  /** The reason phrase an origin or a function gave, if any (the viewer gets it). */
  readonly statusText?: string | undefined
  readonly headers: CfHeaders
  readonly hidden: readonly HeaderLine[]
  readonly body: Uint8Array
}

function fromEdgeResponse(response: EdgeResponse, fallbackBody: Uint8Array): OriginAnswer {
  return { status: response.status, statusText: response.statusDescription, headers: response.headers, hidden: [], body: response.body ?? fallbackBody }
}

/** A response as a response function sees it (`status` as text, the reason phrase the origin gave or the standard one). */
function cfResponse(answer: OriginAnswer): CfResponse {
  return { status: String(answer.status), statusDescription: answer.statusText ?? STATUS_CODES[answer.status] ?? '', headers: answer.headers }
}

function withoutBody(request: CfRequest): CfRequest {
  if (request.body === undefined) return request
  const { body: _body, ...rest } = request
  return rest
}

/** The user's origin handler, called with a WHATWG `Request` and read back from its `Response`. */
async function callHandler(handler: NonNullable<Origin['handler']>, request: DoorRequest): Promise<DoorResponse> {
  const headers = new Headers()
  for (const [name, value] of request.headers) {
    try {
      headers.append(name, value)
    } catch {
      // A line the platform's Headers refuses is one no real server would have received either.
    }
  }
  const hasBody = request.body.byteLength > 0 && request.method !== 'GET' && request.method !== 'HEAD'
  // A copy on its own ArrayBuffer, and forEach rather than entries(): the types hold with the DOM lib too.
  const response = await handler(new Request(request.url, { method: request.method, headers, ...(hasBody ? { body: new Uint8Array(request.body) } : {}) }))
  if (!(response instanceof Response)) throw new TypeError('[SIM] an origin handler must return a Response')
  // Iteration gives each set-cookie line apart (the Fetch standard's rule), as entries() would.
  const lines: HeaderLine[] = []
  response.headers.forEach((value, name) => lines.push([name, value]))
  const answer: DoorResponse = { status: response.status, headers: lines, body: new Uint8Array(await response.arrayBuffer()) }
  return response.statusText === '' ? answer : { ...answer, statusText: response.statusText }
}

/** A request's cache behaviour and its place (0: the default one; i + 1: `cacheBehaviors[i]`). */
export interface MatchedBehavior {
  readonly behavior: DefaultCacheBehavior
  readonly index: number
}

/** The cache behaviour whose path pattern matches first; the default one otherwise. */
export function behaviorFor(config: DistributionConfig, path: string): MatchedBehavior {
  const behaviors = config.cacheBehaviors ?? []
  for (const [i, behavior] of behaviors.entries()) if (pathPatternRegExp(behavior.pathPattern).test(path)) return { behavior, index: i + 1 }
  return { behavior: config.defaultCacheBehavior, index: 0 }
}

/** CloudFront's path pattern: `*` any run of characters, `?` exactly one; case-sensitive; `/` implied in front. */
export function pathPatternRegExp(pattern: string): RegExp {
  const rooted = pattern.startsWith('/') ? pattern : `/${pattern}`
  const source = rooted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`)
}
