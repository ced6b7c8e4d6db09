/**
 * Application Load Balancers with Lambda targets through `sim.elb` and `sim.fetch`: the ALB event
 * (single- and multi-value), the response mapping, the 1 MB limits, the error pages, the
 * registration-time permission check, listener rules.
 */
import { describe, expect, it } from 'vitest'
import { createSimulation, ElbError, type Simulation } from '../../../src/index.js'

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role'

/** A load balancer with an HTTP listener forwarding to a target group with `handler` registered. */
function albFor(sim: Simulation, handler: (event: any) => unknown, name = 'web') {
  const fn = sim.createFunction({ functionName: name, role: ROLE, runtime: 'nodejs22.x', handler: 'index.handler', code: handler as never } as never)
  const [lb] = sim.elb.createLoadBalancer({ name: `${name}-alb` }).loadBalancers
  const [group] = sim.elb.createTargetGroup({ name: `${name}-tg`, targetType: 'lambda' }).targetGroups
  sim.addPermission({ functionName: name, statementId: 'elb', action: 'lambda:InvokeFunction', principal: 'elasticloadbalancing.amazonaws.com', sourceArn: group!.targetGroupArn })
  sim.elb.registerTargets({ targetGroupArn: group!.targetGroupArn, targets: [{ id: fn.functionArn }] })
  const [listener] = sim.elb.createListener({ loadBalancerArn: lb!.loadBalancerArn, protocol: 'HTTP', port: 80, defaultActions: [{ type: 'forward', targetGroupArn: group!.targetGroupArn }] }).listeners
  return { lb: lb!, group: group!, listener: listener!, url: `http://${lb!.dNSName}`, functionArn: fn.functionArn }
}

describe('aws/elb - Application Load Balancer with a Lambda target', () => {
  it('fetch - the ALB event (single-value) and the response with statusDescription', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    let seen: any
    const { url, group, lb } = albFor(sim, async (event) => {
      seen = event
      return { statusCode: 201, statusDescription: '201 Created', headers: { 'content-type': 'text/plain', 'x-made': 'yes' }, body: 'made', isBase64Encoded: false }
    })
    expect(lb.dNSName).toMatch(/^web-alb-\d{10}\.us-east-1\.elb\.amazonaws\.com$/)
    const response = await sim.fetch(`${url}/orders?q=a%20b&q=c`, { method: 'POST', headers: [['X-Tag', 'one'], ['X-Tag', 'two'], ['Content-Type', 'application/json']], body: '{"id":1}' })
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Created')
    expect(response.headers.get('x-made')).toBe('yes')
    expect(await response.text()).toBe('made')
    expect(seen).toMatchObject({
      requestContext: { elb: { targetGroupArn: group.targetGroupArn } },
      httpMethod: 'POST',
      path: '/orders',
      queryStringParameters: { q: 'c' },
      headers: { 'x-tag': 'two', 'content-type': 'application/json', host: lb.dNSName, 'x-forwarded-proto': 'http', 'x-forwarded-port': '80' },
      body: '{"id":1}',
      isBase64Encoded: false,
    })
    expect(seen.multiValueHeaders).toBeUndefined()
  })

  it('fetch - multi-value headers on: multi-value maps in, multiValueHeaders out; binary bodies base64', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    let seen: any
    const { url, group } = albFor(sim, async (event) => {
      seen = event
      return { statusCode: 200, multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] }, body: 'AP8B', isBase64Encoded: true }
    })
    sim.elb.modifyTargetGroupAttributes({ targetGroupArn: group.targetGroupArn, attributes: [{ key: 'lambda.multi_value_headers.enabled', value: 'true' }] })
    const response = await sim.fetch(`${url}/up?q=a%20b&q=c`, { method: 'PUT', headers: [['X-Tag', 'one'], ['X-Tag', 'two'], ['Content-Type', 'image/png']], body: new Uint8Array([0, 255, 1]) })
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 255, 1])
    expect(seen.multiValueQueryStringParameters).toEqual({ q: ['a%20b', 'c'] })
    expect(seen.multiValueHeaders['x-tag']).toEqual(['one', 'two'])
    expect(seen.headers).toBeUndefined()
    expect(seen.body).toBe('AP8B')
    expect(seen.isBase64Encoded).toBe(true)
  })

  it('fetch - the body is text only for text/*, application/json, application/javascript and application/xml without content-encoding; else base64', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const seen: any[] = []
    const { url } = albFor(sim, async (event) => {
      seen.push({ body: event.body, isBase64Encoded: event.isBase64Encoded })
      return { statusCode: 204 }
    })
    const send = (contentType: string, extra: [string, string][] = []) => sim.fetch(url, { method: 'POST', headers: [['Content-Type', contentType], ...extra], body: 'a: 1' })
    for (const type of ['text/csv', 'application/json; charset=utf-8', 'application/javascript', 'application/xml']) await send(type)
    for (const type of ['application/yaml', 'application/ld+json', 'application/x-www-form-urlencoded', 'application/graphql']) await send(type)
    await send('text/plain', [['Content-Encoding', 'identity']])
    const base64 = { body: Buffer.from('a: 1').toString('base64'), isBase64Encoded: true }
    expect(seen).toEqual([...Array(4).fill({ body: 'a: 1', isBase64Encoded: false }), ...Array(5).fill(base64)])
  })

  it("fetch - x-forwarded-for: the client's address alone, or appended to what the client sent (single- and multi-value)", async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const seen: any[] = []
    const { url, group } = albFor(sim, async (event) => {
      seen.push(event.headers?.['x-forwarded-for'] ?? event.multiValueHeaders?.['x-forwarded-for'])
      return { statusCode: 204 }
    })
    await sim.fetch(url)
    await sim.fetch(url, { headers: [['X-Forwarded-For', '203.0.113.7'], ['X-Forwarded-For', '198.51.100.2']] })
    sim.elb.modifyTargetGroupAttributes({ targetGroupArn: group.targetGroupArn, attributes: [{ key: 'lambda.multi_value_headers.enabled', value: 'true' }] })
    await sim.fetch(url, { headers: { 'X-Forwarded-For': '203.0.113.7' } })
    expect(seen).toEqual(['192.0.2.1', '203.0.113.7, 198.51.100.2, 192.0.2.1', ['203.0.113.7, 192.0.2.1']])
  })

  it('errors - function error, malformed result, oversized response → 502; oversized request → 413; websocket → 400; no target → 503', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const failing = albFor(sim, async () => {
      throw new Error('boom')
    }, 'failing')
    const response = await sim.fetch(`${failing.url}/`)
    expect(response.status).toBe(502)
    expect(response.headers.get('server')).toBe('awselb/2.0')
    expect(await response.text()).toContain('<title>502 Bad Gateway</title>')

    const malformed = albFor(sim, async () => ({ body: 'no status' }), 'malformed')
    expect((await sim.fetch(`${malformed.url}/`)).status).toBe(502)
    const big = albFor(sim, async () => ({ statusCode: 200, body: 'x'.repeat(1024 * 1024) }), 'big')
    expect((await sim.fetch(`${big.url}/`)).status).toBe(502)
    expect((await sim.fetch(`${big.url}/`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })).status).toBe(413)
    expect((await sim.fetch(`${big.url}/`, { headers: { Upgrade: 'websocket', Connection: 'Upgrade' } })).status).toBe(400)

    sim.elb.deregisterTargets({ targetGroupArn: big.group.targetGroupArn, targets: [{ id: big.functionArn }] })
    expect((await sim.fetch(`${big.url}/`)).status).toBe(503)
    await expect(sim.fetch(`https://${big.lb.dNSName}/`)).rejects.toThrow('fetch failed')
  })

  it('registerTargets - refused until the function policy lets elasticloadbalancing invoke it from the target group', () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const fn = sim.createFunction({ functionName: 'f', role: ROLE, runtime: 'nodejs22.x', handler: 'index.handler', code: (async () => ({ statusCode: 200 })) as never } as never)
    const [group] = sim.elb.createTargetGroup({ name: 'tg', targetType: 'lambda' }).targetGroups
    expect(() => sim.elb.registerTargets({ targetGroupArn: group!.targetGroupArn, targets: [{ id: fn.functionArn }] })).toThrow(
      `elasticloadbalancing principal does not have permission to invoke ${fn.functionArn} from target group ${group!.targetGroupArn}`,
    )
    expect(() => sim.elb.registerTargets({ targetGroupArn: group!.targetGroupArn, targets: [{ id: `${fn.functionArn}-missing` }] })).toThrow(/not valid Lambda functions/)
    expect(() => sim.elb.createTargetGroup({ name: '-bad', targetType: 'lambda' })).toThrow(/alphanumeric/)
    expect(sim.elb.createTargetGroup({ name: 'tg', targetType: 'lambda' }).targetGroups[0]?.targetGroupArn).toBe(group!.targetGroupArn)
  })

  it('rules - path patterns pick the target group; fixed responses', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const api = albFor(sim, async (event) => ({ statusCode: 200, body: `api ${event.path}` }), 'api')
    sim.elb.createRule({ listenerArn: api.listener.listenerArn, priority: 10, conditions: [{ field: 'path-pattern', values: ['/health'] }], actions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '200', contentType: 'text/plain', messageBody: 'healthy' } }] })
    expect(await (await sim.fetch(`${api.url}/health`)).text()).toBe('healthy')
    expect(await (await sim.fetch(`${api.url}/orders/1`)).text()).toBe('api /orders/1')
  })

  it('determinism - the same seed gives the same DNS names, ARNs and events', async () => {
    const run = async () => {
      const sim = createSimulation({ seed: 11, functionStates: false })
      let seen: unknown
      const { url, lb } = albFor(sim, async (event) => {
        seen = event
        return { statusCode: 200 }
      })
      await sim.fetch(`${url}/x`)
      return JSON.stringify({ lb, seen })
    }
    expect(await run()).toBe(await run())
  })
})

describe('aws/elb - control plane', () => {
  it('createLoadBalancer / createTargetGroup - the same settings answer the existing one; other settings are duplicates', () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const first = sim.elb.createLoadBalancer({ name: 'edge' }).loadBalancers[0]
    expect(sim.elb.createLoadBalancer({ name: 'edge' }).loadBalancers[0]).toEqual(first)
    expect(() => sim.elb.createLoadBalancer({ name: 'edge', scheme: 'internal' })).toThrow("A load balancer with the same name 'edge' exists, but with different settings")
    const internal = sim.elb.createLoadBalancer({ name: 'inner', scheme: 'internal' }).loadBalancers[0]
    expect(internal?.dNSName).toMatch(/^internal-inner-\d{10}\.us-east-1\.elb\.amazonaws\.com$/)
    expect(() => sim.elb.createLoadBalancer({ name: 'internal-x' })).toThrow(/cannot begin with 'internal-'/)
    try {
      sim.elb.describeTargetGroups({ targetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/none/0123456789abcdef'] })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ElbError)
      expect(error).toMatchObject({ name: 'TargetGroupNotFoundException', code: 'TargetGroupNotFound', statusCode: 400, message: 'One or more target groups not found' })
    }
  })

  it('deleteTargetGroup - refused while a listener forwards to it; describe shows the load balancers using it', () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const { group, lb, listener } = albFor(sim, async () => ({ statusCode: 200 }))
    expect(sim.elb.describeTargetGroups({ loadBalancerArn: lb.loadBalancerArn }).targetGroups.map((g) => g.loadBalancerArns)).toEqual([[lb.loadBalancerArn]])
    expect(() => sim.elb.deleteTargetGroup({ targetGroupArn: group.targetGroupArn })).toThrow(/currently in use by a listener or a rule/)
    sim.elb.deleteListener({ listenerArn: listener.listenerArn })
    sim.elb.deleteTargetGroup({ targetGroupArn: group.targetGroupArn })
    expect(sim.elb.describeTargetGroups().targetGroups).toEqual([])
  })

  it('rules - host-header and http-request-method conditions, lowest priority first', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const { listener, url, lb } = albFor(sim, async () => ({ statusCode: 200, body: 'function' }))
    const fixed = (messageBody: string) => [{ type: 'fixed-response' as const, fixedResponseConfig: { statusCode: '200', messageBody } }]
    sim.elb.createRule({ listenerArn: listener.listenerArn, priority: 20, conditions: [{ field: 'http-request-method', values: ['DELETE'] }], actions: fixed('no deletes') })
    sim.elb.createRule({ listenerArn: listener.listenerArn, priority: 5, conditions: [{ field: 'host-header', values: ['*.ELB.amazonaws.com'] }, { field: 'path-pattern', values: ['/admin*'] }], actions: fixed('admin') })
    expect(() => sim.elb.createRule({ listenerArn: listener.listenerArn, priority: 5, conditions: [{ field: 'path-pattern', values: ['/x'] }], actions: fixed('x') })).toThrow("Priority '5' is currently in use")
    expect(await (await sim.fetch(`${url}/admin/users`, { method: 'DELETE' })).text()).toBe('admin')
    expect(await (await sim.fetch(`${url}/orders`, { method: 'DELETE' })).text()).toBe('no deletes')
    expect(await (await sim.fetch(`${url}/orders`)).text()).toBe('function')
    expect(sim.elb.describeRules({ listenerArn: listener.listenerArn }).rules.map((rule) => rule.priority)).toEqual(['5', '20', 'default'])
    expect(lb.loadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web-alb\/[0-9a-f]{16}$/)
  })

  it('throttled invocation - 503', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const { url } = albFor(sim, async () => ({ statusCode: 200 }))
    sim.putFunctionConcurrency({ functionName: 'web', reservedConcurrentExecutions: 0 })
    expect((await sim.fetch(`${url}/`)).status).toBe(503)
  })
})

describe('aws/elb - a handler calling a load balancer', () => {
  it('fetch inside a handler reaches the ALB; its function runs nested', async () => {
    const sim = createSimulation({ seed: 3, functionStates: false })
    const { url } = albFor(sim, async (event) => ({ statusCode: 200, statusDescription: '200 OK', body: `alb ${event.path}` }), 'backend')
    sim.createFunction({
      functionName: 'caller',
      role: ROLE,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      code: (async () => (await fetch(`${url}/x`)).text()) as never,
    } as never)
    expect((await sim.invoke({ functionName: 'caller' })).payload).toBe('alb /x')
  })
})
