/**
 * HTTP APIs' control plane (`sim.apiGatewayV2`): Lambda proxy integrations (payload format 1.0 or
 * 2.0), routes (`GET /items/{id}`, `ANY /{proxy+}`, `$default`) pointing at them, and stages. A
 * stage with `autoDeploy` serves the API as it is now; another serves the deployment it was last
 * given. Quick create (`createApi` with a `target`) makes the integration, the route and the
 * auto-deployed `$default` stage in one call, as AWS does.
 */
import type { CreateHttpApiInput, CreateHttpIntegrationInput, CreateHttpStageInput, HttpApi, HttpCorsConfiguration, HttpApiGatewayApi, HttpApiRef, HttpDeployment, HttpIntegration, HttpRoute, HttpStage } from './api.js'
import { apiGatewayErrors } from './errors.js'
import type { GatewayIds } from './gateway-ids.js'
import { checkHttpIntegrationUri } from './integration-target.js'
import { checkThrottleSettings } from './throttling.js'
import { bestMatch, compareSpecificity, parseTemplate, type TemplateMatch, type TemplateSegment } from './path-templates.js'

/** HTTP APIs' integration timeout: 50 ms to 30 s, 30 s by default. */
export const HTTP_TIMEOUT_MS_MAX = 30_000
const TIMEOUT_MS_MIN = 50
const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']
const STAGE_NAME = /^(\$default|[a-zA-Z0-9_-]{1,128})$/

/** A route as a deployment serves it: its integration resolved. */
export interface ServedRoute {
  readonly route: HttpRoute
  /** Undefined for `$default`. */
  readonly method: string | undefined
  readonly template: readonly TemplateSegment[]
  readonly integration: HttpIntegration | undefined
}

interface HttpApiState {
  api: HttpApi
  readonly integrations: Map<string, HttpIntegration>
  readonly routes: Map<string, HttpRoute>
  readonly deployments: Map<string, { readonly info: HttpDeployment; readonly routes: readonly ServedRoute[] }>
  readonly stages: Map<string, HttpStage>
}

export type HttpRouting =
  | { readonly kind: 'no-route' }
  | { readonly kind: 'route'; readonly stage: HttpStage; readonly served: ServedRoute; readonly match: TemplateMatch | undefined; readonly path: string }

export class HttpApis implements HttpApiGatewayApi {
  private readonly apis = new Map<string, HttpApiState>()

  constructor(
    private readonly ids: GatewayIds,
    private readonly nowMs: () => number,
    private readonly endpoint: (apiId: string) => string,
    private readonly newApiId: () => string,
  ) {}

  has(apiId: string): boolean {
    return this.apis.has(apiId)
  }

  private now(): string {
    return new Date(this.nowMs()).toISOString()
  }

  private state(apiId: string): HttpApiState {
    const state = this.apis.get(apiId)
    if (state === undefined) throw apiGatewayErrors.httpApiNotFound(apiId)
    return state
  }

  createApi(input: CreateHttpApiInput): HttpApi {
    if (typeof input.name !== 'string' || input.name.trim() === '') throw apiGatewayErrors.badRequest('Invalid API name specified')
    if (input.protocolType !== 'HTTP') throw apiGatewayErrors.badRequest(`lambda-sim simulates HTTP APIs only (protocolType HTTP, got ${String(input.protocolType)})`)
    if (input.routeKey !== undefined && input.target === undefined) throw apiGatewayErrors.badRequest('RouteKey can only be specified with Target (quick create)')
    if (input.target !== undefined) checkHttpIntegrationUri(input.target)
    if (input.routeKey !== undefined) parseRouteKey(input.routeKey)
    const apiId = this.newApiId()
    const api: HttpApi = {
      apiId,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      protocolType: 'HTTP',
      apiEndpoint: this.endpoint(apiId),
      routeSelectionExpression: '$request.method $request.path',
      ...(input.corsConfiguration !== undefined ? { corsConfiguration: checkedCors(input.corsConfiguration) } : {}),
      createdDate: this.now(),
    }
    this.apis.set(apiId, { api, integrations: new Map(), routes: new Map(), deployments: new Map(), stages: new Map() })
    if (input.target !== undefined) {
      const integration = this.createIntegration({ apiId, integrationType: 'AWS_PROXY', integrationUri: input.target, payloadFormatVersion: '2.0' })
      this.createRoute({ apiId, routeKey: input.routeKey ?? '$default', target: `integrations/${integration.integrationId}` })
      this.createStage({ apiId, stageName: '$default', autoDeploy: true })
    }
    return api
  }

  getApi(input: HttpApiRef): HttpApi {
    return this.state(input.apiId).api
  }

  getApis(): { items: HttpApi[] } {
    return { items: [...this.apis.values()].map((state) => state.api) }
  }

  updateApi(input: HttpApiRef & { name?: string; description?: string; corsConfiguration?: HttpCorsConfiguration | null }): HttpApi {
    const state = this.state(input.apiId)
    if (input.name !== undefined && (typeof input.name !== 'string' || input.name.trim() === '')) throw apiGatewayErrors.badRequest('Invalid API name specified')
    const { corsConfiguration: _previous, ...rest } = state.api
    const cors = input.corsConfiguration === undefined ? state.api.corsConfiguration : input.corsConfiguration === null ? undefined : checkedCors(input.corsConfiguration)
    state.api = {
      ...rest,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(cors !== undefined ? { corsConfiguration: cors } : {}),
    }
    return state.api
  }

  deleteApi(input: HttpApiRef): void {
    this.state(input.apiId)
    this.apis.delete(input.apiId)
  }

  createIntegration(input: CreateHttpIntegrationInput): HttpIntegration {
    const state = this.state(input.apiId)
    if (input.integrationType !== 'AWS_PROXY') {
      throw apiGatewayErrors.badRequest(`lambda-sim simulates Lambda proxy integrations only (integrationType AWS_PROXY, got ${String(input.integrationType)})`)
    }
    checkHttpIntegrationUri(input.integrationUri)
    if (input.payloadFormatVersion !== '1.0' && input.payloadFormatVersion !== '2.0') {
      throw apiGatewayErrors.badRequest('PayloadFormatVersion must be 1.0 or 2.0 for AWS_PROXY integrations with Lambda')
    }
    if (input.integrationMethod !== undefined && input.integrationMethod !== 'POST') throw apiGatewayErrors.badRequest('Lambda proxy integrations invoke the function with POST')
    const timeoutInMillis = input.timeoutInMillis ?? HTTP_TIMEOUT_MS_MAX
    if (!Number.isInteger(timeoutInMillis) || timeoutInMillis < TIMEOUT_MS_MIN || timeoutInMillis > HTTP_TIMEOUT_MS_MAX) {
      throw apiGatewayErrors.badRequest(`Timeout must be between ${TIMEOUT_MS_MIN} ms and ${HTTP_TIMEOUT_MS_MAX} ms`)
    }
    const integration: HttpIntegration = {
      integrationId: this.ids.controlId(7),
      integrationType: 'AWS_PROXY',
      integrationUri: input.integrationUri,
      integrationMethod: 'POST',
      payloadFormatVersion: input.payloadFormatVersion,
      timeoutInMillis,
    }
    state.integrations.set(integration.integrationId, integration)
    return integration
  }

  getIntegrations(input: HttpApiRef): { items: HttpIntegration[] } {
    return { items: [...this.state(input.apiId).integrations.values()] }
  }

  createRoute(input: HttpApiRef & { routeKey: string; target?: string }): HttpRoute {
    const state = this.state(input.apiId)
    parseRouteKey(input.routeKey)
    if ([...state.routes.values()].some((route) => route.routeKey === input.routeKey)) throw apiGatewayErrors.conflict(`Route with key ${input.routeKey} already exists for this API`)
    if (input.target !== undefined) {
      const id = /^integrations\/([a-z0-9]+)$/.exec(input.target)?.[1]
      if (id === undefined || !state.integrations.has(id)) throw apiGatewayErrors.badRequest(`Invalid target specified: ${input.target} (expected integrations/<integration id>)`)
    }
    const route: HttpRoute = { routeId: this.ids.controlId(7), routeKey: input.routeKey, ...(input.target !== undefined ? { target: input.target } : {}), authorizationType: 'NONE' }
    state.routes.set(route.routeId, route)
    return route
  }

  getRoutes(input: HttpApiRef): { items: HttpRoute[] } {
    return { items: [...this.state(input.apiId).routes.values()] }
  }

  deleteRoute(input: HttpApiRef & { routeId: string }): void {
    const state = this.state(input.apiId)
    if (!state.routes.delete(input.routeId)) throw apiGatewayErrors.routeNotFound(input.routeId)
  }

  createStage(input: CreateHttpStageInput): HttpStage {
    const state = this.state(input.apiId)
    if (typeof input.stageName !== 'string' || !STAGE_NAME.test(input.stageName)) throw apiGatewayErrors.badRequest(`Invalid stage name: ${String(input.stageName)}`)
    if (state.stages.has(input.stageName)) throw apiGatewayErrors.conflict(`Stage ${input.stageName} already exists`)
    if (input.deploymentId !== undefined && !state.deployments.has(input.deploymentId)) throw apiGatewayErrors.badRequest(`Invalid deployment identifier specified ${input.deploymentId}`)
    checkThrottleSettings({ ...(input.defaultRouteSettings !== undefined ? { defaultRouteSettings: input.defaultRouteSettings } : {}), ...input.routeSettings })
    const now = this.now()
    const stage: HttpStage = {
      stageName: input.stageName,
      autoDeploy: input.autoDeploy ?? false,
      ...(input.deploymentId !== undefined ? { deploymentId: input.deploymentId } : {}),
      stageVariables: { ...(input.stageVariables ?? {}) },
      ...(input.defaultRouteSettings !== undefined ? { defaultRouteSettings: { ...input.defaultRouteSettings } } : {}),
      ...(input.routeSettings !== undefined ? { routeSettings: { ...input.routeSettings } } : {}),
      createdDate: now,
      lastUpdatedDate: now,
    }
    state.stages.set(stage.stageName, stage)
    return stage
  }

  getStages(input: HttpApiRef): { items: HttpStage[] } {
    return { items: [...this.state(input.apiId).stages.values()] }
  }

  deleteStage(input: HttpApiRef & { stageName: string }): void {
    const state = this.state(input.apiId)
    if (!state.stages.delete(input.stageName)) throw apiGatewayErrors.httpStageNotFound(input.stageName)
  }

  createDeployment(input: HttpApiRef & { stageName?: string; description?: string }): HttpDeployment {
    const state = this.state(input.apiId)
    const stage = input.stageName === undefined ? undefined : state.stages.get(input.stageName)
    if (input.stageName !== undefined && stage === undefined) throw apiGatewayErrors.httpStageNotFound(input.stageName)
    const info: HttpDeployment = {
      deploymentId: this.ids.controlId(6),
      ...(input.description !== undefined ? { description: input.description } : {}),
      autoDeployed: false,
      createdDate: this.now(),
    }
    state.deployments.set(info.deploymentId, { info, routes: this.servedRoutes(state) })
    if (stage !== undefined) state.stages.set(stage.stageName, { ...stage, deploymentId: info.deploymentId, lastUpdatedDate: info.createdDate })
    return info
  }

  /** The API's routes now, each with its integration. */
  private servedRoutes(state: HttpApiState): ServedRoute[] {
    return [...state.routes.values()].map((route) => {
      const { method, path } = parseRouteKey(route.routeKey)
      const integrationId = route.target?.slice('integrations/'.length)
      return { route, method, template: path === undefined ? [] : parseTemplate(path), integration: integrationId === undefined ? undefined : state.integrations.get(integrationId) }
    })
  }

  /**
   * What the API answers for `method` on `path` (the URL path as sent): the stage named by its
   * first segment (else `$default`), then the most specific route of that stage — a route naming
   * the method before an `ANY` one of the same path — else the `$default` route.
   */
  route(apiId: string, method: string, segments: readonly string[]): HttpRouting {
    const state = this.apis.get(apiId)
    if (state === undefined) return { kind: 'no-route' }
    const first = segments[0]
    const named = first !== undefined && first !== '$default' ? state.stages.get(first) : undefined
    const stage = named ?? state.stages.get('$default')
    if (stage === undefined) return { kind: 'no-route' }
    const rest = named !== undefined ? segments.slice(1) : segments
    const routes = stage.autoDeploy ? this.servedRoutes(state) : stage.deploymentId === undefined ? [] : (state.deployments.get(stage.deploymentId)?.routes ?? [])
    const path = `/${rest.join('/')}`
    let best: { served: ServedRoute; match: TemplateMatch } | undefined
    for (const served of routes) {
      if (served.method === undefined || (served.method !== method && served.method !== 'ANY')) continue
      const found = bestMatch([served], (candidate) => candidate.template, rest)
      if (found === undefined) continue
      const order = best === undefined ? -1 : compareSpecificity(found.match, best.match)
      // Same specificity: the route naming the method wins over ANY.
      if (order < 0 || (order === 0 && best !== undefined && best.served.method === 'ANY' && served.method !== 'ANY')) best = { served, match: found.match }
    }
    if (best !== undefined) return { kind: 'route', stage, served: best.served, match: best.match, path }
    const fallback = routes.find((served) => served.route.routeKey === '$default')
    return fallback === undefined ? { kind: 'no-route' } : { kind: 'route', stage, served: fallback, match: undefined, path }
  }
}

/** `$default`, or `METHOD /path` with a greedy variable only as the last segment. */
function parseRouteKey(routeKey: string): { method: string | undefined; path: string | undefined } {
  if (routeKey === '$default') return { method: undefined, path: undefined }
  const parts = typeof routeKey === 'string' ? /^([A-Z]+) (\/\S*)$/.exec(routeKey) : null
  if (parts === null || !ROUTE_METHODS.includes(parts[1] as string)) {
    throw apiGatewayErrors.badRequest(`Unable to parse route key ${String(routeKey)}: expected $default or METHOD /path with METHOD one of ${ROUTE_METHODS.join(', ')}`)
  }
  const template = parseTemplate(parts[2] as string)
  if (template.slice(0, -1).some((segment) => segment.kind === 'greedy')) throw apiGatewayErrors.badRequest(`Greedy path variables must be the last segment of a route key: ${routeKey}`)
  return { method: parts[1], path: parts[2] }
}

/** A copy of a CORS configuration, its lists of text and `maxAge` (-1 to 86,400 s) checked. */
function checkedCors(cors: HttpCorsConfiguration): HttpCorsConfiguration {
  const lists = ['allowOrigins', 'allowMethods', 'allowHeaders', 'exposeHeaders'] as const
  for (const name of lists) {
    const value = cors[name]
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) throw apiGatewayErrors.badRequest(`Invalid CORS ${name}: expected a list of strings`)
  }
  if (cors.maxAge !== undefined && (!Number.isInteger(cors.maxAge) || cors.maxAge < -1 || cors.maxAge > 86_400)) throw apiGatewayErrors.badRequest('Invalid CORS maxAge: expected -1 to 86400 seconds')
  return {
    ...Object.fromEntries(lists.filter((name) => cors[name] !== undefined).map((name) => [name, [...(cors[name] as readonly string[])]])),
    ...(cors.maxAge !== undefined ? { maxAge: cors.maxAge } : {}),
    ...(cors.allowCredentials !== undefined ? { allowCredentials: cors.allowCredentials } : {}),
  }
}
