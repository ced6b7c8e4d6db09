import { describe, expect, it } from 'vitest'
import { DEFAULT_TARGET_UTILIZATION, estimateConcurrency, requiredProvisionedConcurrency } from '../../src/model/capacity-planning.js'
import { createSimulation, type LambdaContext } from '../../src/index.js'

describe('capacity-planning', () => {
  // ------------------------------------------------------------ estimateConcurrency

  it('estimateConcurrency - requests per second × average duration in seconds', () => {
    expect(estimateConcurrency({ requestsPerSecond: 200, averageDurationMs: 250 })).toEqual({
      concurrency: 50,
      formula: '200 requests/s × 0.25 s = 50 concurrent executions',
    })
    expect(estimateConcurrency({ requestsPerSecond: 400, averageDurationMs: 200 }).concurrency).toBe(80)
    expect(estimateConcurrency({ requestsPerSecond: 10_000, averageDurationMs: 1_500 }).formula).toBe('10,000 requests/s × 1.5 s = 15,000 concurrent executions')
  })

  it('estimateConcurrency - keeps fractions (not rounded) and formats them to 3 decimals', () => {
    const estimate = estimateConcurrency({ requestsPerSecond: 3, averageDurationMs: 100 })
    expect(estimate.concurrency).toBeCloseTo(0.3, 12)
    expect(estimate.formula).toBe('3 requests/s × 0.1 s = 0.3 concurrent executions')
    expect(estimateConcurrency({ requestsPerSecond: 100, averageDurationMs: 333.3333 }).formula).toBe('100 requests/s × 0.333 s = 33.333 concurrent executions')
  })

  it('estimateConcurrency - no traffic or zero duration is zero concurrency', () => {
    expect(estimateConcurrency({ requestsPerSecond: 0, averageDurationMs: 250 }).concurrency).toBe(0)
    expect(estimateConcurrency({ requestsPerSecond: 50, averageDurationMs: 0 }).concurrency).toBe(0)
  })

  it('estimateConcurrency - refuses negative and non-finite inputs', () => {
    expect(() => estimateConcurrency({ requestsPerSecond: -1, averageDurationMs: 100 })).toThrow(/requestsPerSecond must be a finite number ≥ 0/)
    expect(() => estimateConcurrency({ requestsPerSecond: 1, averageDurationMs: Number.NaN })).toThrow(/averageDurationMs/)
    expect(() => estimateConcurrency({ requestsPerSecond: Number.POSITIVE_INFINITY, averageDurationMs: 1 })).toThrow(RangeError)
  })

  // ------------------------------------------------------------ requiredProvisionedConcurrency

  it('requiredProvisionedConcurrency - ceil(concurrency ÷ target), target 0.7 by default', () => {
    expect(DEFAULT_TARGET_UTILIZATION).toBe(0.7)
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 200, averageDurationMs: 250 })).toBe(72) // 50 / 0.7 = 71.43
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 400, averageDurationMs: 200 })).toBe(115) // 80 / 0.7 = 114.29
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 200, averageDurationMs: 250, targetUtilization: 0.5 })).toBe(100)
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 200, averageDurationMs: 250, targetUtilization: 1 })).toBe(50)
  })

  it('requiredProvisionedConcurrency - floating-point noise does not add an environment', () => {
    // 42 / 0.7 is 60.00000000000001 in floating point.
    expect(42 / 0.7).toBeGreaterThan(60)
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 42, averageDurationMs: 1000 })).toBe(60)
    // Noise on the estimate side: 3 × 0.1 s is 0.30000000000000004.
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 3, averageDurationMs: 100, targetUtilization: 0.3 })).toBe(1)
  })

  it('requiredProvisionedConcurrency - a fraction of an environment rounds up; no traffic needs none', () => {
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 1, averageDurationMs: 10 })).toBe(1)
    expect(requiredProvisionedConcurrency({ requestsPerSecond: 0, averageDurationMs: 250 })).toBe(0)
  })

  it('requiredProvisionedConcurrency - target utilization must be in (0, 1]', () => {
    for (const targetUtilization of [0, -0.5, 1.01, Number.NaN]) {
      expect(() => requiredProvisionedConcurrency({ requestsPerSecond: 1, averageDurationMs: 1, targetUtilization })).toThrow(/targetUtilization must be in \(0, 1\]/)
    }
  })

  // ------------------------------------------------------------ against the simulation

  it('estimateConcurrency - matches a simulated steady state: 200/s × 250 ms ≈ 50 concurrent executions', async () => {
    const sim = createSimulation({ seed: 11 })
    const startMs = sim.nowMs
    sim.createFunction({
      functionName: 'steady',
      code: async (_event: unknown, context: LambdaContext) => {
        await context.sleep(250)
      },
    })
    const run = sim.generateLoad({ functionName: 'steady', pattern: { kind: 'constant', ratePerSecond: 200, duration: '2m' } })
    await sim.advance('2m')
    await sim.runUntilIdle()
    expect(run.finished).toBe(true)
    expect(run.stats).toMatchObject({ sent: 24_000, succeeded: 24_000, throttled: 0 })

    const estimate = estimateConcurrency({ requestsPerSecond: 200, averageDurationMs: 250 }).concurrency
    // The second minute is the steady one (the first includes the ramp-up of the first 250 ms).
    const [steady] = sim.metrics?.getMetricStatistics({
      metricName: 'ConcurrentExecutions',
      dimensions: { FunctionName: 'steady' },
      startTime: startMs + 60_000,
      endTime: startMs + 120_000,
      statistics: ['Average', 'Maximum'],
    }) ?? []
    expect(steady).toBeDefined()
    expect(Math.abs((steady?.Average ?? 0) - estimate) / estimate).toBeLessThan(0.03)
    expect(steady?.Maximum).toBeLessThanOrEqual(51)
    // The function needed about that many environments in all (one cold start each).
    expect(run.stats.coldStarts).toBeGreaterThanOrEqual(50)
    expect(run.stats.coldStarts).toBeLessThanOrEqual(51)
  })
})
