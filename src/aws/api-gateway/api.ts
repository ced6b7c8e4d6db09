/**
 * Amazon API Gateway as the simulation's users call it: `sim.apiGateway` for REST APIs (the
 * `APIGatewayClient` verbs: rest APIs, resources, methods, integrations, deployments, stages) and
 * `sim.apiGatewayV2` for HTTP APIs (the `ApiGatewayV2Client` verbs: APIs, integrations, routes,
 * stages, deployments). Names and shapes are AWS's, camel-cased. Requests reach a deployed stage
 * through `sim.fetch('https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/…')`.
 *
 * Only Lambda proxy integrations (`AWS_PROXY`) and `authorizationType: 'NONE'` are simulated.
 */

/** Request throttling of a stage's methods or an HTTP API's routes (a token bucket on the virtual clock). */
export interface ThrottleSettings {
  /** Requests let through at once (the bucket's size); 0 refuses every request. */
  readonly throttlingBurstLimit?: number
  /** Requests per second the bucket refills with. */
  readonly throttlingRateLimit?: number
}

// ------------------------------------------------------------------ REST APIs (API Gateway v1)

export interface RestApi {
  readonly id: string
  readonly name: string
  readonly description?: string
  /** ISO-8601, virtual time. */
  readonly createdDate: string
  /** Media types (`image/png`, `image/*`, `*\/*`) whose bodies pass as bytes: base64 to the function, decoded to the client. */
  readonly binaryMediaTypes: readonly string[]
  readonly rootResourceId: string
  /** [SIM] Always `REGIONAL`: no CloudFront in front (no `CloudFront-*` headers). */
  readonly endpointConfiguration: { readonly types: readonly ['REGIONAL'] }
}

export interface CreateRestApiInput {
  readonly name: string
  readonly description?: string
  readonly binaryMediaTypes?: readonly string[]
}

/** A Lambda proxy integration of a method. */
export interface RestIntegration {
  readonly type: 'AWS_PROXY'
  /** Lambda is always called with `POST`. */
  readonly httpMethod: 'POST'
  /** `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`; `${stageVariables.name}` is filled in per stage. */
  readonly uri: string
  /** 50–29,000 ms; default 29,000. Past it the client gets 504. */
  readonly timeoutInMillis: number
}

export interface RestMethod {
  readonly httpMethod: string
  readonly authorizationType: 'NONE'
  readonly methodIntegration?: RestIntegration
}

export interface RestResource {
  readonly id: string
  /** Absent for the root resource `/`. */
  readonly parentId?: string
  readonly pathPart?: string
  /** The full template path, e.g. `/items/{id}`. */
  readonly path: string
  readonly resourceMethods?: Readonly<Record<string, RestMethod>>
}

export interface RestDeployment {
  readonly id: string
  readonly description?: string
  readonly createdDate: string
}

export interface RestStage {
  readonly stageName: string
  readonly deploymentId: string
  readonly description?: string
  readonly variables: Readonly<Record<string, string>>
  /**
   * Throttling by method: the key `*\/*` for every method of the stage, or AWS's
   * `<resource path with / written ~1>/<METHOD>` (`~1items~1{id}/GET`) for one.
   */
  readonly methodSettings: Readonly<Record<string, ThrottleSettings>>
  readonly createdDate: string
  readonly lastUpdatedDate: string
}

export interface RestApiRef {
  readonly restApiId: string
}

export interface PutMethodInput extends RestApiRef {
  readonly resourceId: string
  /** `GET`, `POST`, …, or `ANY`. */
  readonly httpMethod: string
  /** Only `NONE` is simulated. */
  readonly authorizationType: string
}

export interface PutIntegrationInput extends RestApiRef {
  readonly resourceId: string
  readonly httpMethod: string
  /** Only `AWS_PROXY` is simulated. */
  readonly type: string
  /** Must be `POST` for Lambda. */
  readonly integrationHttpMethod: string
  readonly uri: string
  readonly timeoutInMillis?: number
}

export interface CreateRestDeploymentInput extends RestApiRef {
  /** Creates the stage (or points it at this deployment). */
  readonly stageName?: string
  readonly stageDescription?: string
  readonly description?: string
  /** Stage variables of the stage named by `stageName`. */
  readonly variables?: Readonly<Record<string, string>>
}

export interface CreateRestStageInput extends RestApiRef {
  readonly stageName: string
  readonly deploymentId: string
  readonly description?: string
  readonly variables?: Readonly<Record<string, string>>
  /** [SIM] AWS sets these with `UpdateStage`; taken here too. */
  readonly methodSettings?: Readonly<Record<string, ThrottleSettings>>
}

/** `APIGatewayClient`'s verbs for REST APIs with Lambda proxy integrations. */
export interface RestApiGatewayApi {
  createRestApi(input: CreateRestApiInput): RestApi
  getRestApi(input: RestApiRef): RestApi
  /** One page, creation order. */
  getRestApis(): { items: RestApi[] }
  /** Its stages stop answering at once. */
  deleteRestApi(input: RestApiRef): void
  /** Every resource of the API, root first, then in creation order; `resourceMethods` filled in. */
  getResources(input: RestApiRef): { items: RestResource[] }
  getResource(input: RestApiRef & { resourceId: string }): RestResource
  /** `pathPart`: a literal (`items`), a variable (`{id}`) or a greedy variable (`{proxy+}`, a leaf). */
  createResource(input: RestApiRef & { parentId: string; pathPart: string }): RestResource
  /** The resource and everything under it. */
  deleteResource(input: RestApiRef & { resourceId: string }): void
  putMethod(input: PutMethodInput): RestMethod
  getMethod(input: RestApiRef & { resourceId: string; httpMethod: string }): RestMethod
  deleteMethod(input: RestApiRef & { resourceId: string; httpMethod: string }): void
  putIntegration(input: PutIntegrationInput): RestIntegration
  getIntegration(input: RestApiRef & { resourceId: string; httpMethod: string }): RestIntegration
  /** A snapshot of the API's resources, methods and binary media types: later changes need a new deployment. */
  createDeployment(input: CreateRestDeploymentInput): RestDeployment
  getDeployments(input: RestApiRef): { items: RestDeployment[] }
  createStage(input: CreateRestStageInput): RestStage
  getStage(input: RestApiRef & { stageName: string }): RestStage
  getStages(input: RestApiRef): { item: RestStage[] }
  /**
   * Points a stage at another deployment and/or replaces its variables or method settings (AWS's
   * `UpdateStage` takes JSON patch operations; this takes the new values).
   */
  updateStage(
    input: RestApiRef & { stageName: string; deploymentId?: string; variables?: Readonly<Record<string, string>>; methodSettings?: Readonly<Record<string, ThrottleSettings>> },
  ): RestStage
  deleteStage(input: RestApiRef & { stageName: string }): void
  /** [SIM] The stage's invoke URL, `https://<id>.execute-api.<region>.amazonaws.com/<stage>/`. */
  invokeUrl(input: RestApiRef & { stageName: string }): string
}

// ------------------------------------------------------------------ HTTP APIs (API Gateway v2)

/**
 * An HTTP API's CORS configuration: API Gateway answers browsers' preflight requests itself (204,
 * the function never runs) and puts these headers on the integration's responses in place of any
 * `access-control-*` headers the function returned.
 */
export interface HttpCorsConfiguration {
  /** `https://app.example.com`, or `*`. */
  readonly allowOrigins?: readonly string[]
  /** `GET`, `POST`, …, or `*`. */
  readonly allowMethods?: readonly string[]
  readonly allowHeaders?: readonly string[]
  readonly exposeHeaders?: readonly string[]
  /** Seconds a browser may cache the preflight's answer. */
  readonly maxAge?: number
  readonly allowCredentials?: boolean
}

export interface HttpApi {
  readonly apiId: string
  readonly name: string
  readonly description?: string
  readonly protocolType: 'HTTP'
  /** `https://<api-id>.execute-api.<region>.amazonaws.com` (a named stage adds `/<stage>`). */
  readonly apiEndpoint: string
  readonly routeSelectionExpression: '$request.method $request.path'
  readonly corsConfiguration?: HttpCorsConfiguration
  readonly createdDate: string
}

export interface CreateHttpApiInput {
  readonly name: string
  /** Only `HTTP` is simulated (not `WEBSOCKET`). */
  readonly protocolType: string
  readonly description?: string
  /**
   * Quick create: a function ARN. Adds a Lambda proxy integration (payload format 2.0), a route
   * (`routeKey`, default `$default`) and the `$default` stage with automatic deployment.
   */
  readonly target?: string
  readonly routeKey?: string
  readonly corsConfiguration?: HttpCorsConfiguration
}

export interface HttpIntegration {
  readonly integrationId: string
  readonly integrationType: 'AWS_PROXY'
  /** A function ARN (or the `arn:aws:apigateway:…:lambda:path/…/invocations` form); `${stageVariables.name}` is filled in per stage. */
  readonly integrationUri: string
  readonly integrationMethod: 'POST'
  readonly payloadFormatVersion: '1.0' | '2.0'
  /** 50–30,000 ms; default 30,000. Past it the client gets 503. */
  readonly timeoutInMillis: number
}

export interface CreateHttpIntegrationInput {
  readonly apiId: string
  /** Only `AWS_PROXY` is simulated. */
  readonly integrationType: string
  readonly integrationUri: string
  /** Required for Lambda proxy integrations: `1.0` or `2.0`. */
  readonly payloadFormatVersion: string
  readonly integrationMethod?: string
  readonly timeoutInMillis?: number
}

export interface HttpRoute {
  readonly routeId: string
  /** `GET /items/{id}`, `ANY /{proxy+}`, or `$default`. */
  readonly routeKey: string
  /** `integrations/<integration id>`. */
  readonly target?: string
  readonly authorizationType: 'NONE'
}

export interface HttpStage {
  readonly stageName: string
  readonly autoDeploy: boolean
  readonly deploymentId?: string
  readonly stageVariables: Readonly<Record<string, string>>
  /** Throttling of every route of the stage. */
  readonly defaultRouteSettings?: ThrottleSettings
  /** Throttling by route key (`GET /items/{id}`), instead of the default. */
  readonly routeSettings?: Readonly<Record<string, ThrottleSettings>>
  readonly createdDate: string
  readonly lastUpdatedDate: string
}

export interface HttpDeployment {
  readonly deploymentId: string
  readonly description?: string
  readonly autoDeployed: boolean
  readonly createdDate: string
}

export interface HttpApiRef {
  readonly apiId: string
}

export interface CreateHttpStageInput extends HttpApiRef {
  /** `$default`, or a name of letters, digits, `-` and `_`. */
  readonly stageName: string
  readonly autoDeploy?: boolean
  readonly deploymentId?: string
  readonly stageVariables?: Readonly<Record<string, string>>
  readonly defaultRouteSettings?: ThrottleSettings
  readonly routeSettings?: Readonly<Record<string, ThrottleSettings>>
}

/** `ApiGatewayV2Client`'s verbs for HTTP APIs with Lambda proxy integrations. */
export interface HttpApiGatewayApi {
  createApi(input: CreateHttpApiInput): HttpApi
  getApi(input: HttpApiRef): HttpApi
  getApis(): { items: HttpApi[] }
  /** Changes the name, description or CORS configuration (`corsConfiguration: null` removes it). */
  updateApi(input: HttpApiRef & { name?: string; description?: string; corsConfiguration?: HttpCorsConfiguration | null }): HttpApi
  deleteApi(input: HttpApiRef): void
  createIntegration(input: CreateHttpIntegrationInput): HttpIntegration
  getIntegrations(input: HttpApiRef): { items: HttpIntegration[] }
  createRoute(input: HttpApiRef & { routeKey: string; target?: string }): HttpRoute
  getRoutes(input: HttpApiRef): { items: HttpRoute[] }
  deleteRoute(input: HttpApiRef & { routeId: string }): void
  /** `$default` serves the API's root; a named stage serves `/<stageName>/…`. */
  createStage(input: CreateHttpStageInput): HttpStage
  getStages(input: HttpApiRef): { items: HttpStage[] }
  deleteStage(input: HttpApiRef & { stageName: string }): void
  /** A snapshot of the routes and integrations, given to `stageName` when named (stages with `autoDeploy` follow every change). */
  createDeployment(input: HttpApiRef & { stageName?: string; description?: string }): HttpDeployment
}
