import { describe, expect, it } from 'vitest'
import type { DoorRequest } from '../../src/http/door.js'
import { payloadV1Event, payloadV1Response, queryPairs, type PayloadV1Context } from '../../src/http/payload-format-1.js'

const request = (overrides: Partial<DoorRequest> = {}): DoorRequest => ({
  method: 'POST',
  url: new URL('https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items/7?a=1&a=2&b=%20x+y&flag'),
  headers: [
    ['Content-Type', 'text/plain'],
    ['X-Dup', 'one'],
    ['x-dup', 'two'],
  ],
  body: new Uint8Array(Buffer.from('hello')),
  ...overrides,
})

const context = (overrides: Partial<PayloadV1Context> = {}): PayloadV1Context => ({
  flavour: 'rest',
  resource: '/items/{id}',
  path: '/items/7',
  stage: 'prod',
  pathParameters: { id: '7' },
  stageVariables: undefined,
  apiId: 'abc1234567',
  accountId: '123456789012',
  domainName: 'abc1234567.execute-api.us-east-1.amazonaws.com',
  requestId: 'r-1',
  extendedRequestId: 'EXT=',
  resourceId: 'res123',
  atMs: Date.UTC(2024, 0, 2, 3, 4, 5),
  sourceIp: '192.0.2.1',
  base64Body: false,
  addedHeaders: [['X-Forwarded-Proto', 'https']],
  ...overrides,
})

describe('payload format 1.0', () => {
  it('queryPairs - decoded pairs in order; + stays +; a name without = has an empty value', () => {
    expect(queryPairs(request().url)).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['b', ' x+y'],
      ['flag', ''],
    ])
  })

  it('payloadV1Event - REST: names as sent, grouped case-sensitively; null for absent parts; requestTime in common-log form', () => {
    const event = payloadV1Event(request(), context())
    expect(event.headers).toEqual({ 'Content-Type': 'text/plain', 'X-Dup': 'one', 'x-dup': 'two', 'X-Forwarded-Proto': 'https' })
    expect(event.multiValueHeaders['X-Dup']).toEqual(['one'])
    expect(event.queryStringParameters).toEqual({ a: '2', b: ' x+y', flag: '' })
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1', '2'], b: [' x+y'], flag: [''] })
    expect(event.stageVariables).toBeNull()
    expect(event.body).toBe('hello')
    expect(event.requestContext.requestTime).toBe('02/Jan/2024:03:04:05 +0000')
    expect(event.requestContext.path).toBe('/prod/items/7')
    expect('version' in event).toBe(false)
  })

  it('payloadV1Event - HTTP API: lower-cased names grouped together, version 1.0, routeKey; base64 when asked', () => {
    const event = payloadV1Event(request(), context({ flavour: 'http', routeKey: 'POST /items/{id}', base64Body: true }))
    expect(event.version).toBe('1.0')
    expect(event.multiValueHeaders['x-dup']).toEqual(['one', 'two'])
    expect(event.headers['x-dup']).toBe('two')
    expect(event.requestContext.routeKey).toBe('POST /items/{id}')
    expect(event.body).toBe(Buffer.from('hello').toString('base64'))
    expect(event.isBase64Encoded).toBe(true)
    expect(payloadV1Event(request({ body: new Uint8Array(), url: new URL('https://h/prod/x') }), context()).queryStringParameters).toBeNull()
  })

  it('payloadV1Response - maps status, headers and base64 bodies; multiValueHeaders win for a name in both', () => {
    const mapped = payloadV1Response({ statusCode: '201', headers: { A: 1, B: 'b' }, multiValueHeaders: { b: ['x', true] }, body: Buffer.from([0, 1]).toString('base64'), isBase64Encoded: true }, true)
    expect(mapped).toEqual({ status: 201, headers: [['A', '1'], ['b', 'x'], ['b', 'true']], body: new Uint8Array([0, 1]) })
    const undecoded = payloadV1Response({ statusCode: 200, body: 'AAE=', isBase64Encoded: true }, false)
    expect('body' in undecoded && Buffer.from(undecoded.body).toString()).toBe('AAE=')
    expect(payloadV1Response({ statusCode: 204 }, true)).toEqual({ status: 204, headers: [], body: new Uint8Array() })
  })

  it('payloadV1Response - refuses what API Gateway calls a malformed Lambda proxy response', () => {
    for (const result of [
      null,
      'text',
      [1],
      {},
      { statusCode: 99 },
      { statusCode: 200.5 },
      { statusCode: 200, body: { a: 1 } },
      { statusCode: 200, headers: { a: { b: 1 } } },
      { statusCode: 200, multiValueHeaders: { a: 'not a list' } },
      { statusCode: 200, isBase64Encoded: 'yes' },
      // A status no response can carry, and header lines that cannot travel (found in review: sim.fetch threw).
      { statusCode: 101 },
      { statusCode: 200, headers: { 'bad name': 'x' } },
      { statusCode: 200, multiValueHeaders: { 'x-ok': ['a\r\nInjected: 1'] } },
    ]) {
      expect(payloadV1Response(result, true), JSON.stringify(result)).toHaveProperty('malformed')
    }
  })
})
