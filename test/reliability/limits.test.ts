import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type LambdaContext } from '../../src/index.js'

// Issue 17: a limit never drops anything silently. Hitting one is a coded SimulationError at the
// call that drives (never thrown into a handler), and the simulation is left consistent — or
// explicitly unusable, said so in that error and in every later call.

async function rejection(promise: Promise<unknown>): Promise<SimulationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SimulationError)
  return error as SimulationError
}

describe('eventLogMax', () => {
  it('overflow - the drive rejects with event-log-limit; no handler sees it; every later drive and read says the simulation is unusable', async () => {
    const sim = createSimulation({ seed: 1701, recordEvents: true, limits: { eventLogMax: 50 } })
    const seen: string[] = []
    sim.createFunction({ functionName: 'f', code: async (_e: unknown, context: LambdaContext) => { await context.sleep(10); return 'ok' } })
    sim.on('invocation.completed', (e) => seen.push(e.status))
    sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 100, duration: '10s' } })
    const startMs = sim.nowMs
    const error = await rejection(sim.advance('20s'))
    expect(error.code).toBe('event-log-limit')
    expect(error.message).toContain('more than 50 recorded events (limits.eventLogMax)')
    expect(error.message).toContain('unusable')
    expect(error.message).toContain('replay: seed=1701')
    // The overflow never became a function error: every invocation that completed succeeded.
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((status) => status === 'success')).toBe(true)
    // The drive stopped soon after the bound (between two events), not at the end of the window.
    expect(sim.nowMs - startMs).toBeLessThan(1_000)
    // Every later drive and every read of the incomplete log: the same error.
    expect((await rejection(sim.advance('1s'))).code).toBe('event-log-limit')
    expect((await rejection(sim.runUntilIdle())).code).toBe('event-log-limit')
    expect((await rejection(sim.invoke({ functionName: 'f' }))).code).toBe('event-log-limit')
    expect(() => sim.events()).toThrow(/event-log-limit[\s\S]*unusable/)
    expect(() => sim.eventLogText()).toThrow(/event-log-limit/)
  })

  it('overflow outside a drive (control-plane events) - the next drive rejects at once', async () => {
    const sim = createSimulation({ seed: 1702, recordEvents: true, limits: { eventLogMax: 2 } })
    for (let i = 0; i < 5; i++) sim.createFunction({ functionName: `f${i}`, code: async () => 'ok' })
    const error = await rejection(sim.invoke({ functionName: 'f0' }))
    expect(error.code).toBe('event-log-limit')
  })

  it('under the bound - nothing changes: the log holds every event and drives go on', async () => {
    const sim = createSimulation({ seed: 1703, recordEvents: true, limits: { eventLogMax: 10_000 } })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    for (let i = 0; i < 20; i++) await sim.invoke({ functionName: 'f' })
    expect(sim.events().filter((e) => e.type === 'invocation.completed')).toHaveLength(20)
  })
})

describe('queueMax', () => {
  it('an async invoke beyond the queue is refused before anything is recorded; the queue keeps working', async () => {
    const sim = createSimulation({ seed: 1711, recordEvents: true, limits: { queueMax: 20 } })
    let runs = 0
    sim.createFunction({ functionName: 'f', code: async () => void runs++ })
    let accepted = 0
    let refused: SimulationError | undefined
    for (let i = 0; i < 40 && refused === undefined; i++) {
      try {
        await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { i } })
        accepted++
      } catch (error) {
        refused = error as SimulationError
      }
    }
    expect(refused).toBeInstanceOf(SimulationError)
    expect(refused?.code).toBe('queue-limit')
    expect(refused?.message).toContain('limits.queueMax')
    expect(refused?.message).toContain('replay: seed=1711')
    // Only the accepted events were recorded as accepted.
    expect(sim.events().filter((e) => e.type === 'async.accepted')).toHaveLength(accepted)
    // The queue is not wedged: every accepted event runs, and new ones are accepted afterwards.
    await sim.runUntilIdle()
    expect(runs).toBe(accepted)
    expect((await sim.invoke({ functionName: 'f', invocationType: 'Event' })).statusCode).toBe(202)
    await sim.runUntilIdle()
    expect(runs).toBe(accepted + 1)
    const finished = sim.events().filter((e) => e.type === 'async.finished')
    expect(finished).toHaveLength(accepted + 1)
    // The refusal drew nothing: the same calls without the refused one give the same request ids.
    const ids = (s: typeof sim) => s.events().flatMap((e) => (e.type === 'async.accepted' ? [e.requestId] : []))
    const twin = createSimulation({ seed: 1711, recordEvents: true, limits: { queueMax: 20 } })
    twin.createFunction({ functionName: 'f', code: async () => undefined })
    for (let i = 0; i < accepted; i++) await twin.invoke({ functionName: 'f', invocationType: 'Event', payload: { i } })
    await twin.runUntilIdle()
    await twin.invoke({ functionName: 'f', invocationType: 'Event' })
    expect(ids(twin)).toEqual(ids(sim))
  })
})

describe('queueMax inside a drive', () => {
  it('a handler fanning out past the limit: the drive ends with queue-limit after the event, nothing is dropped, later drives finish the work', async () => {
    const sim = createSimulation({ seed: 1712, recordEvents: true, limits: { queueMax: 30 } })
    let leaves = 0
    sim.createFunction({ functionName: 'leaf', code: async () => void leaves++ })
    sim.createFunction({
      functionName: 'fan',
      code: async (_e: unknown, context: LambdaContext) => {
        for (let i = 0; i < 60; i++) await context.lambda.invoke({ functionName: 'leaf', invocationType: 'Event' })
        return 'fanned'
      },
    })
    const first = await rejection(sim.invoke({ functionName: 'fan' }))
    expect(first.code).toBe('queue-limit')
    expect(first.message).toContain('nothing was dropped')
    let drives = 0
    for (;;) {
      drives++
      const outcome = await sim.runUntilIdle().then(
        () => 'idle',
        (e: unknown) => (e as SimulationError).code,
      )
      if (outcome === 'idle') break
      expect(outcome).toBe('queue-limit')
      expect(drives).toBeLessThan(1_000)
    }
    expect(leaves).toBe(60)
    expect(sim.events().filter((e) => e.type === 'async.accepted')).toHaveLength(60)
    expect(sim.events().filter((e) => e.type === 'async.finished')).toHaveLength(60)
  })
})

describe('dead-letter queue', () => {
  it('an Event invoke with no payload reaches the DLQ as {} (the event the function saw), not an empty body SQS refuses', async () => {
    const sim = createSimulation({ seed: 1721, recordEvents: true })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'dlq' })
    let seen: unknown
    sim.createFunction({
      functionName: 'bad',
      deadLetterConfig: { targetArn: sim.sqs.queueArn('dlq') },
      code: async (event: unknown) => {
        seen = event
        throw new Error('always')
      },
    })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0 })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event' })
    await sim.runUntilIdle()
    expect(seen).toEqual({})
    expect(sim.sqs.peekMessages(queueUrl).map((m) => m.body)).toEqual(['{}'])
    expect(sim.events().filter((e) => e.type === 'async.deliveryFailed')).toEqual([])
  })
})
