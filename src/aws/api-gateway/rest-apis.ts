/**
 * REST APIs' control plane (`sim.apiGateway`): a tree of resources under `/`, methods on them
 * with Lambda proxy integrations, deployments that freeze the tree, and stages that serve a
 * deployment with their own variables. What a stage serves changes only when it is pointed at a
 * new deployment — as on AWS, where an edit is invisible until the API is deployed again.
 */
import type {
  CreateRestApiInput,
  CreateRestDeploymentInput,
  CreateRestStageInput,
  PutIntegrationInput,
  PutMethodInput,
  RestApi,
  RestApiGatewayApi,
  RestApiRef,
  RestDeployment,
  RestIntegration,
  RestMethod,
  RestResource,
  RestStage,
  ThrottleSettings,
} from './api.js'
import { apiGatewayErrors } from './errors.js'
import type { GatewayIds } from './gateway-ids.js'
import { checkRestIntegrationUri } from './integration-target.js'
import { checkThrottleSettings } from './throttling.js'
import { bestMatch, parseTemplate, segmentOf, type TemplateMatch, type TemplateSegment } from './path-templates.js'

export const REST_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'] as const
/** REST APIs' integration timeout: 50 ms to 29 s, 29 s by default. */
export const REST_TIMEOUT_MS_MAX = 29_000
const TIMEOUT_MS_MIN = 50

interface ResourceState {
  readonly id: string
  readonly parentId: string | undefined
  readonly pathPart: string | undefined
  readonly path: string
  readonly template: readonly TemplateSegment[]
  readonly methods: Map<string, RestMethod>
}

/** A resource as a deployment froze it. */
export interface DeployedResource {
  readonly id: string
  readonly path: string
  readonly template: readonly TemplateSegment[]
  readonly methods: ReadonlyMap<string, RestMethod>
}

interface DeploymentState {
  readonly info: RestDeployment
  readonly resources: readonly DeployedResource[]
  readonly binaryMediaTypes: readonly string[]
}

interface RestApiState {
  api: RestApi
  readonly resources: Map<string, ResourceState>
  readonly deployments: Map<string, DeploymentState>
  readonly stages: Map<string, RestStage>
}

/** What a stage answers for a request: its route, or why there is none. */
export type RestRouting =
  | { readonly kind: 'no-stage' }
  | { readonly kind: 'no-route' }
  | {
      readonly kind: 'route'
      readonly stage: RestStage
      readonly resource: DeployedResource
      readonly method: RestMethod
      readonly match: TemplateMatch
      readonly binaryMediaTypes: readonly string[]
    }

const PATH_PART = /^(\{[a-zA-Z0-9._-]+\+?\}|[a-zA-Z0-9._:-]+)$/
const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/

export class RestApis implements RestApiGatewayApi {
  private readonly apis = new Map<string, RestApiState>()

  constructor(
    private readonly ids: GatewayIds,
    private readonly nowMs: () => number,
    private readonly endpoint: (apiId: string) => string,
    /** A fresh API id, unique among REST and HTTP APIs. */
    private readonly newApiId: () => string,
  ) {}

  has(apiId: string): boolean {
    return this.apis.has(apiId)
  }

  private now(): string {
    return new Date(this.nowMs()).toISOString()
  }

  private state(restApiId: string): RestApiState {
    const state = this.apis.get(restApiId)
    if (state === undefined) throw apiGatewayErrors.restApiNotFound()
    return state
  }

  private resource(state: RestApiState, resourceId: string): ResourceState {
    const resource = state.resources.get(resourceId)
    if (resource === undefined) throw apiGatewayErrors.resourceNotFound()
    return resource
  }

  private method(resource: ResourceState, httpMethod: string): RestMethod {
    const method = resource.methods.get(httpMethod.toUpperCase())
    if (method === undefined) throw apiGatewayErrors.methodNotFound()
    return method
  }

  createRestApi(input: CreateRestApiInput): RestApi {
    if (typeof input.name !== 'string' || input.name.trim() === '') throw apiGatewayErrors.badRequest('Invalid REST API name specified')
    const id = this.newApiId()
    const rootResourceId = this.ids.controlId(10)
    const api: RestApi = {
      id,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdDate: this.now(),
      binaryMediaTypes: [...(input.binaryMediaTypes ?? [])],
      rootResourceId,
      endpointConfiguration: { types: ['REGIONAL'] },
    }
    const root: ResourceState = { id: rootResourceId, parentId: undefined, pathPart: undefined, path: '/', template: [], methods: new Map() }
    this.apis.set(id, { api, resources: new Map([[rootResourceId, root]]), deployments: new Map(), stages: new Map() })
    return api
  }

  getRestApi(input: RestApiRef): RestApi {
    return this.state(input.restApiId).api
  }

  getRestApis(): { items: RestApi[] } {
    return { items: [...this.apis.values()].map((state) => state.api) }
  }

  deleteRestApi(input: RestApiRef): void {
    this.state(input.restApiId)
    this.apis.delete(input.restApiId)
  }

  private view(resource: ResourceState): RestResource {
    return {
      id: resource.id,
      ...(resource.parentId !== undefined ? { parentId: resource.parentId, pathPart: resource.pathPart as string } : {}),
      path: resource.path,
      ...(resource.methods.size > 0 ? { resourceMethods: Object.fromEntries(resource.methods) } : {}),
    }
  }

  getResources(input: RestApiRef): { items: RestResource[] } {
    return { items: [...this.state(input.restApiId).resources.values()].map((resource) => this.view(resource)) }
  }

  getResource(input: RestApiRef & { resourceId: string }): RestResource {
    return this.view(this.resource(this.state(input.restApiId), input.resourceId))
  }

  createResource(input: RestApiRef & { parentId: string; pathPart: string }): RestResource {
    const state = this.state(input.restApiId)
    const parent = this.resource(state, input.parentId)
    if (typeof input.pathPart !== 'string' || !PATH_PART.test(input.pathPart)) {
      throw apiGatewayErrors.badRequest(
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
      )
    }
    if (parent.template.at(-1)?.kind === 'greedy') throw apiGatewayErrors.badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.path}`)
    const segment = segmentOf(input.pathPart)
    for (const sibling of state.resources.values()) {
      if (sibling.parentId !== parent.id) continue
      if (sibling.pathPart === input.pathPart) throw apiGatewayErrors.conflict(`Another resource with the same parent already has this name: ${input.pathPart}`)
      const siblingKind = segmentOf(sibling.pathPart as string).kind
      if (segment.kind !== 'literal' && siblingKind !== 'literal') {
        throw apiGatewayErrors.badRequest(`A sibling (${sibling.pathPart}) of this resource already has a variable path part -- only one is allowed`)
      }
    }
    const path = parent.path === '/' ? `/${input.pathPart}` : `${parent.path}/${input.pathPart}`
    const resource: ResourceState = { id: this.ids.controlId(6), parentId: parent.id, pathPart: input.pathPart, path, template: parseTemplate(path), methods: new Map() }
    state.resources.set(resource.id, resource)
    return this.view(resource)
  }

  deleteResource(input: RestApiRef & { resourceId: string }): void {
    const state = this.state(input.restApiId)
    const resource = this.resource(state, input.resourceId)
    if (resource.parentId === undefined) throw apiGatewayErrors.badRequest('Cannot delete the root resource')
    const doomed = new Set([resource.id])
    // Resources are stored parents first, so one pass finds every descendant.
    for (const candidate of state.resources.values()) if (candidate.parentId !== undefined && doomed.has(candidate.parentId)) doomed.add(candidate.id)
    for (const id of doomed) state.resources.delete(id)
  }

  putMethod(input: PutMethodInput): RestMethod {
    const resource = this.resource(this.state(input.restApiId), input.resourceId)
    const httpMethod = checkedMethod(input.httpMethod)
    if (input.authorizationType !== 'NONE') {
      throw apiGatewayErrors.badRequest(`lambda-sim simulates authorizationType NONE only (got ${String(input.authorizationType)})`)
    }
    if (resource.methods.has(httpMethod)) throw apiGatewayErrors.conflict('Method already exists for this resource')
    const method: RestMethod = { httpMethod, authorizationType: 'NONE' }
    resource.methods.set(httpMethod, method)
    return method
  }

  getMethod(input: RestApiRef & { resourceId: string; httpMethod: string }): RestMethod {
    return this.method(this.resource(this.state(input.restApiId), input.resourceId), input.httpMethod)
  }

  deleteMethod(input: RestApiRef & { resourceId: string; httpMethod: string }): void {
    const resource = this.resource(this.state(input.restApiId), input.resourceId)
    this.method(resource, input.httpMethod)
    resource.methods.delete(input.httpMethod.toUpperCase())
  }

  putIntegration(input: PutIntegrationInput): RestIntegration {
    const resource = this.resource(this.state(input.restApiId), input.resourceId)
    const method = this.method(resource, input.httpMethod)
    if (input.type !== 'AWS_PROXY') throw apiGatewayErrors.badRequest(`lambda-sim simulates Lambda proxy integrations only (type AWS_PROXY, got ${String(input.type)})`)
    if (input.integrationHttpMethod !== 'POST') throw apiGatewayErrors.badRequest('Lambda proxy integrations invoke the function with POST: set integrationHttpMethod to POST')
    checkRestIntegrationUri(input.uri)
    const timeoutInMillis = input.timeoutInMillis ?? REST_TIMEOUT_MS_MAX
    if (!Number.isInteger(timeoutInMillis) || timeoutInMillis < TIMEOUT_MS_MIN || timeoutInMillis > REST_TIMEOUT_MS_MAX) {
      throw apiGatewayErrors.badRequest(`Timeout should be between ${TIMEOUT_MS_MIN} ms and ${REST_TIMEOUT_MS_MAX} ms`)
    }
    const integration: RestIntegration = { type: 'AWS_PROXY', httpMethod: 'POST', uri: input.uri, timeoutInMillis }
    resource.methods.set(method.httpMethod, { ...method, methodIntegration: integration })
    return integration
  }

  getIntegration(input: RestApiRef & { resourceId: string; httpMethod: string }): RestIntegration {
    const method = this.method(this.resource(this.state(input.restApiId), input.resourceId), input.httpMethod)
    if (method.methodIntegration === undefined) throw apiGatewayErrors.integrationNotFound()
    return method.methodIntegration
  }

  createDeployment(input: CreateRestDeploymentInput): RestDeployment {
    const state = this.state(input.restApiId)
    const resources = [...state.resources.values()]
    if (resources.every((resource) => resource.methods.size === 0)) throw apiGatewayErrors.badRequest("The REST API doesn't contain any methods")
    // As on AWS, a method waiting for its integration cannot be deployed.
    if (resources.some((resource) => [...resource.methods.values()].some((method) => method.methodIntegration === undefined))) {
      throw apiGatewayErrors.badRequest('No integration defined for method')
    }
    if (input.stageName !== undefined) checkStageName(input.stageName)
    const info: RestDeployment = {
      id: this.ids.controlId(6),
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdDate: this.now(),
    }
    const frozen = resources.map((resource): DeployedResource => ({ id: resource.id, path: resource.path, template: resource.template, methods: new Map(resource.methods) }))
    state.deployments.set(info.id, { info, resources: frozen, binaryMediaTypes: [...state.api.binaryMediaTypes] })
    if (input.stageName !== undefined) {
      const existing = state.stages.get(input.stageName)
      const variables = input.variables ?? existing?.variables ?? {}
      const description = input.stageDescription ?? existing?.description
      state.stages.set(input.stageName, {
        stageName: input.stageName,
        deploymentId: info.id,
        ...(description !== undefined ? { description } : {}),
        variables: { ...variables },
        methodSettings: existing?.methodSettings ?? {},
        createdDate: existing?.createdDate ?? info.createdDate,
        lastUpdatedDate: info.createdDate,
      })
    }
    return info
  }

  getDeployments(input: RestApiRef): { items: RestDeployment[] } {
    return { items: [...this.state(input.restApiId).deployments.values()].map((deployment) => deployment.info) }
  }

  createStage(input: CreateRestStageInput): RestStage {
    const state = this.state(input.restApiId)
    checkStageName(input.stageName)
    if (!state.deployments.has(input.deploymentId)) throw apiGatewayErrors.deploymentNotFound()
    if (state.stages.has(input.stageName)) throw apiGatewayErrors.conflict('Stage already exists')
    checkThrottleSettings(input.methodSettings)
    const now = this.now()
    const stage: RestStage = {
      stageName: input.stageName,
      deploymentId: input.deploymentId,
      ...(input.description !== undefined ? { description: input.description } : {}),
      variables: { ...(input.variables ?? {}) },
      methodSettings: { ...(input.methodSettings ?? {}) },
      createdDate: now,
      lastUpdatedDate: now,
    }
    state.stages.set(stage.stageName, stage)
    return stage
  }

  getStage(input: RestApiRef & { stageName: string }): RestStage {
    const stage = this.state(input.restApiId).stages.get(input.stageName)
    if (stage === undefined) throw apiGatewayErrors.stageNotFound()
    return stage
  }

  getStages(input: RestApiRef): { item: RestStage[] } {
    return { item: [...this.state(input.restApiId).stages.values()] }
  }

  updateStage(
    input: RestApiRef & { stageName: string; deploymentId?: string; variables?: Readonly<Record<string, string>>; methodSettings?: Readonly<Record<string, ThrottleSettings>> },
  ): RestStage {
    const state = this.state(input.restApiId)
    const stage = this.getStage(input)
    if (input.deploymentId !== undefined && !state.deployments.has(input.deploymentId)) throw apiGatewayErrors.deploymentNotFound()
    checkThrottleSettings(input.methodSettings)
    const updated: RestStage = {
      ...stage,
      deploymentId: input.deploymentId ?? stage.deploymentId,
      variables: { ...(input.variables ?? stage.variables) },
      methodSettings: { ...(input.methodSettings ?? stage.methodSettings) },
      lastUpdatedDate: this.now(),
    }
    state.stages.set(stage.stageName, updated)
    return updated
  }

  deleteStage(input: RestApiRef & { stageName: string }): void {
    this.getStage(input)
    this.state(input.restApiId).stages.delete(input.stageName)
  }

  invokeUrl(input: RestApiRef & { stageName: string }): string {
    this.getStage(input)
    return `${this.endpoint(input.restApiId)}/${input.stageName}/`
  }

  /**
   * What the stage `stageName` serves for `method` on the path `segments` (after the stage): the
   * most specific deployed resource matching the path, then its method or else its `ANY` method.
   */
  route(apiId: string, stageName: string, method: string, segments: readonly string[]): RestRouting {
    const state = this.apis.get(apiId)
    const stage = state?.stages.get(stageName)
    const deployment = stage === undefined ? undefined : state?.deployments.get(stage.deploymentId)
    if (stage === undefined || deployment === undefined) return { kind: 'no-stage' }
    const found = bestMatch(deployment.resources, (resource) => resource.template, segments)
    if (found === undefined) return { kind: 'no-route' }
    const chosen = found.candidate.methods.get(method) ?? found.candidate.methods.get('ANY')
    if (chosen === undefined) return { kind: 'no-route' }
    return { kind: 'route', stage, resource: found.candidate, method: chosen, match: found.match, binaryMediaTypes: deployment.binaryMediaTypes }
  }
}

function checkedMethod(httpMethod: string): string {
  const upper = typeof httpMethod === 'string' ? httpMethod.toUpperCase() : ''
  if (!(REST_METHODS as readonly string[]).includes(upper)) throw apiGatewayErrors.badRequest(`Invalid HttpMethod specified. Valid options are ${REST_METHODS.join(',')}`)
  return upper
}

function checkStageName(stageName: string): void {
  if (typeof stageName !== 'string' || !STAGE_NAME.test(stageName)) throw apiGatewayErrors.badRequest('Stage name only allows a-zA-Z0-9_')
}
