/**
 * Application Load Balancer request events (`ALBEvent`).
 *
 * As ALB sends them: header names lower-cased, query parameters left URL-encoded (ALB does not
 * decode them), `body` `''` when there is none, and either the single-value maps (the target
 * group's default: the last value of a repeated header or parameter wins) or, with
 * `multiValueHeaders: true`, only the multi-value maps.
 */
import type { ALBEvent } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { derivedHex, parseInput, resolveScope, resourceRef } from './common.js'
import { headerGroups, httpRequest, httpRequestFields } from './http.js'

const BUILDER = 'albEvent'

const schema = schemaOnFirstUse(() => z
  .object({
    ...httpRequestFields(),
    /** A target group name or ARN (default `lambda-target`). */
    targetGroup: z.string().min(1).optional(),
    /** The target group's `lambda.multi_value_headers.enabled` attribute (default false). */
    multiValueHeaders: z.boolean().optional(),
    /** Default `<derived>.elb.<region>.amazonaws.com`-style host for the `host` header. */
    host: z.string().optional(),
  })
  .strict())

export type AlbEventInput = z.input<typeof schema>

/**
 * An Application Load Balancer request event for a Lambda target.
 *
 * @example
 * const event = albEvent({ method: 'GET', path: '/health', query: { q: 'a b' } })
 * // event.queryStringParameters?.q === 'a%20b' (ALB passes it encoded), event.body === ''
 *
 * Gotchas: query values arrive URL-encoded — decode them in the handler, as on AWS.
 */
export function albEvent(input: AlbEventInput): ALBEvent {
  const parsed = parseInput(BUILDER, schema, input)
  const scope = resolveScope(BUILDER, parsed)
  const request = httpRequest(parsed)
  const targetGroup = resourceRef(
    BUILDER,
    'targetGroup',
    parsed.targetGroup ?? 'lambda-target',
    'elasticloadbalancing',
    scope,
    (region, accountId, name) => `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/${name}/${derivedHex(16, 'target-group', name)}`,
    (resource) => resource.split('/')[1] ?? resource,
  )
  const host = parsed.host ?? `${targetGroup.name}-${derivedHex(10, 'alb', targetGroup.arn)}.${targetGroup.region}.elb.amazonaws.com`
  const requestKey = [BUILDER, request.method, request.path, request.query, request.headers, request.body?.text, scope.atMs]
  const groups = headerGroups(request, host, scope.atMs, requestKey, true)
  const encoded = request.query.map(([name, value]) => [encodeURIComponent(name), encodeURIComponent(value)] as const)
  const requestContext = { elb: { targetGroupArn: targetGroup.arn } }
  const body = request.body?.text ?? ''
  const isBase64Encoded = request.body?.base64 ?? false

  if (parsed.multiValueHeaders === true) {
    const multiValueHeaders: Record<string, string[]> = {}
    for (const [name, values] of groups) multiValueHeaders[name] = values
    const multiValueQueryStringParameters: Record<string, string[]> = {}
    for (const [name, value] of encoded) (multiValueQueryStringParameters[name] ??= []).push(value)
    return { requestContext, httpMethod: request.method, path: request.path, multiValueQueryStringParameters, multiValueHeaders, body, isBase64Encoded }
  }
  const headers: Record<string, string> = {}
  for (const [name, values] of groups) headers[name] = values[values.length - 1] as string
  const queryStringParameters: Record<string, string> = {}
  for (const [name, value] of encoded) queryStringParameters[name] = value
  return { requestContext, httpMethod: request.method, path: request.path, queryStringParameters, headers, body, isBase64Encoded }
}
