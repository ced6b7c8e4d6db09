import { describe, expect, it } from 'vitest'
import { edgeSetup } from './support.js'

describe('aws/cloudfront with a function URL origin', () => {
  it('origin - a function URL behind the distribution gets the forwarded request, its host and the edge function’s header', async () => {
    const setup = edgeSetup()
    const { sim } = setup
    sim.createFunction({
      functionName: 'api',
      code: async (event: any) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: event.rawPath, host: event.headers.host, tag: event.headers['x-tag'] ?? null, q: event.rawQueryString }) }),
    })
    const { functionUrl } = sim.createFunctionUrlConfig({ functionName: 'api', authType: 'NONE' })
    sim.addPermission({ functionName: 'api', statementId: 'url', action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    sim.addPermission({ functionName: 'api', statementId: 'invoke', action: 'lambda:InvokeFunction', principal: '*', invokedViaFunctionUrl: true })
    const urlHost = new URL(functionUrl).hostname
    const tag = setup.edge('tag', (event) => {
      const request = event.Records[0].cf.request
      request.headers['x-tag'] = [{ key: 'X-Tag', value: 'from-origin-request' }]
      return request
    })
    const { distribution } = sim.cloudFront.createDistribution({
      distributionConfig: {
        origins: [{ id: 'url', domainName: urlHost }],
        defaultCacheBehavior: { targetOriginId: 'url', lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionArn: tag }] },
      },
    })

    const response = await sim.fetch(`https://${distribution.domainName}/items/7?full=1`)

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ path: '/items/7', host: urlHost, tag: 'from-origin-request', q: 'full=1' })
    expect(response.headers.get('x-cache')).toBe('Miss from cloudfront')
    // The function URL's own response headers come through (x-amzn-RequestId is hidden from functions, not from the viewer).
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
  })
})
