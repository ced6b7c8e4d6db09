import { describe, expect, it } from 'vitest'
import { edgeSetup } from './support.js'
import { createSimulation, SimulationError } from '../../../src/index.js'

async function page(response: Response): Promise<{ status: number; xCache: string | null; text: string; requestId: string | null }> {
  return { status: response.status, xCache: response.headers.get('x-cache'), text: await response.text(), requestId: response.headers.get('x-amz-cf-id') }
}

describe('aws/cloudfront edge failures', () => {
  it('function error - 503 LambdaExecutionError with CloudFront’s error page; the origin is not asked', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('boom', () => {
      throw new Error('boom')
    })
    const { base } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])

    const response = await setup.sim.fetch(`${base}/`)
    const seen = await page(response)

    expect(seen.status).toBe(503)
    expect(seen.xCache).toBe('LambdaExecutionError from cloudfront')
    expect(response.headers.get('server')).toBe('CloudFront')
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(seen.text).toContain('<H1>503 ERROR</H1>')
    expect(seen.text).toContain("The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions.")
    expect(seen.text).toContain(`Request ID: ${seen.requestId}`)
    expect(setup.hits).toHaveLength(0)
  })

  it('allowedMethods - GET and HEAD by default: a POST gets 403 before any function runs; all seven let it through', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('viewer', (event) => event.Records[0].cf.request)
    const association = [{ eventType: 'viewer-request' as const, lambdaFunctionArn: arn }]
    const { base } = setup.distribution(association)
    const refused = await setup.sim.fetch(`${base}/form`, { method: 'POST', body: 'x' })
    const seen = await page(refused)
    expect([seen.status, seen.xCache]).toEqual([403, 'Error from cloudfront'])
    expect(seen.text).toContain('<H1>403 ERROR</H1>')
    expect(seen.text).toContain('This distribution is not configured to allow the HTTP request method that was used for this request.')
    expect((await setup.sim.fetch(`${base}/form`, { method: 'OPTIONS' })).status).toBe(403)
    expect(setup.events.get('viewer')).toHaveLength(0)
    expect(setup.hits).toHaveLength(0)

    const withOptions = setup.distribution(association, { defaultCacheBehavior: { targetOriginId: 'app', allowedMethods: ['GET', 'HEAD', 'OPTIONS'], lambdaFunctionAssociations: association } })
    expect((await setup.sim.fetch(`${withOptions.base}/form`, { method: 'OPTIONS' })).status).toBe(200)
    expect((await setup.sim.fetch(`${withOptions.base}/form`, { method: 'DELETE' })).status).toBe(403)
    const all = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']
    const open = setup.distribution(association, { defaultCacheBehavior: { targetOriginId: 'app', allowedMethods: all, lambdaFunctionAssociations: association } })
    expect((await setup.sim.fetch(`${open.base}/form`, { method: 'POST', body: 'x' })).status).toBe(200)
    expect(setup.hits.map((hit) => `${hit.method} ${hit.body}`)).toEqual(['OPTIONS ', 'POST x'])

    // Only CloudFront's three sets are accepted.
    expect(() => setup.distribution([], { defaultCacheBehavior: { targetOriginId: 'app', allowedMethods: ['GET', 'POST'] } })).toThrow(
      expect.objectContaining({ name: 'InvalidArgument' }),
    )
  })

  it('an origin that leads back to the distribution - the looping request is answered 502 at once', async () => {
    const setup = edgeSetup()
    const first = setup.distribution([])
    const second = setup.distribution([])
    // first → second → first: each one's origin is the other distribution.
    for (const [site, other] of [
      [first, second],
      [second, first],
    ] as const) {
      const { distribution, eTag } = setup.sim.cloudFront.getDistribution({ id: site.id })
      setup.sim.cloudFront.updateDistribution({
        id: site.id,
        ifMatch: eTag,
        distributionConfig: { ...distribution.distributionConfig, origins: [{ id: 'app', domainName: other.domainName }] },
      })
    }
    const response = await setup.sim.fetch(`${first.base}/page`)
    expect(response.status).toBe(502)
    // The second hop's Via names both edges, the first one again: CloudFront's page from the inner hop.
    expect(await response.text()).toContain('CloudFront detected that the request looped back to this distribution through its origin.')
    expect(setup.hits).toHaveLength(0)
  })

  it('result not an object - 502 LambdaValidationError', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('nothing', () => undefined)
    const { base } = setup.distribution([{ eventType: 'origin-request', lambdaFunctionArn: arn }])

    const seen = await page(await setup.sim.fetch(`${base}/`))

    expect(seen.status).toBe(502)
    expect(seen.xCache).toBe('LambdaValidationError from cloudfront')
    expect(seen.text).toContain('The Lambda function returned invalid JSON: The JSON output must be an object type.')
  })

  it('read-only header - changing Host in viewer-request (or Via in origin-response) is refused with 502', async () => {
    const setup = edgeSetup()
    const host = setup.edge('host', (event) => {
      const request = event.Records[0].cf.request
      request.headers.host = [{ key: 'Host', value: 'elsewhere.example.com' }]
      return request
    })
    const via = setup.edge('via', (event) => {
      const response = event.Records[0].cf.response
      response.headers.via = [{ key: 'Via', value: '1.1 me' }]
      return response
    })
    const hostDist = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: host }])
    const viaDist = setup.distribution([{ eventType: 'origin-response', lambdaFunctionArn: via }])

    for (const base of [hostDist.base, viaDist.base]) {
      const seen = await page(await setup.sim.fetch(`${base}/`))
      expect(seen.status).toBe(502)
      expect(seen.text).toContain('The Lambda function result failed validation: The function tried to add, delete, or change a read-only header.')
    }
  })

  it('disallowed header - adding X-Cache or a Connection header is refused with 502', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('add', (event) => {
      const response = event.Records[0].cf.response
      response.headers['x-cache'] = [{ key: 'X-Cache', value: 'Hit from me' }]
      return response
    })
    const { base } = setup.distribution([{ eventType: 'viewer-response', lambdaFunctionArn: arn }])

    const seen = await page(await setup.sim.fetch(`${base}/`))

    expect(seen.status).toBe(502)
    expect(seen.xCache).toBe('LambdaValidationError from cloudfront')
  })

  it('header map - an entry whose key does not spell its lower-case name is refused; a removed read-only header too', async () => {
    const setup = edgeSetup()
    const mismatch = setup.edge('mismatch', (event) => {
      const request = event.Records[0].cf.request
      request.headers['x-one'] = [{ key: 'X-Two', value: '1' }]
      return request
    })
    const a = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: mismatch }])
    const b = edgeSetup(1, () => new Response('sized', { headers: { 'Content-Length': '5' } }))
    const bArn = b.edge('removed', (event) => {
      const response = event.Records[0].cf.response
      delete response.headers['content-length']
      return response
    })
    const bSite = b.distribution([{ eventType: 'viewer-response', lambdaFunctionArn: bArn }])

    expect((await setup.sim.fetch(`${a.base}/`)).status).toBe(502)
    const seen = await page(await b.sim.fetch(`${bSite.base}/`))
    expect(seen.status).toBe(502)
    expect(seen.text).toContain('read-only header')
  })

  it('a version deleted after association - 503 LambdaExecutionError at run time', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('doomed', (event) => event.Records[0].cf.request)
    const { base } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])
    setup.sim.deleteFunction({ functionName: 'doomed', qualifier: '1' })

    const seen = await page(await setup.sim.fetch(`${base}/`))

    expect(seen.status).toBe(503)
    expect(seen.xCache).toBe('LambdaExecutionError from cloudfront')
  })

  it('generated response size - 40 KB in a viewer-request trigger, 1 MB in an origin-request trigger', async () => {
    const setup = edgeSetup()
    const big = setup.edge('big', () => ({ status: '200', body: 'x'.repeat(41 * 1024) }))
    const viewer = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: big }])
    const origin = setup.distribution([{ eventType: 'origin-request', lambdaFunctionArn: big }])

    const refused = await page(await setup.sim.fetch(`${viewer.base}/`))
    const served = await setup.sim.fetch(`${origin.base}/`)

    expect(refused.status).toBe(502)
    expect(refused.text).toContain('exceeds the maximum size')
    expect(served.status).toBe(200)
    expect((await served.text()).length).toBe(41 * 1024)
  })

  it('generated response - a 204 with a body, a status outside 200–599 and bad base64 are refused', async () => {
    const setup = edgeSetup()
    const bodies = [{ status: '204', body: 'no' }, { status: '199' }, { status: '200', body: 'not base64!', bodyEncoding: 'base64' }]
    for (const [i, result] of bodies.entries()) {
      const arn = setup.edge(`bad-${i}`, () => result)
      const { base } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])
      expect((await setup.sim.fetch(`${base}/`)).status).toBe(502)
    }
  })

  it('timeout - a viewer trigger past its time is 503 LambdaLimitExceeded after 5 s of virtual time', async () => {
    const setup = edgeSetup()
    const arn = setup.edge(
      'slow',
      async (event, context) => {
        await context.sleep(60_000)
        return event.Records[0].cf.request
      },
      { timeout: 5 },
    )
    const { base } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])
    const startMs = setup.sim.nowMs

    const seen = await page(await setup.sim.fetch(`${base}/`))

    expect(seen.status).toBe(503)
    expect(seen.xCache).toBe('LambdaLimitExceeded from cloudfront')
    expect(setup.sim.nowMs - startMs).toBe(5_000)
  })

  it('throttled - a function with no concurrency is 503 LambdaLimitExceeded', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('throttled', (event) => event.Records[0].cf.request)
    setup.sim.putFunctionConcurrency({ functionName: 'throttled', reservedConcurrentExecutions: 0 })
    const { base } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])

    const seen = await page(await setup.sim.fetch(`${base}/`))

    expect(seen.status).toBe(503)
    expect(seen.xCache).toBe('LambdaLimitExceeded from cloudfront')
  })

  it('origin handler that throws - 502 from CloudFront', async () => {
    const setup = edgeSetup(1, () => {
      throw new Error('origin down')
    })
    const { base } = setup.distribution([])

    const seen = await page(await setup.sim.fetch(`${base}/`))

    expect(seen.status).toBe(502)
    expect(seen.xCache).toBe('Error from cloudfront')
  })

  it('determinism - the same seed gives the same responses and the same event log', async () => {
    async function run(): Promise<unknown> {
      const setup = edgeSetup({ seed: 7, recordEvents: true })
      const arn = setup.edge('stamp', (event, context) => ({ status: '200', body: `${event.Records[0].cf.config.requestId} ${context.awsRequestId}` }))
      const { base } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])
      const responses = []
      for (const path of ['/a', '/b']) {
        const response = await setup.sim.fetch(`${base}${path}`)
        responses.push({ status: response.status, headers: [...response.headers], body: await response.text() })
      }
      return { responses, events: JSON.stringify(setup.sim.events()) }
    }
    expect(await run()).toEqual(await run())
  })
})

describe('an origin handler that never settles', () => {
  it('fails the request with external-wait-exceeded naming the run, after limits.externalWaitMsMax real ms — never a pending fetch', async () => {
    const sim = createSimulation({ seed: 4, limits: { externalWaitMsMax: 50 } })
    const { distribution } = sim.cloudFront.createDistribution({
      distributionConfig: { origins: [{ id: 'app', domainName: 'app.example.com', handler: () => new Promise<Response>(() => {}) }], defaultCacheBehavior: { targetOriginId: 'app' } },
    })
    const error = await sim.fetch(`https://${distribution.domainName}/`).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(SimulationError)
    expect((error as SimulationError).code).toBe('external-wait-exceeded')
    expect((error as SimulationError).message).toMatch(/the origin handler of app\.example\.com did not settle within 50 real ms[\s\S]*seed=4/)
  })
})
