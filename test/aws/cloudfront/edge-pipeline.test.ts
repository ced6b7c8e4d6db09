import { describe, expect, it } from 'vitest'
import { edgeSetup } from './support.js'

describe('aws/cloudfront edge pipeline', () => {
  it('viewer-request - the function gets the Edge event and its request goes on to the origin', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('rewrite', (event) => {
      const request = event.Records[0].cf.request
      request.uri = '/v2' + request.uri
      request.headers['x-edge'] = [{ key: 'X-Edge', value: 'seen' }]
      return request
    })
    const { base, id, domainName } = setup.distribution([{ eventType: 'viewer-request', lambdaFunctionArn: arn }])

    const response = await setup.sim.fetch(`${base}/items?size=large&a=1`, { headers: [['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']] })

    expect(response.status).toBe(200)
    expect(await response.text()).toBe('from origin')
    const requestId = response.headers.get('x-amz-cf-id') as string
    expect(requestId).toMatch(/^[A-Za-z0-9_-]{56}==$/)
    expect(response.headers.get('x-cache')).toBe('Miss from cloudfront')
    expect(response.headers.get('via')).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/)
    expect(setup.events.get('rewrite')).toEqual([
      {
        Records: [
          {
            cf: {
              config: { distributionDomainName: domainName, distributionId: id, eventType: 'viewer-request', requestId },
              request: {
                clientIp: '203.0.113.10',
                headers: {
                  host: [{ key: 'Host', value: domainName }],
                  'user-agent': [{ key: 'User-Agent', value: 'curl/8.5.0' }],
                  accept: [{ key: 'Accept', value: '*/*' }],
                },
                method: 'GET',
                querystring: 'size=large&a=1',
                uri: '/items',
              },
            },
          },
        ],
      },
    ])
    expect(setup.hits).toHaveLength(1)
    expect(setup.hits[0]?.url).toBe('https://app.example.com/v2/items?size=large&a=1')
    expect(setup.hits[0]?.headers).toMatchObject({ 'x-edge': 'seen', host: 'app.example.com', 'x-forwarded-for': '203.0.113.10', 'user-agent': 'curl/8.5.0', 'x-amz-cf-id': requestId })
  })

  it('origin request - a viewer X-Forwarded-For goes on with the viewer address appended', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('origin-fn', (event) => event.Records[0].cf.request)
    const { base } = setup.distribution([{ eventType: 'origin-request', lambdaFunctionArn: arn }])
    await setup.sim.fetch(`${base}/a`, { headers: { 'X-Forwarded-For': '198.51.100.7' } })
    await setup.sim.fetch(`${base}/b`)
    expect(setup.events.get('origin-fn')?.[0].Records[0].cf.request.headers['x-forwarded-for']).toEqual([{ key: 'X-Forwarded-For', value: '198.51.100.7, 203.0.113.10' }])
    expect(setup.hits.map((hit) => hit.headers['x-forwarded-for'])).toEqual(['198.51.100.7, 203.0.113.10', '203.0.113.10'])
  })

  it('origin-request - sees the origin, may rewrite headers; custom headers and the origin path reach the origin', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('origin-fn', (event) => {
      const request = event.Records[0].cf.request
      request.headers['x-from-origin-request'] = [{ key: 'X-From-Origin-Request', value: '1' }]
      return request
    })
    const { base } = setup.distribution([{ eventType: 'origin-request', lambdaFunctionArn: arn }], {
      origins: [
        {
          id: 'app',
          domainName: 'app.example.com',
          originPath: '/prod',
          customHeaders: { 'X-Origin-Secret': 's3cr3t' },
          handler: async (request) => {
            setup.hits.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body: '' })
            return new Response('ok')
          },
        },
      ],
    })

    await setup.sim.fetch(`${base}/a`)

    const request = setup.events.get('origin-fn')?.[0].Records[0].cf.request
    expect(request.origin).toEqual({
      custom: {
        customHeaders: { 'x-origin-secret': [{ key: 'X-Origin-Secret', value: 's3cr3t' }] },
        domainName: 'app.example.com',
        keepaliveTimeout: 5,
        path: '/prod',
        port: 443,
        protocol: 'https',
        readTimeout: 30,
        sslProtocols: ['TLSv1.2'],
      },
    })
    expect(request.headers.via[0].value).toMatch(/\(CloudFront\)$/)
    expect(setup.events.get('origin-fn')?.[0].Records[0].cf.config.eventType).toBe('origin-request')
    expect(setup.hits[0]?.url).toBe('https://app.example.com/prod/a')
    expect(setup.hits[0]?.headers).toMatchObject({ 'x-from-origin-request': '1', 'x-origin-secret': 's3cr3t' })
  })

  it('viewer-request - a generated response short-circuits: no origin, no viewer-response function', async () => {
    const setup = edgeSetup()
    const redirect = setup.edge('redirect', () => ({
      status: '302',
      statusDescription: 'Moved Temporarily',
      headers: { location: [{ key: 'Location', value: 'https://example.com/login' }], 'set-cookie': [{ value: 'a=1' }, { value: 'b=2' }] },
    }))
    const after = setup.edge('after', (event) => event.Records[0].cf.response)
    const { base } = setup.distribution([
      { eventType: 'viewer-request', lambdaFunctionArn: redirect },
      { eventType: 'viewer-response', lambdaFunctionArn: after },
    ])

    const response = await setup.sim.fetch(`${base}/private`, { redirect: 'manual' })

    expect(response.status).toBe(302)
    expect(response.statusText).toBe('Moved Temporarily') // the function's statusDescription
    expect(response.headers.get('location')).toBe('https://example.com/login')
    // A header entry without `key` takes the map's name.
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(response.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront')
    expect(setup.hits).toHaveLength(0)
    expect(setup.events.get('after')).toHaveLength(0)
  })

  it('origin-request - a generated response skips the origin and the origin-response function; viewer-response still runs', async () => {
    const setup = edgeSetup()
    const generate = setup.edge('generate', () => ({ status: 200, body: Buffer.from('<h1>made at the edge</h1>').toString('base64'), bodyEncoding: 'base64', headers: { 'content-type': [{ key: 'Content-Type', value: 'text/html' }] } }))
    const originResponse = setup.edge('origin-response', (event) => event.Records[0].cf.response)
    const viewerResponse = setup.edge('viewer-response', (event) => {
      const response = event.Records[0].cf.response
      response.headers['x-viewer-response'] = [{ key: 'X-Viewer-Response', value: response.status }]
      return response
    })
    const { base } = setup.distribution([
      { eventType: 'origin-request', lambdaFunctionArn: generate },
      { eventType: 'origin-response', lambdaFunctionArn: originResponse },
      { eventType: 'viewer-response', lambdaFunctionArn: viewerResponse },
    ])

    const response = await setup.sim.fetch(`${base}/page`)

    expect(response.status).toBe(200)
    expect(await response.text()).toBe('<h1>made at the edge</h1>')
    expect(response.headers.get('x-viewer-response')).toBe('200')
    expect(response.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront')
    expect(setup.hits).toHaveLength(0)
    expect(setup.events.get('origin-response')).toHaveLength(0)
  })

  it('origin-response - runs on an origin error and may replace status, headers and body; viewer-response skips 400+', async () => {
    const setup = edgeSetup(1, () => new Response('missing', { status: 404, headers: { 'X-Origin': 'yes', 'x-amzn-RequestId': 'hidden-from-functions' } }))
    const fix = setup.edge('fix', (event) => {
      const response = event.Records[0].cf.response
      expect(response.status).toBe('404')
      expect(response.statusDescription).toBe('Not Found')
      expect(response.headers['x-amzn-requestid']).toBeUndefined()
      response.status = '410'
      response.statusDescription = 'Gone Forever'
      response.headers['cache-control'] = [{ key: 'Cache-Control', value: 'max-age=60' }]
      response.body = 'gone for good'
      return response
    })
    const viewerResponse = setup.edge('viewer-response', (event) => event.Records[0].cf.response)
    const { base } = setup.distribution([
      { eventType: 'origin-response', lambdaFunctionArn: fix },
      { eventType: 'viewer-response', lambdaFunctionArn: viewerResponse },
    ])

    const response = await setup.sim.fetch(`${base}/old`)

    expect(response.status).toBe(410)
    expect(response.statusText).toBe('Gone Forever')
    expect(await response.text()).toBe('gone for good')
    expect(response.headers.get('cache-control')).toBe('max-age=60')
    expect(response.headers.get('x-origin')).toBe('yes')
    // A disallowed header is kept from the function, not from the viewer.
    expect(response.headers.get('x-amzn-requestid')).toBe('hidden-from-functions')
    expect(setup.events.get('viewer-response')).toHaveLength(0)
  })

  it('origin - every Set-Cookie line of the origin reaches the viewer-response function and the viewer', async () => {
    const setup = edgeSetup(1, () => {
      const headers = new Headers([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']])
      return new Response('ok', { headers })
    })
    const arn = setup.edge('cookies', (event) => event.Records[0].cf.response)
    const { base } = setup.distribution([{ eventType: 'viewer-response', lambdaFunctionArn: arn }])

    const response = await setup.sim.fetch(`${base}/`)

    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(setup.events.get('cookies')?.[0].Records[0].cf.response.headers['set-cookie']).toEqual([
      { key: 'set-cookie', value: 'a=1' },
      { key: 'set-cookie', value: 'b=2' },
    ])
  })

  it('HEAD - the origin is asked with HEAD and the viewer gets headers without a body', async () => {
    const setup = edgeSetup()
    const { base } = setup.distribution([])

    const response = await setup.sim.fetch(`${base}/file.txt`, { method: 'HEAD' })

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(await response.text()).toBe('')
    expect(setup.hits[0]?.method).toBe('HEAD')
  })

  it('viewer-response - adds headers; a changed status is not taken; the origin body stays when none is given', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('headers', (event) => {
      const response = event.Records[0].cf.response
      response.status = '500'
      response.headers['strict-transport-security'] = [{ key: 'Strict-Transport-Security', value: 'max-age=63072000' }]
      return response
    })
    const { base } = setup.distribution([{ eventType: 'viewer-response', lambdaFunctionArn: arn }])

    const response = await setup.sim.fetch(`${base}/`)

    expect(response.status).toBe(200)
    expect(await response.text()).toBe('from origin')
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000')
  })

  it('includeBody - the body is given base64 (cut at 40 KB for viewer triggers) and may be replaced', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('body', (event) => {
      const request = event.Records[0].cf.request
      request.body.action = 'replace'
      request.body.encoding = 'text'
      request.body.data = `length=${Buffer.from(request.body.data, 'base64').length} truncated=${request.body.inputTruncated}`
      return request
    })
    const associations = [{ eventType: 'viewer-request' as const, lambdaFunctionArn: arn, includeBody: true }]
    const allowedMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] // a body needs POST allowed
    const { base } = setup.distribution(associations, { defaultCacheBehavior: { targetOriginId: 'app', allowedMethods, lambdaFunctionAssociations: associations } })

    await setup.sim.fetch(`${base}/upload`, { method: 'POST', body: 'x'.repeat(50_000) })
    await setup.sim.fetch(`${base}/upload`, { method: 'POST', body: 'small' })

    expect(setup.hits.map((hit) => hit.body)).toEqual(['length=40960 truncated=true', 'length=5 truncated=false'])
    expect(setup.events.get('body')?.[1].Records[0].cf.request.body).toEqual({ inputTruncated: false, action: 'read-only', encoding: 'base64', data: Buffer.from('small').toString('base64') })
  })

  it('cache behaviours - the first matching path pattern picks the origin and the functions', async () => {
    const setup = edgeSetup()
    const tag = setup.edge('tag', (event) => {
      const request = event.Records[0].cf.request
      request.headers['x-api'] = [{ key: 'X-Api', value: '1' }]
      return request
    })
    const apiHits: string[] = []
    const { base } = setup.distribution([], {
      origins: [
        { id: 'app', domainName: 'app.example.com', handler: () => new Response('app') },
        {
          id: 'api',
          domainName: 'api.example.com',
          handler: (request) => {
            apiHits.push(`${new URL(request.url).pathname} ${request.headers.get('x-api')}`)
            return new Response('api')
          },
        },
      ],
      cacheBehaviors: [{ pathPattern: 'api/*', targetOriginId: 'api', lambdaFunctionAssociations: [{ eventType: 'viewer-request', lambdaFunctionArn: tag }] }],
    })

    expect(await (await setup.sim.fetch(`${base}/api/users`)).text()).toBe('api')
    expect(await (await setup.sim.fetch(`${base}/index.html`)).text()).toBe('app')
    expect(apiHits).toEqual(['/api/users 1'])
    expect(setup.events.get('tag')).toHaveLength(1)
  })

  it('origin - another simulated door by host; an origin-request function may send a request to another origin', async () => {
    const setup = edgeSetup()
    // The "backend" is a second distribution: its host is a door sim.fetch knows.
    const backend = setup.distribution([])
    const other = setup.sim.cloudFront.createDistribution({
      distributionConfig: { origins: [{ id: 'b', domainName: 'b.example.com', handler: (request) => new Response(`other ${new URL(request.url).pathname}`) }], defaultCacheBehavior: { targetOriginId: 'b' } },
    }).distribution
    const route = setup.edge('route', (event) => {
      const request = event.Records[0].cf.request
      if (request.uri.startsWith('/other/')) request.origin.custom.domainName = other.domainName
      return request
    })
    const front = setup.sim.cloudFront.createDistribution({
      distributionConfig: {
        origins: [{ id: 'backend', domainName: backend.domainName }],
        defaultCacheBehavior: { targetOriginId: 'backend', lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionArn: route }] },
      },
    }).distribution

    expect(await (await setup.sim.fetch(`https://${front.domainName}/x`)).text()).toBe('from origin')
    expect(await (await setup.sim.fetch(`https://${front.domainName}/other/y`)).text()).toBe('other /other/y')
    expect(setup.hits[0]?.url).toBe(`https://app.example.com/x`)
  })

  it('origin - a name nothing answers is a 502 before the origin-request function runs', async () => {
    const setup = edgeSetup()
    const arn = setup.edge('never', (event) => event.Records[0].cf.request)
    const { distribution } = setup.sim.cloudFront.createDistribution({
      distributionConfig: {
        origins: [{ id: 'gone', domainName: 'nothing-here.example.com' }],
        defaultCacheBehavior: { targetOriginId: 'gone', lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionArn: arn }] },
      },
    })

    const response = await setup.sim.fetch(`https://${distribution.domainName}/`)

    expect(response.status).toBe(502)
    expect(response.headers.get('x-cache')).toBe('Error from cloudfront')
    expect(await response.text()).toContain("CloudFront wasn't able to resolve the origin domain name.")
    expect(setup.events.get('never')).toHaveLength(0)
  })
})
