import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { EventBus } from '../../src/observability/bus.js'

describe('bus', () => {
  it('wants - true only while a listener of that type (or of every type) is subscribed', () => {
    const bus = new EventBus()
    expect(bus.wants('invocation.started')).toBe(false)
    const offStarted = bus.on('invocation.started', () => undefined)
    expect(bus.wants('invocation.started')).toBe(true)
    expect(bus.wants('invocation.completed')).toBe(false)
    const offAll = bus.on('*', () => undefined)
    expect(bus.wants('invocation.completed')).toBe(true)
    offAll()
    offStarted()
    offStarted()
    expect(bus.wants('invocation.started')).toBe(false)
    expect(bus.wants('invocation.completed')).toBe(false)
  })

  it('listen - a store listener is called in subscription order with on listeners, counts for wants, and its error is contained', () => {
    const errors: unknown[] = []
    const bus = new EventBus((thrown) => errors.push(thrown))
    const calls: string[] = []
    bus.on('function.created', () => calls.push('on-1'))
    bus.listen('function.created', (e) => {
      calls.push(`listen:${e.functionName}`)
      throw new Error('store failed')
    })
    bus.on('function.created', () => calls.push('on-2'))
    expect(bus.wants('function.created')).toBe(true)
    bus.emit({ type: 'function.created', atMs: 0, functionName: 'f', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' })
    expect(calls).toEqual(['on-1', 'listen:f', 'on-2'])
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('store failed')
  })

  it('invocation events are built for listeners that come and go in the middle of a run', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.createFunction({ functionName: 'f', code: async (_event: unknown, context) => context.sleep(10) })
    await sim.invoke({ functionName: 'f' })
    const started: string[] = []
    const completed: string[] = []
    const offStarted = sim.on('invocation.started', (e) => started.push(e.requestId))
    const offCompleted = sim.on('invocation.completed', (e) => completed.push(`${e.requestId}:${e.status}:${e.durationMs}`))
    const second = await sim.invoke({ functionName: 'f' })
    offStarted()
    offCompleted()
    await sim.invoke({ functionName: 'f' })
    expect(started).toEqual([second.requestId])
    expect(completed).toEqual([`${second.requestId}:success:10`])
    // The stores are told of every invocation whether or not anyone listens.
    expect(sim.logs.events().filter((e) => e.message.startsWith('REPORT'))).toHaveLength(3)
  })
})
