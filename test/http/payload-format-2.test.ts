import { describe, expect, it } from 'vitest'
import { toDoorRequest } from '../../src/http/fetch-bridge.js'
import { commonLogTime, payloadFormat2Event, payloadFormat2Response } from '../../src/http/payload-format-2.js'

const context = { accountId: '123456789012', apiId: 'abc123', domainName: 'abc123.lambda-url.us-east-1.on.aws', requestId: 'req-1', nowMs: Date.UTC(2024, 0, 2, 3, 4, 5) }
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('http/payload-format-2', () => {
  it('event - folds and lower-cases headers, moves cookies, decodes and joins query parameters', async () => {
    const request = await toDoorRequest('https://abc123.lambda-url.us-east-1.on.aws/items/a%20b?id=1&id=2&q=x%20y', {
      method: 'POST',
      headers: [['X-Tag', 'one'], ['x-tag', 'two'], ['Cookie', 'a=1; b=2'], ['Content-Type', 'application/json'], ['User-Agent', 'test']],
      body: '{"n":1}',
    })
    const event = payloadFormat2Event(request, { ...context, addedHeaders: [['host', context.domainName], ['X-Tag', 'ignored']] })
    expect(event).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/items/a%20b',
      rawQueryString: 'id=1&id=2&q=x%20y',
      cookies: ['a=1', 'b=2'],
      headers: { 'x-tag': 'one,two', 'content-type': 'application/json', 'user-agent': 'test', host: context.domainName },
      queryStringParameters: { id: '1,2', q: 'x y' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'abc123',
        domainName: context.domainName,
        domainPrefix: 'abc123',
        http: { method: 'POST', path: '/items/a%20b', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
        requestId: 'req-1',
        routeKey: '$default',
        stage: '$default',
        time: '02/Jan/2024:03:04:05 +0000',
        timeEpoch: context.nowMs,
      },
      body: '{"n":1}',
      isBase64Encoded: false,
    })
  })

  it('event - leaves out what is empty, base64-encodes a binary body', async () => {
    const bare = payloadFormat2Event(await toDoorRequest('https://abc123.lambda-url.us-east-1.on.aws/', undefined), context)
    expect(Object.keys(bare)).toEqual(['version', 'routeKey', 'rawPath', 'rawQueryString', 'headers', 'requestContext', 'isBase64Encoded'])
    const binary = payloadFormat2Event(
      await toDoorRequest('https://abc123.lambda-url.us-east-1.on.aws/up', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array([0, 255, 1]) }),
      context,
    )
    expect(binary.body).toBe('AP8B')
    expect(binary.isBase64Encoded).toBe(true)
    expect(commonLogTime(Date.UTC(2020, 2, 12, 19, 3, 58))).toBe('12/Mar/2020:19:03:58 +0000')
  })

  it('event - a compressed body arrives base64-encoded whatever its content type (its bytes survive)', async () => {
    const { gzipSync, gunzipSync } = await import('node:zlib')
    const gzipped = gzipSync('{"n":1}')
    const event = payloadFormat2Event(
      await toDoorRequest('https://abc123.lambda-url.us-east-1.on.aws/', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipped }),
      context,
    )
    expect(event.isBase64Encoded).toBe(true)
    expect(gunzipSync(Buffer.from(event.body ?? '', 'base64')).toString('utf8')).toBe('{"n":1}')
  })

  it('response - infers a 200 JSON response from a result without statusCode', () => {
    const object = payloadFormat2Response('{"message":"hi"}')
    expect(object.ok && { status: object.status, headers: object.headers, body: text(object.body) }).toEqual({ status: 200, headers: [['content-type', 'application/json']], body: '{"message":"hi"}' })
    const string = payloadFormat2Response('"Hello from Lambda!"')
    expect(string.ok && text(string.body)).toBe('Hello from Lambda!')
  })

  it('response - honours statusCode, headers, cookies and base64 bodies', () => {
    const response = payloadFormat2Response(JSON.stringify({ statusCode: 201, headers: { 'X-Made': 'yes', 'X-Count': 2 }, cookies: ['a=1', 'b=2'], body: 'AP8B', isBase64Encoded: true }))
    expect(response.ok && { status: response.status, headers: response.headers, body: [...response.body] }).toEqual({
      status: 201,
      headers: [['X-Made', 'yes'], ['X-Count', '2'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']],
      body: [0, 255, 1],
    })
  })

  it('response - a result it cannot read is malformed', () => {
    for (const bad of [{ statusCode: '200' }, { statusCode: 200, body: { a: 1 } }, { statusCode: 200, headers: { a: ['x'] } }, { statusCode: 200, cookies: 'a=1' }, { statusCode: 99 }]) {
      expect(payloadFormat2Response(JSON.stringify(bad)).ok).toBe(false)
    }
    expect(payloadFormat2Response('not json').ok).toBe(false)
  })
})
