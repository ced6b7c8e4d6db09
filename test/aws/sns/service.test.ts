import { describe, expect, it } from 'vitest'
import { createIdFactory } from '../../../src/kernel/ids.js'
import { defaultKernelLimits, Kernel } from '../../../src/kernel/kernel.js'
import { Prng } from '../../../src/kernel/prng.js'
import { DeliveryRouter, type DeliveryResult, type DeliveryTarget, type OutboundMessage } from '../../../src/lambda/invoke/delivery.js'
import { SnsError } from '../../../src/aws/sns/errors.js'
import { SNS_MESSAGE_BYTES_MAX, SnsService } from '../../../src/aws/sns/service.js'
import { SNS_SIGNATURE_PLACEHOLDER } from '../../../src/aws/sns/notification-urls.js'

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`
const QUEUE_2 = `arn:aws:sqs:${REGION}:${ACCOUNT}:audit`
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:notify`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A fake SQS that records what it receives; queues it does not know fail. */
class FakeSqs implements DeliveryTarget {
  readonly received: { arn: string; message: OutboundMessage }[] = []
  constructor(private readonly queues: readonly string[]) {}
  accepts(arn: string): boolean {
    return arn.split(':')[2] === 'sqs'
  }
  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    if (!this.queues.includes(arn)) return { ok: false, reason: `queue ${arn} does not exist` }
    this.received.push({ arn, message })
    return { ok: true, messageId: `sqs-${this.received.length}` }
  }
  bodies(arn: string): string[] {
    return this.received.filter((r) => r.arn === arn).map((r) => r.message.body)
  }
}

function setup() {
  const kernel = new Kernel(Date.UTC(2024, 0, 1), defaultKernelLimits, () => 'seed=test')
  const ids = createIdFactory(Prng.fromSeed(1).fork('ids'))
  const router = new DeliveryRouter()
  const sqs = new FakeSqs([QUEUE, QUEUE_2])
  router.register(sqs)
  const invocations: { functionArn: string; payload: any; lineage: string }[] = []
  const invokeAsync = (functionArn: string, payloadJson: string, lineage: string): DeliveryResult => {
    invocations.push({ functionArn, payload: JSON.parse(payloadJson), lineage })
    return { ok: true }
  }
  const sns = new SnsService(kernel, ids, { region: REGION, accountId: ACCOUNT }, router, invokeAsync)
  router.register(sns)
  return { kernel, sns, sqs, router, invocations }
}

function thrown(fn: () => unknown): SnsError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(SnsError)
    return error as SnsError
  }
  throw new Error('expected the call to throw')
}

function expectSnsError(fn: () => unknown, code: string, message: string): void {
  const error = thrown(fn)
  expect({ code: error.code, name: error.name, message: error.message }).toEqual({ code, name: `${code}Exception`, message })
}

describe('SnsService - topics', () => {
  it('createTopic - returns the topic ARN and is idempotent', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    expect(topicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:events`)
    expect(sns.createTopic({ name: 'events' })).toEqual({ topicArn })
    expect(sns.listTopics()).toEqual({ topics: [{ topicArn }] })
  })

  it('createTopic - rejects the same name with different attributes', () => {
    const { sns } = setup()
    sns.createTopic({ name: 'events' })
    expectSnsError(() => sns.createTopic({ name: 'events', attributes: { DisplayName: 'x' } }), 'InvalidParameter', 'Invalid parameter: Attributes Reason: Topic already exists with different attributes')
  })

  it('createTopic - validates names; FIFO topics need the .fifo suffix and FifoTopic', () => {
    const { sns } = setup()
    expectSnsError(() => sns.createTopic({ name: 'bad name' }), 'InvalidParameter', 'Invalid parameter: Topic Name')
    expectSnsError(() => sns.createTopic({ name: 'orders.fifo' }), 'InvalidParameter', 'Invalid parameter: Topic Name')
    expect(thrown(() => sns.createTopic({ name: 'orders', attributes: { FifoTopic: 'true' } })).message).toMatch(/^Invalid parameter: Fifo Topic names must end with \.fifo/)
    expect(sns.createTopic({ name: 'orders.fifo', attributes: { FifoTopic: 'true' } }).topicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:orders.fifo`)
  })

  it('deleteTopic - is idempotent and removes the subscriptions', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    const { subscriptionArn } = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    sns.deleteTopic({ topicArn })
    sns.deleteTopic({ topicArn })
    expect(sns.listTopics()).toEqual({ topics: [] })
    expectSnsError(() => sns.unsubscribe({ subscriptionArn }), 'NotFound', 'Subscription does not exist')
    expectSnsError(() => sns.publish({ topicArn, message: 'x' }), 'NotFound', 'Topic does not exist')
  })
})

describe('SnsService - subscriptions', () => {
  it('subscribe - returns <topicArn>:<uuid>, is idempotent, and lists by topic', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    const { subscriptionArn } = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    expect(subscriptionArn.startsWith(`${topicArn}:`)).toBe(true)
    expect(subscriptionArn.slice(topicArn.length + 1)).toMatch(UUID)
    expect(sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })).toEqual({ subscriptionArn })
    const lambda = sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN })
    expect(sns.listSubscriptionsByTopic({ topicArn })).toEqual({
      subscriptions: [
        { subscriptionArn, owner: ACCOUNT, protocol: 'sqs', endpoint: QUEUE, topicArn },
        { subscriptionArn: lambda.subscriptionArn, owner: ACCOUNT, protocol: 'lambda', endpoint: FN, topicArn },
      ],
    })
  })

  it('subscribe - fails for a missing topic, a mismatched endpoint, a bad filter policy', () => {
    const { sns } = setup()
    expectSnsError(() => sns.subscribe({ topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:nope`, protocol: 'sqs', endpoint: QUEUE }), 'NotFound', 'Topic does not exist')
    const { topicArn } = sns.createTopic({ name: 'events' })
    expectSnsError(() => sns.subscribe({ topicArn, protocol: 'sqs', endpoint: FN }), 'InvalidParameter', 'Invalid parameter: SQS endpoint ARN')
    expectSnsError(() => sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { FilterPolicy: '{oops' } }), 'InvalidParameter', 'Invalid parameter: FilterPolicy: failed to parse JSON.')
    expect(thrown(() => sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { FilterPolicy: '{"a":"b"}' } })).message).toMatch(/^Invalid parameter: FilterPolicy: /)
    expectSnsError(
      () => sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN, attributes: { RawMessageDelivery: 'true' } }),
      'InvalidParameter',
      'Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.',
    )
  })

  it('unsubscribe - stops deliveries', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    const { subscriptionArn } = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    sns.unsubscribe({ subscriptionArn })
    sns.publish({ topicArn, message: 'hello' })
    expect(sqs.received).toEqual([])
    expect(sns.listSubscriptionsByTopic({ topicArn })).toEqual({ subscriptions: [] })
  })
})

describe('SnsService - publish and fan-out', () => {
  it('setSubscriptionAttributes - changes raw delivery and the filter policy; refuses what lambda-sim does not simulate', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 't' })
    const { subscriptionArn } = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    sns.setSubscriptionAttributes({ subscriptionArn, attributeName: 'RawMessageDelivery', attributeValue: 'true' })
    sns.setSubscriptionAttributes({ subscriptionArn, attributeName: 'FilterPolicy', attributeValue: '{"kind":["order"]}' })
    expect(sns.getSubscriptionAttributes({ subscriptionArn }).attributes).toMatchObject({ RawMessageDelivery: 'true', FilterPolicy: '{"kind":["order"]}' })
    sns.publish({ topicArn, message: 'skipped', messageAttributes: { kind: { DataType: 'String', StringValue: 'refund' } } })
    sns.publish({ topicArn, message: 'raw', messageAttributes: { kind: { DataType: 'String', StringValue: 'order' } } })
    expect(sqs.bodies(QUEUE)).toEqual(['raw'])
    sns.setSubscriptionAttributes({ subscriptionArn, attributeName: 'FilterPolicy', attributeValue: '' })
    sns.publish({ topicArn, message: 'any' })
    expect(sqs.bodies(QUEUE)).toEqual(['raw', 'any'])
    expect(sns.getSubscriptionAttributes({ subscriptionArn }).attributes['FilterPolicy']).toBeUndefined()
    expect(sns.listSubscriptionsByTopic({ topicArn }).subscriptions.map((s) => s.subscriptionArn)).toEqual([subscriptionArn])
    expectSnsError(() => sns.setSubscriptionAttributes({ subscriptionArn, attributeName: 'RawMessageDelivery', attributeValue: 'yes' }), 'InvalidParameter', 'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. Must be true or false.')
    expectSnsError(() => sns.setSubscriptionAttributes({ subscriptionArn, attributeName: 'RedrivePolicy', attributeValue: '{}' }), 'InvalidParameter', 'Invalid parameter: Attributes Reason: lambda-sim does not simulate the subscription attribute RedrivePolicy')
    expectSnsError(() => sns.setSubscriptionAttributes({ subscriptionArn, attributeName: 'Colour', attributeValue: 'red' }), 'InvalidParameter', 'Invalid parameter: AttributeName')
    expectSnsError(() => sns.setSubscriptionAttributes({ subscriptionArn: `${topicArn}:nope`, attributeName: 'RawMessageDelivery', attributeValue: 'true' }), 'NotFound', 'Subscription does not exist')
    expectSnsError(() => sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE_2, attributes: { DeliveryPolicy: '{}' } as never }), 'InvalidParameter', 'Invalid parameter: Attributes Reason: lambda-sim does not simulate the subscription attribute DeliveryPolicy')
  })

  it('setTopicAttributes - stores the attributes AWS lets you set; ContentBasedDeduplication only on FIFO topics', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 't' })
    sns.setTopicAttributes({ topicArn, attributeName: 'DisplayName', attributeValue: 'Orders' })
    expect(sns.getTopicAttributes({ topicArn }).attributes['DisplayName']).toBe('Orders')
    expectSnsError(() => sns.setTopicAttributes({ topicArn, attributeName: 'FifoTopic', attributeValue: 'true' }), 'InvalidParameter', 'Invalid parameter: AttributeName')
    expectSnsError(
      () => sns.setTopicAttributes({ topicArn, attributeName: 'ContentBasedDeduplication', attributeValue: 'true' }),
      'InvalidParameter',
      'Invalid parameter: Attributes Reason: ContentBasedDeduplication is only valid for FIFO topics',
    )
    const fifo = sns.createTopic({ name: 't.fifo', attributes: { FifoTopic: 'true' } }).topicArn
    expectSnsError(() => sns.publish({ topicArn: fifo, message: 'm', messageGroupId: 'g' }), 'InvalidParameter', 'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly')
    sns.setTopicAttributes({ topicArn: fifo, attributeName: 'ContentBasedDeduplication', attributeValue: 'true' })
    expect(sns.publish({ topicArn: fifo, message: 'm', messageGroupId: 'g' }).sequenceNumber).toBeDefined()
    expectSnsError(() => sns.setTopicAttributes({ topicArn: `${topicArn}-nope`, attributeName: 'DisplayName', attributeValue: 'x' }), 'NotFound', 'Topic does not exist')
  })

  it('listSubscriptions - the subscriptions of every topic, topics in creation order', () => {
    const { sns } = setup()
    const a = sns.createTopic({ name: 'a' }).topicArn
    const b = sns.createTopic({ name: 'b' }).topicArn
    const sb = sns.subscribe({ topicArn: b, protocol: 'sqs', endpoint: QUEUE }).subscriptionArn
    const sa = sns.subscribe({ topicArn: a, protocol: 'lambda', endpoint: FN }).subscriptionArn
    expect(sns.listSubscriptions().subscriptions).toEqual([
      { subscriptionArn: sa, owner: ACCOUNT, protocol: 'lambda', endpoint: FN, topicArn: a },
      { subscriptionArn: sb, owner: ACCOUNT, protocol: 'sqs', endpoint: QUEUE, topicArn: b },
    ])
  })

  it('publishBatch - each entry succeeds or fails on its own; the batch itself is checked first', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 't' })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { RawMessageDelivery: 'true' } })
    const result = sns.publishBatch({ topicArn, entries: [{ id: 'a', message: 'one' }, { id: 'b', message: '' }, { id: 'c', message: 'three' }] })
    expect(result).toEqual({
      successful: [
        { id: 'a', messageId: expect.stringMatching(UUID) },
        { id: 'c', messageId: expect.stringMatching(UUID) },
      ],
      failed: [{ id: 'b', code: 'InvalidParameter', message: 'Invalid parameter: Empty message', senderFault: true }],
    })
    expect(sqs.bodies(QUEUE)).toEqual(['one', 'three'])
    expectSnsError(() => sns.publishBatch({ topicArn, entries: [] }), 'EmptyBatchRequest', "The batch request doesn't contain any entries.")
    const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `m${i}`, message: 'x' }))
    expectSnsError(() => sns.publishBatch({ topicArn, entries: eleven }), 'TooManyEntriesInBatchRequest', 'The batch request contains more entries than permissible (more than 10).')
    expectSnsError(() => sns.publishBatch({ topicArn, entries: [{ id: 'a', message: 'x' }, { id: 'a', message: 'y' }] }), 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.')
    expectSnsError(() => sns.publishBatch({ topicArn, entries: [{ id: 'no spaces', message: 'x' }] }), 'InvalidBatchEntryId', "The Id of a batch entry in a batch request doesn't abide by the specification.")
    const half = 'x'.repeat(SNS_MESSAGE_BYTES_MAX / 2 + 1)
    expectSnsError(() => sns.publishBatch({ topicArn, entries: [{ id: 'a', message: half }, { id: 'b', message: half }] }), 'BatchRequestTooLong', 'The length of all the batch messages put together is more than the limit.')
    expectSnsError(() => sns.publishBatch({ topicArn: `${topicArn}-nope`, entries: [{ id: 'a', message: 'x' }] }), 'NotFound', 'Topic does not exist')
    expect(sqs.bodies(QUEUE)).toEqual(['one', 'three'])
  })

  it('publish - delivers the notification envelope to SQS subscribers', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    const { subscriptionArn } = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    const { messageId } = sns.publish({
      topicArn,
      message: 'hello',
      subject: 'greeting',
      messageAttributes: { color: { DataType: 'String', StringValue: 'blue' }, size: { DataType: 'Number', StringValue: '3' } },
    })
    expect(messageId).toMatch(UUID)
    expect(sqs.received).toHaveLength(1)
    const body = JSON.parse(sqs.received[0]!.message.body)
    expect(body).toEqual({
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: topicArn,
      Subject: 'greeting',
      Message: 'hello',
      Timestamp: '2024-01-01T00:00:00.000Z',
      SignatureVersion: '1',
      Signature: SNS_SIGNATURE_PLACEHOLDER,
      SigningCertURL: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-.*\.pem$/),
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
      MessageAttributes: { color: { Type: 'String', Value: 'blue' }, size: { Type: 'Number', Value: '3' } },
    })
    expect(Object.keys(body)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ])
  })

  it('publish - omits Subject and MessageAttributes from the envelope when absent', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    sns.publish({ topicArn, message: 'hello' })
    const body = JSON.parse(sqs.bodies(QUEUE)[0]!)
    expect(body).not.toHaveProperty('Subject')
    expect(body).not.toHaveProperty('MessageAttributes')
  })

  it('publish - raw message delivery sends the message itself, attributes as SQS attributes', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { RawMessageDelivery: 'true' } })
    sns.publish({ topicArn, message: '{"order":1}', messageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } })
    expect(sqs.received[0]!.message).toEqual({ body: '{"order":1}', attributes: { color: { DataType: 'String', StringValue: 'blue' } }, lineage: '' })
  })

  it('publish - invokes Lambda subscribers asynchronously with the aws:sns event and the publisher’s lineage (none from outside Lambda)', () => {
    const { sns, invocations } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    const { subscriptionArn } = sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN })
    const { messageId } = sns.publish({ topicArn, message: 'Hello from SNS!', subject: 'TestInvoke', messageAttributes: { Test: { DataType: 'String', StringValue: 'TestString' } } })
    expect(invocations).toHaveLength(1)
    expect(invocations[0]).toEqual({
      functionArn: FN,
      lineage: '',
      payload: {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: subscriptionArn,
            Sns: {
              Type: 'Notification',
              MessageId: messageId,
              TopicArn: topicArn,
              Subject: 'TestInvoke',
              Message: 'Hello from SNS!',
              Timestamp: '2024-01-01T00:00:00.000Z',
              SignatureVersion: '1',
              Signature: SNS_SIGNATURE_PLACEHOLDER,
              SigningCertUrl: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-/),
              UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
              MessageAttributes: { Test: { Type: 'String', Value: 'TestString' } },
            },
          },
        ],
      },
    })
  })

  it('publish - a Lambda event without subject carries Subject null and empty MessageAttributes', () => {
    const { sns, invocations } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN })
    sns.publish({ topicArn, message: 'x' })
    expect(invocations[0]!.payload.Records[0].Sns.Subject).toBeNull()
    expect(invocations[0]!.payload.Records[0].Sns.MessageAttributes).toEqual({})
  })

  it('publish - timestamps follow the virtual clock', async () => {
    const { sns, kernel } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    await kernel.run({ untilMs: Date.UTC(2024, 0, 1, 0, 0, 1, 250) })
    sns.publish({ topicArn, message: 'later' })
    expect(sns.publishedMessages(topicArn)[0]!.timestamp).toBe('2024-01-01T00:00:01.250Z')
  })

  it('publish - fans out to every subscription and records the results', () => {
    const { sns, sqs, invocations } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    const a = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    const b = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE_2 })
    const gone = sns.subscribe({ topicArn, protocol: 'sqs', endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:deleted` })
    const c = sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN })
    sns.publish({ topicArn, message: 'm' })
    expect(sqs.received.map((r) => r.arn)).toEqual([QUEUE, QUEUE_2])
    expect(invocations).toHaveLength(1)
    const [published] = sns.publishedMessages(topicArn)
    expect(published!.deliveries.map((d) => [d.subscriptionArn, d.result.ok])).toEqual([
      [a.subscriptionArn, true],
      [b.subscriptionArn, true],
      [gone.subscriptionArn, false],
      [c.subscriptionArn, true],
    ])
  })

  it('publish - same seed gives the same message ids', () => {
    const run = () => {
      const { sns } = setup()
      const { topicArn } = sns.createTopic({ name: 'events' })
      return [sns.publish({ topicArn, message: 'a' }).messageId, sns.publish({ topicArn, message: 'b' }).messageId]
    }
    expect(run()).toEqual(run())
  })

  it('publish - rejects messages over 256 KB (message plus attributes) with AWS error', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    expect(sns.publish({ topicArn, message: 'x'.repeat(SNS_MESSAGE_BYTES_MAX) }).messageId).toMatch(UUID)
    expectSnsError(() => sns.publish({ topicArn, message: 'x'.repeat(SNS_MESSAGE_BYTES_MAX + 1) }), 'InvalidParameter', 'Invalid parameter: Message too long')
    expectSnsError(
      () => sns.publish({ topicArn, message: 'x'.repeat(SNS_MESSAGE_BYTES_MAX - 10), messageAttributes: { abc: { DataType: 'String', StringValue: 'defgh' } } }),
      'InvalidParameter',
      'Invalid parameter: Message too long',
    )
    // Multi-byte characters count in UTF-8 bytes.
    expectSnsError(() => sns.publish({ topicArn, message: 'é'.repeat(SNS_MESSAGE_BYTES_MAX / 2 + 1) }), 'InvalidParameter', 'Invalid parameter: Message too long')
  })

  it('publish - rejects an empty message, a bad subject and a bad attribute type', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    expectSnsError(() => sns.publish({ topicArn, message: '' }), 'InvalidParameter', 'Invalid parameter: Empty message')
    expectSnsError(() => sns.publish({ topicArn, message: 'x', subject: 's'.repeat(101) }), 'InvalidParameter', 'Invalid parameter: Subject')
    expectSnsError(
      () => sns.publish({ topicArn, message: 'x', messageAttributes: { a: { DataType: 'Date', StringValue: '1' } } }),
      'InvalidParameterValue',
      "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    )
  })
})

describe('SnsService - filter policies', () => {
  function filtered(policy: object, attributes: Record<string, { DataType: string; StringValue: string }>): boolean {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { FilterPolicy: JSON.stringify(policy) } })
    sns.publish({ topicArn, message: 'm', messageAttributes: attributes })
    return sqs.received.length === 1
  }
  const str = (value: string) => ({ DataType: 'String', StringValue: value })
  const num = (value: string) => ({ DataType: 'Number', StringValue: value })

  it('exact string values (OR within a key, AND across keys)', () => {
    expect(filtered({ store: ['example_corp'], event: ['order_placed', 'order_cancelled'] }, { store: str('example_corp'), event: str('order_cancelled') })).toBe(true)
    expect(filtered({ store: ['example_corp'], event: ['order_placed'] }, { store: str('example_corp'), event: str('order_cancelled') })).toBe(false)
    expect(filtered({ store: ['example_corp'] }, {})).toBe(false)
  })

  it('prefix, anything-but and exists', () => {
    expect(filtered({ customer_interests: [{ prefix: 'bas' }] }, { customer_interests: str('baseball') })).toBe(true)
    expect(filtered({ customer_interests: [{ 'anything-but': ['rugby', 'tennis'] }] }, { customer_interests: str('rugby') })).toBe(false)
    expect(filtered({ customer_interests: [{ 'anything-but': ['rugby', 'tennis'] }] }, { customer_interests: str('soccer') })).toBe(true)
    expect(filtered({ store: [{ exists: false }] }, { other: str('x') })).toBe(true)
    expect(filtered({ store: [{ exists: true }] }, { other: str('x') })).toBe(false)
  })

  it('numeric conditions match Number attributes only', () => {
    expect(filtered({ price_usd: [{ numeric: ['>=', 100, '<', 200] }] }, { price_usd: num('150.5') })).toBe(true)
    expect(filtered({ price_usd: [{ numeric: ['>=', 100] }] }, { price_usd: num('99') })).toBe(false)
    expect(filtered({ price_usd: [{ numeric: ['>=', 100] }] }, { price_usd: str('150') })).toBe(false)
    expect(filtered({ price_usd: [{ numeric: ['=', 301.8] }] }, { price_usd: num('3.018e2') })).toBe(true)
  })

  it('String.Array attributes match when any element matches', () => {
    expect(filtered({ interests: ['rugby'] }, { interests: { DataType: 'String.Array', StringValue: '["soccer","rugby"]' } })).toBe(true)
    expect(filtered({ interests: ['golf'] }, { interests: { DataType: 'String.Array', StringValue: '["soccer","rugby"]' } })).toBe(false)
  })

  it('FilterPolicyScope MessageBody matches the JSON body', () => {
    const { sns, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { FilterPolicyScope: 'MessageBody', FilterPolicy: '{"order":{"status":["paid"]}}' } })
    sns.publish({ topicArn, message: '{"order":{"status":"paid"}}' })
    sns.publish({ topicArn, message: '{"order":{"status":"new"}}' })
    sns.publish({ topicArn, message: 'not json' })
    expect(sqs.bodies(QUEUE).map((b) => JSON.parse(b).Message)).toEqual(['{"order":{"status":"paid"}}'])
    expect(sns.publishedMessages(topicArn).map((m) => m.filteredOut.length)).toEqual([0, 1, 1])
  })

  it('filters Lambda subscriptions too', () => {
    const { sns, invocations } = setup()
    const { topicArn } = sns.createTopic({ name: 'events' })
    sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN, attributes: { FilterPolicy: { kind: ['a'] } } })
    sns.publish({ topicArn, message: 'm', messageAttributes: { kind: str('b') } })
    sns.publish({ topicArn, message: 'm', messageAttributes: { kind: str('a') } })
    expect(invocations).toHaveLength(1)
  })
})

describe('SnsService - FIFO topics', () => {
  it('require a group id and a deduplication id (or content-based deduplication)', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'orders.fifo', attributes: { FifoTopic: 'true' } })
    expectSnsError(() => sns.publish({ topicArn, message: 'x' }), 'InvalidParameter', 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics')
    expectSnsError(
      () => sns.publish({ topicArn, message: 'x', messageGroupId: 'g' }),
      'InvalidParameter',
      'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    )
  })

  it('only accept SQS subscriptions', () => {
    const { sns } = setup()
    const { topicArn } = sns.createTopic({ name: 'orders.fifo', attributes: { FifoTopic: 'true' } })
    expectSnsError(() => sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN }), 'InvalidParameter', 'Invalid parameter: Invalid protocol type: lambda')
  })

  it('deduplicate within five minutes and number messages in order', async () => {
    const { sns, sqs, kernel } = setup()
    const { topicArn } = sns.createTopic({ name: 'orders.fifo', attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE })
    const first = sns.publish({ topicArn, message: 'a', messageGroupId: 'g' })
    const dup = sns.publish({ topicArn, message: 'a', messageGroupId: 'g' })
    const second = sns.publish({ topicArn, message: 'b', messageGroupId: 'g' })
    expect(dup).toEqual(first)
    expect(BigInt(second.sequenceNumber!)).toBeGreaterThan(BigInt(first.sequenceNumber!))
    expect(sqs.received).toHaveLength(2)
    expect(sqs.received[0]!.message.messageGroupId).toBe('g')
    expect(sqs.received[0]!.message.messageDeduplicationId).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.parse(sqs.received[0]!.message.body).SequenceNumber).toBe(first.sequenceNumber)
    await kernel.run({ untilMs: kernel.nowMs + 5 * 60_000 })
    expect(sns.publish({ topicArn, message: 'a', messageGroupId: 'g' }).messageId).not.toBe(first.messageId)
    expect(sqs.received).toHaveLength(3)
  })
})

describe('SnsService - as a delivery target', () => {
  it('accepts SNS ARNs only', () => {
    const { sns } = setup()
    expect(sns.accepts(`arn:aws:sns:${REGION}:${ACCOUNT}:t`)).toBe(true)
    expect(sns.accepts(QUEUE)).toBe(false)
  })

  it('deliver - publishes the body with its attributes and lineage', () => {
    const { sns, router, invocations, sqs } = setup()
    const { topicArn } = sns.createTopic({ name: 'dlq' })
    sns.subscribe({ topicArn, protocol: 'lambda', endpoint: FN })
    sns.subscribe({ topicArn, protocol: 'sqs', endpoint: QUEUE, attributes: { RawMessageDelivery: 'true' } })
    const result = router.deliver(topicArn, {
      body: '{"id":1}',
      attributes: { RequestID: { DataType: 'String', StringValue: 'req-1' }, ErrorCode: { DataType: 'Number', StringValue: '200' } },
      lineage: '1c2d3e4f:3',
    })
    expect(result).toEqual({ ok: true, messageId: expect.stringMatching(UUID) })
    const [published] = sns.publishedMessages(topicArn)
    expect(published!.message).toBe('{"id":1}')
    expect(published!.messageAttributes).toEqual({ RequestID: { DataType: 'String', StringValue: 'req-1' }, ErrorCode: { DataType: 'Number', StringValue: '200' } })
    // Lambda counts the invocation; SNS hands on the lineage the message came with.
    expect(invocations[0]!.lineage).toBe('1c2d3e4f:3')
    expect(invocations[0]!.payload.Records[0].Sns.MessageAttributes).toEqual({ RequestID: { Type: 'String', Value: 'req-1' }, ErrorCode: { Type: 'Number', Value: '200' } })
    expect(sqs.received[0]!.message).toMatchObject({ body: '{"id":1}', lineage: '1c2d3e4f:3' })
  })

  it('deliver - fails when the topic does not exist or the message is too large', () => {
    const { sns, router } = setup()
    expect(router.deliver(`arn:aws:sns:${REGION}:${ACCOUNT}:nope`, { body: 'x' })).toEqual({ ok: false, reason: `SNS topic arn:aws:sns:${REGION}:${ACCOUNT}:nope does not exist` })
    const { topicArn } = sns.createTopic({ name: 't' })
    expect(router.deliver(topicArn, { body: 'x'.repeat(SNS_MESSAGE_BYTES_MAX + 1) })).toEqual({ ok: false, reason: 'InvalidParameter: Invalid parameter: Message too long' })
  })

  it('deliver - a FIFO topic without a group id fails', () => {
    const { sns, router } = setup()
    const { topicArn } = sns.createTopic({ name: 't.fifo', attributes: { FifoTopic: 'true' } })
    expect(router.deliver(topicArn, { body: 'x' }).ok).toBe(false)
  })
})
