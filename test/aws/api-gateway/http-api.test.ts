import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaContext, type Simulation } from '../../../src/index.js'

const ACCOUNT = '123456789012'

/** A function, an HTTP API in front of it (quick create unless `routes` are given) and the permission API Gateway needs. */
function setup(
  code: (event: any, context: LambdaContext) => unknown,
  options: { seed?: number; timeout?: number; permission?: boolean; routeKey?: string; recordEvents?: boolean } = {},
): { sim: Simulation; endpoint: string; apiId: string } {
  const sim = createSimulation({ seed: options.seed ?? 1, recordEvents: options.recordEvents ?? false })
  // An async handler: a plain function's return value would be ignored, as in Node.js Lambda.
  const fn = sim.createFunction({ functionName: 'shop', timeout: options.timeout ?? 60, code: async (event: unknown, context: LambdaContext) => code(event, context) })
  const api = sim.apiGatewayV2.createApi({ name: 'shop', protocolType: 'HTTP', target: fn.functionArn, ...(options.routeKey !== undefined ? { routeKey: options.routeKey } : {}) })
  if (options.permission !== false) {
    sim.addPermission({
      functionName: 'shop',
      statementId: 'http-api',
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.apiId}/*`,
    })
  }
  return { sim, endpoint: api.apiEndpoint, apiId: api.apiId }
}

describe('API Gateway HTTP APIs', () => {
  it('createApi - quick create: a $default route and stage answer every path with payload format 2.0', async () => {
    const events: APIGatewayProxyEventV2[] = []
    const { sim, endpoint, apiId } = setup((event: APIGatewayProxyEventV2) => {
      events.push(event)
      return { hello: event.rawPath }
    })
    expect(endpoint).toBe(`https://${apiId}.execute-api.us-east-1.amazonaws.com`)
    expect(apiId).toMatch(/^[a-z0-9]{10}$/)
    const response = await sim.fetch(`${endpoint}/orders/7?x=1&x=2`, { headers: [['Cookie', 'a=1; b=2'], ['X-Trace', 'one'], ['x-trace', 'two']] })
    // 2.0's inference: a result without statusCode is a JSON 200.
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9]{15}=$/)
    expect(await response.json()).toEqual({ hello: '/orders/7' })
    const event = events[0] as APIGatewayProxyEventV2
    expect(event.version).toBe('2.0')
    expect(event.routeKey).toBe('$default')
    expect(event.requestContext.stage).toBe('$default')
    expect(event.requestContext.apiId).toBe(apiId)
    expect(event.requestContext.accountId).toBe(ACCOUNT)
    expect(event.queryStringParameters).toEqual({ x: '1,2' })
    expect(event.cookies).toEqual(['a=1', 'b=2'])
    expect(event.headers['x-trace']).toBe('one,two')
    expect(event.headers['host']).toBe(`${apiId}.execute-api.us-east-1.amazonaws.com`)
    expect(event.headers['x-forwarded-proto']).toBe('https')
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    expect(event.pathParameters).toBeUndefined()
  })

  it('fetch - a client X-Forwarded-For gets the source address appended; its X-Forwarded-Proto is replaced', async () => {
    const events: APIGatewayProxyEventV2[] = []
    const { sim, endpoint } = setup((event: APIGatewayProxyEventV2) => events.push(event))
    await sim.fetch(`${endpoint}/a`, { headers: [['X-Forwarded-For', '198.51.100.7'], ['X-Forwarded-Proto', 'http']] })
    expect(events[0]?.headers['x-forwarded-for']).toBe('198.51.100.7, 192.0.2.1')
    expect(events[0]?.headers['x-forwarded-proto']).toBe('https')
    expect(events[0]?.requestContext.http.sourceIp).toBe('192.0.2.1')
  })

  it('createRoute - path parameters, greedy variables, method over ANY, $default as the fallback', async () => {
    const sim = createSimulation({ seed: 2 })
    const seen: string[] = []
    const fn = sim.createFunction({
      functionName: 'router',
      code: async (event: APIGatewayProxyEventV2) => {
        seen.push(`${event.routeKey} ${JSON.stringify(event.pathParameters ?? null)}`)
        return { statusCode: 204 }
      },
    })
    sim.addPermission({ functionName: 'router', statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' })
    const api = sim.apiGatewayV2.createApi({ name: 'r', protocolType: 'HTTP' })
    const integration = sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: fn.functionArn, payloadFormatVersion: '2.0' })
    const target = `integrations/${integration.integrationId}`
    for (const routeKey of ['GET /items/{id}', 'ANY /items/{id}', 'GET /items/new', 'ANY /files/{path+}', '$default']) sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey, target })
    sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: '$default', autoDeploy: true })
    for (const [method, path] of [
      ['GET', '/items/7'],
      ['DELETE', '/items/7'],
      ['GET', '/items/new'],
      ['PUT', '/files/a/b%20c.txt'],
      ['GET', '/elsewhere'],
    ] as const) {
      expect((await sim.fetch(`${api.apiEndpoint}${path}`, { method })).status).toBe(204)
    }
    expect(seen).toEqual([
      'GET /items/{id} {"id":"7"}',
      'ANY /items/{id} {"id":"7"}',
      'GET /items/new null',
      'ANY /files/{path+} {"path":"a/b c.txt"}',
      '$default null',
    ])
  })

  it('fetch - an unknown route answers 404 {"message":"Not Found"}; an unknown API 403 Forbidden', async () => {
    const { sim, endpoint } = setup(() => ({ statusCode: 200 }), { routeKey: 'GET /items' })
    const missing = await sim.fetch(`${endpoint}/other`)
    expect(missing.status).toBe(404)
    expect(await missing.text()).toBe('{"message":"Not Found"}')
    expect((await sim.fetch(`${endpoint}/items`, { method: 'POST' })).status).toBe(404)
    const unknown = await sim.fetch('https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/items')
    expect(unknown.status).toBe(403)
    expect(await unknown.text()).toBe('{"message":"Forbidden"}')
  })

  it('fetch - a named stage serves /<stage>/…; its stage variables pick the alias', async () => {
    const sim = createSimulation({ seed: 3 })
    const fn = sim.createFunction({ functionName: 'v', code: async (_e: unknown, context: LambdaContext) => ({ statusCode: 200, body: context.invokedFunctionArn }) })
    sim.publishVersion({ functionName: 'v' })
    sim.createAlias({ functionName: 'v', name: 'live', functionVersion: '1' })
    sim.addPermission({ functionName: 'v:live', statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' })
    const api = sim.apiGatewayV2.createApi({ name: 'staged', protocolType: 'HTTP' })
    const integration = sim.apiGatewayV2.createIntegration({
      apiId: api.apiId,
      integrationType: 'AWS_PROXY',
      integrationUri: `${fn.functionArn}:\${stageVariables.alias}`,
      payloadFormatVersion: '2.0',
    })
    sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'GET /who', target: `integrations/${integration.integrationId}` })
    sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: 'prod', stageVariables: { alias: 'live' } })
    // Not deployed yet: the stage serves nothing.
    expect((await sim.fetch(`${api.apiEndpoint}/prod/who`)).status).toBe(404)
    sim.apiGatewayV2.createDeployment({ apiId: api.apiId, stageName: 'prod' })
    const response = await sim.fetch(`${api.apiEndpoint}/prod/who`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(`${fn.functionArn}:live`)
    expect((await sim.fetch(`${api.apiEndpoint}/who`)).status).toBe(404)
  })

  it('fetch - payload format 1.0: multiValueHeaders and multiValueQueryStringParameters, lower-cased names, the 1.0 response', async () => {
    const sim = createSimulation({ seed: 4 })
    let seen: (APIGatewayProxyEvent & { version?: string }) | undefined
    const fn = sim.createFunction({
      functionName: 'legacy',
      code: async (event: APIGatewayProxyEvent) => {
        seen = event
        return { statusCode: 201, headers: { 'X-One': 'a' }, multiValueHeaders: { 'Set-Cookie': ['s=1', 's2=2'] }, body: 'made' }
      },
    })
    sim.addPermission({ functionName: 'legacy', statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' })
    const api = sim.apiGatewayV2.createApi({ name: 'v1', protocolType: 'HTTP' })
    const integration = sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: fn.functionArn, payloadFormatVersion: '1.0' })
    sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'POST /things/{id}', target: `integrations/${integration.integrationId}` })
    sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: '$default', autoDeploy: true })
    const response = await sim.fetch(`${api.apiEndpoint}/things/9?tag=a&tag=b`, {
      method: 'POST',
      headers: [['X-Multi', '1'], ['X-Multi', '2'], ['Content-Type', 'application/json']],
      body: '{"n":1}',
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('x-one')).toBe('a')
    expect(response.headers.getSetCookie()).toEqual(['s=1', 's2=2'])
    expect(await response.text()).toBe('made')
    expect(seen?.version).toBe('1.0')
    expect(seen?.resource).toBe('/things/{id}')
    expect(seen?.path).toBe('/things/9')
    expect(seen?.httpMethod).toBe('POST')
    expect(seen?.headers['x-multi']).toBe('2')
    expect(seen?.multiValueHeaders['x-multi']).toEqual(['1', '2'])
    expect(seen?.queryStringParameters).toEqual({ tag: 'b' })
    expect(seen?.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'] })
    expect(seen?.pathParameters).toEqual({ id: '9' })
    expect(seen?.body).toBe('{"n":1}')
    expect(seen?.isBase64Encoded).toBe(false)
    expect(seen?.requestContext.routeKey).toBe('POST /things/{id}')
    expect(seen?.stageVariables).toBeNull()
  })

  it('fetch - a function error and a malformed result answer 500 {"message":"Internal Server Error"}', async () => {
    const { sim, endpoint } = setup((event: APIGatewayProxyEventV2) => {
      if (event.rawPath === '/throw') throw new Error('boom')
      return { statusCode: 'two hundred' }
    })
    for (const path of ['/throw', '/malformed']) {
      const response = await sim.fetch(`${endpoint}${path}`)
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('{"message":"Internal Server Error"}')
    }
  })

  it('fetch - past the 30 s integration timeout the client gets 503 while the function runs on', async () => {
    const { sim, endpoint } = setup(async (_event: unknown, context: LambdaContext) => {
      await context.sleep(45_000)
      return { statusCode: 200 }
    }, { recordEvents: true })
    const startMs = sim.nowMs
    const response = await sim.fetch(`${endpoint}/slow`)
    expect(response.status).toBe(503)
    expect(await response.text()).toBe('{"message":"Service Unavailable"}')
    expect(sim.nowMs - startMs).toBe(30_000)
    await sim.runUntilIdle()
    const completed = sim.events().filter((e) => e.type === 'invocation.completed')
    expect(completed).toHaveLength(1)
    expect(completed[0]).toMatchObject({ status: 'success' })
  })

  it('createIntegration - timeoutInMillis shortens the wait', async () => {
    const sim = createSimulation({ seed: 5 })
    const fn = sim.createFunction({ functionName: 'slow', code: async (_e: unknown, context: LambdaContext) => context.sleep(2_000) })
    sim.addPermission({ functionName: 'slow', statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' })
    const api = sim.apiGatewayV2.createApi({ name: 't', protocolType: 'HTTP' })
    const integration = sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: fn.functionArn, payloadFormatVersion: '2.0', timeoutInMillis: 500 })
    sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: '$default', target: `integrations/${integration.integrationId}` })
    sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: '$default', autoDeploy: true })
    const startMs = sim.nowMs
    expect((await sim.fetch(api.apiEndpoint)).status).toBe(503)
    expect(sim.nowMs - startMs).toBe(500)
  })

  it('fetch - without a resource-based policy for apigateway.amazonaws.com, or throttled, the client gets 500', async () => {
    const denied = setup(() => ({ statusCode: 200 }), { permission: false })
    const response = await denied.sim.fetch(`${denied.endpoint}/x`)
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('{"message":"Internal Server Error"}')

    const throttled = setup(() => ({ statusCode: 200 }))
    throttled.sim.putFunctionConcurrency({ functionName: 'shop', reservedConcurrentExecutions: 0 })
    expect((await throttled.sim.fetch(`${throttled.endpoint}/x`)).status).toBe(500)
  })

  it('fetch - a body Lambda refuses (over its 6 MB invoke limit, under API Gateway\'s 10 MB) answers 500; so does an alias no stage variable resolves to', async () => {
    const { sim, endpoint } = setup(() => ({ statusCode: 200 }))
    const big = await sim.fetch(`${endpoint}/big`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(7 * 1024 * 1024) })
    expect(big.status).toBe(500)

    const fn = sim.getFunction({ functionName: 'shop' }).configuration
    const api = sim.apiGatewayV2.createApi({ name: 'aliased', protocolType: 'HTTP' })
    const integration = sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: `${fn.functionArn}:\${stageVariables.alias}`, payloadFormatVersion: '2.0' })
    sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: '$default', target: `integrations/${integration.integrationId}` })
    sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: '$default', autoDeploy: true, stageVariables: { alias: 'no such alias!' } })
    expect((await sim.fetch(api.apiEndpoint)).status).toBe(500)
  })

  it('fetch - the permission is checked against the execute-api source ARN of the route', async () => {
    const sim = createSimulation({ seed: 6 })
    const fn = sim.createFunction({ functionName: 'f', code: async () => ({ statusCode: 200 }) })
    const api = sim.apiGatewayV2.createApi({ name: 'p', protocolType: 'HTTP', target: fn.functionArn, routeKey: 'GET /items/{id}' })
    // Only GET /items/{id} on any stage is allowed: the ARN names the route's path template.
    sim.addPermission({
      functionName: 'f',
      statementId: 'route',
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.apiId}/*/GET/items/{id}`,
    })
    expect((await sim.fetch(`${api.apiEndpoint}/items/1`)).status).toBe(200)
  })

  it('createStage - defaultRouteSettings and routeSettings throttle: 429 Too Many Requests', async () => {
    const sim = createSimulation({ seed: 8 })
    const fn = sim.createFunction({ functionName: 't', code: async () => ({ statusCode: 200 }) })
    sim.addPermission({ functionName: 't', statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' })
    const api = sim.apiGatewayV2.createApi({ name: 'limited', protocolType: 'HTTP' })
    const integration = sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: fn.functionArn, payloadFormatVersion: '2.0' })
    for (const routeKey of ['GET /open', 'GET /closed']) sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey, target: `integrations/${integration.integrationId}` })
    sim.apiGatewayV2.createStage({
      apiId: api.apiId,
      stageName: '$default',
      autoDeploy: true,
      defaultRouteSettings: { throttlingBurstLimit: 0, throttlingRateLimit: 0 },
      routeSettings: { 'GET /open': { throttlingBurstLimit: 10, throttlingRateLimit: 10 } },
    })
    expect((await sim.fetch(`${api.apiEndpoint}/open`)).status).toBe(200)
    const closed = await sim.fetch(`${api.apiEndpoint}/closed`)
    expect(closed.status).toBe(429)
    expect(await closed.text()).toBe('{"message":"Too Many Requests"}')
    expect(() => sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: 'bad', defaultRouteSettings: { throttlingRateLimit: -1 } })).toThrow(/throttlingRateLimit/)
  })

  it('corsConfiguration - API Gateway answers the preflight itself (204) and sets the CORS headers on the function\'s responses', async () => {
    let calls = 0
    const { sim, endpoint, apiId } = setup(() => {
      calls++
      return { statusCode: 200, headers: { 'access-control-allow-origin': 'https://evil.example' }, body: 'ok' }
    })
    sim.apiGatewayV2.updateApi({
      apiId,
      corsConfiguration: { allowOrigins: ['https://app.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], exposeHeaders: ['x-total'], maxAge: 300 },
    })
    const preflight = await sim.fetch(`${endpoint}/items`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST')
    expect(preflight.headers.get('access-control-max-age')).toBe('300')
    expect(calls).toBe(0)
    const response = await sim.fetch(`${endpoint}/items`, { headers: { origin: 'https://app.example' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(response.headers.get('access-control-expose-headers')).toBe('x-total')
    // Another origin gets no CORS headers, and the function's own are dropped.
    const other = await sim.fetch(`${endpoint}/items`, { headers: { origin: 'https://evil.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    expect(sim.apiGatewayV2.updateApi({ apiId, corsConfiguration: null }).corsConfiguration).toBeUndefined()
    expect((await sim.fetch(`${endpoint}/items`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } })).status).toBe(200)
    expect(calls).toBe(3)
  })

  it('fetch - a body over 10 MB answers 413 without invoking', async () => {
    let calls = 0
    const { sim, endpoint } = setup(() => {
      calls++
      return {}
    })
    const response = await sim.fetch(`${endpoint}/upload`, { method: 'POST', body: new Uint8Array(10 * 1024 * 1024 + 1) })
    expect(response.status).toBe(413)
    expect(await response.text()).toBe('{"message":"Request Entity Too Large"}')
    expect(calls).toBe(0)
  })

  it('fetch - a binary body arrives base64-encoded; an isBase64Encoded result goes out as bytes', async () => {
    const { sim, endpoint } = setup((event: APIGatewayProxyEventV2) => ({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      isBase64Encoded: true,
      body: Buffer.from(Buffer.from(event.body ?? '', 'base64').reverse()).toString('base64'),
      cookies: [`seen=${String(event.isBase64Encoded)}`],
    }))
    const response = await sim.fetch(`${endpoint}/img`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array([1, 2, 255]) })
    expect(response.status).toBe(200)
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([255, 2, 1])
    expect(response.headers.getSetCookie()).toEqual(['seen=true'])
  })

  it('fetch - a cold start then warm requests, the same seed gives the same responses and event log', async () => {
    const run = async (): Promise<string[]> => {
      const { sim, endpoint } = setup((event: APIGatewayProxyEventV2) => ({ statusCode: 200, body: event.requestContext.requestId }), { seed: 9, recordEvents: true })
      const out: string[] = []
      for (const path of ['/a', '/b']) {
        const response = await sim.fetch(`${endpoint}${path}`)
        out.push(`${response.status} ${await response.text()} ${response.headers.get('apigw-requestid')}`)
      }
      const cold = sim.events().filter((e) => e.type === 'invocation.completed').map((e) => (e as { coldStart: boolean }).coldStart)
      expect(cold).toEqual([true, false])
      out.push(sim.eventLogText())
      return out
    }
    expect(await run()).toEqual(await run())
  })

  it('events - each answered request is an apiGateway.request event: stage, route, status, latency, the invocation', async () => {
    const { sim, endpoint, apiId } = setup(async (_event: unknown, context: LambdaContext) => {
      await context.sleep(120)
      return { statusCode: 201 }
    }, { routeKey: 'POST /orders/{id}', recordEvents: true })
    const response = await sim.fetch(`${endpoint}/orders/5`, { method: 'POST' })
    await sim.fetch(`${endpoint}/missing`)
    const requests = sim.events().filter((e) => e.type === 'apiGateway.request')
    const completed = sim.events().find((e) => e.type === 'invocation.completed')
    expect(response.status).toBe(201)
    expect(requests).toEqual([
      expect.objectContaining({ apiId, apiType: 'HTTP', stage: '$default', route: 'POST /orders/{id}', method: 'POST', path: '/orders/5', status: 201, lambdaRequestId: completed?.requestId }),
      { type: 'apiGateway.request', atMs: sim.nowMs, apiId, apiType: 'HTTP', stage: undefined, route: undefined, method: 'GET', path: '/missing', status: 404, latencyMs: 0 },
    ])
    // The handler's 120 ms of virtual time are the gateway's latency (its init took none).
    expect((requests[0] as { latencyMs: number }).latencyMs).toBe(120)
  })

  it('control plane - bad input answers as API Gateway does', () => {
    const sim = createSimulation({ seed: 7 })
    const error = (fn: () => unknown): { name: string; statusCode: number; message: string } => {
      try {
        fn()
      } catch (thrown) {
        return thrown as { name: string; statusCode: number; message: string }
      }
      throw new Error('expected a throw')
    }
    expect(error(() => sim.apiGatewayV2.getApi({ apiId: 'nope' }))).toMatchObject({ name: 'NotFoundException', statusCode: 404 })
    expect(error(() => sim.apiGatewayV2.createApi({ name: 'w', protocolType: 'WEBSOCKET' }))).toMatchObject({ name: 'BadRequestException', statusCode: 400 })
    const api = sim.apiGatewayV2.createApi({ name: 'c', protocolType: 'HTTP' })
    expect(error(() => sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'FETCH /x' }))).toMatchObject({ name: 'BadRequestException' })
    expect(error(() => sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'GET /{a+}/b' }))).toMatchObject({ name: 'BadRequestException' })
    expect(error(() => sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'GET /x', target: 'integrations/missing' }))).toMatchObject({ name: 'BadRequestException' })
    sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'GET /x' })
    expect(error(() => sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: 'GET /x' }))).toMatchObject({ name: 'ConflictException', statusCode: 409 })
    const uri = 'arn:aws:lambda:us-east-1:123456789012:function:f'
    expect(error(() => sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: uri, payloadFormatVersion: '3.0' }))).toMatchObject({ name: 'BadRequestException' })
    expect(
      error(() => sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'AWS_PROXY', integrationUri: uri, payloadFormatVersion: '2.0', timeoutInMillis: 30_001 })),
    ).toMatchObject({ name: 'BadRequestException' })
    expect(error(() => sim.apiGatewayV2.createIntegration({ apiId: api.apiId, integrationType: 'HTTP_PROXY', integrationUri: 'https://example.com', payloadFormatVersion: '1.0' }))).toMatchObject({
      name: 'BadRequestException',
    })
    sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: 'dev' })
    expect(error(() => sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: 'dev' }))).toMatchObject({ name: 'ConflictException' })
    expect(error(() => sim.apiGatewayV2.createDeployment({ apiId: api.apiId, stageName: 'nope' }))).toMatchObject({ name: 'NotFoundException' })
  })
})
