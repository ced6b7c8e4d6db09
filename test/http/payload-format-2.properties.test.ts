/**
 * Properties of payload format 2.0: reading any handler result never throws (it is a response or
 * "malformed"), a JSON result without statusCode is always a 200 with that JSON, and the event's
 * query parameters and headers carry every value the client sent.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toDoorRequest } from '../../src/http/fetch-bridge.js'
import { payloadFormat2Event, payloadFormat2Response } from '../../src/http/payload-format-2.js'

const context = { accountId: 'anonymous', apiId: 'abc', domainName: 'abc.lambda-url.us-east-1.on.aws', requestId: 'r', nowMs: 0 }
const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/)

describe('http/payload-format-2 (properties)', () => {
  it('response - any JSON result is read without throwing; without statusCode it is a 200 of that JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value)
        const read = payloadFormat2Response(json)
        const hasStatus = typeof value === 'object' && value !== null && !Array.isArray(value) && 'statusCode' in value
        if (!hasStatus) {
          expect(read.ok).toBe(true)
          if (read.ok) expect(new TextDecoder().decode(read.body)).toBe(typeof value === 'string' ? value : json)
        }
      }),
    )
  })

  it('event - every query value and header line the client sent is in the event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(token, fc.string()), { maxLength: 6 }), fc.array(fc.tuple(token.map((t) => `x-${t}`), fc.stringMatching(/^[!-~]{1,10}$/)), { maxLength: 6 }), async (query, headers) => {
        const url = new URL('https://abc.lambda-url.us-east-1.on.aws/p')
        for (const [name, value] of query) url.searchParams.append(name, value)
        const event = payloadFormat2Event(await toDoorRequest(url, { headers }), context)
        for (const [name, value] of query) expect(event.queryStringParameters?.[name]?.split(',')).toEqual(expect.arrayContaining(value.includes(',') ? value.split(',') : [value]))
        for (const [name, value] of headers) expect(event.headers[name.toLowerCase()]?.split(',')).toEqual(expect.arrayContaining(value.includes(',') ? value.split(',') : [value]))
      }),
      { numRuns: 100 },
    )
  })
})
