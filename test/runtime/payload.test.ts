import { describe, it, expect } from 'vitest'
import { createSimulation } from '../../src/index.js'

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
})
