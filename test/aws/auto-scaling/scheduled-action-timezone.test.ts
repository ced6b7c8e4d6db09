import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { AutoScalingError } from '../../../src/aws/auto-scaling/errors.js'

const T0 = Date.UTC(2024, 0, 1) // a Monday; Paris is UTC+1 in winter
const MIN = 60_000
const key = { serviceNamespace: 'lambda', resourceId: 'function:f:live', scalableDimension: 'lambda:function:ProvisionedConcurrency' } as const

function setup(): Simulation {
  const sim = createSimulation({ seed: 7 })
  sim.createFunction({ functionName: 'f', code: async () => 'ok' })
  sim.publishVersion({ functionName: 'f' })
  sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  sim.autoScaling.registerScalableTarget({ ...key, minCapacity: 1, maxCapacity: 10 })
  return sim
}

/** The scheduled activities' start, in minutes after T0. */
function firedAt(sim: Simulation): number[] {
  return sim.autoScaling
    .describeScalingActivities()
    .scalingActivities.filter((a) => a.cause.startsWith('scheduled action'))
    .map((a) => (a.startTime - T0) / MIN)
    .reverse()
}

describe('Application Auto Scaling scheduled actions in a time zone (Timezone)', () => {
  it('reads at(…) and cron(…) as wall-clock time in the zone, and describes the zone', async () => {
    const sim = setup()
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'once', schedule: 'at(2024-01-01T01:10:00)', timezone: 'Europe/Paris', scalableTargetAction: { minCapacity: 2 } })
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'monday', schedule: 'cron(30 1 ? * MON *)', timezone: 'Europe/Paris', scalableTargetAction: { minCapacity: 3 } })
    await sim.advance('1h')
    expect(firedAt(sim)).toEqual([10, 30]) // 01:10 and 01:30 in Paris are 00:10 and 00:30 UTC
    expect(sim.autoScaling.describeScheduledActions().scheduledActions.map((a) => a.timezone)).toEqual(['Europe/Paris', 'Europe/Paris'])
  })

  it('refuses a zone that is not an IANA time zone', () => {
    const sim = setup()
    try {
      sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'x', schedule: 'cron(0 12 * * ? *)', timezone: 'Mars/Olympus_Mons' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AutoScalingError)
      expect((error as AutoScalingError).name).toBe('ValidationException')
    }
  })
})
