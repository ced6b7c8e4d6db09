import type { APIGatewayEventRequestContextV2, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { apiGatewayProxyEvent, apiGatewayProxyEventV2 } from '../../src/index.js'
import { shapeOf, UUID, type JsonShape, type ShapeOf } from '../support/shape.js'

describe('events/api-gateway-v2', () => {
  it('apiGatewayProxyEventV2 - a POST with a JSON body and a query, as an HTTP API sends it', () => {
    const event = apiGatewayProxyEventV2({ method: 'post', path: '/orders?dryRun=true', body: { id: 1 }, headers: { 'X-Client': 'web' }, at: Date.UTC(2024, 2, 12, 19, 3, 58, 390) })
    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/orders',
      rawQueryString: 'dryRun=true',
      headers: {
        'x-client': 'web',
        host: `${event.requestContext.apiId}.execute-api.us-east-1.amazonaws.com`,
        'user-agent': 'lambda-sim',
        'x-amzn-trace-id': expect.stringMatching(/^Root=1-65f0a71e-[0-9a-f]{24}$/),
        'x-forwarded-for': '192.0.2.1',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
        'content-length': '8',
        'content-type': 'application/json',
      },
      queryStringParameters: { dryRun: 'true' },
      requestContext: {
        accountId: '123456789012',
        apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
        domainName: `${event.requestContext.apiId}.execute-api.us-east-1.amazonaws.com`,
        domainPrefix: event.requestContext.apiId,
        http: { method: 'POST', path: '/orders', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'lambda-sim' },
        requestId: expect.stringMatching(/^[A-Za-z0-9+/]{15}=$/),
        routeKey: '$default',
        stage: '$default',
        time: '12/Mar/2024:19:03:58 +0000',
        timeEpoch: Date.UTC(2024, 2, 12, 19, 3, 58, 390),
      },
      body: '{"id":1}',
      isBase64Encoded: false,
    })
  })

  it('apiGatewayProxyEventV2 - every required field of the type, nothing it does not declare; empty parts are absent', () => {
    const event = apiGatewayProxyEventV2({ method: 'GET', path: '/' })
    const context = { accountId: 'string', apiId: 'string', domainName: 'string', domainPrefix: 'string', http: { method: 'string', path: 'string', protocol: 'string', sourceIp: 'string', userAgent: 'string' }, requestId: 'string', routeKey: 'string', stage: 'string', time: 'string', timeEpoch: 'number' } as const satisfies ShapeOf<APIGatewayEventRequestContextV2>
    const shape = shapeOf(event) as Record<string, JsonShape>
    const expected = {
      version: 'string',
      routeKey: 'string',
      rawPath: 'string',
      rawQueryString: 'string',
      headers: shape['headers'] as JsonShape,
      requestContext: context,
      isBase64Encoded: 'boolean',
    } satisfies ShapeOf<APIGatewayProxyEventV2>
    expect(shape).toEqual(expected)
    expect(Object.values(event.headers).every((v) => typeof v === 'string')).toBe(true)
  })

  it('apiGatewayProxyEventV2 - repeated headers and parameters joined with commas, cookies moved to `cookies`, names lower-cased', () => {
    const event = apiGatewayProxyEventV2({ method: 'GET', path: '/p?a=1', query: { a: '2', b: ['x y', 'z&'] }, headers: { Accept: ['text/html', 'application/json'], Cookie: 'a=1; b=2' }, cookies: ['c=3'] })
    expect(event.rawQueryString).toBe('a=1&a=2&b=x%20y&b=z%26')
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y,z&' })
    expect(event.headers['accept']).toBe('text/html,application/json')
    expect(event.headers).not.toHaveProperty('cookie')
    expect(event.cookies).toEqual(['c=3', 'a=1', 'b=2'])
  })

  it('apiGatewayProxyEventV2 - a named stage prefixes the path; route, path parameters, stage variables, client headers win', () => {
    const event = apiGatewayProxyEventV2({
      method: 'GET',
      path: '/orders/7',
      stage: 'dev',
      routeKey: 'GET /orders/{id}',
      pathParameters: { id: '7' },
      stageVariables: { table: 'orders-dev' },
      headers: { 'User-Agent': 'curl/8.0', Host: 'api.example.com' },
      sourceIp: '203.0.113.9',
    })
    expect(event.rawPath).toBe('/dev/orders/7')
    expect(event.requestContext).toMatchObject({ stage: 'dev', routeKey: 'GET /orders/{id}', http: { path: '/dev/orders/7', userAgent: 'curl/8.0', sourceIp: '203.0.113.9' } })
    expect(event.routeKey).toBe('GET /orders/{id}')
    expect(event.pathParameters).toEqual({ id: '7' })
    expect(event.stageVariables).toEqual({ table: 'orders-dev' })
    expect(event.headers).toMatchObject({ 'user-agent': 'curl/8.0', host: 'api.example.com', 'x-forwarded-for': '203.0.113.9' })
  })

  it('apiGatewayProxyEventV2 - bytes are sent base64-encoded; a JWT authorizer context lands in requestContext.authorizer', () => {
    const event = apiGatewayProxyEventV2({ method: 'PUT', path: '/blob', body: new Uint8Array([0xff, 0x00, 0x10]), authorizer: { jwt: { claims: { sub: 'u1' }, scopes: ['write'] } } })
    expect(event.isBase64Encoded).toBe(true)
    expect(event.body).toBe('/wAQ')
    expect(event.headers['content-length']).toBe('3')
    expect(event.headers).not.toHaveProperty('content-type')
    expect(event.requestContext.authorizer.jwt.claims['sub']).toBe('u1')
  })
})

describe('events/api-gateway', () => {
  it('apiGatewayProxyEvent - a REST request: nulls for absent parts, header case kept, stage in requestContext.path', () => {
    const event = apiGatewayProxyEvent({ method: 'get', path: '/orders/7', resource: '/orders/{id}', pathParameters: { id: '7' }, headers: { Accept: 'application/json' } })
    expect(event).toMatchObject({
      resource: '/orders/{id}',
      path: '/orders/7',
      httpMethod: 'GET',
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { id: '7' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { httpMethod: 'GET', path: '/prod/orders/7', resourcePath: '/orders/{id}', stage: 'prod', protocol: 'HTTP/1.1', requestTime: '01/Jan/2024:00:00:00 +0000', requestTimeEpoch: Date.UTC(2024, 0, 1) },
    })
    expect(event.headers).toMatchObject({ Accept: 'application/json', Host: `${event.requestContext.apiId}.execute-api.us-east-1.amazonaws.com`, 'X-Forwarded-Proto': 'https' })
    expect(event.multiValueHeaders['Accept']).toEqual(['application/json'])
    expect(event.requestContext.requestId).toMatch(UUID)
    expect(event.requestContext).not.toHaveProperty('authorizer')
    expect(event.requestContext.identity).toMatchObject({ sourceIp: '192.0.2.1', userAgent: 'lambda-sim', accessKey: null, cognitoIdentityId: null, user: null })
  })

  it('apiGatewayProxyEvent - every field of APIGatewayProxyEvent is present with its type', () => {
    const shape = shapeOf(apiGatewayProxyEvent({ method: 'POST', path: '/x', body: 'hi', query: { q: 'a' }, stageVariables: { s: '1' }, pathParameters: { p: '1' } })) as Record<string, JsonShape>
    const expected = {
      resource: 'string',
      path: 'string',
      httpMethod: 'string',
      headers: shape['headers'] as JsonShape,
      multiValueHeaders: shape['multiValueHeaders'] as JsonShape,
      queryStringParameters: { q: 'string' },
      multiValueQueryStringParameters: { q: ['string'] },
      pathParameters: { p: 'string' },
      stageVariables: { s: 'string' },
      requestContext: shape['requestContext'] as JsonShape,
      body: 'string',
      isBase64Encoded: 'boolean',
    } as const satisfies ShapeOf<APIGatewayProxyEvent>
    expect(shape).toEqual(expected)
    expect(Object.keys(shape['requestContext'] as object).sort()).toEqual(
      ['accountId', 'apiId', 'domainName', 'domainPrefix', 'extendedRequestId', 'httpMethod', 'identity', 'path', 'protocol', 'requestId', 'requestTime', 'requestTimeEpoch', 'resourceId', 'resourcePath', 'stage'].sort(),
    )
  })

  it('apiGatewayProxyEvent - repeated values: the single-value maps keep the last, the multi-value maps keep all', () => {
    const event = apiGatewayProxyEvent({ method: 'GET', path: '/s?tag=a&tag=b', headers: { 'X-Tag': ['1', '2'] }, authorizer: { claims: { sub: 'u' } } })
    expect(event.queryStringParameters).toEqual({ tag: 'b' })
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'] })
    expect(event.headers['X-Tag']).toBe('2')
    expect(event.multiValueHeaders['X-Tag']).toEqual(['1', '2'])
    expect(event.requestContext.authorizer).toEqual({ claims: { sub: 'u' } })
  })
})
