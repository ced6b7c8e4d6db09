import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createSimulation } from '../../src/index.js'
import { copyIfPlainJson } from '../../src/runtime/payload.js'

function sim() {
  return createSimulation({ seed: 5 })
}

describe('runtime/payload', () => {
  it('invoke - the handler gets a copy of the event: mutating it does not touch the caller', async () => {
    const s = sim()
    s.createFunction({
      functionName: 'mutator',
      code: async (event: { items: number[]; name?: string }) => {
        event.items.push(99)
        event.name = 'changed'
        return event
      },
    })
    const payload = { items: [1, 2] }
    const r = await s.invoke({ functionName: 'mutator', payload })
    expect(payload).toEqual({ items: [1, 2] })
    expect(r.payload).toEqual({ items: [1, 2, 99], name: 'changed' })
  })

  it('invoke - the result is serialised when the handler settles: later mutation is not visible', async () => {
    const s = sim()
    let kept: { n: number } | undefined
    s.createFunction({
      functionName: 'f',
      code: (_e: unknown, c: any, callback: any) => {
        kept = { n: 1 }
        c.callbackWaitsForEmptyEventLoop = true
        callback(null, kept)
        void c.sleep(10).then(() => {
          kept!.n = 2
        })
      },
    })
    const r = await s.invoke({ functionName: 'f' })
    expect(r.payload).toEqual({ n: 1 })
    expect(kept).toEqual({ n: 2 })
  })

  it('invoke - a result returned by an async handler and mutated afterwards is not visible', async () => {
    const s = sim()
    const result = { n: 1 }
    s.createFunction({
      functionName: 'f',
      code: (_e: unknown, c: any) => {
        void c.sleep(5).then(() => {
          result.n = 2
        })
        return Promise.resolve(result)
      },
    })
    const r = await s.invoke({ functionName: 'f' })
    expect(r.payload).toEqual({ n: 1 })
    expect(r.payload).not.toBe(result)
  })

  it('invoke - an empty request body reaches the handler as {}', async () => {
    const s = sim()
    s.createFunction({ functionName: 'f', code: async (event: unknown) => ({ got: event }) })
    const r = await s.invoke({ functionName: 'f' })
    expect(r.payload).toEqual({ got: {} })
  })

  it('invoke - a circular result fails with Unable to stringify response body', async () => {
    const s = sim()
    s.createFunction({
      functionName: 'f',
      code: async () => {
        const a: Record<string, unknown> = {}
        a.self = a
        return a
      },
    })
    const r = await s.invoke({ functionName: 'f' })
    expect(r.functionError).toBe('Unhandled')
    expect(r.payload).toMatchObject({ errorType: 'Error', errorMessage: 'Unable to stringify response body' })
  })

  it('invoke - a response over 6291556 bytes is Function.ResponseSizeTooLarge', async () => {
    const s = sim()
    s.createFunction({ functionName: 'big', code: async (event: { n: number }) => 'x'.repeat(event.n) })
    const tooBig = await s.invoke({ functionName: 'big', payload: { n: 6_291_556 - 1 } }) // + 2 quotes
    expect(tooBig.functionError).toBe('Unhandled')
    expect(tooBig.payloadJson).toBe('{"errorType":"Function.ResponseSizeTooLarge","errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes)."}')
    const fits = await s.invoke({ functionName: 'big', payload: { n: 6_291_556 - 2 } })
    expect(fits.functionError).toBeUndefined()
    expect(fits.payloadJson.length).toBe(6_291_556)
  })

  it('invoke - the request body is taken when invoke is called: a change made before the drive starts is not seen', async () => {
    const s = sim()
    s.createFunction({ functionName: 'echo', code: async (event: unknown) => event })
    const payload = { items: [1, 2], at: new Date(0) }
    const plain = { items: [1, 2] }
    const first = s.invoke({ functionName: 'echo', payload: plain })
    const second = s.invoke({ functionName: 'echo', payload })
    plain.items.push(3)
    payload.items.push(3)
    const [a, b] = await Promise.all([first, second])
    expect(a.payload).toEqual({ items: [1, 2] })
    expect(b.payload).toEqual({ items: [1, 2], at: '1970-01-01T00:00:00.000Z' })
  })

  it('copyIfPlainJson - a copy equal to the JSON round trip, or undefined (never a different value)', () => {
    const values = fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withDate: true, withMap: true, withSparseArray: true, withTypedArray: true })
    fc.assert(
      fc.property(fc.oneof(values, fc.jsonValue()), (value) => {
        const copy = copyIfPlainJson(value)
        if (copy === undefined) return
        const text = JSON.stringify(value)
        expect(JSON.stringify(copy)).toBe(text)
        expect(copy).toStrictEqual(JSON.parse(text))
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value)
      }),
      { numRuns: 2000 },
    )
  })

  it('copyIfPlainJson - plain data is copied (a member named __proto__ stays a member, -0 becomes 0)', () => {
    const value = JSON.parse('{"__proto__":{"a":[1,-0,"x",null,true]},"b":{}}') as unknown
    const copy = copyIfPlainJson(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.keys(copy)).toEqual(['__proto__', 'b'])
    expect(Object.is((copy['__proto__'] as { a: number[] }).a[1], 0)).toBe(true)
    expect(copyIfPlainJson({ a: undefined })).toBeUndefined()
    expect(copyIfPlainJson([1, , 2])).toBeUndefined()
    expect(copyIfPlainJson({ d: new Date(0) })).toBeUndefined()
    expect(copyIfPlainJson('x'.repeat(70_000))).toBeUndefined()
    expect(copyIfPlainJson({ get bad(): number { throw new Error('no') } })).toBeUndefined()
  })

  it('invoke - a getter that throws in a payload or a result is reported as the JSON round trip reports it', async () => {
    const s = sim()
    const throwing = { get bad(): number { throw new Error('no value') } }
    s.createFunction({ functionName: 'f', code: async () => throwing })
    await expect(s.invoke({ functionName: 'f', payload: throwing })).rejects.toThrow(/invoke payload is not JSON-serialisable: no value/)
    const r = await s.invoke({ functionName: 'f' })
    expect(r.functionError).toBe('Unhandled')
    expect(r.payload).toMatchObject({ errorMessage: 'Unable to stringify response body' })
  })
})
