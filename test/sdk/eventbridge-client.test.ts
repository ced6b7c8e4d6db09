import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  EventBridgeServiceException,
  InvalidEventPatternException,
  LimitExceededException,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge'
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import type { Simulation } from '../../src/index.js'
import { eventBridgeProtocol } from '../../src/sdk/eventbridge-protocol.js'
import { ACCOUNT, FUNCTION_ARN, REGION, rejection, simulation, summary, UUID } from './service-clients.js'

const BUS_ARN = (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name}`
const ORDERS = JSON.stringify({ source: ['shop.orders'], 'detail-type': ['OrderPlaced'] })

function setup(seed = 1) {
  const sim = simulation({ seed })
  const events = new EventBridgeClient(sim.clientConfig())
  return { sim, events }
}

describe('eventbridge-client', () => {
  it('CreateEventBus / DescribeEventBus / ListEventBuses / DeleteEventBus - the default bus always exists', async () => {
    const { events } = setup()
    const created = await events.send(new CreateEventBusCommand({ Name: 'orders' }))
    expect(created.EventBusArn).toBe(BUS_ARN('orders'))
    expect(created.$metadata.requestId).toMatch(UUID)
    expect(await events.send(new DescribeEventBusCommand({ Name: 'orders' }))).toMatchObject({ Name: 'orders', Arn: BUS_ARN('orders') })
    expect(await events.send(new DescribeEventBusCommand({}))).toMatchObject({ Name: 'default', Arn: BUS_ARN('default') })
    expect((await events.send(new ListEventBusesCommand({}))).EventBuses).toEqual([
      { Name: 'default', Arn: BUS_ARN('default') },
      { Name: 'orders', Arn: BUS_ARN('orders') },
    ])
    const page = await events.send(new ListEventBusesCommand({ NamePrefix: 'o', Limit: 1 }))
    expect([page.EventBuses, page.NextToken]).toEqual([[{ Name: 'orders', Arn: BUS_ARN('orders') }], undefined])
    const first = await events.send(new ListEventBusesCommand({ Limit: 1 }))
    expect(first.NextToken).toBe('1')
    expect((await events.send(new ListEventBusesCommand({ Limit: 1, NextToken: first.NextToken }))).EventBuses?.map((b) => b.Name)).toEqual(['orders'])
    await events.send(new DeleteEventBusCommand({ Name: 'orders' }))
    expect((await events.send(new ListEventBusesCommand({}))).EventBuses?.map((b) => b.Name)).toEqual(['default'])
  })

  it('PutRule / DescribeRule / ListRules / Enable / Disable / DeleteRule', async () => {
    const { events } = setup()
    await events.send(new CreateEventBusCommand({ Name: 'orders' }))
    const put = await events.send(new PutRuleCommand({ Name: 'placed', EventBusName: 'orders', EventPattern: ORDERS, Description: 'new orders' }))
    expect(put.RuleArn).toBe(`arn:aws:events:${REGION}:${ACCOUNT}:rule/orders/placed`)
    await events.send(new PutRuleCommand({ Name: 'other', EventPattern: '{"source":["x"]}', State: 'DISABLED' }))
    const described = await events.send(new DescribeRuleCommand({ Name: 'placed', EventBusName: 'orders' }))
    expect(described).toMatchObject({ Name: 'placed', Arn: put.RuleArn, EventPattern: ORDERS, State: 'ENABLED', Description: 'new orders', EventBusName: 'orders', CreatedBy: ACCOUNT })
    expect((await events.send(new ListRulesCommand({ EventBusName: 'orders' }))).Rules).toEqual([
      { Name: 'placed', Arn: put.RuleArn, EventPattern: ORDERS, State: 'ENABLED', Description: 'new orders', EventBusName: 'orders' },
    ])
    expect((await events.send(new ListRulesCommand({ NamePrefix: 'oth' }))).Rules?.map((r) => [r.Name, r.State])).toEqual([['other', 'DISABLED']])
    await events.send(new EnableRuleCommand({ Name: 'other' }))
    await events.send(new DisableRuleCommand({ Name: 'placed', EventBusName: BUS_ARN('orders') }))
    expect((await events.send(new DescribeRuleCommand({ Name: 'other' }))).State).toBe('ENABLED')
    expect((await events.send(new DescribeRuleCommand({ Name: 'placed', EventBusName: 'orders' }))).State).toBe('DISABLED')
    await events.send(new DeleteRuleCommand({ Name: 'other' }))
    expect((await events.send(new ListRulesCommand({}))).Rules).toEqual([])
  })

  it('PutTargets / ListTargetsByRule / ListRuleNamesByTarget / RemoveTargets', async () => {
    const { events } = setup()
    await events.send(new PutRuleCommand({ Name: 'r', EventPattern: ORDERS }))
    await events.send(new PutRuleCommand({ Name: 's', EventPattern: ORDERS }))
    const fn = `${FUNCTION_ARN}:handler`
    const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`
    const put = await events.send(
      new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'fn', Arn: fn }, { Id: 'q', Arn: queue, InputPath: '$.detail' }, { Id: 'c', Arn: fn, Input: '{"fixed":true}' }] }),
    )
    expect([put.FailedEntryCount, put.FailedEntries]).toEqual([0, []])
    await events.send(new PutTargetsCommand({ Rule: 's', Targets: [{ Id: 'fn', Arn: fn }] }))
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'r' }))).Targets).toEqual([
      { Id: 'fn', Arn: fn },
      { Id: 'q', Arn: queue, InputPath: '$.detail' },
      { Id: 'c', Arn: fn, Input: '{"fixed":true}' },
    ])
    const paged = await events.send(new ListTargetsByRuleCommand({ Rule: 'r', Limit: 2 }))
    expect([paged.Targets?.length, paged.NextToken]).toEqual([2, '2'])
    expect((await events.send(new ListRuleNamesByTargetCommand({ TargetArn: fn }))).RuleNames).toEqual(['r', 's'])
    expect((await events.send(new ListRuleNamesByTargetCommand({ TargetArn: queue }))).RuleNames).toEqual(['r'])
    const removed = await events.send(new RemoveTargetsCommand({ Rule: 'r', Ids: ['fn', 'c'] }))
    expect(removed.FailedEntryCount).toBe(0)
    expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'r' }))).Targets?.map((t) => t.Id)).toEqual(['q'])
  })

  it('PutEvents - a rule that targets a function invokes it asynchronously with the event', async () => {
    const { sim, events } = setup()
    const received: unknown[] = []
    sim.createFunction({ functionName: 'on-order', code: async (event: unknown) => void received.push(event) })
    await events.send(new PutRuleCommand({ Name: 'placed', EventPattern: ORDERS }))
    await events.send(new PutTargetsCommand({ Rule: 'placed', Targets: [{ Id: 'fn', Arn: `${FUNCTION_ARN}:on-order` }] }))
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify({ order: 7, note: '<&>' }), Resources: ['arn:aws:s3:::receipts'] },
          { Source: 'shop.orders', DetailType: 'OrderShipped', Detail: '{"order":7}' },
        ],
      }),
    )
    expect(result.FailedEntryCount).toBe(0)
    expect(result.Entries?.map((e) => UUID.test(e.EventId ?? ''))).toEqual([true, true])
    expect(received).toEqual([]) // accepted, not yet run
    await sim.runUntilIdle()
    expect(received).toEqual([
      {
        version: '0',
        id: result.Entries?.[0]?.EventId,
        'detail-type': 'OrderPlaced',
        source: 'shop.orders',
        account: ACCOUNT,
        time: '2024-01-01T00:00:00Z',
        region: REGION,
        resources: ['arn:aws:s3:::receipts'],
        detail: { order: 7, note: '<&>' },
      },
    ])
  })

  it('PutEvents - Time sets the event time; per-entry failures are counted with AWS codes', async () => {
    const { sim, events } = setup()
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'app', DetailType: 'Tick', Detail: '{}', Time: new Date(Date.UTC(2023, 11, 31, 23, 59, 58, 400)) },
          { Source: 'app', DetailType: 'Tick', Detail: 'not json' },
          { DetailType: 'Tick', Detail: '{}' },
          { Source: 'app', DetailType: 'Tick', Detail: '{}', EventBusName: 'missing' },
        ],
      }),
    )
    expect(result.FailedEntryCount).toBe(3)
    expect(result.Entries?.slice(1)).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus missing does not exist.' },
    ])
    expect(sim.eventBridge.events().map((e) => e.event.time)).toEqual(['2023-12-31T23:59:58Z'])
  })

  it('PutEvents - an SQS target receives the event (InputPath applied), read back with the SQS client', async () => {
    const { sim, events } = setup()
    const sqs = new SQSClient(sim.clientConfig())
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'order-details' }))
    await events.send(new PutRuleCommand({ Name: 'placed', EventPattern: ORDERS }))
    await events.send(new PutTargetsCommand({ Rule: 'placed', Targets: [{ Id: 'q', Arn: sim.sqs.queueArn('order-details'), InputPath: '$.detail' }] }))
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: '{"order":8}' }] }))
    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []
    expect(message?.Body).toBe('{"order":8}')
  })

  it('TestEventPattern - matches an event against a pattern', async () => {
    const { events } = setup()
    const event = JSON.stringify({ id: '1', account: ACCOUNT, source: 'shop.orders', time: '2024-01-01T00:00:00Z', region: REGION, resources: [], 'detail-type': 'OrderPlaced', detail: {} })
    expect((await events.send(new TestEventPatternCommand({ EventPattern: ORDERS, Event: event }))).Result).toBe(true)
    expect((await events.send(new TestEventPatternCommand({ EventPattern: '{"source":["other"]}', Event: event }))).Result).toBe(false)
    const bad = await rejection(events.send(new TestEventPatternCommand({ EventPattern: ORDERS, Event: '{"source":"x"}' })))
    expect(summary(bad)).toEqual({ name: 'ValidationException', message: 'Parameter Event is not valid.', status: 400 })
  })

  describe('errors', () => {
    it('ResourceNotFoundException / ResourceAlreadyExistsException / InvalidEventPatternException / LimitExceededException', async () => {
      const { events } = setup()
      const rule = await rejection(events.send(new DescribeRuleCommand({ Name: 'nope' })))
      expect(rule).toBeInstanceOf(ResourceNotFoundException)
      expect(rule).toBeInstanceOf(EventBridgeServiceException)
      expect(summary(rule)).toEqual({ name: 'ResourceNotFoundException', message: 'Rule nope does not exist on EventBus default.', status: 400 })
      expect(rule.$metadata.requestId).toMatch(UUID)
      await events.send(new CreateEventBusCommand({ Name: 'b' }))
      const exists = await rejection(events.send(new CreateEventBusCommand({ Name: 'b' })))
      expect(exists).toBeInstanceOf(ResourceAlreadyExistsException)
      expect(exists.message).toBe('Event bus b already exists.')
      const pattern = await rejection(events.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":"x"}' })))
      expect(pattern).toBeInstanceOf(InvalidEventPatternException)
      expect(pattern.message).toMatch(/^Event pattern is not valid\. Reason: /)
      await events.send(new PutRuleCommand({ Name: 'r', EventPattern: ORDERS }))
      const six = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: `${FUNCTION_ARN}:f` }))
      const limit = await rejection(events.send(new PutTargetsCommand({ Rule: 'r', Targets: six })))
      expect(limit).toBeInstanceOf(LimitExceededException)
    })

    it('ValidationException - AWS constraint text; an EventBridgeServiceException named by __type', async () => {
      const { events } = setup()
      const name = await rejection(events.send(new PutRuleCommand({ Name: 'bad name', EventPattern: ORDERS })))
      expect(name).toBeInstanceOf(EventBridgeServiceException)
      expect(summary(name)).toEqual({
        name: 'ValidationException',
        message: "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
        status: 400,
      })
      const tooMany = await rejection(events.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' })) })))
      expect(summary(tooMany).name).toBe('ValidationException')
      const limit = await rejection(events.send(new ListRulesCommand({ Limit: 0 })))
      expect(limit.message).toBe("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100")
    })

    it('not simulated - tags, input transformers and other operations answer errors naming lambda-sim', async () => {
      const { events } = setup()
      // Scheduled rules are simulated (test/aws/eventbridge/schedule-*.test.ts); a bad expression is AWS's refusal.
      const schedule = await rejection(events.send(new PutRuleCommand({ Name: 'cron', ScheduleExpression: 'rate(5 minute)' })))
      expect(summary(schedule)).toEqual({ name: 'ValidationException', message: 'Parameter ScheduleExpression is not valid.', status: 400 })
      const tags = await rejection(events.send(new PutRuleCommand({ Name: 'r', EventPattern: ORDERS, Tags: [{ Key: 'k', Value: 'v' }] })))
      expect(tags.message).toBe('lambda-sim does not simulate Tags on PutRule.')
      await events.send(new PutRuleCommand({ Name: 'r', EventPattern: ORDERS }))
      const transformer = await rejection(
        events.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 't', Arn: `${FUNCTION_ARN}:f`, InputTransformer: { InputTemplate: '"<x>"' } }] })),
      )
      expect(transformer.message).toBe('lambda-sim does not simulate InputTransformer on target t.')
      const archive = await rejection(events.send(new CreateArchiveCommand({ ArchiveName: 'a', EventSourceArn: BUS_ARN('default') })))
      expect(archive).toBeInstanceOf(EventBridgeServiceException)
      expect(summary(archive)).toEqual({ name: 'UnknownOperationException', message: 'lambda-sim does not simulate the EventBridge operation CreateArchive.', status: 400 })
      expect((await events.send(new ListTargetsByRuleCommand({ Rule: 'r' }))).Targets).toEqual([])
    })

    it('a bug is not an AWS error - a non-EventBridgeError thrown by the service propagates out of the protocol', async () => {
      const { sim } = setup()
      const broken = Object.create(sim) as Simulation
      Object.defineProperty(broken, 'eventBridge', { value: { listEventBuses: () => { throw new TypeError('bug') } } })
      const request = { method: 'POST', hostname: 'events.us-east-1.amazonaws.com', path: '/', headers: { 'X-Amz-Target': 'AWSEvents.ListEventBuses' } }
      await expect(eventBridgeProtocol(broken, request, new TextEncoder().encode('{}'))).rejects.toThrow(TypeError)
    })
  })

  it('determinism - the same seed and calls give the same event ids and request ids', async () => {
    const run = async () => {
      const { events } = setup(9)
      const result = await events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }))
      return [result.Entries?.[0]?.EventId, result.$metadata.requestId]
    }
    expect(await run()).toEqual(await run())
  })
})
