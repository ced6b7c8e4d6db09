import { describe, expect, it } from 'vitest'
import { CloudFrontError } from '../../../src/aws/cloudfront/errors.js'
import type { DistributionConfig, EdgeEventType } from '../../../src/aws/cloudfront/api.js'
import { edgeSetup } from './support.js'

const ACCOUNT = '123456789012'
const origins = [{ id: 'app', domainName: 'app.example.com', handler: () => new Response('ok') }]

function config(lambdaFunctionArn: string, eventType: EdgeEventType = 'viewer-request', more: Partial<DistributionConfig> = {}): DistributionConfig {
  return { origins, defaultCacheBehavior: { targetOriginId: 'app', lambdaFunctionAssociations: [{ eventType, lambdaFunctionArn }] }, ...more }
}

function refusal(action: () => unknown): CloudFrontError {
  try {
    action()
  } catch (error) {
    if (error instanceof CloudFrontError) return error
    throw error
  }
  throw new Error('expected CloudFront to refuse')
}

describe('aws/cloudfront distributions', () => {
  it('createDistribution - answers an id, a cloudfront.net domain, an ARN, a location and an ETag', () => {
    const { sim } = edgeSetup()
    const created = sim.cloudFront.createDistribution({ distributionConfig: { origins, defaultCacheBehavior: { targetOriginId: 'app' }, comment: 'site' } })

    expect(created.distribution.id).toMatch(/^E[A-Z0-9]{13}$/)
    expect(created.distribution.domainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/)
    expect(created.distribution.arn).toBe(`arn:aws:cloudfront::${ACCOUNT}:distribution/${created.distribution.id}`)
    expect(created.distribution.status).toBe('Deployed')
    expect(created.location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/distribution/${created.distribution.id}`)
    expect(created.eTag).toMatch(/^E[A-Z0-9]{13}$/)
    expect(sim.cloudFront.listDistributions().items).toEqual([
      { id: created.distribution.id, arn: created.distribution.arn, domainName: created.distribution.domainName, status: 'Deployed', enabled: true, comment: 'site' },
    ])
  })

  it('associations - $LATEST, an alias or an unqualified ARN is refused: a numbered version is needed', () => {
    const setup = edgeSetup()
    setup.edge('fn', (event) => event.Records[0].cf.request)
    setup.sim.createAlias({ functionName: 'fn', name: 'live', functionVersion: '1' })
    for (const arn of [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn:$LATEST`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn:live`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn`]) {
      const error = refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: config(arn) }))
      expect(error.name).toBe('InvalidLambdaFunctionAssociation')
      expect(error.statusCode).toBe(400)
      expect(error.message).toBe(`The function ARN must reference a specific function version. (The ARN must end with the version number.) ARN: ${arn}`)
    }
  })

  it('associations - a function outside us-east-1, or a version that does not exist, is refused', () => {
    const setup = edgeSetup()
    setup.edge('fn', (event) => event.Records[0].cf.request)
    const west = `arn:aws:lambda:us-west-2:${ACCOUNT}:function:fn:1`
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: config(west) })).message).toBe(`The function must be in region 'us-east-1'. ARN: ${west}`)
    const missing = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn:9`
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: config(missing) })).message).toBe(
      `Lambda@Edge cannot retrieve the specified Lambda function. Update the IAM policy to add permission: lambda:GetFunction for resource: ${missing} and try again.`,
    )
  })

  it('associations - environment variables are refused', () => {
    const setup = edgeSetup()
    const arn = setup.edge('env', (event) => event.Records[0].cf.request, { environment: { variables: { STAGE: 'prod' } } })
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: config(arn) })).message).toBe(`The function cannot have environment variables. Function: ${arn}`)
  })

  it('associations - memory above 128 MB and timeout above 5 s only for viewer triggers; origin triggers allow 30 s', () => {
    const setup = edgeSetup()
    const big = setup.edge('big', (event) => event.Records[0].cf.request, { memorySize: 1024, timeout: 30 })
    const tooSlow = setup.edge('too-slow', (event) => event.Records[0].cf.request, { timeout: 31 })

    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: config(big, 'viewer-request') })).message).toBe(
      `The function memory size is larger than the maximum allowed size for functions that are triggered by a CloudFront event: 1024 Max allowed: 128 Function: ${big}`,
    )
    expect(setup.sim.cloudFront.createDistribution({ distributionConfig: config(big, 'origin-request') }).distribution.status).toBe('Deployed')
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: config(tooSlow, 'origin-response') })).message).toContain('Max allowed: 30')
  })

  it('associations - two for one event type, more than four, IncludeBody on a response trigger, an unknown origin', () => {
    const setup = edgeSetup()
    const arn = setup.edge('fn', (event) => event.Records[0].cf.request)
    const twice = { origins, defaultCacheBehavior: { targetOriginId: 'app', lambdaFunctionAssociations: [{ eventType: 'viewer-request' as const, lambdaFunctionArn: arn }, { eventType: 'viewer-request' as const, lambdaFunctionArn: arn }] } }
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: twice })).name).toBe('InvalidLambdaFunctionAssociation')
    const five = { origins, defaultCacheBehavior: { targetOriginId: 'app', lambdaFunctionAssociations: Array.from({ length: 5 }, () => ({ eventType: 'origin-request' as const, lambdaFunctionArn: arn })) } }
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: five })).name).toBe('TooManyLambdaFunctionAssociations')
    const body = { origins, defaultCacheBehavior: { targetOriginId: 'app', lambdaFunctionAssociations: [{ eventType: 'origin-response' as const, lambdaFunctionArn: arn, includeBody: true }] } }
    expect(refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: body })).name).toBe('InvalidLambdaFunctionAssociation')
    const noOrigin = refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: { origins, defaultCacheBehavior: { targetOriginId: 'nope' } } }))
    expect([noOrigin.name, noOrigin.statusCode]).toEqual(['NoSuchOrigin', 404])
  })

  it('a caller reference names one distribution; an update without If-Match is refused', () => {
    const setup = edgeSetup()
    const first = setup.sim.cloudFront.createDistribution({ distributionConfig: { callerReference: 'site-1', origins, defaultCacheBehavior: { targetOriginId: 'app' } } })
    const again = refusal(() => setup.sim.cloudFront.createDistribution({ distributionConfig: { callerReference: 'site-1', origins, defaultCacheBehavior: { targetOriginId: 'app' } } }))
    expect([again.name, again.statusCode]).toEqual(['DistributionAlreadyExists', 409])
    const id = first.distribution.id
    expect(refusal(() => setup.sim.cloudFront.updateDistribution({ id, ifMatch: '', distributionConfig: first.distribution.distributionConfig })).name).toBe('InvalidIfMatchVersion')
    expect(refusal(() => setup.sim.cloudFront.getDistribution({ id: 'E000000000000X' })).statusCode).toBe(404)
  })

  it('update and delete - need the current ETag; delete needs a disabled distribution, which no longer answers', async () => {
    const setup = edgeSetup()
    const created = setup.sim.cloudFront.createDistribution({ distributionConfig: { origins, defaultCacheBehavior: { targetOriginId: 'app' } } })
    const id = created.distribution.id
    expect((await setup.sim.fetch(`https://${created.distribution.domainName}/`)).status).toBe(200)

    expect(refusal(() => setup.sim.cloudFront.updateDistribution({ id, ifMatch: 'stale', distributionConfig: { ...created.distribution.distributionConfig, enabled: false } })).name).toBe('PreconditionFailed')
    expect(refusal(() => setup.sim.cloudFront.deleteDistribution({ id, ifMatch: created.eTag })).name).toBe('DistributionNotDisabled')
    const updated = setup.sim.cloudFront.updateDistribution({ id, ifMatch: created.eTag, distributionConfig: { ...created.distribution.distributionConfig, enabled: false } })
    expect(updated.eTag).not.toBe(created.eTag)
    const error = await setup.sim.fetch(`https://${created.distribution.domainName}/`).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(TypeError)

    setup.sim.cloudFront.deleteDistribution({ id, ifMatch: updated.eTag })
    expect(refusal(() => setup.sim.cloudFront.getDistribution({ id })).name).toBe('NoSuchDistribution')
  })
})
