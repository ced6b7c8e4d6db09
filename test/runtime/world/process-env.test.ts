import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'

describe('runtime/world/process-env', () => {
  it('process.env inside a handler - the function’s variables and Lambda’s; the test’s own env untouched', async () => {
    const sim = createSimulation({ seed: 1, region: 'eu-west-1' })
    sim.createFunction({
      functionName: 'orders',
      handler: 'index.handler',
      environment: { variables: { QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', POWERTOOLS_SERVICE_NAME: 'orders' } },
      code: async () => ({
        queue: process.env.QUEUE_URL,
        service: process.env['POWERTOOLS_SERVICE_NAME'],
        name: process.env.AWS_LAMBDA_FUNCTION_NAME,
        region: process.env.AWS_REGION,
        handler: process.env._HANDLER,
        init: process.env.AWS_LAMBDA_INITIALIZATION_TYPE,
        key: process.env.AWS_ACCESS_KEY_ID,
        hasSecret: 'AWS_SECRET_ACCESS_KEY' in process.env,
        trace: process.env._X_AMZN_TRACE_ID,
        home: process.env.HOME ?? null,
      }),
    })
    const before = { ...process.env }
    const result = await sim.invoke({ functionName: 'orders' })
    const seen = result.payload as Record<string, unknown>
    expect(seen).toMatchObject({
      queue: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
      service: 'orders',
      name: 'orders',
      region: 'eu-west-1',
      handler: 'index.handler',
      init: 'on-demand',
      hasSecret: true,
      home: null,
    })
    expect(seen['key']).toMatch(/^ASIA/)
    const hex = (result.requestId ?? '').replace(/-/g, '')
    expect(seen['trace']).toBe(`Root=1-${Math.floor(sim.nowMs / 1000).toString(16)}-${hex.slice(0, 24)};Parent=${hex.slice(16)};Sampled=0`)
    expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBe(before.AWS_LAMBDA_FUNCTION_NAME)
    expect(process.env.QUEUE_URL).toBe(before.QUEUE_URL)
    expect({ ...process.env }).toEqual(before)
  })

  it('interleaved invocations of two functions (and two simulations) each see their own, across awaits', async () => {
    const make = (region: string) => {
      const sim = createSimulation({ seed: 2, region })
      for (const name of ['a', 'b']) {
        sim.createFunction({
          functionName: name,
          environment: { variables: { WHO: `${name}@${region}` } },
          code: async (_event: unknown, context) => {
            const first = process.env.WHO
            await context.sleep(name === 'a' ? 10 : 5)
            const second = process.env.WHO
            await new Promise((resolve) => setTimeout(resolve, 3))
            return [first, second, process.env.WHO, process.env.AWS_REGION]
          },
        })
      }
      return sim
    }
    const east = make('us-east-1')
    const west = make('us-west-2')
    const results = await Promise.all([
      east.invoke({ functionName: 'a' }),
      east.invoke({ functionName: 'b' }),
      west.invoke({ functionName: 'a' }),
      west.invoke({ functionName: 'b' }),
    ])
    expect(results.map((r) => r.payload)).toEqual([
      ['a@us-east-1', 'a@us-east-1', 'a@us-east-1', 'us-east-1'],
      ['b@us-east-1', 'b@us-east-1', 'b@us-east-1', 'us-east-1'],
      ['a@us-west-2', 'a@us-west-2', 'a@us-west-2', 'us-west-2'],
      ['b@us-west-2', 'b@us-west-2', 'b@us-west-2', 'us-west-2'],
    ])
  })

  it('writes stay in the execution environment: the next warm invocation sees them, another environment does not', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.createFunction({
      functionName: 'counter',
      code: async (_event: unknown, context) => {
        const seen = process.env.COUNT
        process.env.COUNT = String(Number(process.env.COUNT ?? 0) + 1)
        await context.sleep(10)
        return seen ?? null
      },
    })
    const first = await sim.invoke({ functionName: 'counter' })
    const warm = await sim.invoke({ functionName: 'counter' })
    // Two at once: one warm environment (COUNT=2), one new (no COUNT).
    const both = await Promise.all([sim.invoke({ functionName: 'counter' }), sim.invoke({ functionName: 'counter' })])
    expect([first.payload, warm.payload, ...both.map((r) => r.payload)]).toEqual([null, '1', '2', null])
    expect(process.env.COUNT).toBeUndefined()
  })

  it('a timeout resets the runtime: the next invocation starts with a fresh process environment', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.createFunction({
      functionName: 'slow',
      timeout: 1,
      code: async (event: { hang?: boolean }, context) => {
        const seen = process.env.MARK ?? null
        process.env.MARK = 'set'
        if (event.hang) await context.sleep(5_000)
        return seen
      },
    })
    expect((await sim.invoke({ functionName: 'slow' })).payload).toBeNull()
    expect((await sim.invoke({ functionName: 'slow' })).payload).toBe('set')
    expect((await sim.invoke({ functionName: 'slow', payload: { hang: true } })).functionError).toBe('Unhandled')
    expect((await sim.invoke({ functionName: 'slow' })).payload).toBeNull()
  })
})
