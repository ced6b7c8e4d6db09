import type { APIGatewayProxyEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaContext, type Simulation } from '../../../src/index.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const uriOf = (functionArn: string): string => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`

interface Api {
  readonly sim: Simulation
  readonly restApiId: string
  /** The `prod` stage's invoke URL, ending in `/`. */
  readonly url: string
  readonly seen: APIGatewayProxyEvent[]
}

/**
 * A REST API with `/items/{id}` (GET), `/items` (ANY) and `/{proxy+}` (ANY) in front of one
 * function, deployed to `prod`, and the permission API Gateway needs.
 */
function setup(
  respond: (event: APIGatewayProxyEvent, context: LambdaContext) => unknown = () => ({ statusCode: 200, body: 'ok' }),
  options: { seed?: number; binaryMediaTypes?: string[]; permission?: boolean; recordEvents?: boolean } = {},
): Api {
  const sim = createSimulation({ seed: options.seed ?? 1, recordEvents: options.recordEvents ?? false })
  const seen: APIGatewayProxyEvent[] = []
  const fn = sim.createFunction({
    functionName: 'items',
    timeout: 60,
    code: async (event: APIGatewayProxyEvent, context: LambdaContext) => {
      seen.push(event)
      return respond(event, context)
    },
  })
  const gw = sim.apiGateway
  const api = gw.createRestApi({ name: 'items', ...(options.binaryMediaTypes !== undefined ? { binaryMediaTypes: options.binaryMediaTypes } : {}) })
  const items = gw.createResource({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'items' })
  const item = gw.createResource({ restApiId: api.id, parentId: items.id, pathPart: '{id}' })
  const proxy = gw.createResource({ restApiId: api.id, parentId: api.rootResourceId, pathPart: '{proxy+}' })
  for (const [resourceId, httpMethod] of [
    [item.id, 'GET'],
    [items.id, 'ANY'],
    [proxy.id, 'ANY'],
  ] as const) {
    gw.putMethod({ restApiId: api.id, resourceId, httpMethod, authorizationType: 'NONE' })
    gw.putIntegration({ restApiId: api.id, resourceId, httpMethod, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: uriOf(fn.functionArn) })
  }
  gw.createDeployment({ restApiId: api.id, stageName: 'prod', variables: { mode: 'live' } })
  if (options.permission !== false) {
    sim.addPermission({
      functionName: 'items',
      statementId: 'rest-api',
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.id}/*/*/*`,
    })
  }
  return { sim, restApiId: api.id, url: gw.invokeUrl({ restApiId: api.id, stageName: 'prod' }), seen }
}

describe('API Gateway REST APIs', () => {
  it('fetch - the payload format 1.0 event: resource, path parameters, multi-value headers and query, stage variables', async () => {
    const { sim, url, seen, restApiId } = setup()
    expect(url).toBe(`https://${restApiId}.execute-api.${REGION}.amazonaws.com/prod/`)
    const response = await sim.fetch(`${url}items/42?tag=a&tag=b&q=x+y`, { headers: [['Accept', 'text/plain'], ['X-Multi', '1'], ['X-Multi', '2']] })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('ok')
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const event = seen[0] as APIGatewayProxyEvent
    expect(event.resource).toBe('/items/{id}')
    expect(event.path).toBe('/items/42')
    expect(event.httpMethod).toBe('GET')
    expect(event.pathParameters).toEqual({ id: '42' })
    expect(event.stageVariables).toEqual({ mode: 'live' })
    // Names as the client spelled them; the single-value map keeps the last value.
    expect(event.headers['X-Multi']).toBe('2')
    expect(event.multiValueHeaders['X-Multi']).toEqual(['1', '2'])
    expect(event.headers['Host']).toBe(`${restApiId}.execute-api.${REGION}.amazonaws.com`)
    expect(event.headers['X-Forwarded-Proto']).toBe('https')
    expect(event.queryStringParameters).toEqual({ tag: 'b', q: 'x+y' })
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], q: ['x+y'] })
    expect(event.body).toBeNull()
    expect(event.isBase64Encoded).toBe(false)
    expect(event.requestContext).toMatchObject({
      accountId: ACCOUNT,
      apiId: restApiId,
      stage: 'prod',
      path: '/prod/items/42',
      resourcePath: '/items/{id}',
      httpMethod: 'GET',
      protocol: 'HTTP/1.1',
      requestId: response.headers.get('x-amzn-requestid'),
      extendedRequestId: response.headers.get('x-amz-apigw-id'),
    })
    expect(event.requestContext.identity.sourceIp).toBe('192.0.2.1')
    expect(event.requestContext.requestTimeEpoch).toBe(sim.nowMs - (sim.nowMs - event.requestContext.requestTimeEpoch))
    expect('authorizer' in event.requestContext).toBe(false)
  })

  it('fetch - ANY and the greedy {proxy+} catch the paths no other resource matches', async () => {
    const { sim, url, seen } = setup()
    await sim.fetch(`${url}items`, { method: 'DELETE' })
    await sim.fetch(`${url}a/b%20c/d`)
    // The path picks the resource first: /items/{id} has no POST, and {proxy+} does not take over.
    const post = await sim.fetch(`${url}items/7`, { method: 'POST' })
    expect(post.status).toBe(403)
    expect(seen.map((e) => `${e.httpMethod} ${e.resource} ${JSON.stringify(e.pathParameters)}`)).toEqual([
      'DELETE /items null',
      'GET /{proxy+} {"proxy":"a/b c/d"}',
    ])
  })

  it('fetch - no resource or method: 403 Missing Authentication Token; no stage: 403 Forbidden', async () => {
    const { sim, url, restApiId } = setup()
    // The root has no method, and {proxy+} needs at least one segment.
    const root = await sim.fetch(url)
    expect(root.status).toBe(403)
    expect(await root.text()).toBe('{"message":"Missing Authentication Token"}')
    expect(root.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    const stage = await sim.fetch(`https://${restApiId}.execute-api.${REGION}.amazonaws.com/dev/items`)
    expect(stage.status).toBe(403)
    expect(await stage.text()).toBe('{"message":"Forbidden"}')
  })

  it('fetch - the response mapping: status, headers merged with multiValueHeaders, a default JSON content type', async () => {
    const { sim, url } = setup(() => ({
      statusCode: 418,
      headers: { 'X-Single': 'one', 'X-Both': 'from-headers' },
      multiValueHeaders: { 'X-Both': ['m1', 'm2'], 'Set-Cookie': ['a=1', 'b=2'] },
      body: '{"teapot":true}',
    }))
    const response = await sim.fetch(`${url}items/1`)
    expect(response.status).toBe(418)
    expect(response.headers.get('x-single')).toBe('one')
    expect(response.headers.get('x-both')).toBe('m1, m2')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ teapot: true })
  })

  it('fetch - a function error or a malformed result answers 502 {"message": "Internal server error"}', async () => {
    const { sim, url } = setup((event) => {
      if (event.pathParameters?.['id'] === 'throw') throw new Error('boom')
      if (event.pathParameters?.['id'] === 'object-body') return { statusCode: 200, body: { not: 'a string' } }
      return { body: 'no status code' }
    })
    for (const id of ['throw', 'object-body', 'no-status']) {
      const response = await sim.fetch(`${url}items/${id}`)
      expect(response.status).toBe(502)
      expect(await response.text()).toBe('{"message": "Internal server error"}')
    }
  })

  it('fetch - past the 29 s integration timeout the client gets 504; the function runs on', async () => {
    const { sim, url } = setup(async (_event, context) => {
      await context.sleep(40_000)
      return { statusCode: 200 }
    }, { recordEvents: true })
    const startMs = sim.nowMs
    const response = await sim.fetch(`${url}items/1`)
    expect(response.status).toBe(504)
    expect(await response.text()).toBe('{"message": "Endpoint request timed out"}')
    expect(sim.nowMs - startMs).toBe(29_000)
    await sim.runUntilIdle()
    expect(sim.events().filter((e) => e.type === 'invocation.completed')).toHaveLength(1)
  })

  it('fetch - Lambda refusing the invoke (no permission, throttled) answers 500', async () => {
    const denied = setup(undefined, { permission: false })
    const response = await denied.sim.fetch(`${denied.url}items/1`)
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('{"message": "Internal server error"}')
    expect(denied.seen).toHaveLength(0)

    const throttled = setup()
    throttled.sim.putFunctionConcurrency({ functionName: 'items', reservedConcurrentExecutions: 0 })
    expect((await throttled.sim.fetch(`${throttled.url}items/1`)).status).toBe(500)
  })

  it('fetch - a body over 10 MB answers 413', async () => {
    const { sim, url, seen } = setup()
    const response = await sim.fetch(`${url}items`, { method: 'POST', body: new Uint8Array(10 * 1024 * 1024 + 1) })
    expect(response.status).toBe(413)
    expect(await response.text()).toBe('{"message":"Request Too Long"}')
    expect(seen).toHaveLength(0)
  })

  it('binaryMediaTypes - a matching request body arrives base64; a base64 result is decoded when Accept matches', async () => {
    const { sim, url, seen } = setup(
      (event) => ({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, isBase64Encoded: true, body: event.body ?? '' }),
      { binaryMediaTypes: ['image/*'] },
    )
    const png = new Uint8Array([137, 80, 78, 71, 0, 255])
    const binary = await sim.fetch(`${url}items`, { method: 'PUT', headers: { 'content-type': 'image/png', accept: 'image/png' }, body: png })
    expect(seen[0]?.isBase64Encoded).toBe(true)
    expect(seen[0]?.body).toBe(Buffer.from(png).toString('base64'))
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([...png])
    // Without a binary Accept type the client gets the base64 text.
    const text = await sim.fetch(`${url}items`, { method: 'PUT', headers: { 'content-type': 'image/png', accept: 'application/json' }, body: png })
    expect(await text.text()).toBe(Buffer.from(png).toString('base64'))
    // A text body stays text.
    await sim.fetch(`${url}items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    expect(seen[2]).toMatchObject({ body: '{"a":1}', isBase64Encoded: false })
    // Only the first Accept type counts: a browser's list naming image/* later still gets the base64 text.
    const browser = await sim.fetch(`${url}items`, { method: 'PUT', headers: { 'content-type': 'image/png', accept: 'text/html,image/webp,*/*;q=0.8' }, body: png })
    expect(await browser.text()).toBe(Buffer.from(png).toString('base64'))
    const first = await sim.fetch(`${url}items`, { method: 'PUT', headers: { 'content-type': 'image/png', accept: 'image/webp;q=0.9, text/html' }, body: png })
    expect([...new Uint8Array(await first.arrayBuffer())]).toEqual([...png])
  })

  it('fetch - a client X-Forwarded-For gets the source address appended; its X-Forwarded-Port/Proto are replaced', async () => {
    const { sim, url, seen } = setup()
    await sim.fetch(`${url}items`, { headers: [['X-Forwarded-For', '198.51.100.7'], ['X-Forwarded-Port', '8080'], ['X-Forwarded-Proto', 'http']] })
    const event = seen[0] as APIGatewayProxyEvent
    expect(event.headers['X-Forwarded-For']).toBe('198.51.100.7, 192.0.2.1')
    expect(event.multiValueHeaders['X-Forwarded-For']).toEqual(['198.51.100.7, 192.0.2.1'])
    expect([event.headers['X-Forwarded-Port'], event.headers['X-Forwarded-Proto']]).toEqual(['443', 'https'])
    expect(event.requestContext.identity.sourceIp).toBe('192.0.2.1')
  })

  it('fetch - a trailing slash reaches the event path (the resource without it still serves the request)', async () => {
    const { sim, url, seen } = setup()
    await sim.fetch(`${url}items/`)
    await sim.fetch(`${url}items/7/`)
    await sim.fetch(`${url}items`)
    expect(seen.map((e) => [e.resource, e.path, e.requestContext.path])).toEqual([
      ['/items', '/items/', '/prod/items/'],
      ['/items/{id}', '/items/7/', '/prod/items/7/'],
      ['/items', '/items', '/prod/items'],
    ])
  })

  it('createDeployment - a stage serves its deployment: later edits need a new deployment', async () => {
    const { sim, url, restApiId } = setup()
    const gw = sim.apiGateway
    const root = gw.getResources({ restApiId }).items.find((r) => r.path === '/')
    if (root === undefined) throw new Error('no root resource')
    gw.putMethod({ restApiId, resourceId: root.id, httpMethod: 'GET', authorizationType: 'NONE' })
    gw.putIntegration({ restApiId, resourceId: root.id, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: uriOf(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:items`) })
    expect((await sim.fetch(url)).status).toBe(403)
    const deployment = gw.createDeployment({ restApiId, stageName: 'prod' })
    expect((await sim.fetch(url)).status).toBe(200)
    expect(gw.getStage({ restApiId, stageName: 'prod' })).toMatchObject({ deploymentId: deployment.id, variables: { mode: 'live' } })
    // A second stage on the same deployment, with its own variables.
    gw.createStage({ restApiId, stageName: 'beta', deploymentId: deployment.id, variables: { mode: 'beta' } })
    const beta = await sim.fetch(`https://${restApiId}.execute-api.${REGION}.amazonaws.com/beta/items/3`)
    expect(beta.status).toBe(200)
  })

  it('stage variables - the integration URI picks the alias per stage', async () => {
    const sim = createSimulation({ seed: 3 })
    const fn = sim.createFunction({ functionName: 'v', code: async (_e: unknown, context: LambdaContext) => ({ statusCode: 200, body: context.invokedFunctionArn }) })
    sim.publishVersion({ functionName: 'v' })
    sim.createAlias({ functionName: 'v', name: 'blue', functionVersion: '1' })
    sim.addPermission({ functionName: 'v:blue', statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' })
    const gw = sim.apiGateway
    const api = gw.createRestApi({ name: 'aliases' })
    gw.putMethod({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' })
    gw.putIntegration({
      restApiId: api.id,
      resourceId: api.rootResourceId,
      httpMethod: 'GET',
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: uriOf(`${fn.functionArn}:\${stageVariables.alias}`),
    })
    gw.createDeployment({ restApiId: api.id, stageName: 'live', variables: { alias: 'blue' } })
    gw.createDeployment({ restApiId: api.id, stageName: 'broken' })
    const live = await sim.fetch(gw.invokeUrl({ restApiId: api.id, stageName: 'live' }))
    expect(await live.text()).toBe(`${fn.functionArn}:blue`)
    // A stage without the variable cannot resolve the function: an execution failure.
    expect((await sim.fetch(gw.invokeUrl({ restApiId: api.id, stageName: 'broken' }))).status).toBe(500)
  })

  it('methodSettings - the stage throttles with a token bucket: 429 Too Many Requests, refilled as virtual time passes', async () => {
    const { sim, url, restApiId, seen } = setup()
    sim.apiGateway.updateStage({ restApiId, stageName: 'prod', methodSettings: { '*/*': { throttlingBurstLimit: 2, throttlingRateLimit: 1 } } })
    const statuses = async (count: number): Promise<number[]> => (await Promise.all(Array.from({ length: count }, () => sim.fetch(`${url}items/1`)))).map((r) => r.status)
    expect(await statuses(3)).toEqual([200, 200, 429])
    const refused = await sim.fetch(`${url}items/1`)
    expect(refused.status).toBe(429)
    expect(await refused.text()).toBe('{"message":"Too Many Requests"}')
    expect(refused.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException')
    await sim.advance('1s')
    expect(await statuses(2)).toEqual([200, 429])
    expect(seen).toHaveLength(3)
    // A method's own setting (its path with / written ~1) wins over */*.
    sim.apiGateway.updateStage({ restApiId, stageName: 'prod', methodSettings: { '*/*': { throttlingBurstLimit: 0 }, '~1items~1{id}/GET': { throttlingBurstLimit: 5 } } })
    expect(await statuses(2)).toEqual([200, 200])
    expect((await sim.fetch(`${url}items`)).status).toBe(429)
  })

  it('fetch - the same seed gives the same responses and event log', async () => {
    const run = async (): Promise<string[]> => {
      const { sim, url } = setup((event) => ({ statusCode: 200, body: event.requestContext.requestId }), { seed: 11, recordEvents: true })
      const out: string[] = []
      for (const path of ['items/1', 'items', 'x/y']) {
        const response = await sim.fetch(`${url}${path}`)
        out.push(`${response.status} ${await response.text()} ${JSON.stringify([...response.headers])}`)
      }
      out.push(sim.eventLogText())
      return out
    }
    expect(await run()).toEqual(await run())
  })

  it('control plane - bad input answers as API Gateway does', () => {
    const sim = createSimulation({ seed: 5 })
    const gw = sim.apiGateway
    const error = (fn: () => unknown): { name: string; statusCode: number; message: string } => {
      try {
        fn()
      } catch (thrown) {
        return thrown as { name: string; statusCode: number; message: string }
      }
      throw new Error('expected a throw')
    }
    expect(error(() => gw.getRestApi({ restApiId: 'nope' }))).toMatchObject({ name: 'NotFoundException', statusCode: 404, message: 'Invalid REST API identifier specified' })
    const api = gw.createRestApi({ name: 'c' })
    const restApiId = api.id
    expect(error(() => gw.createResource({ restApiId, parentId: api.rootResourceId, pathPart: 'a b' }))).toMatchObject({ name: 'BadRequestException', statusCode: 400 })
    const items = gw.createResource({ restApiId, parentId: api.rootResourceId, pathPart: 'items' })
    expect(error(() => gw.createResource({ restApiId, parentId: api.rootResourceId, pathPart: 'items' }))).toMatchObject({
      name: 'ConflictException',
      statusCode: 409,
      message: 'Another resource with the same parent already has this name: items',
    })
    gw.createResource({ restApiId, parentId: items.id, pathPart: '{id}' })
    expect(error(() => gw.createResource({ restApiId, parentId: items.id, pathPart: '{other}' }))).toMatchObject({ name: 'BadRequestException' })
    const greedy = gw.createResource({ restApiId, parentId: api.rootResourceId, pathPart: '{proxy+}' })
    expect(error(() => gw.createResource({ restApiId, parentId: greedy.id, pathPart: 'below' }))).toMatchObject({ name: 'BadRequestException' })
    expect(error(() => gw.createDeployment({ restApiId, stageName: 'prod' }))).toMatchObject({ name: 'BadRequestException', message: "The REST API doesn't contain any methods" })
    expect(error(() => gw.putMethod({ restApiId, resourceId: items.id, httpMethod: 'FETCH', authorizationType: 'NONE' }))).toMatchObject({ name: 'BadRequestException' })
    expect(error(() => gw.putMethod({ restApiId, resourceId: items.id, httpMethod: 'GET', authorizationType: 'AWS_IAM' }))).toMatchObject({ name: 'BadRequestException' })
    gw.putMethod({ restApiId, resourceId: items.id, httpMethod: 'GET', authorizationType: 'NONE' })
    expect(error(() => gw.putMethod({ restApiId, resourceId: items.id, httpMethod: 'GET', authorizationType: 'NONE' }))).toMatchObject({ name: 'ConflictException' })
    const base = { restApiId, resourceId: items.id, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST' }
    expect(error(() => gw.putIntegration({ ...base, uri: 'not-an-arn' }))).toMatchObject({ name: 'BadRequestException', message: 'Invalid ARN specified in the request' })
    expect(error(() => gw.putIntegration({ ...base, uri: uriOf(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`), timeoutInMillis: 29_001 }))).toMatchObject({
      name: 'BadRequestException',
      message: 'Timeout should be between 50 ms and 29000 ms',
    })
    expect(error(() => gw.putIntegration({ ...base, type: 'HTTP', uri: 'https://example.com' }))).toMatchObject({ name: 'BadRequestException' })
    expect(error(() => gw.getIntegration({ restApiId, resourceId: items.id, httpMethod: 'GET' }))).toMatchObject({ name: 'NotFoundException' })
    expect(error(() => gw.createDeployment({ restApiId, stageName: 'prod' }))).toMatchObject({ name: 'BadRequestException', message: 'No integration defined for method' })
    gw.putIntegration({ ...base, uri: uriOf(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`) })
    expect(error(() => gw.getMethod({ restApiId, resourceId: items.id, httpMethod: 'POST' }))).toMatchObject({ name: 'NotFoundException' })
    expect(error(() => gw.getStage({ restApiId, stageName: 'prod' }))).toMatchObject({ name: 'NotFoundException' })
    const deployment = gw.createDeployment({ restApiId })
    expect(error(() => gw.createStage({ restApiId, stageName: 'bad stage', deploymentId: deployment.id }))).toMatchObject({ name: 'BadRequestException' })
    gw.createStage({ restApiId, stageName: 'prod', deploymentId: deployment.id })
    expect(error(() => gw.createStage({ restApiId, stageName: 'prod', deploymentId: deployment.id }))).toMatchObject({ name: 'ConflictException' })
    // deleteResource takes the subtree.
    gw.deleteResource({ restApiId, resourceId: items.id })
    expect(gw.getResources({ restApiId }).items.map((r) => r.path)).toEqual(['/', '/{proxy+}'])
  })
})
