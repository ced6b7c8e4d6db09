import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { AutoScalingError } from '../../../src/aws/auto-scaling/errors.js'

const T0 = Date.UTC(2024, 0, 1)
const MIN = 60_000
const RESOURCE = 'function:f:live'
const DIMENSION = 'lambda:function:ProvisionedConcurrency'
const key = { serviceNamespace: 'lambda', resourceId: RESOURCE, scalableDimension: DIMENSION } as const

/** `f` (each invocation sleeps 1 s of virtual time), version 1, alias `live` → 1. */
function setup(options: Parameters<typeof createSimulation>[0] = {}): Simulation {
  const sim = createSimulation({ seed: 7, recordEvents: true, ...options })
  sim.createFunction({
    functionName: 'f',
    code: async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
      await context.sleep(1000)
      return 'ok'
    },
  })
  sim.publishVersion({ functionName: 'f' })
  sim.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  return sim
}

function register(sim: Simulation, minCapacity: number, maxCapacity: number): void {
  sim.autoScaling.registerScalableTarget({ ...key, minCapacity, maxCapacity })
}

function policy(sim: Simulation, extra: { scaleOutCooldown?: number; scaleInCooldown?: number; disableScaleIn?: boolean } = {}, policyName = 'pc-utilization'): void {
  sim.autoScaling.putScalingPolicy({
    ...key,
    policyName,
    policyType: 'TargetTrackingScaling',
    targetTrackingScalingPolicyConfiguration: {
      targetValue: 0.7,
      predefinedMetricSpecification: { predefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
      ...extra,
    },
  })
}

function load(sim: Simulation, ratePerSecond: number, duration: string): void {
  sim.generateLoad({ functionName: 'f', qualifier: 'live', pattern: { kind: 'constant', ratePerSecond, duration } })
}

function requested(sim: Simulation): number | undefined {
  try {
    return sim.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' }).requestedProvisionedConcurrentExecutions
  } catch {
    return undefined
  }
}

/** Activities oldest first as `minute: description (status)`, minutes after T0. */
function timeline(sim: Simulation): string[] {
  return sim
    .autoScaling.describeScalingActivities({ resourceId: RESOURCE })
    .scalingActivities.slice()
    .reverse()
    .map((a) => `${(a.startTime - T0) / MIN}m: ${a.description} (${a.statusCode})`)
}

function thrown(fn: () => unknown): AutoScalingError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AutoScalingError)
    return error as AutoScalingError
  }
  throw new Error('expected the call to throw')
}

function expectError(fn: () => unknown, name: string, message: string | RegExp): void {
  const error = thrown(fn)
  expect(error.name).toBe(name)
  expect(error.statusCode).toBe(400)
  if (typeof message === 'string') expect(error.message).toBe(message)
  else expect(error.message).toMatch(message)
}

describe('auto-scaling', () => {
  // ------------------------------------------------------------ scalable targets

  it('registerScalableTarget - with no provisioned concurrency puts minCapacity (IN_PROGRESS, READY after the delay)', async () => {
    const sim = setup()
    register(sim, 3, 10)
    expect(sim.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({ requestedProvisionedConcurrentExecutions: 3, status: 'IN_PROGRESS' })
    expect(timeline(sim)).toEqual(['0m: Setting desired concurrency to 3. (InProgress)'])
    await sim.advance('1m')
    expect(sim.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({ requestedProvisionedConcurrentExecutions: 3, status: 'READY' })
    const [activity] = sim.autoScaling.describeScalingActivities().scalingActivities
    expect(activity).toMatchObject({ statusCode: 'Successful', startTime: T0, endTime: T0 + MIN, cause: 'minimum capacity was set to 3' })
  })

  it('registerScalableTarget - moves capacity below min up to min and above max down to max; leaves it in range alone', () => {
    const sim = setup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live', provisionedConcurrentExecutions: 20 })
    register(sim, 1, 8)
    expect(requested(sim)).toBe(8)
    register(sim, 12, 30)
    expect(requested(sim)).toBe(12)
    register(sim, 5, 40)
    expect(requested(sim)).toBe(12)
    // Re-registering with only one bound keeps the other.
    sim.autoScaling.registerScalableTarget({ ...key, maxCapacity: 6 })
    expect(requested(sim)).toBe(6)
    expect(sim.autoScaling.describeScalableTargets().scalableTargets).toMatchObject([{ resourceId: RESOURCE, minCapacity: 5, maxCapacity: 6, creationTime: T0 }])
    expect(timeline(sim)).toEqual([
      '0m: Setting desired concurrency to 8. (InProgress)',
      '0m: Setting desired concurrency to 12. (InProgress)',
      '0m: Setting desired concurrency to 6. (InProgress)',
    ])
  })

  it('registerScalableTarget - minCapacity 0 and nothing configured puts nothing', () => {
    const sim = setup()
    register(sim, 0, 5)
    expect(requested(sim)).toBeUndefined()
    expect(timeline(sim)).toEqual([])
  })

  // ------------------------------------------------------------ target tracking

  it('target tracking - 3 minutes above target scale out to ceil(10 × 0.8 ÷ 0.7) = 12, then holds at 8/12 ≈ 0.67', async () => {
    const sim = setup()
    const events: string[] = []
    sim.on('autoscaling.activity', (e) => events.push(`${(e.atMs - T0) / 1000}s ${e.fromCapacity}→${e.toCapacity} ${e.statusCode}`))
    register(sim, 10, 50)
    policy(sim)
    // 8 arrivals/s × 1 s each = 8 busy of 10 provisioned: utilization 0.8 from minute 1 (READY).
    load(sim, 8, '20m')
    await sim.advance('3m')
    expect(requested(sim)).toBe(10)
    await sim.advance('1m')
    // Datapoints of minutes 1, 2, 3 are all 0.8 > 0.7: the evaluation at 4m scales out.
    expect(sim.getProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live' })).toMatchObject({ requestedProvisionedConcurrentExecutions: 12, status: 'IN_PROGRESS' })
    await sim.advance('16m')
    expect(requested(sim)).toBe(12)
    const [latest] = sim.autoScaling.describeScalingActivities().scalingActivities
    expect(latest).toMatchObject({
      description: 'Setting desired concurrency to 12.',
      statusCode: 'Successful',
      startTime: T0 + 4 * MIN,
      endTime: T0 + 5 * MIN,
    })
    expect(latest?.cause).toMatch(/^monitor alarm TargetTracking-function:f:live-AlarmHigh-[0-9a-f-]{36} in state ALARM triggered policy pc-utilization$/)
    expect(events).toEqual(['0s 0→10 InProgress', '240s 10→12 InProgress'])
    const utilization = sim.metrics?.getMetricStatistics({
      metricName: 'ProvisionedConcurrencyUtilization',
      dimensions: { FunctionName: 'f', Resource: 'f:live' },
      startTime: T0 + 6 * MIN,
      endTime: T0 + 7 * MIN,
      statistics: ['Average'],
    })
    expect(utilization?.[0]?.Average).toBeCloseTo(8 / 12, 3)
  })

  it('target tracking - without a cooldown scales out again as soon as 3 fresh datapoints are high', async () => {
    const sim = setup()
    register(sim, 10, 100)
    policy(sim)
    // 16 busy: provisioned saturated (utilization 1.0), the rest spills over.
    load(sim, 16, '30m')
    await sim.advance('20m')
    expect(timeline(sim)).toEqual([
      '0m: Setting desired concurrency to 10. (Successful)',
      '4m: Setting desired concurrency to 15. (Successful)', // ceil(10 × 1.0 ÷ 0.7)
      '8m: Setting desired concurrency to 22. (Successful)', // READY at 5m; minutes 5, 6, 7 at 1.0 → ceil(15 ÷ 0.7)
      '12m: Setting desired concurrency to 23. (Successful)', // 16/22 ≈ 0.727 → ceil(22 × 0.727 ÷ 0.7)
    ])
    expect(requested(sim)).toBe(23)
  })

  it('target tracking - scaleOutCooldown delays the next scale-out until the cooldown after the last one completed', async () => {
    const sim = setup()
    register(sim, 10, 100)
    policy(sim, { scaleOutCooldown: 600 })
    load(sim, 16, '30m')
    await sim.advance('20m')
    // The 4m scale-out completed (READY) at 5m: no scale-out before 15m.
    expect(timeline(sim)).toEqual([
      '0m: Setting desired concurrency to 10. (Successful)',
      '4m: Setting desired concurrency to 15. (Successful)',
      '15m: Setting desired concurrency to 22. (Successful)',
    ])
  })

  it('target tracking - 15 quiet minutes scale in down to minCapacity (not before)', async () => {
    const sim = setup()
    register(sim, 10, 50)
    policy(sim)
    load(sim, 8, '20m')
    await sim.advance('34m')
    // Minutes 5–19 sit at 0.667 (above 0.63); minutes 20–33 are quiet: only 14 low datapoints.
    expect(requested(sim)).toBe(12)
    await sim.advance('1m')
    expect(requested(sim)).toBe(10)
    const [latest] = sim.autoScaling.describeScalingActivities().scalingActivities
    expect(latest).toMatchObject({ description: 'Setting desired concurrency to 10.', startTime: T0 + 35 * MIN })
    expect(latest?.cause).toMatch(/AlarmLow-.* in state ALARM triggered policy pc-utilization$/)
  })

  it('target tracking - scale-in steps by ceil(current × u ÷ target); scaleInCooldown spaces them from the last scale-in’s end', async () => {
    const run = async (scaleInCooldown?: number): Promise<string[]> => {
      const sim = setup()
      sim.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live', provisionedConcurrentExecutions: 20 })
      register(sim, 1, 50)
      policy(sim, scaleInCooldown === undefined ? {} : { scaleInCooldown })
      sim.generateLoad({
        functionName: 'f',
        qualifier: 'live',
        pattern: {
          kind: 'steps',
          steps: [
            { ratePerSecond: 8, duration: '30m' },
            { ratePerSecond: 2, duration: '90m' },
          ],
        },
      })
      await sim.advance('100m')
      return timeline(sim)
    }
    // READY at 1m; minutes 1–15 at 8/20 = 0.4 → 16m: ceil(20 × 0.4 ÷ 0.7) = 12 (READY 17m).
    // From 30m: 2/12 ≈ 0.167; minutes 30–44 low → ceil(12 × 0.167 ÷ 0.7) = 3.
    expect(await run()).toEqual(['16m: Setting desired concurrency to 12. (Successful)', '45m: Setting desired concurrency to 3. (Successful)'])
    // A 60-minute cooldown from 17m holds the second step until 77m.
    expect(await run(3600)).toEqual(['16m: Setting desired concurrency to 12. (Successful)', '77m: Setting desired concurrency to 3. (Successful)'])
  })

  it('target tracking - minCapacity 0 scales in by deleting the provisioned concurrency', async () => {
    const sim = setup()
    sim.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live', provisionedConcurrentExecutions: 4 })
    register(sim, 0, 10)
    policy(sim)
    await sim.advance('17m')
    // READY at 1m; minutes 1–15 idle → the evaluation at 16m sets 0.
    expect(requested(sim)).toBeUndefined()
    expect(timeline(sim)).toEqual(['16m: Setting desired concurrency to 0. (Successful)'])
  })

  it('target tracking - disableScaleIn keeps the capacity after the load stops', async () => {
    const sim = setup()
    register(sim, 10, 50)
    policy(sim, { disableScaleIn: true })
    load(sim, 8, '20m')
    await sim.advance('60m')
    expect(requested(sim)).toBe(12)
    expect(timeline(sim)).toHaveLength(2)
  })

  it('target tracking - a burst shorter than 3 minutes does not scale out; a 4-minute one does', async () => {
    const short = setup()
    register(short, 10, 50)
    policy(short)
    short.generateLoad({ functionName: 'f', qualifier: 'live', startAfter: '2m', pattern: { kind: 'constant', ratePerSecond: 16, duration: '2m' } })
    await short.advance('15m')
    expect(requested(short)).toBe(10)
    expect(timeline(short)).toEqual(['0m: Setting desired concurrency to 10. (Successful)'])

    const long = setup()
    register(long, 10, 50)
    policy(long)
    long.generateLoad({ functionName: 'f', qualifier: 'live', startAfter: '2m', pattern: { kind: 'constant', ratePerSecond: 16, duration: '4m' } })
    await long.advance('15m')
    expect(timeline(long)).toEqual(['0m: Setting desired concurrency to 10. (Successful)', '5m: Setting desired concurrency to 15. (Successful)'])
  })

  it('target tracking - the evaluator is background work: runUntilIdle returns while a policy exists', async () => {
    const sim = setup()
    register(sim, 1, 5)
    policy(sim)
    await sim.runUntilIdle()
    // Only the allocation (foreground) ran; the minute ticks did not keep the run alive.
    expect(sim.nowMs).toBe(T0 + MIN)
  })

  it('putScalingPolicy - needs metrics', () => {
    const sim = setup({ metrics: false })
    register(sim, 1, 5)
    expectError(() => policy(sim), 'ValidationException', /needs CloudWatch metrics/)
  })

  // ------------------------------------------------------------ scheduled actions

  it('putScheduledAction - at(): sets min/max and moves capacity into range at that virtual time', async () => {
    const sim = setup()
    register(sim, 2, 10)
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'morning', schedule: 'at(2024-01-01T00:10:00)', scalableTargetAction: { minCapacity: 20, maxCapacity: 30 } })
    await sim.advance('9m')
    expect(requested(sim)).toBe(2)
    await sim.advance('1m')
    expect(requested(sim)).toBe(20)
    expect(sim.autoScaling.describeScalableTargets().scalableTargets[0]).toMatchObject({ minCapacity: 20, maxCapacity: 30 })
    const [latest] = sim.autoScaling.describeScalingActivities().scalingActivities
    expect(latest).toMatchObject({ description: 'Setting desired concurrency to 20.', cause: 'scheduled action name morning was triggered', startTime: T0 + 10 * MIN })
    await sim.advance('1h')
    expect(timeline(sim)).toHaveLength(2)
  })

  it('putScheduledAction - rate(): fires every interval after the put, until endTime', async () => {
    const sim = setup()
    register(sim, 1, 10)
    sim.autoScaling.putScheduledAction({
      ...key,
      scheduledActionName: 'floor',
      schedule: 'rate(5 minutes)',
      scalableTargetAction: { minCapacity: 4 },
      endTime: T0 + 16 * MIN,
    })
    await sim.advance('30m')
    expect(requested(sim)).toBe(4)
    expect(timeline(sim)).toEqual([
      '0m: Setting desired concurrency to 1. (Successful)',
      '5m: Setting desired concurrency to 4. (Successful)',
      '10m: Setting min capacity to 4 and max capacity to 10 (Successful)',
      '15m: Setting min capacity to 4 and max capacity to 10 (Successful)',
    ])
  })

  it('putScheduledAction - cron(): AWS fields, day-of-week 1-7 from Sunday (2 = MON), UTC', async () => {
    const sim = setup()
    register(sim, 1, 10)
    // 2024-01-01 is a Monday.
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'monday', schedule: 'cron(30 0 ? * 2 *)', scalableTargetAction: { maxCapacity: 1, minCapacity: 1 } })
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'weekday-noon', schedule: 'cron(0 12 ? * MON-FRI 2024)', scalableTargetAction: { minCapacity: 3, maxCapacity: 3 } })
    await sim.advance('13h')
    expect(timeline(sim)).toEqual([
      '0m: Setting desired concurrency to 1. (Successful)',
      '30m: Setting min capacity to 1 and max capacity to 1 (Successful)',
      '720m: Setting desired concurrency to 3. (Successful)',
    ])
  })

  it('putScheduledAction - startTime delays a rate schedule; a past at() never fires', async () => {
    const sim = setup()
    sim.createAlias({ functionName: 'f', name: 'other', functionVersion: '1' })
    register(sim, 1, 10)
    await sim.advance('1m')
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'late', schedule: 'rate(1 hour)', startTime: new Date(T0 + 2 * 3_600_000), scalableTargetAction: { minCapacity: 6 } })
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'past', schedule: 'at(2023-12-31T00:00:00)', scalableTargetAction: { minCapacity: 9 } })
    await sim.advance('2h')
    expect(requested(sim)).toBe(1)
    await sim.advance('1h')
    expect(requested(sim)).toBe(6)
    expect(timeline(sim).at(-1)).toBe('180m: Setting desired concurrency to 6. (Successful)')
  })

  // ------------------------------------------------------------ describe and delete

  it('describe / delete - policies, scheduled actions and targets', () => {
    const sim = setup()
    register(sim, 1, 10)
    policy(sim, { scaleInCooldown: 120 })
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'a', schedule: 'rate(1 day)', scalableTargetAction: { minCapacity: 2 } })
    const [described] = sim.autoScaling.describeScalingPolicies({ serviceNamespace: 'lambda', resourceId: RESOURCE }).scalingPolicies
    expect(described).toMatchObject({
      policyName: 'pc-utilization',
      policyType: 'TargetTrackingScaling',
      targetTrackingScalingPolicyConfiguration: { targetValue: 0.7, scaleInCooldown: 120 },
      creationTime: T0,
    })
    expect(described?.alarms.map((a) => a.alarmName.replace(/[0-9a-f-]{36}$/, 'ID'))).toEqual([
      'TargetTracking-function:f:live-AlarmHigh-ID',
      'TargetTracking-function:f:live-AlarmLow-ID',
    ])
    expect(sim.autoScaling.describeScalingPolicies({ policyNames: ['nope'] }).scalingPolicies).toEqual([])
    expect(sim.autoScaling.describeScheduledActions().scheduledActions).toMatchObject([{ scheduledActionName: 'a', schedule: 'rate(1 day)', scalableTargetAction: { minCapacity: 2 } }])

    sim.autoScaling.deleteScalingPolicy({ ...key, policyName: 'pc-utilization' })
    expect(sim.autoScaling.describeScalingPolicies().scalingPolicies).toEqual([])
    expectError(
      () => sim.autoScaling.deleteScalingPolicy({ ...key, policyName: 'pc-utilization' }),
      'ObjectNotFoundException',
      'No scaling policy found for service namespace: lambda, resource ID: function:f:live, scalable dimension: lambda:function:ProvisionedConcurrency, policy name: pc-utilization',
    )
    sim.autoScaling.deleteScheduledAction({ ...key, scheduledActionName: 'a' })
    expect(sim.autoScaling.describeScheduledActions().scheduledActions).toEqual([])
    expectError(() => sim.autoScaling.deleteScheduledAction({ ...key, scheduledActionName: 'a' }), 'ObjectNotFoundException', /^No scheduled action found/)

    policy(sim)
    sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'b', schedule: 'rate(1 day)', scalableTargetAction: { minCapacity: 2 } })
    sim.autoScaling.deregisterScalableTarget(key)
    expect(sim.autoScaling.describeScalableTargets()).toEqual({ scalableTargets: [] })
    expect(sim.autoScaling.describeScalingPolicies().scalingPolicies).toEqual([])
    expect(sim.autoScaling.describeScheduledActions().scheduledActions).toEqual([])
    // Capacity stays where it was.
    expect(requested(sim)).toBe(1)
    expectError(
      () => sim.autoScaling.deregisterScalableTarget(key),
      'ObjectNotFoundException',
      'No scalable target found for service namespace: lambda, resource ID: function:f:live, scalable dimension: lambda:function:ProvisionedConcurrency',
    )
  })

  it('deleteScalingPolicy - stops evaluation', async () => {
    const sim = setup()
    register(sim, 10, 50)
    policy(sim)
    load(sim, 8, '20m')
    await sim.advance('3m')
    sim.autoScaling.deleteScalingPolicy({ ...key, policyName: 'pc-utilization' })
    await sim.advance('10m')
    expect(requested(sim)).toBe(10)
  })

  // ------------------------------------------------------------ validation

  it('validation - AWS exception names and messages', () => {
    const sim = setup()
    expectError(() => register(sim, 5, 2), 'ValidationException', 'Maximum capacity cannot be less than minimum capacity')
    expectError(() => sim.autoScaling.registerScalableTarget({ ...key, minCapacity: 1 }), 'ValidationException', /MinCapacity and MaxCapacity are required/)
    expectError(
      () => sim.autoScaling.registerScalableTarget({ ...key, resourceId: 'f:live', minCapacity: 1, maxCapacity: 2 }),
      'ValidationException',
      /^Unsupported resource ID f:live/,
    )
    expectError(
      () => sim.autoScaling.registerScalableTarget({ ...key, minCapacity: -1, maxCapacity: 2 }),
      'ValidationException',
      "1 validation error detected: Value '-1' at 'minCapacity' failed to satisfy constraint: Member must have value greater than or equal to 0",
    )
    expectError(
      () => sim.autoScaling.registerScalableTarget({ ...key, scalableDimension: 'ecs:service:DesiredCount' as never, minCapacity: 1, maxCapacity: 2 }),
      'ValidationException',
      /Value 'ecs:service:DesiredCount' at 'scalableDimension' failed to satisfy constraint: Member must satisfy enum value set/,
    )
    expectError(() => sim.autoScaling.registerScalableTarget({ ...key, resourceId: 'function:nope:live', minCapacity: 1, maxCapacity: 2 }), 'ValidationException', /nope/)
    expectError(() => sim.autoScaling.registerScalableTarget({ ...key, resourceId: 'function:f:$LATEST', minCapacity: 1, maxCapacity: 2 }), 'ValidationException', /alias or a published version/)
    expectError(
      () => policy(sim),
      'ObjectNotFoundException',
      'No scalable target registered for service namespace: lambda, resource ID: function:f:live, scalable dimension: lambda:function:ProvisionedConcurrency',
    )
    register(sim, 1, 5)
    expectError(() => sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'x', schedule: 'every day' }), 'ValidationException', /^Invalid schedule expression: every day/)
    expectError(() => sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'x', schedule: 'at(2024-02-30T00:00:00)' }), 'ValidationException', /not a valid time/)
    expectError(() => sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'x', schedule: 'cron(0 12 * *)' }), 'ValidationException', /6 fields/)
    // AWS's cron as EventBridge reads it: exactly one of the day fields is `?`; W is taken.
    expectError(() => sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'x', schedule: 'cron(0 12 * * * *)' }), 'ValidationException', /^Invalid schedule: cron\(0 12 \* \* \* \*\)/)
    expect(() => sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'w', schedule: 'cron(0 12 15W * ? *)' })).not.toThrow()
    expectError(
      () => sim.autoScaling.putScheduledAction({ ...key, scheduledActionName: 'x', schedule: 'rate(1 hour)', startTime: T0 + MIN, endTime: T0 }),
      'ValidationException',
      'EndTime cannot be earlier than StartTime',
    )
    expectError(
      () =>
        sim.autoScaling.putScalingPolicy({
          ...key,
          policyName: 'p',
          policyType: 'TargetTrackingScaling',
          targetTrackingScalingPolicyConfiguration: { targetValue: 0.7, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' as never } },
        }),
      'ValidationException',
      /predefinedMetricSpecification.predefinedMetricType/,
    )
  })

  it('determinism - the same seed gives the same activities and event log', async () => {
    const run = async (): Promise<string> => {
      const sim = setup()
      register(sim, 10, 100)
      policy(sim)
      load(sim, 16, '10m')
      await sim.advance('30m')
      return sim.eventLogText()
    }
    const [a, b] = [await run(), await run()]
    expect(a).toBe(b)
    expect(a).toContain('"type":"autoscaling.activity"')
  })
})
