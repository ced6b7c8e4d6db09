import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  SchedulerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'
import { rejection, summary } from '../../sdk/service-clients.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:job`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler`
const SCHEDULE_ARN = (name: string, group = 'default') => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`

function setup() {
  const sim = createSimulation({ seed: 9, startTime: '2026-06-01T08:00:00Z' })
  const received: { at: number; event: unknown }[] = []
  sim.createFunction({
    functionName: 'job',
    code: async (event: unknown) => {
      received.push({ at: sim.nowMs, event })
    },
  })
  return { sim, received, scheduler: new SchedulerClient(sim.clientConfig()) }
}

describe('SchedulerClient against the simulation', () => {
  it('CreateSchedule / GetSchedule / UpdateSchedule / ListSchedules / DeleteSchedule, and the schedule runs', async () => {
    const { sim, received, scheduler } = setup()
    const created = await scheduler.send(
      new CreateScheduleCommand({
        Name: 'report',
        ScheduleExpression: 'cron(0 9 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        StartDate: new Date('2026-06-01T08:00:00Z'),
        EndDate: new Date('2026-06-30T00:00:00Z'),
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: FN, RoleArn: ROLE, Input: '{"kind":"daily"}', RetryPolicy: { MaximumRetryAttempts: 3 } },
      }),
    )
    expect(created.ScheduleArn).toBe(SCHEDULE_ARN('report'))
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'report' }))
    expect(got).toMatchObject({
      Arn: SCHEDULE_ARN('report'),
      Name: 'report',
      GroupName: 'default',
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      StartDate: new Date('2026-06-01T08:00:00Z'),
      EndDate: new Date('2026-06-30T00:00:00Z'),
      State: 'ENABLED',
      CreationDate: new Date('2026-06-01T08:00:00Z'),
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      Target: { Arn: FN, RoleArn: ROLE, Input: '{"kind":"daily"}', RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 3 } },
    })
    await sim.advance('2d')
    // 09:00 in Berlin (CEST, UTC+2) is 07:00 UTC; the first day's 07:00 had passed.
    expect(received.map((r) => new Date(r.at).toISOString())).toEqual(['2026-06-02T07:00:00.000Z', '2026-06-03T07:00:00.000Z'])
    expect(received[0]?.event).toEqual({ kind: 'daily' })

    await scheduler.send(
      new UpdateScheduleCommand({
        Name: 'report',
        ScheduleExpression: 'rate(6 hours)',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 30 },
        Target: { Arn: FN, RoleArn: ROLE },
        State: 'DISABLED',
      }),
    )
    const updated = await scheduler.send(new GetScheduleCommand({ Name: 'report' }))
    // A full replacement: what the update left out is gone.
    expect([updated.ScheduleExpression, updated.ScheduleExpressionTimezone, updated.StartDate, updated.State, updated.Target?.Input]).toEqual(['rate(6 hours)', undefined, undefined, 'DISABLED', undefined])
    expect(updated.FlexibleTimeWindow).toEqual({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 30 })
    expect(updated.LastModificationDate).toEqual(new Date('2026-06-03T08:00:00Z'))
    await sim.advance('1d')
    expect(received).toHaveLength(2)

    const listed = await scheduler.send(new ListSchedulesCommand({}))
    expect(listed.Schedules).toEqual([
      {
        Arn: SCHEDULE_ARN('report'),
        Name: 'report',
        GroupName: 'default',
        State: 'DISABLED',
        CreationDate: new Date('2026-06-01T08:00:00Z'),
        LastModificationDate: new Date('2026-06-03T08:00:00Z'),
        Target: { Arn: FN },
      },
    ])
    expect((await scheduler.send(new ListSchedulesCommand({ State: 'ENABLED' }))).Schedules).toEqual([])
    await scheduler.send(new DeleteScheduleCommand({ Name: 'report' }))
    expect((await scheduler.send(new ListSchedulesCommand({}))).Schedules).toEqual([])
  })

  it('schedule groups: create, get, list, tag, delete (with their schedules); GroupName on the schedule calls', async () => {
    const { scheduler } = setup()
    const group = await scheduler.send(new CreateScheduleGroupCommand({ Name: 'billing', Tags: [{ Key: 'owner', Value: 'ops' }] }))
    expect(group.ScheduleGroupArn).toBe(`arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/billing`)
    expect(await scheduler.send(new GetScheduleGroupCommand({ Name: 'billing' }))).toMatchObject({ Name: 'billing', State: 'ACTIVE', CreationDate: new Date('2026-06-01T08:00:00Z') })
    await scheduler.send(
      new CreateScheduleCommand({ Name: 'invoice', GroupName: 'billing', ScheduleExpression: 'rate(1 day)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: FN, RoleArn: ROLE } }),
    )
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'invoice', GroupName: 'billing' }))).Arn).toBe(SCHEDULE_ARN('invoice', 'billing'))
    expect((await scheduler.send(new ListSchedulesCommand({ GroupName: 'billing' }))).Schedules?.map((s) => s.Name)).toEqual(['invoice'])
    const groups = await scheduler.send(new ListScheduleGroupsCommand({ MaxResults: 1 }))
    expect([groups.ScheduleGroups?.map((g) => g.Name), groups.NextToken]).toEqual([['default'], '1'])
    expect((await scheduler.send(new ListScheduleGroupsCommand({ NamePrefix: 'bill' }))).ScheduleGroups?.map((g) => g.Name)).toEqual(['billing'])
    await scheduler.send(new TagResourceCommand({ ResourceArn: group.ScheduleGroupArn, Tags: [{ Key: 'team', Value: 'finance' }, { Key: 'tier', Value: '1' }] }))
    await scheduler.send(new UntagResourceCommand({ ResourceArn: group.ScheduleGroupArn, TagKeys: ['tier'] }))
    expect((await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: group.ScheduleGroupArn }))).Tags).toEqual([
      { Key: 'owner', Value: 'ops' },
      { Key: 'team', Value: 'finance' },
    ])
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: 'billing' }))
    const untagged = await rejection(scheduler.send(new ListTagsForResourceCommand({ ResourceArn: group.ScheduleGroupArn ?? '' })))
    expect(summary(untagged)).toEqual({ name: 'ResourceNotFoundException', message: 'Schedule group billing does not exist.', status: 404 })
    const gone = await rejection(scheduler.send(new GetScheduleCommand({ Name: 'invoice', GroupName: 'billing' })))
    expect(summary(gone)).toEqual({ name: 'ResourceNotFoundException', message: 'Schedule group billing does not exist.', status: 404 })
  })

  it("errors are the SDK's exception classes with Scheduler's status codes", async () => {
    const { scheduler } = setup()
    const input = { Name: 'x', ScheduleExpression: 'rate(5 minutes)', FlexibleTimeWindow: { Mode: 'OFF' as const }, Target: { Arn: FN, RoleArn: ROLE } }
    await scheduler.send(new CreateScheduleCommand(input))
    const conflict = await rejection(scheduler.send(new CreateScheduleCommand(input)))
    expect(conflict).toBeInstanceOf(ConflictException)
    expect(summary(conflict)).toEqual({ name: 'ConflictException', message: 'Schedule x already exists.', status: 409 })
    const missing = await rejection(scheduler.send(new GetScheduleCommand({ Name: 'nope' })))
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect(summary(missing)).toEqual({ name: 'ResourceNotFoundException', message: 'Schedule nope does not exist.', status: 404 })
    const invalid = await rejection(scheduler.send(new CreateScheduleCommand({ ...input, Name: 'y', ScheduleExpression: 'cron(0 9 * * * *)' })))
    expect(invalid).toBeInstanceOf(ValidationException)
    expect(summary(invalid)).toEqual({ name: 'ValidationException', message: 'Invalid Schedule Expression cron(0 9 * * * *).', status: 400 })
    const past = await rejection(scheduler.send(new CreateScheduleCommand({ ...input, Name: 'z', StartDate: new Date('2026-05-01T00:00:00Z') })))
    expect(summary(past)).toEqual({ name: 'ValidationException', message: 'The StartDate you specify cannot be earlier than 5 minutes ago.', status: 400 })
    const ecs = await rejection(
      scheduler.send(new CreateScheduleCommand({ ...input, Name: 'ecs', Target: { Arn: FN, RoleArn: ROLE, EcsParameters: { TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/t' } } })),
    )
    expect(summary(ecs)).toEqual({ name: 'ValidationException', message: "lambda-sim does not simulate EcsParameters on a schedule's target.", status: 400 })
    // Schedules take no tags: only schedule groups do.
    const tags = await rejection(scheduler.send(new ListTagsForResourceCommand({ ResourceArn: SCHEDULE_ARN('x') })))
    expect(tags).toBeInstanceOf(ValidationException)
  })

  it('a handler creates a one-time schedule through SchedulerClient that later invokes another function', async () => {
    const { sim, received } = setup()
    sim.createFunction({
      functionName: 'planner',
      code: async () => {
        const client = new SchedulerClient({ region: REGION })
        await client.send(
          new CreateScheduleCommand({
            Name: 'reminder',
            ScheduleExpression: 'at(2026-06-01T10:00:00)',
            ActionAfterCompletion: 'DELETE',
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: FN, RoleArn: ROLE, Input: '{"remind":true}' },
          }),
        )
        return 'planned'
      },
    })
    expect((await sim.invoke({ functionName: 'planner' })).payload).toBe('planned')
    await sim.advance('3h')
    await sim.runUntilIdle()
    expect(received).toEqual([{ at: Date.parse('2026-06-01T10:00:00Z'), event: { remind: true } }])
    expect(sim.scheduler.listSchedules().schedules).toEqual([])
  })
})
