import { describe, expect, it } from 'vitest'
import { createSimulation, SchedulerError, type ScheduleInput } from '../../../src/index.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:job`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler`
const SCHEDULE_ARN = (name: string, group = 'default') => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`
const iso = (ms: number) => new Date(ms).toISOString()

function setup(startTime = '2026-03-02T07:00:00Z', seed = 3) {
  const sim = createSimulation({ seed, startTime })
  const received: { at: string; event: unknown }[] = []
  sim.createFunction({
    functionName: 'job',
    code: async (event: unknown) => {
      received.push({ at: iso(sim.nowMs), event })
    },
  })
  return { sim, received }
}

function schedule(overrides: Partial<ScheduleInput> & { name: string; scheduleExpression: string }): ScheduleInput {
  return { flexibleTimeWindow: { mode: 'OFF' }, target: { arn: FN, roleArn: ROLE }, ...overrides }
}

function expectSchedulerError(fn: () => unknown, name: string, message: string | RegExp, status?: number): void {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(SchedulerError)
    const e = error as SchedulerError
    expect(e.name).toBe(name)
    if (typeof message === 'string') expect(e.message).toBe(message)
    else expect(e.message).toMatch(message)
    if (status !== undefined) expect(e.statusCode).toBe(status)
    return
  }
  throw new Error('expected the call to throw')
}

describe('EventBridge Scheduler (sim.scheduler)', () => {
  it('at(…) in a time zone invokes the function once, asynchronously, with the input and its context attributes', async () => {
    const { sim, received } = setup()
    const { scheduleArn } = sim.scheduler.createSchedule(
      schedule({
        name: 'once',
        scheduleExpression: 'at(2026-03-02T09:30:00)',
        scheduleExpressionTimezone: 'Europe/Paris',
        target: {
          arn: FN,
          roleArn: ROLE,
          input: JSON.stringify({ arn: '<aws.scheduler.schedule-arn>', at: '<aws.scheduler.scheduled-time>', id: '<aws.scheduler.execution-id>', n: '<aws.scheduler.attempt-number>' }),
        },
      }),
    )
    expect(scheduleArn).toBe(SCHEDULE_ARN('once'))
    await sim.runUntilIdle() // the schedule does not keep the clock going
    expect(received).toEqual([])
    await sim.advance('2h')
    await sim.runUntilIdle()
    expect(received).toEqual([
      { at: '2026-03-02T08:30:00.000Z', event: { arn: SCHEDULE_ARN('once'), at: '2026-03-02T08:30:00Z', id: expect.stringMatching(/^[0-9a-f]{16}$/), n: '1' } },
    ])
    await sim.advance('1d')
    expect(received).toHaveLength(1)
    // ActionAfterCompletion NONE: the one-time schedule stays.
    expect(sim.scheduler.getSchedule({ name: 'once' }).state).toBe('ENABLED')
  })

  it('ActionAfterCompletion DELETE removes a one-time schedule after its invocation', async () => {
    const { sim, received } = setup()
    sim.scheduler.createSchedule(schedule({ name: 'bye', scheduleExpression: 'at(2026-03-02T07:10:00)', actionAfterCompletion: 'DELETE' }))
    expect(sim.scheduler.getSchedule({ name: 'bye' }).actionAfterCompletion).toBe('DELETE')
    await sim.advance('10m')
    expect(received).toHaveLength(1)
    expectSchedulerError(() => sim.scheduler.getSchedule({ name: 'bye' }), 'ResourceNotFoundException', 'Schedule bye does not exist.', 404)
  })

  it('ActionAfterCompletion DELETE removes a recurring schedule after its last run before the EndDate', async () => {
    const { sim, received } = setup()
    sim.scheduler.createSchedule(
      schedule({ name: 'batch', scheduleExpression: 'rate(1 hour)', endDate: new Date('2026-03-02T09:30:00Z'), actionAfterCompletion: 'DELETE' }),
    )
    await sim.advance('90m')
    expect(sim.scheduler.listSchedules().schedules.map((s) => s.name)).toEqual(['batch'])
    await sim.advance('90m')
    expect(received.map((r) => r.at)).toEqual(['2026-03-02T07:00:00.000Z', '2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z'])
    expect(sim.scheduler.listSchedules().schedules).toEqual([])
  })

  it('rate(…) without a StartDate invokes at once and then every period, until the EndDate; runUntilIdle ends meanwhile', async () => {
    const { sim, received } = setup()
    sim.scheduler.createSchedule(schedule({ name: 'every-10', scheduleExpression: 'rate(10 minutes)', endDate: new Date('2026-03-02T07:35:00Z') }))
    await sim.runUntilIdle()
    expect(received.map((r) => r.at)).toEqual(['2026-03-02T07:00:00.000Z'])
    await sim.advance('2h')
    await sim.runUntilIdle()
    expect(received.map((r) => r.at)).toEqual(['2026-03-02T07:00:00.000Z', '2026-03-02T07:10:00.000Z', '2026-03-02T07:20:00.000Z', '2026-03-02T07:30:00.000Z'])
    expect(received[0]?.event).toEqual({})
  })

  it('rate(…) with a StartDate starts there; a day is 24 hours whatever the zone does', async () => {
    const { sim, received } = setup('2026-03-07T12:00:00Z')
    sim.scheduler.createSchedule(
      schedule({ name: 'daily', scheduleExpression: 'rate(1 day)', scheduleExpressionTimezone: 'America/New_York', startDate: Date.parse('2026-03-07T14:00:00Z') }),
    )
    await sim.advance('3d')
    expect(received.map((r) => r.at)).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T14:00:00.000Z', '2026-03-09T14:00:00.000Z'])
  })

  it('cron(…) runs on wall-clock time in its zone: skipped when clocks jump over it, once when they repeat it', async () => {
    const { sim, received } = setup('2026-03-07T00:00:00Z')
    sim.scheduler.createSchedule(schedule({ name: 'night', scheduleExpression: 'cron(30 2 * * ? *)', scheduleExpressionTimezone: 'America/New_York' }))
    sim.scheduler.createSchedule(schedule({ name: 'fall', scheduleExpression: 'cron(30 1 1 11 ? 2026)', scheduleExpressionTimezone: 'America/New_York', target: { arn: FN, roleArn: ROLE, input: '"fall"' } }))
    await sim.advance('4d')
    // 2026-03-08 02:30 does not exist in New York: no invocation that day.
    expect(received.filter((r) => r.event !== 'fall').map((r) => r.at)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'])
    await sim.advance('240d')
    // 2026-11-01 01:30 happens twice in New York (EDT, then EST): one invocation, at the first.
    expect(received.filter((r) => r.event === 'fall').map((r) => r.at)).toEqual(['2026-11-01T05:30:00.000Z'])
  })

  it('a cron StartDate in the future: nothing before it; a DISABLED schedule never runs until enabled by an update', async () => {
    const { sim, received } = setup()
    sim.scheduler.createSchedule(schedule({ name: 'later', scheduleExpression: 'cron(0 * * * ? *)', startDate: new Date('2026-03-02T10:00:00Z'), state: 'DISABLED' }))
    await sim.advance('4h')
    expect(received).toEqual([])
    sim.scheduler.updateSchedule(schedule({ name: 'later', scheduleExpression: 'cron(0 * * * ? *)', startDate: new Date('2026-03-02T12:00:00Z') }))
    await sim.advance('2h')
    expect(received.map((r) => r.at)).toEqual(['2026-03-02T12:00:00.000Z', '2026-03-02T13:00:00.000Z'])
  })

  it('FLEXIBLE: each invocation lands inside the window after its scheduled time, the same for the same seed', async () => {
    const run = async (seed: number) => {
      const { sim, received } = setup('2026-03-02T07:00:00Z', seed)
      sim.scheduler.createSchedule(schedule({ name: 'flex', scheduleExpression: 'cron(0 * * * ? *)', flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 15 } }))
      await sim.advance('6h')
      await sim.runUntilIdle()
      return { received, invocations: sim.scheduler.invocations() }
    }
    const a = await run(3)
    expect(a.received).toHaveLength(6)
    for (const [i, r] of a.received.entries()) {
      const scheduled = Date.parse('2026-03-02T08:00:00Z') + i * 3_600_000
      const at = Date.parse(r.at)
      expect(at).toBeGreaterThanOrEqual(scheduled)
      expect(at).toBeLessThan(scheduled + 15 * 60_000)
      expect(a.invocations[i]?.scheduledTime).toBe(iso(scheduled).replace('.000Z', 'Z'))
    }
    expect(new Set(a.received.map((r) => Date.parse(r.at) % 3_600_000)).size).toBeGreaterThan(1)
    expect(await run(3)).toEqual(a)
  })

  it('a failed invocation is retried per the RetryPolicy, then the dead-letter event goes to the SQS DLQ', async () => {
    const { sim } = setup()
    sim.sqs.createQueue({ queueName: 'dlq' })
    const dlq = sim.sqs.queueArn('dlq')
    const missing = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:missing`
    sim.scheduler.createSchedule(
      schedule({
        name: 'broken',
        scheduleExpression: 'at(2026-03-02T08:00:00)',
        target: { arn: missing, roleArn: ROLE, input: '{"n":"<aws.scheduler.attempt-number>"}', retryPolicy: { maximumRetryAttempts: 2 }, deadLetterConfig: { arn: dlq } },
      }),
    )
    await sim.advance('2h')
    await sim.runUntilIdle()
    const attempts = sim.scheduler.invocations()
    expect(attempts.map((a) => [iso(a.atMs), a.attempt, a.result.ok])).toEqual([
      ['2026-03-02T08:00:00.000Z', 1, false],
      ['2026-03-02T08:00:01.000Z', 2, false],
      ['2026-03-02T08:00:03.000Z', 3, false],
    ])
    expect(attempts[2]?.deadLetter).toMatchObject({ arn: dlq, result: { ok: true }, exhaustedRetryCondition: 'MaximumRetryAttempts' })
    const [message] = sim.sqs.peekMessages(dlq)
    expect(message?.body).toBe('{"n":"3"}')
    const attribute = (name: string) => message?.messageAttributes[name]?.StringValue
    expect(attribute('EXHAUSTED_RETRY_CONDITION')).toBe('MaximumRetryAttempts')
    expect(attribute('RETRY_ATTEMPTS')).toBe('2')
    expect(attribute('SCHEDULE_ARN')).toBe(SCHEDULE_ARN('broken'))
    expect(attribute('TARGET_ARN')).toBe(missing)
    expect(attribute('SCHEDULED_TIME')).toBe('2026-03-02T08:00:00Z')
    expect(attribute('ERROR_MESSAGE')).toMatch(/missing/)
  })

  it('MaximumEventAgeInSeconds ends the retries first when it is shorter', async () => {
    const { sim } = setup()
    sim.scheduler.createSchedule(
      schedule({
        name: 'old',
        scheduleExpression: 'at(2026-03-02T08:00:00)',
        target: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:missing`, roleArn: ROLE, retryPolicy: { maximumEventAgeInSeconds: 60 } },
      }),
    )
    await sim.advance('2h')
    await sim.runUntilIdle()
    const attempts = sim.scheduler.invocations()
    // Waits of 1, 2, 4, 8, 16 s (31 s in all); the next (32 s) would pass 60 s.
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6])
    expect(attempts.at(-1)?.deadLetter).toBeUndefined()
  })

  it('a Lambda target whose input is not JSON fails as Invoke does, and is retried', async () => {
    const { sim, received } = setup()
    sim.scheduler.createSchedule(schedule({ name: 'text', scheduleExpression: 'at(2026-03-02T08:00:00)', target: { arn: FN, roleArn: ROLE, input: 'hello', retryPolicy: { maximumRetryAttempts: 1 } } }))
    await sim.advance('2h')
    await sim.runUntilIdle()
    expect(received).toEqual([])
    expect(sim.scheduler.invocations().map((i) => [i.attempt, i.result])).toEqual([
      [1, { ok: false, reason: 'InvalidRequestContentException: Could not parse request body into json' }],
      [2, { ok: false, reason: 'InvalidRequestContentException: Could not parse request body into json' }],
    ])
  })

  it('an SQS queue target receives the input as the message body', async () => {
    const { sim } = setup()
    sim.sqs.createQueue({ queueName: 'jobs' })
    const queue = sim.sqs.queueArn('jobs')
    sim.scheduler.createSchedule(schedule({ name: 'to-sqs', scheduleExpression: 'rate(30 minutes)', target: { arn: queue, roleArn: ROLE, input: 'run at <aws.scheduler.scheduled-time>' } }))
    await sim.advance('31m')
    expect(sim.sqs.peekMessages(queue).map((m) => m.body)).toEqual(['run at 2026-03-02T07:00:00Z', 'run at 2026-03-02T07:30:00Z'])
  })

  it('getSchedule answers what was put, with the retry policy defaults; listSchedules pages in name order', () => {
    const { sim } = setup()
    sim.scheduler.createScheduleGroup({ name: 'team' })
    sim.scheduler.createSchedule(schedule({ name: 'b', scheduleExpression: 'rate(1 hour)', description: 'hourly' }))
    sim.scheduler.createSchedule(schedule({ name: 'a', groupName: 'team', scheduleExpression: 'cron(0 9 ? * MON-FRI *)', scheduleExpressionTimezone: 'Europe/Paris', state: 'DISABLED' }))
    expect(sim.scheduler.getSchedule({ name: 'b' })).toEqual({
      arn: SCHEDULE_ARN('b'),
      name: 'b',
      groupName: 'default',
      scheduleExpression: 'rate(1 hour)',
      description: 'hourly',
      state: 'ENABLED',
      creationDate: new Date('2026-03-02T07:00:00Z'),
      lastModificationDate: new Date('2026-03-02T07:00:00Z'),
      target: { arn: FN, roleArn: ROLE, retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 } },
      flexibleTimeWindow: { mode: 'OFF' },
      actionAfterCompletion: 'NONE',
    })
    expect(sim.scheduler.listSchedules().schedules.map((s) => [s.name, s.groupName, s.state])).toEqual([
      ['a', 'team', 'DISABLED'],
      ['b', 'default', 'ENABLED'],
    ])
    const first = sim.scheduler.listSchedules({ maxResults: 1 })
    expect([first.schedules.map((s) => s.name), first.nextToken]).toEqual([['a'], '1'])
    expect(sim.scheduler.listSchedules({ maxResults: 1, nextToken: '1' }).schedules.map((s) => s.name)).toEqual(['b'])
    expect(sim.scheduler.listSchedules({ groupName: 'team' }).schedules.map((s) => s.name)).toEqual(['a'])
    expect(sim.scheduler.listSchedules({ state: 'ENABLED' }).schedules.map((s) => s.name)).toEqual(['b'])
    expect(sim.scheduler.listScheduleGroups().scheduleGroups.map((g) => [g.name, g.state, g.arn])).toEqual([
      ['default', 'ACTIVE', `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/default`],
      ['team', 'ACTIVE', `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/team`],
    ])
    sim.scheduler.deleteScheduleGroup({ name: 'team' })
    expect(sim.scheduler.listSchedules().schedules.map((s) => s.name)).toEqual(['b'])
    sim.scheduler.deleteSchedule({ name: 'b' })
    expect(sim.scheduler.listSchedules().schedules).toEqual([])
  })

  it('refuses what Scheduler refuses', () => {
    const { sim } = setup()
    sim.scheduler.createSchedule(schedule({ name: 'x', scheduleExpression: 'rate(5 minutes)' }))
    expectSchedulerError(() => sim.scheduler.createSchedule(schedule({ name: 'x', scheduleExpression: 'rate(5 minutes)' })), 'ConflictException', 'Schedule x already exists.', 409)
    expectSchedulerError(() => sim.scheduler.updateSchedule(schedule({ name: 'nope', scheduleExpression: 'rate(5 minutes)' })), 'ResourceNotFoundException', 'Schedule nope does not exist.', 404)
    expectSchedulerError(() => sim.scheduler.deleteSchedule({ name: 'nope' }), 'ResourceNotFoundException', 'Schedule nope does not exist.', 404)
    expectSchedulerError(() => sim.scheduler.createSchedule(schedule({ name: 'g', groupName: 'none', scheduleExpression: 'rate(5 minutes)' })), 'ResourceNotFoundException', 'Schedule group none does not exist.')
    for (const expression of ['rate(5 seconds)', 'cron(0 9 * * *)', 'cron(0 9 * * * *)', 'at(2026-02-30T10:00:00)', 'at(2026-03-02 10:00:00)', 'every day']) {
      expectSchedulerError(() => sim.scheduler.createSchedule(schedule({ name: 'bad', scheduleExpression: expression })), 'ValidationException', `Invalid Schedule Expression ${expression}.`, 400)
    }
    expectSchedulerError(
      () => sim.scheduler.createSchedule(schedule({ name: 'past', scheduleExpression: 'rate(1 hour)', startDate: new Date('2026-03-02T06:50:00Z') })),
      'ValidationException',
      'The StartDate you specify cannot be earlier than 5 minutes ago.',
    )
    expectSchedulerError(() => sim.scheduler.createSchedule(schedule({ name: 'tz', scheduleExpression: 'rate(1 hour)', scheduleExpressionTimezone: 'Mars/Olympus' })), 'ValidationException', /Mars\/Olympus/)
    expectSchedulerError(() => sim.scheduler.createSchedule(schedule({ name: 'flex', scheduleExpression: 'rate(1 hour)', flexibleTimeWindow: { mode: 'FLEXIBLE' } })), 'ValidationException', /MaximumWindowInMinutes/)
    expectSchedulerError(
      () => sim.scheduler.createSchedule(schedule({ name: 'Bad Name', scheduleExpression: 'rate(1 hour)' })),
      'ValidationException',
      "1 validation error detected: Value 'Bad Name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$",
    )
    expectSchedulerError(
      () => sim.scheduler.createSchedule(schedule({ name: 'r', scheduleExpression: 'rate(1 hour)', target: { arn: FN, roleArn: ROLE, retryPolicy: { maximumRetryAttempts: 186 } } })),
      'ValidationException',
      /maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185/,
    )
    expectSchedulerError(() => sim.scheduler.createSchedule(schedule({ name: 'role', scheduleExpression: 'rate(1 hour)', target: { arn: FN, roleArn: 'admin' } })), 'ValidationException', /roleArn/)
    // Target.Input is at most 256 KB.
    expectSchedulerError(
      () => sim.scheduler.createSchedule(schedule({ name: 'big', scheduleExpression: 'rate(1 hour)', target: { arn: FN, roleArn: ROLE, input: `"${'x'.repeat(262_143)}"` } })),
      'ValidationException',
      /'target.input' failed to satisfy constraint: Member must have length less than or equal to 262144/,
    )
    expectSchedulerError(
      () => sim.scheduler.createSchedule(schedule({ name: 'utp', scheduleExpression: 'rate(1 hour)', target: { arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', roleArn: ROLE } })),
      'ValidationException',
      /lambda-sim does not simulate the target/,
    )
    expectSchedulerError(() => sim.scheduler.createScheduleGroup({ name: 'default' }), 'ConflictException', 'Schedule group default already exists.')
    expectSchedulerError(() => sim.scheduler.deleteScheduleGroup({ name: 'default' }), 'ValidationException', /default/)
  })

  it('is deterministic: the same seed gives the same event log, byte for byte', async () => {
    const run = async () => {
      const sim = createSimulation({ seed: 5, recordEvents: true, startTime: '2026-01-01T00:00:00Z' })
      sim.createFunction({ functionName: 'job', code: async () => 'ok' })
      sim.scheduler.createSchedule(schedule({ name: 'flex', scheduleExpression: 'rate(7 minutes)', flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 5 } }))
      sim.scheduler.createSchedule(schedule({ name: 'cron', scheduleExpression: 'cron(0/13 * * * ? *)', scheduleExpressionTimezone: 'Asia/Kolkata' }))
      await sim.advance('2h')
      await sim.runUntilIdle()
      return { log: sim.eventLogText(), invocations: sim.scheduler.invocations() }
    }
    const a = await run()
    expect(a.invocations.length).toBeGreaterThan(20)
    expect(await run()).toEqual(a)
  })
})
