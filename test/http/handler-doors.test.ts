/**
 * Front doors called from inside a handler (src/simulation/handler-doors.ts): a handler's `fetch`
 * (or `node:https`) to a function URL, an HTTP API or a load balancer is answered by the door
 * in-process, its invocation nested in the caller's; the door's integration timeout runs on the
 * virtual clock while the callee runs on; the response is what a real client gets.
 */
import * as http2 from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type LambdaContext, type Simulation } from '../../src/index.js'

const ACCOUNT = '123456789012'

/** A function with a public URL (auth NONE and the two statements AWS requires). */
function withUrl(sim: Simulation, name: string, code: (event: any, context: LambdaContext) => Promise<unknown>): string {
  sim.createFunction({ functionName: name, code })
  const { functionUrl } = sim.createFunctionUrlConfig({ functionName: name, authType: 'NONE' })
  sim.addPermission({ functionName: name, statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
  sim.addPermission({ functionName: name, statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
  return functionUrl
}

/** A function behind an HTTP API ($default route), with an integration timeout when given. */
function withHttpApi(sim: Simulation, name: string, code: (event: any, context: LambdaContext) => Promise<unknown>, timeoutInMillis?: number): string {
  const fn = sim.createFunction({ functionName: name, timeout: 60, code })
  const api = sim.apiGatewayV2.createApi({ name, protocolType: 'HTTP' })
  const integration = sim.apiGatewayV2.createIntegration({
    apiId: api.apiId,
    integrationType: 'AWS_PROXY',
    integrationUri: fn.functionArn,
    payloadFormatVersion: '2.0',
    ...(timeoutInMillis !== undefined ? { timeoutInMillis } : {}),
  })
  sim.apiGatewayV2.createRoute({ apiId: api.apiId, routeKey: '$default', target: `integrations/${integration.integrationId}` })
  sim.apiGatewayV2.createStage({ apiId: api.apiId, stageName: '$default', autoDeploy: true })
  sim.addPermission({ functionName: name, statementId: 'api', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', sourceArn: `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.apiId}/*` })
  return api.apiEndpoint
}

/** What the calling handler saw of a response: status, a few headers, every cookie, the body. */
async function seen(response: Response): Promise<Record<string, unknown>> {
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('content-type'),
    custom: response.headers.get('x-custom'),
    cookies: response.headers.getSetCookie(),
    body: await response.text(),
  }
}

const names = (sim: Simulation, type: string): string[] => sim.events().filter((e) => e.type === type).map((e) => (e as { functionName: string }).functionName)

describe('front doors from inside a handler', () => {
  it("fetch of another function's URL: status, headers, every set-cookie line and the body, as a nested invocation", async () => {
    const sim = createSimulation({ seed: 11, recordEvents: true })
    const url = withUrl(sim, 'backend', async (event) => ({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-custom': event.headers['x-caller'] },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: `made ${event.rawPath}?${event.rawQueryString} from ${event.body}`,
    }))
    sim.createFunction({
      functionName: 'frontend',
      code: async () => seen(await fetch(`${url}orders?id=7`, { method: 'POST', headers: { 'x-caller': 'frontend' }, body: 'hello' })),
    })
    const result = await sim.invoke({ functionName: 'frontend' })
    expect(result.payload).toEqual({
      status: 201,
      statusText: 'Created',
      contentType: 'text/plain',
      custom: 'frontend',
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: 'made /orders?id=7 from hello',
    })
    // One invocation inside the other: the callee starts and ends while the caller runs.
    expect(names(sim, 'invocation.started')).toEqual(['frontend', 'backend'])
    expect(names(sim, 'invocation.completed')).toEqual(['backend', 'frontend'])
  })

  it('node:https to a function URL: the IncomingMessage has the status, reason and cookies as an array', async () => {
    const sim = createSimulation({ seed: 12 })
    const url = withUrl(sim, 'backend', async () => ({ statusCode: 200, cookies: ['x=1', 'y=2'], body: 'ok' }))
    sim.createFunction({
      functionName: 'caller',
      code: async () =>
        new Promise((resolve, reject) => {
          const req = httpsRequest(url, { method: 'GET' }, (res) => {
            const chunks: Buffer[] = []
            res.on('data', (chunk: Buffer) => chunks.push(chunk))
            res.on('end', () => resolve({ status: res.statusCode, message: res.statusMessage, cookies: res.headers['set-cookie'], body: Buffer.concat(chunks).toString('utf8') }))
          })
          req.on('error', reject)
          req.end()
        }),
    })
    expect((await sim.invoke({ functionName: 'caller' })).payload).toEqual({ status: 200, message: 'OK', cookies: ['x=1', 'y=2'], body: 'ok' })
  })

  it('an HTTP/2 client (node:http2) to a function URL gets every cookie line as an array entry', async () => {
    const sim = createSimulation({ seed: 22 })
    const url = withUrl(sim, 'backend', async () => ({ statusCode: 200, cookies: ['x=1', 'y=2'], body: 'h2' }))
    sim.createFunction({
      functionName: 'caller',
      code: async () =>
        new Promise((resolve, reject) => {
          const session = http2.connect(url)
          const stream = session.request({ ':method': 'GET', ':path': '/' })
          let head: http2.IncomingHttpHeaders = {}
          const chunks: Buffer[] = []
          stream.on('response', (headers) => (head = headers))
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            session.close()
            resolve({ status: head[':status'], cookies: head['set-cookie'], body: Buffer.concat(chunks).toString('utf8') })
          })
          stream.on('error', reject)
          stream.end()
        }),
    })
    expect((await sim.invoke({ functionName: 'caller' })).payload).toEqual({ status: 200, cookies: ['x=1', 'y=2'], body: 'h2' })
  })

  it('the query reaches the door as the handler wrote it: order, repeats and percent-encoding kept (fetch and node:http2)', async () => {
    const sim = createSimulation({ seed: 23 })
    const url = withUrl(sim, 'backend', async (event) => ({ raw: event.rawQueryString, query: event.queryStringParameters }))
    const query = 'a=1&b=x%20y&a=2'
    sim.createFunction({ functionName: 'viaFetch', code: async () => (await fetch(`${url}?${query}`)).json() })
    sim.createFunction({
      functionName: 'viaHttp2',
      code: async () =>
        new Promise((resolve, reject) => {
          const session = http2.connect(url)
          const stream = session.request({ ':method': 'GET', ':path': `/?${query}` })
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('end', () => {
            session.close()
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          })
          stream.on('error', reject)
          stream.end()
        }),
    })
    const expected = { raw: query, query: { a: '1,2', b: 'x y' } }
    expect((await sim.invoke({ functionName: 'viaFetch' })).payload).toEqual(expected)
    expect((await sim.invoke({ functionName: 'viaHttp2' })).payload).toEqual(expected)
    expect(await (await sim.fetch(`${url}?${query}`)).json()).toEqual(expected)
  })

  it('fetch of an HTTP API: the route answers with the function result (status, headers, body)', async () => {
    const sim = createSimulation({ seed: 13 })
    const endpoint = withHttpApi(sim, 'orders', async (event) => ({ statusCode: 202, headers: { 'x-custom': event.requestContext.http.method }, body: JSON.stringify({ path: event.rawPath }) }))
    sim.createFunction({ functionName: 'client', code: async () => seen(await fetch(`${endpoint}/orders/1`, { method: 'PUT' })) })
    const inside = (await sim.invoke({ functionName: 'client' })).payload
    expect(inside).toMatchObject({ status: 202, statusText: 'Accepted', custom: 'PUT', cookies: [], body: '{"path":"/orders/1"}' })
    // Exactly what a client outside the simulation gets from the same route.
    expect(inside).toEqual(await seen(await sim.fetch(`${endpoint}/orders/1`, { method: 'PUT' })))
  })

  it("an integration timeout seen from inside a handler: the door answers at the timeout on the virtual clock, the callee runs on", async () => {
    const sim = createSimulation({ seed: 14, recordEvents: true })
    const endpoint = withHttpApi(sim, 'slow', async (_event, context) => {
      await context.sleep(2_000)
      return { statusCode: 200, body: 'late' }
    }, 500)
    sim.createFunction({
      functionName: 'impatient',
      timeout: 10,
      code: async () => {
        const before = Date.now()
        const response = await fetch(endpoint)
        return { status: response.status, body: await response.text(), waitedMs: Date.now() - before }
      },
    })
    const startMs = sim.nowMs
    const result = await sim.invoke({ functionName: 'impatient' })
    expect(result.payload).toEqual({ status: 503, body: '{"message":"Service Unavailable"}', waitedMs: 500 })
    expect(sim.nowMs - startMs).toBeLessThan(2_000)
    await sim.runUntilIdle()
    // The callee was not stopped: it completed after its caller, successfully.
    const completed = sim.events().filter((e) => e.type === 'invocation.completed') as { functionName: string; status: string; atMs: number }[]
    expect(completed.map((e) => [e.functionName, e.status])).toEqual([
      ['impatient', 'success'],
      ['slow', 'success'],
    ])
    expect(completed[1]!.atMs - completed[0]!.atMs).toBeGreaterThanOrEqual(1_400)
  })

  it('fetch of a CloudFront distribution whose origin is a function URL: the distribution forwards to the URL door, nested too', async () => {
    const sim = createSimulation({ seed: 23, recordEvents: true })
    const url = withUrl(sim, 'origin', async (event) => ({ statusCode: 200, headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' }, cookies: ['o=1'], body: `origin saw ${event.rawPath}` }))
    const { distribution } = sim.cloudFront.createDistribution({
      distributionConfig: { origins: [{ id: 'app', domainName: new URL(url).hostname }], defaultCacheBehavior: { targetOriginId: 'app' } },
    })
    sim.createFunction({ functionName: 'caller', code: async () => seen(await fetch(`https://${distribution.domainName}/page`)) })
    expect((await sim.invoke({ functionName: 'caller' })).payload).toMatchObject({ status: 200, cookies: ['o=1'], body: 'origin saw /page' })
    expect(names(sim, 'invocation.started')).toEqual(['caller', 'origin'])
  })

  it('a failing callee behind a function URL answers 502 to the calling handler', async () => {
    const sim = createSimulation({ seed: 15 })
    const url = withUrl(sim, 'broken', async () => {
      throw new Error('boom')
    })
    sim.createFunction({ functionName: 'caller', code: async () => seen(await fetch(url)) })
    const result = await sim.invoke({ functionName: 'caller' })
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toMatchObject({ status: 502, statusText: 'Bad Gateway' })
  })

  it('a load balancer port nothing listens on fails the handler\'s fetch as a refused connection', async () => {
    const sim = createSimulation({ seed: 16 })
    sim.createFunction({ functionName: 'target', code: async () => ({ statusCode: 200 }) })
    const [lb] = sim.elb.createLoadBalancer({ name: 'edge' }).loadBalancers
    sim.createFunction({
      functionName: 'caller',
      code: async () => {
        const failure = await fetch(`http://${lb!.dNSName}:8080/`).catch((error: unknown) => error)
        return { name: (failure as Error).name, message: (failure as Error).message, code: ((failure as Error).cause as { code?: string }).code }
      },
    })
    expect((await sim.invoke({ functionName: 'caller' })).payload).toEqual({ name: 'TypeError', message: 'fetch failed', code: 'ECONNREFUSED' })
  })

  it('a request made at module scope (the init phase) reaches the door too', async () => {
    const sim = createSimulation({ seed: 19 })
    const url = withUrl(sim, 'config', async () => ({ statusCode: 200, body: 'settings' }))
    sim.createFunction({
      functionName: 'app',
      code: {
        init: async () => {
          const settings = await (await fetch(url)).text()
          return async () => `loaded ${settings}`
        },
      },
    })
    expect((await sim.invoke({ functionName: 'app' })).payload).toBe('loaded settings')
  })

  it("the caller's own timeout ends its wait on the door; the callee runs on and the run ends", async () => {
    const sim = createSimulation({ seed: 20, recordEvents: true })
    const url = withUrl(sim, 'slow', async (_event, context) => {
      await context.sleep(2_000) // within its own 3 s timeout, past its caller's 1 s
      return { statusCode: 200 }
    })
    sim.createFunction({ functionName: 'short', timeout: 1, code: async () => (await fetch(url)).status })
    const result = await sim.invoke({ functionName: 'short' })
    expect(result.functionError).toBe('Unhandled')
    expect(result.payload).toMatchObject({ errorType: 'Sandbox.Timedout' })
    await sim.runUntilIdle()
    const completed = sim.events().filter((e) => e.type === 'invocation.completed') as { functionName: string; status: string }[]
    expect(completed.map((e) => [e.functionName, e.status])).toEqual([
      ['short', 'timeout'],
      ['slow', 'success'],
    ])
  })

  it('a function calling its own URL is not caught by loop detection (plain HTTP carries no lineage): the chain ends when concurrency runs out', async () => {
    const sim = createSimulation({ seed: 21, recordEvents: true })
    let url = ''
    url = withUrl(sim, 'self', async () => ({ statusCode: 200, body: String((await fetch(url)).status) }))
    sim.putFunctionConcurrency({ functionName: 'self', reservedConcurrentExecutions: 5 })
    const result = await sim.invoke({ functionName: 'self' })
    expect(sim.events().filter((e) => e.type === 'invocation.started')).toHaveLength(5)
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toEqual([])
    // The fifth run's request was throttled by the URL (429); each caller above it saw a 200.
    expect(result.payload).toMatchObject({ statusCode: 200, body: '200' })
    expect(sim.events().filter((e) => e.type === 'functionUrl.request').map((e) => (e as { status: number }).status)).toContain(429)
  })

  it('determinism: the same seed gives the same event log, byte for byte', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 17, recordEvents: true })
      const url = withUrl(sim, 'backend', async (event) => ({ statusCode: 200, cookies: ['n=1'], body: `${event.requestContext.requestId} ${Math.random()}` }))
      const endpoint = withHttpApi(sim, 'slow', async (_event, context) => {
        await context.sleep(800)
        return { statusCode: 200 }
      }, 300)
      sim.createFunction({
        functionName: 'caller',
        code: async () => {
          const viaUrl = await (await fetch(url)).text()
          const viaApi = (await fetch(endpoint)).status
          return { viaUrl, viaApi }
        },
      })
      await Promise.all([sim.invoke({ functionName: 'caller' }), sim.invoke({ functionName: 'caller' })])
      await sim.runUntilIdle()
      return JSON.stringify(sim.events())
    }
    const first = await run()
    expect(await run()).toBe(first)
    expect(first).toContain('"functionName":"slow"')
  })

  it('a request to a host no door serves and AWS does not own is still real network: an escape naming the URL', async () => {
    const sim = createSimulation({ seed: 18 })
    withUrl(sim, 'backend', async () => ({ statusCode: 200 }))
    sim.createFunction({
      functionName: 'web',
      code: async () => {
        await fetch('http://127.0.0.1:9/status').catch(() => undefined)
        return 'done'
      },
    })
    const failure = await sim.invoke({ functionName: 'web' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(SimulationError)
    expect((failure as SimulationError).code).toBe('handler-escaped')
    expect((failure as Error).message).toContain('a network request: GET http://127.0.0.1:9/status')
  })
})
