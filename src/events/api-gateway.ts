/**
 * API Gateway REST API proxy events, payload format 1.0 (`APIGatewayProxyEvent`).
 *
 * As REST APIs send them: header names as the client sent them, single-value maps holding the last
 * value and multi-value maps holding all, absent parts `null` (not missing), `requestContext.path`
 * prefixed with the stage, and an `identity` whose unknown fields are `null`.
 */
import type { APIGatewayEventIdentity, APIGatewayProxyEvent, APIGatewayProxyEventBase } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { commonLogTime, derivedAlphanumeric, derivedBase64, derivedUuid, parseInput, resolveScope } from './common.js'
import { groupPairs, headerGroups, httpRequest, httpRequestFields } from './http.js'

const BUILDER = 'apiGatewayProxyEvent'

const schema = schemaOnFirstUse(() => z
  .object({
    ...httpRequestFields(),
    /** The matched resource, e.g. `/orders/{id}` or `/{proxy+}` (default: the path itself). */
    resource: z.string().startsWith('/').optional(),
    /** Default `prod`. */
    stage: z.string().min(1).optional(),
    /** Default: derived from the account and Region (10 characters). */
    apiId: z.string().optional(),
    /** Default `<apiId>.execute-api.<region>.amazonaws.com`. */
    domainName: z.string().optional(),
    pathParameters: z.record(z.string(), z.string()).optional(),
    stageVariables: z.record(z.string(), z.string()).optional(),
    /** `requestContext.authorizer` (a Cognito `{ claims }` or a Lambda authorizer's context). */
    authorizer: z.record(z.string(), z.unknown()).optional(),
  })
  .strict())

export type ApiGatewayProxyEventInput = z.input<typeof schema>

/**
 * A REST API (payload format 1.0) proxy-integration request event.
 *
 * @example
 * const event = apiGatewayProxyEvent({ method: 'GET', path: '/orders/7', resource: '/orders/{id}', pathParameters: { id: '7' } })
 * // event.httpMethod === 'GET', event.pathParameters?.id === '7', event.body === null
 *
 * Gotchas: unlike HTTP API events, missing parts are `null` (`body`, `queryStringParameters`, …),
 * and `headers` keeps only the last value of a repeated header (all of them are in
 * `multiValueHeaders`).
 */
export function apiGatewayProxyEvent(input: Omit<ApiGatewayProxyEventInput, 'authorizer'> & { readonly authorizer?: undefined }): APIGatewayProxyEvent
export function apiGatewayProxyEvent<TAuthorizer extends object>(
  input: Omit<ApiGatewayProxyEventInput, 'authorizer'> & { readonly authorizer: TAuthorizer },
): APIGatewayProxyEventBase<TAuthorizer>
export function apiGatewayProxyEvent(input: ApiGatewayProxyEventInput): APIGatewayProxyEvent {
  const parsed = parseInput(BUILDER, schema, input)
  const scope = resolveScope(BUILDER, parsed)
  const request = httpRequest(parsed)
  const apiId = parsed.apiId ?? derivedAlphanumeric(10, false, 'rest-api', scope.region, scope.accountId)
  const domainName = parsed.domainName ?? `${apiId}.execute-api.${scope.region}.amazonaws.com`
  const stage = parsed.stage ?? 'prod'
  const resource = parsed.resource ?? request.path
  const requestKey = [BUILDER, request.method, request.path, request.query, request.headers, request.body?.text, scope.atMs]

  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const [name, values] of headerGroups(request, domainName, scope.atMs, requestKey, false)) {
    headers[name] = values[values.length - 1] as string
    multiValueHeaders[name] = values
  }
  const queryStringParameters: Record<string, string> = {}
  const multiValueQueryStringParameters: Record<string, string[]> = {}
  for (const [name, values] of groupPairs(request.query)) {
    queryStringParameters[name] = values[values.length - 1] as string
    multiValueQueryStringParameters[name] = values
  }
  const identity: APIGatewayEventIdentity = {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: request.sourceIp,
    user: null,
    userAgent: request.userAgent,
    userArn: null,
  }
  const hasQuery = request.query.length > 0
  const requestContext = {
    accountId: scope.accountId,
    apiId,
    // The key is required by the type; an event without an authorizer has none (dropped below).
    authorizer: parsed.authorizer,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? apiId,
    extendedRequestId: derivedBase64(11, 'extended', requestKey),
    httpMethod: request.method,
    identity,
    path: `/${stage}${request.path}`,
    protocol: 'HTTP/1.1',
    requestId: parsed.requestId ?? derivedUuid(requestKey),
    requestTime: commonLogTime(scope.atMs),
    requestTimeEpoch: scope.atMs,
    resourceId: derivedAlphanumeric(6, false, 'resource', apiId, resource),
    resourcePath: resource,
    stage,
  }
  if (parsed.authorizer === undefined) delete (requestContext as { authorizer?: unknown }).authorizer
  return {
    resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? queryStringParameters : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQueryStringParameters : null,
    pathParameters: parsed.pathParameters !== undefined ? { ...parsed.pathParameters } : null,
    stageVariables: parsed.stageVariables !== undefined ? { ...parsed.stageVariables } : null,
    requestContext,
    body: request.body?.text ?? null,
    isBase64Encoded: request.body?.base64 ?? false,
  }
}
