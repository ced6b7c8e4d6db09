/**
 * API Gateway HTTP API events, payload format 2.0 (`APIGatewayProxyEventV2`).
 *
 * As HTTP APIs send them: header names lower-cased, repeated headers and query parameters joined
 * with commas, `Cookie` headers moved to `cookies`, optional fields absent (not `null`) when empty,
 * and for a named stage the stage prefixed to `rawPath` and `requestContext.http.path`.
 */
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayEventRequestContextV2WithAuthorizer,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithRequestContext,
} from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { commonLogTime, derivedAlphanumeric, derivedBase64, parseInput, resolveScope } from './common.js'
import { groupPairs, headerGroups, httpRequest, httpRequestFields, rawQueryString } from './http.js'

const BUILDER = 'apiGatewayProxyEventV2'

const schema = schemaOnFirstUse(() => z
  .object({
    ...httpRequestFields(),
    /** Default `$default`; a route like `GET /orders/{id}` fills `routeKey`. */
    routeKey: z.string().optional(),
    /** Default `$default`. */
    stage: z.string().optional(),
    /** Default: derived from the account and Region (10 characters). */
    apiId: z.string().optional(),
    /** Default `<apiId>.execute-api.<region>.amazonaws.com`. */
    domainName: z.string().optional(),
    /** Added to the ones a `cookie` header carries. */
    cookies: z.array(z.string()).optional(),
    pathParameters: z.record(z.string(), z.string()).optional(),
    stageVariables: z.record(z.string(), z.string()).optional(),
    /** `requestContext.authorizer`, e.g. `{ jwt: { claims, scopes } }` or `{ lambda: {...} }`. */
    authorizer: z.record(z.string(), z.unknown()).optional(),
  })
  .strict())

export type ApiGatewayProxyEventV2Input = z.input<typeof schema>

/**
 * An HTTP API (payload format 2.0) request event.
 *
 * @example
 * const event = apiGatewayProxyEventV2({ method: 'POST', path: '/orders?dryRun=true', body: { id: 1 } })
 * // event.rawPath === '/orders', event.queryStringParameters?.dryRun === 'true',
 * // event.headers['content-type'] === 'application/json', event.body === '{"id":1}'
 *
 * Gotchas: an object body is serialised (handlers get a string, as from API Gateway); pass
 * `authorizer` to get the `…WithAuthorizer` event type (JWT, Lambda or IAM authorizer contexts).
 */
export function apiGatewayProxyEventV2(input: Omit<ApiGatewayProxyEventV2Input, 'authorizer'> & { readonly authorizer?: undefined }): APIGatewayProxyEventV2
export function apiGatewayProxyEventV2<TAuthorizer extends object>(
  input: Omit<ApiGatewayProxyEventV2Input, 'authorizer'> & { readonly authorizer: TAuthorizer },
): APIGatewayProxyEventV2WithRequestContext<APIGatewayEventRequestContextV2WithAuthorizer<TAuthorizer>>
export function apiGatewayProxyEventV2(input: ApiGatewayProxyEventV2Input): APIGatewayProxyEventV2 {
  const parsed = parseInput(BUILDER, schema, input)
  const scope = resolveScope(BUILDER, parsed)
  const request = httpRequest(parsed)
  const apiId = parsed.apiId ?? derivedAlphanumeric(10, false, 'http-api', scope.region, scope.accountId)
  const domainName = parsed.domainName ?? `${apiId}.execute-api.${scope.region}.amazonaws.com`
  const stage = parsed.stage ?? '$default'
  const routeKey = parsed.routeKey ?? '$default'
  const path = stage === '$default' ? request.path : `/${stage}${request.path}`
  const requestKey = [BUILDER, request.method, path, request.query, request.headers, request.body?.text, scope.atMs]

  const cookies = [...(parsed.cookies ?? [])]
  const headers: Record<string, string> = {}
  for (const [name, values] of headerGroups(request, domainName, scope.atMs, requestKey, true)) {
    if (name === 'cookie') {
      for (const value of values) cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c.length > 0))
      continue
    }
    headers[name] = values.join(',')
  }
  const queryStringParameters: Record<string, string> = {}
  for (const [name, values] of groupPairs(request.query)) queryStringParameters[name] = values.join(',')

  const requestContext: APIGatewayEventRequestContextV2 & { authorizer?: object } = {
    accountId: scope.accountId,
    apiId,
    ...(parsed.authorizer !== undefined ? { authorizer: parsed.authorizer } : {}),
    domainName,
    domainPrefix: domainName.split('.')[0] ?? apiId,
    http: { method: request.method, path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: request.userAgent },
    requestId: parsed.requestId ?? derivedBase64(11, requestKey),
    routeKey,
    stage,
    time: commonLogTime(scope.atMs),
    timeEpoch: scope.atMs,
  }
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: rawQueryString(request.query),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(request.query.length > 0 ? { queryStringParameters } : {}),
    requestContext,
    ...(request.body !== undefined ? { body: request.body.text } : {}),
    ...(parsed.pathParameters !== undefined ? { pathParameters: { ...parsed.pathParameters } } : {}),
    isBase64Encoded: request.body?.base64 ?? false,
    ...(parsed.stageVariables !== undefined ? { stageVariables: { ...parsed.stageVariables } } : {}),
  }
}
