import { describe, expect, it } from 'vitest'
import { toDoorRequest, toFetchResponse } from '../../src/http/fetch-bridge.js'
import { awslambda, createSimulation } from '../../src/index.js'

describe('sim.fetch plumbing', () => {
  it('keeps header lines as the client wrote them when given as pairs', async () => {
    const request = await toDoorRequest('https://abc.lambda-url.us-east-1.on.aws/a?b=1&b=2', {
      method: 'post',
      headers: [['X-Tag', 'one'], ['X-Tag', 'two']],
      body: 'hello',
    })
    expect(request.method).toBe('POST')
    expect(request.url.search).toBe('?b=1&b=2')
    expect(request.headers).toEqual([['X-Tag', 'one'], ['X-Tag', 'two'], ['content-type', 'text/plain;charset=UTF-8']])
    expect(new TextDecoder().decode(request.body)).toBe('hello')
  })

  it('reads a Request object and an empty body', async () => {
    const request = await toDoorRequest(new Request('http://lb-1.us-east-1.elb.amazonaws.com/', { headers: { Accept: 'text/html' } }), undefined)
    expect(request.method).toBe('GET')
    expect(request.headers).toEqual([['accept', 'text/html']])
    expect(request.body.byteLength).toBe(0)
  })

  it('builds the Response with every set-cookie line, the reason phrase, and no body where none is allowed', async () => {
    const response = toFetchResponse({ status: 201, headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['content-type', 'text/plain']], body: new TextEncoder().encode('made') })
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Created')
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await response.text()).toBe('made')
    expect(toFetchResponse({ status: 204, headers: [], body: new TextEncoder().encode('x') }).body).toBeNull()
  })

  it('a HEAD request gets the headers and no body, whatever the function wrote (sim.fetch and a handler\'s fetch)', async () => {
    const sim = createSimulation({ seed: 5 })
    sim.createFunction({ functionName: 'page', code: async () => ({ statusCode: 200, headers: { 'content-type': 'text/html', 'x-page': 'home' }, body: '<h1>home</h1>' }) })
    const { functionUrl } = sim.createFunctionUrlConfig({ functionName: 'page', authType: 'NONE' })
    sim.addPermission({ functionName: 'page', statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    sim.addPermission({ functionName: 'page', statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
    const head = await sim.fetch(functionUrl, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('x-page')).toBe('home')
    expect(head.body).toBeNull()
    sim.createFunction({
      functionName: 'probe',
      code: async () => {
        const response = await fetch(functionUrl, { method: 'HEAD' })
        return { status: response.status, page: response.headers.get('x-page'), body: await response.text() }
      },
    })
    expect((await sim.invoke({ functionName: 'probe' })).payload).toEqual({ status: 200, page: 'home', body: '' })
  })

  it('follows redirects as fetch does: 303 and a POST\'s 302 as a GET without the body, 307 keeps both; manual, error, a loop', async () => {
    const sim = createSimulation({ seed: 5 })
    const seen: string[] = []
    sim.createFunction({
      functionName: 'site',
      code: async (event: any) => {
        seen.push(`${event.requestContext.http.method} ${event.rawPath} ${event.body ?? '-'} ${event.headers['content-type'] ?? '-'}`)
        if (event.rawPath === '/see-other') return { statusCode: 303, headers: { location: '/done' } }
        if (event.rawPath === '/found') return { statusCode: 302, headers: { location: 'done' } }
        if (event.rawPath === '/temporary') return { statusCode: 307, headers: { location: '/done' } }
        if (event.rawPath === '/loop') return { statusCode: 302, headers: { location: '/loop' } }
        if (event.rawPath === '/away') return { statusCode: 301, headers: { location: 'https://nowhere.example/' } }
        return { statusCode: 200, body: `done by ${event.requestContext.http.method}` }
      },
    })
    const { functionUrl } = sim.createFunctionUrlConfig({ functionName: 'site', authType: 'NONE' })
    sim.addPermission({ functionName: 'site', statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    sim.addPermission({ functionName: 'site', statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' }

    const seeOther = await sim.fetch(`${functionUrl}see-other`, post)
    expect([seeOther.status, seeOther.redirected, seeOther.url, await seeOther.text()]).toEqual([200, true, `${functionUrl}done`, 'done by GET'])
    expect(seen.splice(0)).toEqual(['POST /see-other {"a":1} application/json', 'GET /done - -'])
    expect(await (await sim.fetch(`${functionUrl}found`, post)).text()).toBe('done by GET')
    expect(seen.splice(0)).toEqual(['POST /found {"a":1} application/json', 'GET /done - -'])
    expect(await (await sim.fetch(`${functionUrl}temporary`, post)).text()).toBe('done by POST')
    expect(seen.splice(0)).toEqual(['POST /temporary {"a":1} application/json', 'POST /done {"a":1} application/json'])

    const plain = await sim.fetch(`${functionUrl}done`)
    expect([plain.redirected, plain.url]).toEqual([false, `${functionUrl}done`])
    const manual = await sim.fetch(`${functionUrl}found`, { redirect: 'manual' })
    expect([manual.status, manual.headers.get('location')]).toEqual([302, 'done'])
    await expect(sim.fetch(`${functionUrl}found`, { redirect: 'error' })).rejects.toMatchObject({ message: 'fetch failed', cause: { message: 'unexpected redirect' } })
    await expect(sim.fetch(`${functionUrl}loop`)).rejects.toMatchObject({ message: 'fetch failed', cause: { message: 'redirect count exceeded' } })
    seen.length = 0
    await expect(sim.fetch(`${functionUrl}away`)).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ENOTFOUND' } })
  })

  it('a header value beyond Latin-1 arrives as its UTF-8 bytes (as on the wire); a header name that is not a token makes the result malformed (502)', async () => {
    const sim = createSimulation({ seed: 5 })
    const url = (name: string, headers: Record<string, string>): string => {
      sim.createFunction({ functionName: name, code: async () => ({ statusCode: 200, headers, body: 'ok' }) })
      const { functionUrl } = sim.createFunctionUrlConfig({ functionName: name, authType: 'NONE' })
      sim.addPermission({ functionName: name, statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
      sim.addPermission({ functionName: name, statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
      return functionUrl
    }
    const marked = url('marked', { 'x-mark': 'ok ✓' })
    const wire = Buffer.from('ok ✓', 'utf8').toString('latin1')
    expect((await sim.fetch(marked)).headers.get('x-mark')).toBe(wire)
    sim.createFunction({ functionName: 'probe', code: async () => (await fetch(marked)).headers.get('x-mark') })
    expect((await sim.invoke({ functionName: 'probe' })).payload).toBe(wire)
    expect(Buffer.from(wire, 'latin1').toString('utf8')).toBe('ok ✓')
    expect((await sim.fetch(url('spaced', { 'bad name': 'x' }))).status).toBe(502)
    expect((await sim.fetch(url('broken', { 'x-line': 'a\r\nset-cookie: evil=1' }))).status).toBe(502)
  })

  it('a result whose status a response cannot have (1xx, past 599) is malformed: 502 from a URL (buffered or streaming) and from an ALB', async () => {
    const sim = createSimulation({ seed: 5 })
    const publicUrl = (name: string, code: (...args: any[]) => unknown, invokeMode?: 'RESPONSE_STREAM'): string => {
      sim.createFunction({ functionName: name, code: code as never })
      const { functionUrl } = sim.createFunctionUrlConfig({ functionName: name, authType: 'NONE', ...(invokeMode !== undefined ? { invokeMode } : {}) })
      sim.addPermission({ functionName: name, statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
      sim.addPermission({ functionName: name, statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
      return functionUrl
    }
    expect((await sim.fetch(publicUrl('interim', async () => ({ statusCode: 150, body: 'x' })))).status).toBe(502)
    const streaming = awslambda.streamifyResponse(async (_event, stream) => awslambda.HttpResponseStream.from(stream, { statusCode: 700, headers: { 'bad name': 'x' } }).end('x'))
    expect((await sim.fetch(publicUrl('streamed', streaming, 'RESPONSE_STREAM'))).status).toBe(502)

    const fn = sim.createFunction({ functionName: 'target', code: async () => ({ statusCode: 101 }) })
    const [lb] = sim.elb.createLoadBalancer({ name: 'lb' }).loadBalancers
    const [group] = sim.elb.createTargetGroup({ name: 'tg', targetType: 'lambda' }).targetGroups
    sim.addPermission({ functionName: 'target', statementId: 'elb', action: 'lambda:InvokeFunction', principal: 'elasticloadbalancing.amazonaws.com', sourceArn: group!.targetGroupArn })
    sim.elb.registerTargets({ targetGroupArn: group!.targetGroupArn, targets: [{ id: fn.functionArn }] })
    sim.elb.createListener({ loadBalancerArn: lb!.loadBalancerArn, protocol: 'HTTP', port: 80, defaultActions: [{ type: 'forward', targetGroupArn: group!.targetGroupArn }] })
    expect((await sim.fetch(`http://${lb!.dNSName}/`)).status).toBe(502)
  })

  it('fails as fetch fails on an unknown host', async () => {
    const sim = createSimulation({ seed: 1 })
    const error = await sim.fetch('https://nowhere.example.com/').catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toBe('fetch failed')
    expect(((error as TypeError).cause as { code: string }).code).toBe('ENOTFOUND')
  })
})
