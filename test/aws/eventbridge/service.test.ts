import { describe, expect, it } from 'vitest'
import { createIdFactory } from '../../../src/kernel/ids.js'
import { defaultKernelLimits, Kernel } from '../../../src/kernel/kernel.js'
import { Prng } from '../../../src/kernel/prng.js'
import { DeliveryRouter, type DeliveryResult, type DeliveryTarget, type OutboundMessage } from '../../../src/lambda/invoke/delivery.js'
import { EventBridgeError } from '../../../src/aws/eventbridge/errors.js'
import { EventBridgeService, parseJsonPath } from '../../../src/aws/eventbridge/service.js'
import { SnsService } from '../../../src/aws/sns/service.js'

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:handler`
const DEFAULT_BUS = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

class FakeSqs implements DeliveryTarget {
  readonly received: { arn: string; message: OutboundMessage }[] = []
  accepts(arn: string): boolean {
    return arn.split(':')[2] === 'sqs'
  }
  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    if (arn !== QUEUE) return { ok: false, reason: `queue ${arn} does not exist` }
    this.received.push({ arn, message })
    return { ok: true }
  }
}

function setup() {
  const kernel = new Kernel(Date.UTC(2024, 0, 1), defaultKernelLimits, () => 'seed=test')
  const ids = createIdFactory(Prng.fromSeed(1).fork('ids'))
  const router = new DeliveryRouter()
  const sqs = new FakeSqs()
  router.register(sqs)
  const invocations: { functionArn: string; payload: any; lineage: string }[] = []
  const invokeAsync = (functionArn: string, payloadJson: string, lineage: string): DeliveryResult => {
    invocations.push({ functionArn, payload: JSON.parse(payloadJson), lineage })
    return { ok: true }
  }
  const scope = { region: REGION, accountId: ACCOUNT }
  const eb = new EventBridgeService(kernel, ids, scope, router, invokeAsync)
  router.register(eb)
  return { kernel, ids, eb, sqs, router, invocations, invokeAsync, scope }
}

function expectEbError(fn: () => unknown, name: string, message: string | RegExp): void {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(EventBridgeError)
    const e = error as EventBridgeError
    expect(e.name).toBe(name)
    if (typeof message === 'string') expect(e.message).toBe(message)
    else expect(e.message).toMatch(message)
    return
  }
  throw new Error('expected the call to throw')
}

const ORDER_PATTERN = JSON.stringify({ source: ['shop.orders'], 'detail-type': ['OrderPlaced'] })
const order = (detail: object = { id: 1 }) => ({ source: 'shop.orders', detailType: 'OrderPlaced', detail: JSON.stringify(detail) })

describe('EventBridgeService - buses', () => {
  it('the default bus exists; custom buses can be created, listed and deleted', () => {
    const { eb } = setup()
    expect(eb.listEventBuses()).toEqual({ eventBuses: [{ name: 'default', arn: DEFAULT_BUS }] })
    expect(eb.createEventBus({ name: 'orders' })).toEqual({ eventBusArn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/orders` })
    expectEbError(() => eb.createEventBus({ name: 'orders' }), 'ResourceAlreadyExistsException', 'Event bus orders already exists.')
    eb.deleteEventBus({ name: 'orders' })
    eb.deleteEventBus({ name: 'orders' })
    expect(eb.listEventBuses().eventBuses.map((b) => b.name)).toEqual(['default'])
    expectEbError(() => eb.deleteEventBus({ name: 'default' }), 'ValidationException', 'Cannot delete event bus default.')
  })

  it('describeEventBus - by name or ARN, default when absent', () => {
    const { eb } = setup()
    const { eventBusArn } = eb.createEventBus({ name: 'orders' })
    expect(eb.describeEventBus({ name: 'orders' })).toEqual({ name: 'orders', arn: eventBusArn })
    expect(eb.describeEventBus({ name: eventBusArn })).toEqual({ name: 'orders', arn: eventBusArn })
    expect(eb.describeEventBus()).toEqual({ name: 'default', arn: DEFAULT_BUS })
    expectEbError(() => eb.describeEventBus({ name: 'nope' }), 'ResourceNotFoundException', 'Event bus nope does not exist.')
  })

  it('rejects invalid bus names with the AWS validation message', () => {
    const { eb } = setup()
    expectEbError(() => eb.createEventBus({ name: 'bad name' }), 'ValidationException', /^1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/)
  })
})

describe('EventBridgeService - rules and targets', () => {
  it('putRule - returns the rule ARN (bus name in it for custom buses) and upserts', () => {
    const { eb } = setup()
    expect(eb.putRule({ name: 'r1', eventPattern: ORDER_PATTERN })).toEqual({ ruleArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/r1` })
    eb.createEventBus({ name: 'orders' })
    expect(eb.putRule({ name: 'r1', eventBusName: 'orders', eventPattern: ORDER_PATTERN })).toEqual({ ruleArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders/r1` })
    eb.putRule({ name: 'r1', eventPattern: ORDER_PATTERN, state: 'DISABLED' })
    expect(eb.listRules()).toEqual({
      rules: [{ name: 'r1', arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/r1`, eventBusName: 'default', eventPattern: ORDER_PATTERN, state: 'DISABLED' }],
    })
    expect(eb.listRules({ eventBusName: 'orders' }).rules.map((r) => r.name)).toEqual(['r1'])
  })

  it('putRule - rejects invalid patterns and unknown buses', () => {
    const { eb } = setup()
    expectEbError(() => eb.putRule({ name: 'r', eventPattern: '{"source":"x"}' }), 'InvalidEventPatternException', /^Event pattern is not valid\. Reason: /)
    expectEbError(() => eb.putRule({ name: 'r', eventPattern: 'nope' }), 'InvalidEventPatternException', 'Event pattern is not valid. Reason: Filter is not valid JSON')
    expectEbError(() => eb.putRule({ name: 'r', eventBusName: 'missing', eventPattern: ORDER_PATTERN }), 'ResourceNotFoundException', 'Event bus missing does not exist.')
  })

  it('putTargets / listTargetsByRule / removeTargets', () => {
    const { eb } = setup()
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    expect(eb.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN }, { id: 'q', arn: QUEUE, inputPath: '$.detail' }] })).toEqual({ failedEntryCount: 0, failedEntries: [] })
    eb.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN, input: '{"fixed":true}' }] })
    expect(eb.listTargetsByRule({ rule: 'r' })).toEqual({
      targets: [
        { id: 'fn', arn: FN, input: '{"fixed":true}' },
        { id: 'q', arn: QUEUE, inputPath: '$.detail' },
      ],
    })
    eb.removeTargets({ rule: 'r', ids: ['fn'] })
    expect(eb.listTargetsByRule({ rule: 'r' }).targets.map((t) => t.id)).toEqual(['q'])
    const role = `arn:aws:iam::${ACCOUNT}:role/events`
    eb.putTargets({ rule: 'r', targets: [{ id: 'bus', arn: DEFAULT_BUS, roleArn: role }] })
    expect(eb.listTargetsByRule({ rule: 'r' }).targets[1]).toEqual({ id: 'bus', arn: DEFAULT_BUS, roleArn: role })
    expectEbError(() => eb.putTargets({ rule: 'nope', targets: [{ id: 'x', arn: FN }] }), 'ResourceNotFoundException', 'Rule nope does not exist on EventBus default.')
  })

  it('putTargets - at most five targets per rule; input and inputPath are exclusive', () => {
    const { eb } = setup()
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, arn: FN }))
    expectEbError(() => eb.putTargets({ rule: 'r', targets: six }), 'LimitExceededException', 'The requested resource exceeds the maximum number allowed.')
    expectEbError(() => eb.putTargets({ rule: 'r', targets: [{ id: 't', arn: FN, input: '{}', inputPath: '$' }] }), 'ValidationException', /Only one of Input, InputPath, or InputTransformer must be provided/)
  })

  it("deleteRule - refuses while targets remain (AWS: Rule can't be deleted since it has targets.)", () => {
    const { eb } = setup()
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN }] })
    expectEbError(() => eb.deleteRule({ name: 'r' }), 'ValidationException', "Rule can't be deleted since it has targets.")
    eb.removeTargets({ rule: 'r', ids: ['fn'] })
    eb.deleteRule({ name: 'r' })
    eb.deleteRule({ name: 'r' })
    expect(eb.listRules()).toEqual({ rules: [] })
  })
})

describe('EventBridgeService - putEvents', () => {
  it('builds the event envelope on the virtual clock (time without milliseconds)', async () => {
    const { eb, kernel } = setup()
    await kernel.run({ untilMs: Date.UTC(2024, 0, 1, 0, 0, 5, 750) })
    const result = eb.putEvents({ entries: [{ ...order({ id: 7 }), resources: ['arn:aws:s3:::bucket'] }] })
    expect(result.failedEntryCount).toBe(0)
    const eventId = (result.entries[0] as { eventId: string }).eventId
    expect(eventId).toMatch(UUID)
    expect(eb.events('default')[0]!.event).toEqual({
      version: '0',
      id: eventId,
      'detail-type': 'OrderPlaced',
      source: 'shop.orders',
      account: ACCOUNT,
      time: '2024-01-01T00:00:05Z',
      region: REGION,
      resources: ['arn:aws:s3:::bucket'],
      detail: { id: 7 },
    })
  })

  it('an entry with Time carries that time (without milliseconds); an invalid one fails the entry', () => {
    const { eb } = setup()
    const result = eb.putEvents({
      entries: [
        { ...order({ id: 1 }), time: Date.UTC(2023, 5, 1, 12, 0, 0, 999) },
        { ...order({ id: 2 }), time: new Date(Date.UTC(2023, 5, 2)) },
        { ...order({ id: 3 }), time: 1e17 },
      ],
    })
    expect(result.failedEntryCount).toBe(1)
    expect(result.entries[2]).toEqual({ errorCode: 'InvalidArgument', errorMessage: 'Parameter Time is not valid. Reason: Time is not a valid timestamp.' })
    expect(eb.events().map((e) => e.event.time)).toEqual(['2023-06-01T12:00:00Z', '2023-06-02T00:00:00Z'])
  })

  it('delivers matching events: Lambda asynchronously (with the lineage of the put: none from outside Lambda), SQS with the event JSON as body', () => {
    const { eb, sqs, invocations } = setup()
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN }, { id: 'q', arn: QUEUE }] })
    eb.putEvents({ entries: [order(), { source: 'shop.billing', detailType: 'Invoice', detail: '{}' }] })
    const [placed, invoice] = eb.events()
    expect(invocations).toEqual([{ functionArn: FN, payload: placed!.event, lineage: '' }])
    expect(sqs.received).toEqual([{ arn: QUEUE, message: { body: JSON.stringify(placed!.event), lineage: '' } }])
    expect(placed!.deliveries.map((d) => [d.rule, d.targetId, d.result.ok])).toEqual([
      ['r', 'fn', true],
      ['r', 'q', true],
    ])
    expect(invoice!.deliveries).toEqual([])
  })

  it('matches rules on detail fields and skips disabled rules', () => {
    const { eb, invocations } = setup()
    eb.putRule({ name: 'big', eventPattern: JSON.stringify({ source: ['shop.orders'], detail: { total: [{ numeric: ['>', 100] }] } }) })
    eb.putTargets({ rule: 'big', targets: [{ id: 'fn', arn: FN }] })
    eb.putEvents({ entries: [order({ total: 50 }), order({ total: 500 })] })
    expect(invocations.map((i) => i.payload.detail.total)).toEqual([500])
    eb.disableRule({ name: 'big' })
    eb.putEvents({ entries: [order({ total: 900 })] })
    expect(invocations).toHaveLength(1)
    eb.enableRule({ name: 'big' })
    eb.putEvents({ entries: [order({ total: 901 })] })
    expect(invocations).toHaveLength(2)
  })

  it('applies a target input (constant JSON) or inputPath', () => {
    const { eb, sqs, invocations } = setup()
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', targets: [{ id: 'fn', arn: FN, input: '{"fixed":true}' }, { id: 'q', arn: QUEUE, inputPath: '$.detail.items[1]' }] })
    eb.putEvents({ entries: [order({ items: ['a', { sku: 'b' }] })] })
    expect(invocations[0]!.payload).toEqual({ fixed: true })
    expect(sqs.received[0]!.message.body).toBe('{"sku":"b"}')
  })

  it('routes only on the named bus (by name or ARN)', () => {
    const { eb, invocations } = setup()
    const { eventBusArn } = eb.createEventBus({ name: 'orders' })
    eb.putRule({ name: 'r', eventBusName: 'orders', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', eventBusName: 'orders', targets: [{ id: 'fn', arn: FN }] })
    eb.putEvents({ entries: [order()] })
    expect(invocations).toHaveLength(0)
    eb.putEvents({ entries: [{ ...order(), eventBusName: 'orders' }, { ...order(), eventBusName: eventBusArn }] })
    expect(invocations).toHaveLength(2)
    expect(eb.events('orders')).toHaveLength(2)
    expect(eb.events('default')).toHaveLength(1)
  })

  it('forwards to another bus as an event with the same source, detail-type, resources and detail', () => {
    const { eb, invocations } = setup()
    const { eventBusArn } = eb.createEventBus({ name: 'archive' })
    eb.putRule({ name: 'fwd', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'fwd', targets: [{ id: 'bus', arn: eventBusArn }] })
    eb.putRule({ name: 'r', eventBusName: 'archive', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', eventBusName: 'archive', targets: [{ id: 'fn', arn: FN }] })
    eb.putEvents({ entries: [{ ...order({ id: 9 }), resources: ['arn:x'] }] })
    const [forwarded] = eb.events('archive')
    expect(forwarded!.event).toMatchObject({ source: 'shop.orders', 'detail-type': 'OrderPlaced', resources: ['arn:x'], detail: { id: 9 } })
    expect(invocations).toHaveLength(1)
  })

  it('fails entries one by one: malformed detail, missing source, unknown bus', () => {
    const { eb } = setup()
    const result = eb.putEvents({
      entries: [
        order(),
        { source: 'a', detailType: 'b', detail: '{not json' },
        { source: 'a', detailType: 'b', detail: '[1]' },
        { detailType: 'b', detail: '{}' },
        { ...order(), eventBusName: 'missing' },
      ],
    })
    expect(result.failedEntryCount).toBe(4)
    expect(result.entries.slice(1)).toEqual([
      { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' },
      { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' },
      { errorCode: 'InvalidArgument', errorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { errorCode: 'ResourceNotFoundException', errorMessage: 'Event bus missing does not exist.' },
    ])
    expect(eb.events()).toHaveLength(1)
  })

  it('rejects more than 10 entries', () => {
    const { eb } = setup()
    expectEbError(() => eb.putEvents({ entries: Array.from({ length: 11 }, () => order()) }), 'ValidationException', /Member must have length less than or equal to 10/)
  })

  it('records a failed target delivery without failing the entry', () => {
    const { eb } = setup()
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', targets: [{ id: 'q', arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:gone` }] })
    expect(eb.putEvents({ entries: [order()] }).failedEntryCount).toBe(0)
    expect(eb.events()[0]!.deliveries[0]!.result).toEqual({ ok: false, reason: `queue arn:aws:sqs:${REGION}:${ACCOUNT}:gone does not exist` })
  })

  it('delivers to an SNS topic target through the router', () => {
    const { eb, router, kernel, ids, scope, invokeAsync, sqs } = setup()
    const sns = new SnsService(kernel, ids, scope, router, invokeAsync)
    router.register(sns)
    const { topicArn } = sns.createTopic({ name: 'fanout' })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { RawMessageDelivery: 'true' } })
    eb.putRule({ name: 'r', eventPattern: ORDER_PATTERN })
    eb.putTargets({ rule: 'r', targets: [{ id: 't', arn: topicArn }] })
    eb.putEvents({ entries: [order()] })
    expect(JSON.parse(sqs.received[0]!.message.body)).toEqual(eb.events()[0]!.event)
  })
})

describe('EventBridgeService - as a delivery target (Lambda destination)', () => {
  it('deliver - puts an event with the envelope fields of the message and detail = body', () => {
    const { eb, router, invocations } = setup()
    eb.putRule({ name: 'results', eventPattern: JSON.stringify({ source: ['lambda'], 'detail-type': [{ prefix: 'Lambda Function Invocation Result' }] }) })
    eb.putTargets({ rule: 'results', targets: [{ id: 'fn', arn: FN }] })
    const record = { version: '1.0', requestContext: { condition: 'Success' } }
    const result = router.deliver(DEFAULT_BUS, {
      body: JSON.stringify(record),
      eventBridge: { source: 'lambda', detailType: 'Lambda Function Invocation Result - Success', resources: [FN, DEFAULT_BUS] },
      lineage: '1c2d3e4f:2',
    })
    expect(result).toEqual({ ok: true, messageId: expect.stringMatching(UUID) })
    const [put] = eb.events()
    expect(put!.event).toMatchObject({ source: 'lambda', 'detail-type': 'Lambda Function Invocation Result - Success', resources: [FN, DEFAULT_BUS], detail: record })
    // Lambda counts the invocation; EventBridge hands on the lineage the record came with.
    expect(invocations[0]!.lineage).toBe('1c2d3e4f:2')
  })

  it('deliver - fails when the bus does not exist', () => {
    const { router, eb } = setup()
    const missing = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/missing`
    expect(eb.accepts(missing)).toBe(true)
    expect(router.deliver(missing, { body: '{}', eventBridge: { source: 'lambda', detailType: 'x', resources: [] } })).toEqual({
      ok: false,
      reason: `EventBridge event bus ${missing} does not exist`,
    })
  })

  it('same seed gives the same event ids', () => {
    const run = () => setup().eb.putEvents({ entries: [order(), order()] }).entries
    expect(run()).toEqual(run())
  })
})

describe('parseJsonPath', () => {
  it('understands $, dotted names, indices and quoted names', () => {
    expect(parseJsonPath('$')).toEqual([])
    expect(parseJsonPath('$.detail.state')).toEqual(['detail', 'state'])
    expect(parseJsonPath("$.detail['detail-type'][2]")).toEqual(['detail', 'detail-type', 2])
    expect(parseJsonPath('detail')).toBeUndefined()
    expect(parseJsonPath('$..x')).toBeUndefined()
  })
})
