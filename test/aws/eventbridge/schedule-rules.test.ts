import { DescribeRuleCommand, EventBridgeClient, ListRulesCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import type { ScheduledEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, EventBridgeError } from '../../../src/index.js'
import { rejection, summary } from '../../sdk/service-clients.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:tick`
const RULE = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`

/** A simulation with a function `tick` that records the events it receives, and when. */
function setup(startTime = '2026-03-02T10:00:30Z') {
  const sim = createSimulation({ seed: 7, startTime })
  const received: { atMs: number; event: ScheduledEvent }[] = []
  sim.createFunction({
    functionName: 'tick',
    code: async (event: ScheduledEvent) => {
      received.push({ atMs: sim.nowMs, event })
    },
  })
  return { sim, received }
}

function expectEbError(fn: () => unknown, name: string, message: string): void {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(EventBridgeError)
    expect([(error as Error).name, (error as Error).message]).toEqual([name, message])
    return
  }
  throw new Error('expected the call to throw')
}

describe('EventBridge scheduled rules', () => {
  it('rate(5 minutes) sends the Scheduled Event to its targets every 5 minutes from the put, and runUntilIdle still ends', async () => {
    const { sim, received } = setup()
    const { ruleArn } = sim.eventBridge.putRule({ name: 'every-5', scheduleExpression: 'rate(5 minutes)' })
    expect(ruleArn).toBe(RULE('every-5'))
    sim.eventBridge.putTargets({ rule: 'every-5', targets: [{ id: 'fn', arn: FN }] })
    await sim.runUntilIdle()
    expect(received).toEqual([])
    await sim.advance('16m')
    await sim.runUntilIdle()
    expect(received.map((r) => new Date(r.atMs).toISOString())).toEqual(['2026-03-02T10:05:30.000Z', '2026-03-02T10:10:30.000Z', '2026-03-02T10:15:30.000Z'])
    const event = received[0]?.event as ScheduledEvent
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2026-03-02T10:05:30Z',
      region: REGION,
      resources: [RULE('every-5')],
      detail: {},
    })
    expect(new Set(received.map((r) => r.event.id)).size).toBe(3)
    // The firings are recorded on the default bus with what each target got.
    const recorded = sim.eventBridge.events().filter((e) => e.event.source === 'aws.events')
    expect(recorded.map((e) => e.deliveries.map((d) => [d.rule, d.targetId, d.result.ok]))).toEqual([[['every-5', 'fn', true]], [['every-5', 'fn', true]], [['every-5', 'fn', true]]])
  })

  it('cron(…) fires in UTC on the minutes it names (weekdays at 12:00 here), with the scheduled instant as the time', async () => {
    const { sim, received } = setup('2026-03-06T11:59:00Z') // a Friday
    sim.eventBridge.putRule({ name: 'noon', scheduleExpression: 'cron(0 12 ? * MON-FRI *)' })
    sim.eventBridge.putTargets({ rule: 'noon', targets: [{ id: 'fn', arn: FN }] })
    await sim.advance('4d')
    await sim.runUntilIdle()
    expect(received.map((r) => r.event.time)).toEqual(['2026-03-06T12:00:00Z', '2026-03-09T12:00:00Z'])
  })

  it('a rule may have an event pattern and a schedule: matching events and the schedule both reach its targets', async () => {
    const { sim, received } = setup()
    sim.eventBridge.putRule({ name: 'both', scheduleExpression: 'rate(1 hour)', eventPattern: JSON.stringify({ source: ['shop'] }) })
    sim.eventBridge.putTargets({ rule: 'both', targets: [{ id: 'fn', arn: FN, input: '{"fixed":true}' }] })
    sim.eventBridge.putEvents({ entries: [{ source: 'shop', detailType: 'x', detail: '{}' }] })
    await sim.advance('1h')
    await sim.runUntilIdle()
    expect(received.map((r) => r.event as unknown)).toEqual([{ fixed: true }, { fixed: true }])
  })

  it('disabling stops the schedule; enabling starts it again from that moment; deleting stops it', async () => {
    const { sim, received } = setup()
    sim.eventBridge.putRule({ name: 'r', scheduleExpression: 'rate(10 minutes)' })
    sim.eventBridge.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN }] })
    await sim.advance('3m')
    sim.eventBridge.disableRule({ name: 'r' })
    await sim.advance('30m')
    expect(received).toEqual([])
    sim.eventBridge.enableRule({ name: 'r' }) // 10:33:30
    await sim.advance('10m')
    await sim.runUntilIdle()
    expect(received.map((r) => r.event.time)).toEqual(['2026-03-02T10:43:30Z'])
    sim.eventBridge.removeTargets({ rule: 'r', ids: ['fn'] })
    sim.eventBridge.deleteRule({ name: 'r' })
    await sim.advance('1h')
    expect(received).toHaveLength(1)
  })

  it('a rule created DISABLED does not fire; describeRule and listRules show the expression', async () => {
    const { sim, received } = setup()
    sim.eventBridge.putRule({ name: 'off', scheduleExpression: 'cron(0/5 * * * ? *)', state: 'DISABLED' })
    sim.eventBridge.putTargets({ rule: 'off', targets: [{ id: 'fn', arn: FN }] })
    await sim.advance('1h')
    expect(received).toEqual([])
    expect(sim.eventBridge.describeRule({ name: 'off' })).toEqual({ name: 'off', arn: RULE('off'), eventBusName: 'default', scheduleExpression: 'cron(0/5 * * * ? *)', state: 'DISABLED' })
  })

  it('refuses what EventBridge refuses, with its words', () => {
    const { sim } = setup()
    const notValid = 'Parameter ScheduleExpression is not valid.'
    for (const expression of [
      'rate(5 minute)',
      'rate(1 minutes)',
      'rate(0 minutes)',
      'rate(5 seconds)',
      'cron(0 12 * * *)',
      'cron(0 12 * * * *)',
      'cron(0 12 ? * ? *)',
      'cron(60 12 * * ? *)',
      'cron(0 24 * * ? *)',
      'cron(0 12 32 * ? *)',
      'cron(0 12 ? * 8 *)',
      'cron(0 12 * 13 ? *)',
      'cron(0 12 * * ? 2200)',
      'at(2026-03-02T12:00:00)',
      'every 5 minutes',
    ]) {
      expectEbError(() => sim.eventBridge.putRule({ name: 'bad', scheduleExpression: expression }), 'ValidationException', notValid)
    }
    expectEbError(() => sim.eventBridge.putRule({ name: 'none' }), 'ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.')
    sim.eventBridge.createEventBus({ name: 'custom' })
    expectEbError(
      () => sim.eventBridge.putRule({ name: 'c', eventBusName: 'custom', scheduleExpression: 'rate(5 minutes)' }),
      'ValidationException',
      'ScheduleExpression is supported only on the default event bus.',
    )
    expectEbError(
      () => sim.eventBridge.putRule({ name: 'long', scheduleExpression: `rate(${'1'.repeat(260)} minutes)` }),
      'ValidationException',
      expect.stringContaining('Member must have length less than or equal to 256') as unknown as string,
    )
  })

  it('accepts the forms AWS documents: names, ranges, steps, L, W, #, years', () => {
    const { sim } = setup()
    for (const expression of [
      'rate(1 minute)',
      'rate(2 hours)',
      'rate(1 day)',
      'cron(15 10 ? * 6L 2026-2028)',
      'cron(0 9 15W * ? *)',
      'cron(0 9 LW * ? *)',
      'cron(0 9 L * ? *)',
      'cron(0 18 ? * 6#3 *)',
      'cron(0/10 8-17 ? * MON-FRI *)',
      'cron(0 0 1 JAN,JUL ? *)',
    ]) {
      expect(sim.eventBridge.putRule({ name: 'ok', scheduleExpression: expression }).ruleArn).toBe(RULE('ok'))
    }
  })

  it('through EventBridgeClient: PutRule with ScheduleExpression, DescribeRule / ListRules answer it, and the rule fires', async () => {
    const { sim, received } = setup()
    const events = new EventBridgeClient(sim.clientConfig())
    const put = await events.send(new PutRuleCommand({ Name: 'sdk', ScheduleExpression: 'rate(1 minute)' }))
    expect(put.RuleArn).toBe(RULE('sdk'))
    await events.send(new PutTargetsCommand({ Rule: 'sdk', Targets: [{ Id: 'fn', Arn: FN }] }))
    const described = await events.send(new DescribeRuleCommand({ Name: 'sdk' }))
    expect(described).toMatchObject({ Name: 'sdk', ScheduleExpression: 'rate(1 minute)', State: 'ENABLED', EventBusName: 'default' })
    expect(described.EventPattern).toBeUndefined()
    expect((await events.send(new ListRulesCommand({}))).Rules?.[0]).toMatchObject({ Name: 'sdk', ScheduleExpression: 'rate(1 minute)' })
    const bad = await rejection(events.send(new PutRuleCommand({ Name: 'x', ScheduleExpression: 'cron(0 12 * * * *)' })))
    expect(summary(bad)).toEqual({ name: 'ValidationException', message: 'Parameter ScheduleExpression is not valid.', status: 400 })
    await sim.advance('3m')
    await sim.runUntilIdle()
    expect(received.map((r) => r.event.time)).toEqual(['2026-03-02T10:01:30Z', '2026-03-02T10:02:30Z', '2026-03-02T10:03:30Z'])
  })

  it('is deterministic: the same seed gives the same event log, byte for byte', async () => {
    const run = async () => {
      const sim = createSimulation({ seed: 11, recordEvents: true, startTime: '2026-01-01T00:00:00Z' })
      sim.createFunction({ functionName: 'tick', code: async () => 'ok' })
      sim.eventBridge.putRule({ name: 'r', scheduleExpression: 'cron(0/7 * * * ? *)' })
      sim.eventBridge.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN }] })
      await sim.advance('1h')
      await sim.runUntilIdle()
      return { log: sim.eventLogText(), ids: sim.eventBridge.events().map((e) => e.event.id) }
    }
    const [a, b] = [await run(), await run()]
    expect(a.ids).toHaveLength(9)
    expect(b).toEqual(a)
  })
})
