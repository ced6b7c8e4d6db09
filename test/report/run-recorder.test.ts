import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import type { SimEvent } from '../../src/index.js'
import { knownScenario } from './scenario.js'

const count = (events: readonly SimEvent[], type: SimEvent['type']): number => events.filter((e) => e.type === type).length

describe('the run recorder (recordTimeline)', () => {
  it('keeps the counts the event log has, for the known scenario', async () => {
    const sim = await knownScenario({ recordEvents: true })
    const events = sim.events()
    const recorder = sim.timelineRecorder('test')
    expect(recorder.environments.length).toBe(count(events, 'environment.created'))
    expect(recorder.rowCount).toBe(count(events, 'invocation.completed'))
    expect(recorder.throttles.count).toBe(count(events, 'invocation.throttled'))
    expect(recorder.retries.count).toBe(count(events, 'async.retryScheduled'))
    expect(recorder.inFlight).toBe(0)
    let cold = 0
    let errors = 0
    for (let row = 0; row < recorder.rowCount; row++) {
      if (((recorder.flags[row] as number) & 4) !== 0) cold++
      if (recorder.statusAt(row) !== 'success') errors++
    }
    const completed = events.filter((e) => e.type === 'invocation.completed')
    expect(cold).toBe(completed.filter((e) => e.coldStart).length)
    expect(errors).toBe(completed.filter((e) => e.status !== 'success').length)
    // The scenario has each kind of thing the report draws.
    expect(recorder.throttles.count).toBeGreaterThan(0)
    expect(recorder.retries.count).toBe(2)
    expect(completed.some((e) => e.status === 'timeout')).toBe(true)
    // Rows keep the request ids, in completion order.
    expect(Array.from({ length: recorder.rowCount }, (_, row) => recorder.requestIdAt(row))).toEqual(completed.map((e) => e.requestId))
    const reclaimed = events.filter((e) => e.type === 'environment.reclaimed').length
    expect(recorder.environments.filter((e) => e.reclaimedAtMs !== undefined).length).toBe(reclaimed)
    expect(recorder.environments.reduce((n, e) => n + e.resets.length, 0)).toBe(count(events, 'environment.reset'))
  })

  it('prices the run as sim.cost() does from the event log', async () => {
    const withEvents = await knownScenario({ recordEvents: true })
    const timelineOnly = await knownScenario()
    expect(() => timelineOnly.events()).toThrow(/recordEvents/)
    const fromEvents = withEvents.cost()
    const fromTimeline = timelineOnly.cost()
    expect(fromTimeline.lineItems.length).toBeGreaterThan(0)
    expect(fromTimeline).toEqual(fromEvents)
    expect(timelineOnly.cost({ functionName: 'api', qualifier: 'live' })).toEqual(withEvents.cost({ functionName: 'api', qualifier: 'live' }))
  })

  it('prices provisioned concurrency from what it keeps', async () => {
    const run = async (options: { recordEvents?: boolean }) => {
      const sim = createSimulation({ seed: 3, recordTimeline: true, ...options })
      sim.createFunction({ functionName: 'p', code: async () => 'ok' })
      sim.publishVersion({ functionName: 'p' })
      sim.putProvisionedConcurrencyConfig({ functionName: 'p', qualifier: '1', provisionedConcurrentExecutions: 2 })
      await sim.advance('2m')
      await sim.invoke({ functionName: 'p', qualifier: '1' })
      await sim.advance('10m')
      return sim.cost()
    }
    const fromTimeline = await run({})
    expect(fromTimeline.lineItems.map((i) => i.item)).toContain('provisioned-concurrency')
    expect(fromTimeline).toEqual(await run({ recordEvents: true }))
  })

  it('is off by default, and says which option the report needs', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => sim.timelineRecorder('renderReport')).toThrow(/renderReport needs createSimulation\(\{ recordTimeline: true \}\)/)
    expect(() => sim.cost()).toThrow(/recordEvents: true \}\) \(or recordTimeline: true\)/)
  })
})
