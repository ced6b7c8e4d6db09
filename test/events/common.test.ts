import { describe, expect, it } from 'vitest'
import { createSimulation, eventBridgeEvent, scheduledEvent, SimulationError, sqsEvent } from '../../src/index.js'

describe('events/common', () => {
  it('time - `at` wins, then the simulation clock, then 2024-01-01T00:00:00Z (the simulation default start)', async () => {
    const sim = createSimulation({ seed: 1 })
    expect(scheduledEvent().time).toBe(new Date(sim.nowMs).toISOString().replace('.000', ''))
    await sim.advance('90s')
    expect(scheduledEvent({ sim }).time).toBe('2024-01-01T00:01:30Z')
    expect(scheduledEvent({ sim, at: '2025-06-01T12:00:00Z' }).time).toBe('2025-06-01T12:00:00Z')
    expect(scheduledEvent({ at: Date.UTC(2025, 0, 2) }).time).toBe('2025-01-02T00:00:00Z')
    expect(scheduledEvent({ at: new Date(Date.UTC(2025, 0, 3)) }).time).toBe('2025-01-03T00:00:00Z')
  })

  it('scope - Region and account come from the input, else the simulation, else us-east-1 / 123456789012', () => {
    const sim = createSimulation({ seed: 2, region: 'eu-west-1', accountId: '111122223333' })
    expect(scheduledEvent()).toMatchObject({ region: 'us-east-1', account: '123456789012' })
    expect(scheduledEvent({ sim })).toMatchObject({ region: 'eu-west-1', account: '111122223333', resources: ['arn:aws:events:eu-west-1:111122223333:rule/my-schedule'] })
    expect(scheduledEvent({ sim, region: 'ap-south-1', accountId: '444455556666' })).toMatchObject({ region: 'ap-south-1', account: '444455556666' })
  })

  it('ids - derived from the input: the same call builds the same event, different input different ids', () => {
    const a = sqsEvent(['one', 'two'], { queue: 'q' })
    expect(sqsEvent(['one', 'two'], { queue: 'q' })).toEqual(a)
    expect(a.Records[0]?.messageId).not.toBe(a.Records[1]?.messageId)
    expect(sqsEvent(['one', 'two'], { queue: 'other' }).Records[0]?.messageId).not.toBe(a.Records[0]?.messageId)
    expect(sqsEvent(['one'], { queue: 'q', at: 1 }).Records[0]?.messageId).not.toBe(sqsEvent(['one'], { queue: 'q', at: 2 }).Records[0]?.messageId)
    const e = { source: 's', detailType: 'T', detail: { a: 1 } }
    expect(eventBridgeEvent(e).id).toBe(eventBridgeEvent(e).id)
    expect(eventBridgeEvent({ ...e, detail: { a: 2 } }).id).not.toBe(eventBridgeEvent(e).id)
  })

  it('validation - misuse throws SimulationError invalid-argument naming the builder and the field', () => {
    const thrown = (fn: () => unknown): SimulationError => {
      try {
        fn()
      } catch (error) {
        expect(error).toBeInstanceOf(SimulationError)
        return error as SimulationError
      }
      throw new Error('expected a throw')
    }
    const unknownField = thrown(() => sqsEvent(['x'], { queue: 'q', visibility: 3 } as never))
    expect(unknownField.code).toBe('invalid-argument')
    expect(unknownField.message).toMatch(/^\[invalid-argument\] sqsEvent: .*visibility/)
    expect(unknownField.message).toMatch(/replay: seed=n\/a/)
    expect(thrown(() => scheduledEvent({ at: 'not a time' })).message).toMatch(/scheduledEvent: at is not a valid time: not a time/)
    expect(thrown(() => scheduledEvent({ region: 'mars' })).message).toMatch(/scheduledEvent: region: expected a Region like us-east-1/)
    expect(thrown(() => scheduledEvent({ sim: {} as never })).message).toMatch(/sim: expected a simulation/)
    expect(thrown(() => scheduledEvent({ rule: 'arn:aws:sqs:us-east-1:123456789012:q' })).message).toMatch(/rule is not an events ARN/)
  })
})
