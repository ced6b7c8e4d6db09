import { describe, expect, it } from 'vitest'
import { MANAGED_CACHE_POLICIES } from '../../../src/aws/cloudfront/edge-cache.js'
import { CloudFrontError } from '../../../src/aws/cloudfront/errors.js'
import { edgeSetup } from './support.js'

const OPTIMIZED = MANAGED_CACHE_POLICIES.CachingOptimized

describe('aws/cloudfront edge cache', () => {
  it('CachingOptimized - a hit skips the origin and the origin functions; viewer functions run every time', async () => {
    let served = 0
    const setup = edgeSetup(1, () => new Response(`version ${++served}`, { headers: { 'Cache-Control': 'max-age=60' } }))
    const viewer = setup.edge('viewer', (event) => event.Records[0].cf.request)
    const origin = setup.edge('origin', (event) => event.Records[0].cf.request)
    const { base, id } = setup.distribution([
      { eventType: 'viewer-request', lambdaFunctionArn: viewer },
      { eventType: 'origin-request', lambdaFunctionArn: origin },
    ])
    // Switched on by an update, as one would on AWS.
    const { distribution, eTag } = setup.sim.cloudFront.getDistribution({ id })
    const config = distribution.distributionConfig
    setup.sim.cloudFront.updateDistribution({ id, ifMatch: eTag, distributionConfig: { ...config, defaultCacheBehavior: { ...config.defaultCacheBehavior, cachePolicyId: OPTIMIZED } } })

    const first = await setup.sim.fetch(`${base}/logo.png?v=1`)
    await setup.sim.advance('30s')
    const second = await setup.sim.fetch(`${base}/logo.png?v=2`) // CachingOptimized keys on the path only
    await setup.sim.advance('31s')
    const third = await setup.sim.fetch(`${base}/logo.png`) // max-age passed

    expect([first.headers.get('x-cache'), second.headers.get('x-cache'), third.headers.get('x-cache')]).toEqual(['Miss from cloudfront', 'Hit from cloudfront', 'Miss from cloudfront'])
    expect([await first.text(), await second.text(), await third.text()]).toEqual(['version 1', 'version 1', 'version 2'])
    expect(second.headers.get('age')).toBe('30')
    expect(setup.events.get('viewer')).toHaveLength(3)
    expect(setup.events.get('origin')).toHaveLength(2)
    expect(setup.hits).toHaveLength(2)
  })

  it('CachingOptimized - a HEAD answer (no body) serves later HEAD requests, never a GET', async () => {
    let served = 0
    const setup = edgeSetup(1, (request) => new Response(request.method === 'HEAD' ? null : `page ${++served}`, { headers: { 'Cache-Control': 'max-age=60' } }))
    const { base } = setup.distribution([], { defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: OPTIMIZED } })
    const answers: string[] = []
    for (const method of ['HEAD', 'HEAD', 'GET', 'GET', 'HEAD']) {
      const response = await setup.sim.fetch(`${base}/page`, { method })
      answers.push(`${method} ${response.headers.get('x-cache')} ${JSON.stringify(await response.text())}`)
    }
    expect(answers).toEqual([
      'HEAD Miss from cloudfront ""',
      'HEAD Hit from cloudfront ""',
      'GET Miss from cloudfront "page 1"',
      'GET Hit from cloudfront "page 1"',
      'HEAD Hit from cloudfront ""',
    ])
    expect(setup.hits.map((hit) => hit.method)).toEqual(['HEAD', 'GET'])
  })

  it('CachingDisabled (the default) - every request reaches the origin; POST is never cached', async () => {
    const setup = edgeSetup()
    const { base } = setup.distribution([])
    await setup.sim.fetch(`${base}/a`)
    await setup.sim.fetch(`${base}/a`)
    expect(setup.hits).toHaveLength(2)

    const cached = edgeSetup()
    const allowedMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']
    const site = cached.distribution([], { defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: OPTIMIZED, allowedMethods } })
    await cached.sim.fetch(`${site.base}/form`, { method: 'POST', body: 'x' })
    await cached.sim.fetch(`${site.base}/form`, { method: 'POST', body: 'y' })
    expect(cached.hits).toHaveLength(2)
  })

  it('errors are not cached; CreateInvalidation empties matching paths', async () => {
    let status = 500
    const setup = edgeSetup(1, () => new Response('x', { status }))
    const site = setup.distribution([], { defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: OPTIMIZED } })
    await setup.sim.fetch(`${site.base}/img/a.png`)
    status = 200
    await setup.sim.fetch(`${site.base}/img/a.png`)
    await setup.sim.fetch(`${site.base}/img/a.png`)
    expect(setup.hits).toHaveLength(2) // the 500 was not kept; the 200 was

    const { invalidation } = setup.sim.cloudFront.createInvalidation({ distributionId: site.id, invalidationBatch: { paths: ['/img/*'], callerReference: 'deploy-1' } })
    expect(invalidation).toMatchObject({ status: 'Completed', invalidationBatch: { paths: ['/img/*'], callerReference: 'deploy-1' } })
    expect(invalidation.id).toMatch(/^I[A-Z0-9]{13}$/)
    await setup.sim.fetch(`${site.base}/img/a.png`)
    expect(setup.hits).toHaveLength(3)
  })

  it('an unknown cache policy id is NoSuchCachePolicy', () => {
    const setup = edgeSetup()
    try {
      setup.distribution([], { defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'my-policy' } })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(CloudFrontError)
      expect([(error as CloudFrontError).name, (error as CloudFrontError).statusCode]).toEqual(['NoSuchCachePolicy', 404])
    }
  })
})
