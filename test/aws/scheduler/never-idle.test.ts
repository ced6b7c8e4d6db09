import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError } from '../../../src/index.js'

describe('a recurring schedule that never lets the simulation become idle', () => {
  it('runUntilIdle ends with step-limit, and the message says why and to drive with advance', async () => {
    const sim = createSimulation({ seed: 5, startTime: '2026-03-02T07:00:00Z', limits: { stepCountMax: 50_000 } })
    // Each run lasts longer than the period: a new run always starts before the last one ends.
    sim.createFunction({ functionName: 'slow', timeout: 120, code: async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => context.sleep(61_000) })
    sim.scheduler.createSchedule({
      name: 'every-minute',
      scheduleExpression: 'rate(1 minute)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:slow', roleArn: 'arn:aws:iam::123456789012:role/scheduler' },
    })
    await sim.advance('90s')
    const error = await sim.runUntilIdle().then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(SimulationError)
    expect((error as SimulationError).code).toBe('step-limit')
    expect((error as SimulationError).message).toMatch(/runUntilIdle ends only when no foreground work is left[\s\S]*advance/)
  })

  it('advance drives the same simulation without trouble', async () => {
    const sim = createSimulation({ seed: 5, startTime: '2026-03-02T07:00:00Z', recordEvents: true })
    sim.createFunction({ functionName: 'slow', timeout: 120, code: async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => context.sleep(61_000) })
    sim.scheduler.createSchedule({
      name: 'every-minute',
      scheduleExpression: 'rate(1 minute)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: 'arn:aws:lambda:us-east-1:123456789012:function:slow', roleArn: 'arn:aws:iam::123456789012:role/scheduler' },
    })
    await sim.advance('10m')
    expect(sim.events().filter((e) => e.type === 'invocation.started').length).toBeGreaterThanOrEqual(10)
  })
})
