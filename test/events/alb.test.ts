import type { ALBEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { albEvent } from '../../src/index.js'
import { shapeOf, type JsonShape, type ShapeOf } from '../support/shape.js'

describe('events/alb', () => {
  it('albEvent - single-value mode (the default): lower-case headers, query left URL-encoded, empty body as ""', () => {
    const event = albEvent({ method: 'get', path: '/search?q=caf%C3%A9', query: { tag: ['a b', 'c'] }, headers: { Accept: 'text/html' } })
    expect(event.httpMethod).toBe('GET')
    expect(event.path).toBe('/search')
    expect(event.requestContext.elb.targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/lambda-target\/[0-9a-f]{16}$/)
    expect(event.queryStringParameters).toEqual({ q: 'caf%C3%A9', tag: 'c' })
    expect(event.headers).toMatchObject({ accept: 'text/html', 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1' })
    expect(event.headers?.['host']).toMatch(/^lambda-target-[0-9a-f]{10}\.us-east-1\.elb\.amazonaws\.com$/)
    expect(event.body).toBe('')
    expect(event.isBase64Encoded).toBe(false)
    expect(event).not.toHaveProperty('multiValueHeaders')
    const shape = shapeOf(event) as Record<string, JsonShape>
    expect(shape).toEqual({
      requestContext: { elb: { targetGroupArn: 'string' } },
      httpMethod: 'string',
      path: 'string',
      queryStringParameters: { q: 'string', tag: 'string' },
      headers: shape['headers'] as JsonShape,
      body: 'string',
      isBase64Encoded: 'boolean',
    } satisfies ShapeOf<ALBEvent>)
  })

  it('albEvent - multi-value mode: only the multi-value maps, every value kept', () => {
    const event = albEvent({ method: 'POST', path: '/p', query: { tag: ['a b', 'c'] }, headers: { 'X-Tag': ['1', '2'] }, body: 'x', multiValueHeaders: true, targetGroup: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/0123456789abcdef' })
    expect(event).not.toHaveProperty('headers')
    expect(event).not.toHaveProperty('queryStringParameters')
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a%20b', 'c'] })
    expect(event.multiValueHeaders?.['x-tag']).toEqual(['1', '2'])
    expect(event.multiValueHeaders?.['content-length']).toEqual(['1'])
    expect(event.multiValueHeaders?.['host']?.[0]).toMatch(/^api-[0-9a-f]{10}\.eu-west-1\.elb\.amazonaws\.com$/)
    expect(event.requestContext.elb.targetGroupArn).toBe('arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/0123456789abcdef')
    expect(event.body).toBe('x')
  })
})
