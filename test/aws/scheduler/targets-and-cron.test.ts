import { describe, expect, it } from 'vitest'
import { createSimulation, type ScheduleInput } from '../../../src/index.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/scheduler`

function setup(startTime: string) {
  const sim = createSimulation({ seed: 4, startTime })
  const runs: string[] = []
  const fn = sim.createFunction({ functionName: 'job', code: async () => void runs.push(sim.now.toISOString()) })
  const cron = (name: string, scheduleExpression: string, scheduleExpressionTimezone?: string): ScheduleInput => ({
    name,
    scheduleExpression,
    ...(scheduleExpressionTimezone !== undefined ? { scheduleExpressionTimezone } : {}),
    flexibleTimeWindow: { mode: 'OFF' },
    target: { arn: fn.functionArn, roleArn: ROLE },
  })
  return { sim, runs, cron }
}

describe('Scheduler cron expressions (AWS fields, through sim.scheduler)', () => {
  it('W: the weekday nearest the day, inside the month; LW: the last weekday', async () => {
    const { sim, runs, cron } = setup('2026-01-01T00:00:00Z')
    sim.scheduler.createSchedule(cron('w', 'cron(0 9 15W * ? *)'))
    await sim.advance('92d')
    // 2026-02-15 and 2026-03-15 are Sundays: the Monday after.
    expect(runs).toEqual(['2026-01-15T09:00:00.000Z', '2026-02-16T09:00:00.000Z', '2026-03-16T09:00:00.000Z'])
    runs.length = 0
    sim.scheduler.deleteSchedule({ name: 'w' })
    sim.scheduler.createSchedule(cron('lw', 'cron(0 9 LW * ? *)'))
    await sim.advance('92d') // to 2026-07-03; 2026-05-31 is a Sunday
    expect(runs).toEqual(['2026-04-30T09:00:00.000Z', '2026-05-29T09:00:00.000Z', '2026-06-30T09:00:00.000Z'])
  })

  it('L and # on the day of week, the year field, and a time zone east of UTC', async () => {
    const { sim, runs, cron } = setup('2026-01-01T00:00:00Z')
    sim.scheduler.createSchedule(cron('last-friday', 'cron(0 18 ? * 6L 2026)', 'Asia/Tokyo'))
    sim.scheduler.createSchedule(cron('third-monday', 'cron(30 8 ? * MON#3 2026)'))
    await sim.advance('60d')
    expect(runs).toEqual([
      '2026-01-19T08:30:00.000Z', // third Monday of January
      '2026-01-30T09:00:00.000Z', // last Friday of January, 18:00 in Tokyo
      '2026-02-16T08:30:00.000Z',
      '2026-02-27T09:00:00.000Z',
    ])
  })

  it('a year range that has ended leaves nothing to fire', async () => {
    const { sim, runs, cron } = setup('2026-01-01T00:00:00Z')
    sim.scheduler.createSchedule(cron('past-years', 'cron(0 0 1 1 ? 2020-2025)'))
    await sim.advance('400d')
    expect(runs).toEqual([])
  })
})

describe('Scheduler targets', () => {
  it('an SNS topic gets the input as the message; an EventBridge bus gets an event with EventBridgeParameters', async () => {
    const sim = createSimulation({ seed: 4, startTime: '2026-01-01T00:00:00Z' })
    const { topicArn } = sim.sns.createTopic({ name: 'alerts' })
    const seen: unknown[] = []
    const fn = sim.createFunction({ functionName: 'on-event', code: async (event: unknown) => void seen.push(event) })
    sim.eventBridge.putRule({ name: 'from-scheduler', eventPattern: JSON.stringify({ source: ['my.scheduler'] }) })
    sim.eventBridge.putTargets({ rule: 'from-scheduler', targets: [{ id: 'fn', arn: fn.functionArn }] })
    sim.scheduler.createSchedule({
      name: 'to-sns',
      scheduleExpression: 'at(2026-01-01T01:00:00)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: topicArn, roleArn: ROLE, input: 'wake up' },
    })
    sim.scheduler.createSchedule({
      name: 'to-bus',
      scheduleExpression: 'at(2026-01-01T02:00:00)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
        roleArn: ROLE,
        input: '{"job":"nightly"}',
        eventBridgeParameters: { source: 'my.scheduler', detailType: 'Job Due' },
      },
    })
    await sim.advance('3h')
    await sim.runUntilIdle()
    expect(sim.sns.publishedMessages(topicArn).map((m) => m.message)).toEqual(['wake up'])
    expect(seen).toEqual([expect.objectContaining({ source: 'my.scheduler', 'detail-type': 'Job Due', detail: { job: 'nightly' }, time: '2026-01-01T02:00:00Z' })])
    expect(sim.scheduler.invocations().map((i) => i.result.ok)).toEqual([true, true])
  })

  it('an EventBridge scheduled rule can target an SQS queue (the Scheduled Event as the body)', async () => {
    const sim = createSimulation({ seed: 4, startTime: '2026-01-01T00:00:00Z' })
    sim.sqs.createQueue({ queueName: 'ticks' })
    const queue = sim.sqs.queueArn('ticks')
    sim.eventBridge.putRule({ name: 'tick', scheduleExpression: 'rate(1 hour)' })
    sim.eventBridge.putTargets({ rule: 'tick', targets: [{ id: 'q', arn: queue }] })
    await sim.advance('2h')
    const bodies = sim.sqs.peekMessages(queue).map((m) => JSON.parse(m.body) as { source: string; time: string })
    expect(bodies.map((b) => [b.source, b.time])).toEqual([
      ['aws.events', '2026-01-01T01:00:00Z'],
      ['aws.events', '2026-01-01T02:00:00Z'],
    ])
  })
})
