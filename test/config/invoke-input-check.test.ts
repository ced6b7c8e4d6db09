import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { wellFormedInvokeInput } from '../../src/config/invoke-input-check.js'
import { invokeInputSchema } from '../../src/config/invoke-schema.js'

/** Values near the edges of each member's constraints, and some of the wrong type. */
const names = fc.oneof(
  fc.constantFrom('f', 'orders', 'my-function_1.2', 'orders:live', 'orders:$LATEST', 'arn:aws:lambda:us-east-1:123456789012:function:orders', '123456789012:function:f'),
  fc.constantFrom('', 'a'.repeat(256), 'a'.repeat(257), 'bad name', 'f:', 'f::x', 'arn:aws:lambda:us-east-1:1:function:f'),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(undefined, null, 42, ['f'], { name: 'f' }),
)
const qualifiers = fc.oneof(fc.constantFrom('1', 'live', '$LATEST', '$LATEST.PUBLISHED', '', 'a'.repeat(129), 'bad qualifier', 'x'), fc.string({ maxLength: 6 }), fc.constantFrom(undefined, 1, null))
const invocationTypes = fc.constantFrom(undefined, 'RequestResponse', 'Event', 'DryRun', 'event', '', 1, null)
const logTypes = fc.constantFrom(undefined, 'None', 'Tail', 'tail', 0, null)
const payloads = fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, () => 1, Symbol('s'), new Date(0)))
const payloadJsons = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(new Uint8Array([123, 125]), Buffer.from('{}'), undefined, null, 5, ['{}']))
const clientContexts = fc.oneof(fc.base64String({ maxLength: 12 }), fc.constantFrom(undefined, { custom: { a: 1 } }, { env: 'x' }, null, 3, ['a']))
const callers = fc.constantFrom({ principal: '111122223333' }, { principal: '' }, { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::b' }, { principal: 'x', extra: 1 })

/** A request built of some of the members, in a random order, sometimes with an unknown key. */
const requests = fc
  .record(
    {
      functionName: names,
      invocationType: invocationTypes,
      logType: logTypes,
      qualifier: qualifiers,
      payload: payloads,
      payloadJson: payloadJsons,
      clientContext: clientContexts,
      caller: callers,
      unknown: fc.constantFrom(1, undefined),
    },
    { requiredKeys: [] },
  )
  .chain((request) => fc.shuffledSubarray(Object.keys(request), { minLength: Object.keys(request).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, (request as Record<string, unknown>)[k]]))))

describe('invoke-input-check', () => {
  // First in the file, before any name or qualifier has matched: the check's one-entry caches start empty.
  it('wellFormedInvokeInput - an empty name or qualifier is never taken for the last one that matched', () => {
    expect(wellFormedInvokeInput({ functionName: '' })).toBeUndefined()
    expect(wellFormedInvokeInput({ functionName: 'f', qualifier: '' })).toBeUndefined()
  })

  it('wellFormedInvokeInput - answers exactly what the schema answers for a valid request, and nothing for an invalid one', () => {
    fc.assert(
      fc.property(requests, (request) => {
        const fast = wellFormedInvokeInput(request)
        const slow = invokeInputSchema.safeParse(request)
        if (fast === undefined) return
        // The fast path never accepts what zod refuses, and builds the same object, key for key.
        expect(slow.success).toBe(true)
        expect(fast).toStrictEqual(slow.data)
        expect(Object.keys(fast)).toEqual(Object.keys(slow.data as object))
        for (const key of Object.keys(fast)) expect((fast as Record<string, unknown>)[key]).toBe((slow.data as Record<string, unknown>)[key])
      }),
      { numRuns: 3000 },
    )
  })

  it('wellFormedInvokeInput - takes the common requests (a name, a payload, the usual options)', () => {
    const common = [
      { functionName: 'f' },
      { functionName: 'f', payload: { id: 1 } },
      { functionName: 'orders', qualifier: 'live', invocationType: 'Event', logType: 'Tail', payloadJson: '{}' },
      { functionName: 'arn:aws:lambda:us-east-1:123456789012:function:orders:1', clientContext: 'e30=' },
    ]
    for (const request of common) expect(wellFormedInvokeInput(request)).toStrictEqual(invokeInputSchema.parse(request))
  })

  it('wellFormedInvokeInput - leaves to the schema a caller, a client-context object, a class instance and inherited keys', () => {
    class Request {
      functionName = 'f'
    }
    const inherited = Object.assign(Object.create({ extra: 1 }) as object, { functionName: 'f' })
    for (const request of [{ functionName: 'f', caller: { principal: '111122223333' } }, { functionName: 'f', clientContext: { custom: {} } }, new Request(), inherited]) {
      expect(wellFormedInvokeInput(request)).toBeUndefined()
    }
  })
})
