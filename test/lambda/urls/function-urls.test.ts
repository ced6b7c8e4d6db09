/**
 * Function URLs through `sim.fetch`: the payload format 2.0 event a handler receives, the
 * response a client gets (inference, errors, throttles), the auth types against the resource
 * policy, CORS, and the URL metrics.
 */
import { describe, expect, it } from 'vitest'
import { awslambda, createSimulation, type Simulation } from '../../../src/index.js'

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role'

function sim0(): Simulation {
  return createSimulation({ seed: 7, functionStates: false })
}

/** A function with a public URL (NONE, with the two statements AWS requires). */
function publicUrl(sim: Simulation, handler: (event: any) => unknown, extra: Record<string, unknown> = {}, name = 'web'): string {
  sim.createFunction({ functionName: name, role: ROLE, runtime: 'nodejs22.x', handler: 'index.handler', code: handler as never, ...extra } as never)
  const { functionUrl } = sim.createFunctionUrlConfig({ functionName: name, authType: 'NONE' })
  sim.addPermission({ functionName: name, statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
  sim.addPermission({ functionName: name, statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
  return functionUrl
}

describe('lambda/urls - function URLs through sim.fetch', () => {
  it('fetch - the handler gets the 2.0 event; a JSON result without statusCode is a 200 application/json', async () => {
    const sim = sim0()
    let seen: any
    const url = publicUrl(sim, async (event) => {
      seen = event
      return { ok: true }
    })
    expect(url).toMatch(/^https:\/\/[0-9a-f]{32}\.lambda-url\.us-east-1\.on\.aws\/$/)
    const response = await sim.fetch(`${url}items/7?tag=a&tag=b`, { method: 'POST', headers: [['Content-Type', 'application/json'], ['Cookie', 'session=1'], ['X-Tag', 'x']], body: '{"n":1}' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toEqual({ ok: true })
    const host = new URL(url).host
    expect(seen).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/items/7',
      rawQueryString: 'tag=a&tag=b',
      cookies: ['session=1'],
      queryStringParameters: { tag: 'a,b' },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: { accountId: 'anonymous', apiId: host.split('.')[0], domainName: host, http: { method: 'POST', path: '/items/7' }, stage: '$default', timeEpoch: sim.nowMs },
    })
    expect(seen.headers).toMatchObject({ 'content-type': 'application/json', 'x-tag': 'x', host, 'x-forwarded-proto': 'https' })
    expect(seen.headers.cookie).toBeUndefined()
  })

  it('fetch - statusCode, headers, cookies and base64 bodies are honoured', async () => {
    const sim = sim0()
    const url = publicUrl(sim, async () => ({ statusCode: 201, headers: { 'content-type': 'image/png', 'x-made': 'yes' }, cookies: ['a=1', 'b=2'], body: 'AP8B', isBase64Encoded: true }))
    const response = await sim.fetch(url)
    expect(response.status).toBe(201)
    expect(response.headers.get('x-made')).toBe('yes')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 255, 1])
  })

  it('fetch - a function error, a timeout and a malformed result are 502', async () => {
    const sim = sim0()
    const failing = publicUrl(sim, async () => {
      throw new Error('boom')
    }, {}, 'failing')
    const slow = publicUrl(sim, (async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => context.sleep(5_000)) as never, { timeout: 1 }, 'slow')
    const malformed = publicUrl(sim, async () => ({ statusCode: 'two hundred' }), {}, 'malformed')
    for (const url of [failing, slow, malformed]) {
      const response = await sim.fetch(url)
      expect(response.status).toBe(502)
      expect(await response.text()).toBe('Internal Server Error')
    }
  })

  it('auth - NONE without both statements is 403 Forbidden; AWS_IAM needs a signed request', async () => {
    const sim = sim0()
    sim.createFunction({ functionName: 'f', role: ROLE, runtime: 'nodejs22.x', handler: 'index.handler', code: (async () => 'hi') as never } as never)
    const { functionUrl } = sim.createFunctionUrlConfig({ functionName: 'f', authType: 'NONE' })
    const forbidden = await sim.fetch(functionUrl)
    expect(forbidden.status).toBe(403)
    expect(await forbidden.json()).toEqual({ Message: 'Forbidden' })
    sim.addPermission({ functionName: 'f', statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    expect((await sim.fetch(functionUrl)).status).toBe(403)
    sim.addPermission({ functionName: 'f', statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
    const allowed = await sim.fetch(functionUrl)
    expect(allowed.status).toBe(200)
    expect(await allowed.text()).toBe('hi')

    sim.updateFunctionUrlConfig({ functionName: 'f', authType: 'AWS_IAM' })
    expect((await sim.fetch(functionUrl)).status).toBe(403)
    const signed = await sim.fetch(functionUrl, { headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=abc' } })
    expect(signed.status).toBe(200)
  })

  it('throttling - reserved concurrency 0 answers 429', async () => {
    const sim = sim0()
    const url = publicUrl(sim, async () => 'x')
    sim.putFunctionConcurrency({ functionName: 'web', reservedConcurrentExecutions: 0 })
    const response = await sim.fetch(url)
    expect(response.status).toBe(429)
  })

  it('cors - preflight answered by Lambda, response headers replaced by the configuration', async () => {
    const sim = sim0()
    let runs = 0
    const url = publicUrl(sim, async () => {
      runs++
      return { statusCode: 200, headers: { 'access-control-allow-origin': 'https://evil.example' }, body: 'ok' }
    })
    sim.updateFunctionUrlConfig({ functionName: 'web', cors: { allowOrigins: ['https://app.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['x-tag'], maxAge: 300, exposeHeaders: ['x-made'] } })
    const preflight = await sim.fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } })
    expect(preflight.status).toBe(200)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST')
    expect(preflight.headers.get('access-control-max-age')).toBe('300')
    expect(runs).toBe(0)
    const response = await sim.fetch(url, { headers: { Origin: 'https://app.example' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(response.headers.get('access-control-expose-headers')).toBe('x-made')
    const other = await sim.fetch(url, { headers: { Origin: 'https://other.example' } })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    expect(runs).toBe(2)
  })

  it('metrics - UrlRequestCount, Url4xxError, Url5xxError, UrlRequestLatency', async () => {
    const sim = sim0()
    const url = publicUrl(sim, async (event) => {
      if (event.rawPath === '/fail') throw new Error('no')
      return { statusCode: event.rawPath === '/missing' ? 404 : 200, body: '' }
    })
    await sim.fetch(url)
    await sim.fetch(`${url}missing`)
    await sim.fetch(`${url}fail`)
    const sum = (metricName: 'UrlRequestCount' | 'Url4xxError' | 'Url5xxError') =>
      sim.metrics!.getMetricStatistics({ metricName, dimensions: { FunctionName: 'web' }, statistics: ['Sum'] }).reduce((total, point) => total + (point.Sum ?? 0), 0)
    expect([sum('UrlRequestCount'), sum('Url4xxError'), sum('Url5xxError')]).toEqual([3, 1, 1])
    const latency = sim.metrics!.getMetricStatistics({ metricName: 'UrlRequestLatency', dimensions: { FunctionName: 'web', Resource: 'web:$LATEST' }, statistics: ['SampleCount'] })
    expect(latency.reduce((total, point) => total + (point.SampleCount ?? 0), 0)).toBe(3)
  })

  it('lifecycle - a deleted URL or function no longer answers; an alias URL runs the alias', async () => {
    const sim = sim0()
    const url = publicUrl(sim, async () => 'v')
    sim.deleteFunctionUrlConfig({ functionName: 'web' })
    await expect(sim.fetch(url)).rejects.toThrow('fetch failed')
    sim.publishVersion({ functionName: 'web' })
    sim.createAlias({ functionName: 'web', name: 'live', functionVersion: '1' })
    const alias = sim.createFunctionUrlConfig({ functionName: 'web', qualifier: 'live', authType: 'NONE' })
    expect(alias.functionArn).toBe('arn:aws:lambda:us-east-1:123456789012:function:web:live')
    sim.addPermission({ functionName: 'web', qualifier: 'live', statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    sim.addPermission({ functionName: 'web', qualifier: 'live', statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
    expect(await (await sim.fetch(alias.functionUrl)).text()).toBe('v')
    sim.deleteFunction({ functionName: 'web' })
    await expect(sim.fetch(alias.functionUrl)).rejects.toThrow('fetch failed')
  })
})

describe('lambda/urls - InvokeMode RESPONSE_STREAM', () => {
  it('streamifyResponse - the prelude sets status, headers and cookies; the body is what was written, past 6 MB', async () => {
    const sim = sim0()
    const big = 'x'.repeat(7 * 1024 * 1024)
    const url = publicUrl(
      sim,
      awslambda.streamifyResponse(async (event: any, responseStream) => {
        const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-made': 'yes' }, cookies: ['a=1'] })
        stream.write('hello ')
        stream.end(event.rawPath === '/big' ? big : 'world')
      }) as never,
    )
    sim.updateFunctionUrlConfig({ functionName: 'web', invokeMode: 'RESPONSE_STREAM' })
    const response = await sim.fetch(url)
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(response.headers.get('x-made')).toBe('yes')
    expect(response.headers.getSetCookie()).toEqual(['a=1'])
    expect(await response.text()).toBe('hello world')
    expect((await (await sim.fetch(`${url}big`)).text()).length).toBe(6 + big.length)

    // The same function behind a BUFFERED URL: the streamed bytes are read as the result (not JSON here: 502), and 6 MB is the limit.
    sim.updateFunctionUrlConfig({ functionName: 'web', invokeMode: 'BUFFERED' })
    expect((await sim.fetch(url)).status).toBe(502)
  })

  it('a handler not written for streaming: its serialised result is the body', async () => {
    const sim = sim0()
    const url = publicUrl(sim, async () => ({ statusCode: 404, body: 'nope' }))
    sim.updateFunctionUrlConfig({ functionName: 'web', invokeMode: 'RESPONSE_STREAM' })
    const response = await sim.fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(await response.text()).toBe('{"statusCode":404,"body":"nope"}')
  })
})

describe('lambda/urls - determinism', () => {
  it('the same seed gives the same URLs, request ids and event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 21, functionStates: false, recordEvents: true })
      const url = publicUrl(sim, async (event) => ({ statusCode: 200, body: `${event.requestContext.requestId} ${event.headers['x-amzn-trace-id']}` }))
      const bodies = [await (await sim.fetch(url)).text(), await (await sim.fetch(`${url}x`)).text()]
      return JSON.stringify({ url, bodies, events: sim.events() })
    }
    expect(await run()).toBe(await run())
  })
})

describe('lambda/urls - limits, aliases, CORS credentials', () => {
  it('a request whose event is over 6 MB is 413; the function does not run', async () => {
    const sim = sim0()
    let runs = 0
    const url = publicUrl(sim, async () => {
      runs++
      return 'ok'
    })
    const response = await sim.fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(6 * 1024 * 1024) })
    expect(response.status).toBe(413)
    expect(runs).toBe(0)
  })

  it("an alias's URL: metrics under Resource name:alias", async () => {
    const sim = sim0()
    sim.createFunction({ functionName: 'web', role: ROLE, runtime: 'nodejs22.x', handler: 'index.handler', code: (async () => 'v1') as never } as never)
    sim.publishVersion({ functionName: 'web' })
    sim.createAlias({ functionName: 'web', name: 'live', functionVersion: '1' })
    const { functionUrl } = sim.createFunctionUrlConfig({ functionName: 'web:live', authType: 'NONE' })
    sim.addPermission({ functionName: 'web:live', statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    sim.addPermission({ functionName: 'web:live', statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*' })
    expect(await (await sim.fetch(functionUrl)).text()).toBe('v1')
    const count = sim.metrics!.getMetricStatistics({ metricName: 'UrlRequestCount', dimensions: { FunctionName: 'web', Resource: 'web:live' }, statistics: ['Sum'] })
    expect(count.map((point) => point.Sum)).toEqual([1])
    const byVersion = sim.metrics!.getMetricStatistics({ metricName: 'UrlRequestCount', dimensions: { FunctionName: 'web', Resource: 'web:live', ExecutedVersion: '1' }, statistics: ['Sum'] })
    expect(byVersion.map((point) => point.Sum)).toEqual([1])
    // The unqualified function has no URL of its own; listing shows the alias's.
    expect(sim.listFunctionUrlConfigs({ functionName: 'web' }).functionUrlConfigs.map((config) => config.functionArn)).toEqual(['arn:aws:lambda:us-east-1:123456789012:function:web:live'])
  })

  it("cors - AllowOrigins ['*'] with credentials echoes the origin", async () => {
    const sim = sim0()
    const url = publicUrl(sim, async () => 'ok')
    sim.updateFunctionUrlConfig({ functionName: 'web', cors: { allowOrigins: ['*'], allowCredentials: true, allowMethods: ['*'] } })
    const response = await sim.fetch(url, { headers: { Origin: 'https://any.example' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://any.example')
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    const preflight = await sim.fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://any.example', 'Access-Control-Request-Method': 'PATCH' } })
    expect(preflight.headers.get('access-control-allow-methods')).toBe('*')
  })
})

describe('lambda/urls - a handler calling a function URL', () => {
  it("fetch inside a handler reaches the other function's URL as a nested invocation", async () => {
    const sim = createSimulation({ seed: 5, functionStates: false, recordEvents: true })
    const backendUrl = publicUrl(sim, async (event) => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: `backend saw ${event.rawPath}` }), {}, 'backend')
    sim.createFunction({
      functionName: 'frontend',
      role: ROLE,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code: (async () => {
        const response = await fetch(`${backendUrl}items`)
        return { status: response.status, text: await response.text() }
      }) as never,
    } as never)
    const result = await sim.invoke({ functionName: 'frontend' })
    expect(result.payload).toEqual({ status: 200, text: 'backend saw /items' })
    const started = sim.events().filter((e) => e.type === 'invocation.started').map((e) => (e as { functionName: string }).functionName)
    expect(started).toEqual(['frontend', 'backend'])
  })
})

describe('lambda/urls - concurrent requests', () => {
  it('three requests at once with reserved concurrency 1: one runs, two are 429', async () => {
    const sim = sim0()
    const url = publicUrl(sim, (async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
      await context.sleep(1_000)
      return 'ok'
    }) as never)
    sim.putFunctionConcurrency({ functionName: 'web', reservedConcurrentExecutions: 1 })
    const startMs = sim.nowMs
    const statuses = (await Promise.all([1, 2, 3].map(() => sim.fetch(url)))).map((response) => response.status)
    expect(statuses.sort()).toEqual([200, 429, 429])
    expect(sim.nowMs - startMs).toBe(1_000)
  })
})
