import {
  BatchEntryIdsNotDistinctException,
  CreatePlatformApplicationCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  EmptyBatchRequestException,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  InvalidParameterValueException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SNSServiceException,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns'
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import type { LambdaContext, Simulation } from '../../src/index.js'
import { snsProtocol } from '../../src/sdk/sns-protocol.js'
import { ACCOUNT, FUNCTION_ARN, REGION, rejection, simulation, summary, UUID } from './service-clients.js'

const TOPIC_ARN = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`

function setup(seed = 1) {
  const sim = simulation({ seed })
  const sns = new SNSClient(sim.clientConfig())
  const sqs = new SQSClient(sim.clientConfig())
  /** A queue made through the SQS client; returns its URL and ARN. */
  const queue = async (name: string) => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }))
    return { url: QueueUrl as string, arn: sim.sqs.queueArn(name) }
  }
  const topic = async (name: string, attributes?: Record<string, string>) =>
    (await sns.send(new CreateTopicCommand({ Name: name, ...(attributes ? { Attributes: attributes } : {}) }))).TopicArn as string
  return { sim, sns, sqs, queue, topic }
}

describe('sns-client', () => {
  it('CreateTopic / ListTopics / GetTopicAttributes / DeleteTopic - round-trip with the request id in $metadata', async () => {
    const { sns, topic } = setup()
    const created = await sns.send(new CreateTopicCommand({ Name: 'orders', Attributes: { DisplayName: 'Orders' } }))
    expect(created.TopicArn).toBe(TOPIC_ARN('orders'))
    expect(created.$metadata.httpStatusCode).toBe(200)
    expect(created.$metadata.requestId).toMatch(UUID)
    await topic('audit')
    expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: TOPIC_ARN('orders') }, { TopicArn: TOPIC_ARN('audit') }])
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: TOPIC_ARN('orders') }))
    expect(Attributes).toEqual({
      TopicArn: TOPIC_ARN('orders'),
      Owner: ACCOUNT,
      DisplayName: 'Orders',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    })
    await sns.send(new DeleteTopicCommand({ TopicArn: TOPIC_ARN('orders') }))
    await sns.send(new DeleteTopicCommand({ TopicArn: TOPIC_ARN('orders') })) // idempotent, as in AWS
    expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: TOPIC_ARN('audit') }])
  })

  it('ListTopics - pages of 100 with NextToken', async () => {
    const { sns, topic } = setup()
    for (let i = 0; i < 101; i++) await topic(`t${i}`)
    const first = await sns.send(new ListTopicsCommand({}))
    expect([first.Topics?.length, first.NextToken]).toEqual([100, '100'])
    const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }))
    expect([second.Topics, second.NextToken]).toEqual([[{ TopicArn: TOPIC_ARN('t100') }], undefined])
  })

  it('SetTopicAttributes - values with XML specials and line breaks come back unchanged', async () => {
    const { sns, topic } = setup()
    const arn = await topic('t')
    const name = `<Orders> & "Refunds" 'n' ü\r\nline 2`
    await sns.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: name }))
    expect((await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes?.DisplayName).toBe(name)
  })

  it('Subscribe / ListSubscriptions(ByTopic) / Get+SetSubscriptionAttributes / Unsubscribe', async () => {
    const { sns, topic, queue } = setup()
    const arn = await topic('t')
    const q = await queue('q')
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' }, ReturnSubscriptionArn: true }),
    )
    expect(SubscriptionArn).toMatch(new RegExp(`^${TOPIC_ARN('t')}:[0-9a-f-]{36}$`))
    const fn = await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: `${FUNCTION_ARN}:notify` }))
    const expected = [
      { SubscriptionArn, Owner: ACCOUNT, Protocol: 'sqs', Endpoint: q.arn, TopicArn: arn },
      { SubscriptionArn: fn.SubscriptionArn, Owner: ACCOUNT, Protocol: 'lambda', Endpoint: `${FUNCTION_ARN}:notify`, TopicArn: arn },
    ]
    expect((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions).toEqual(expected)
    expect((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions).toEqual(expected)
    const policy = '{"kind":["order"],"amount":[{"numeric":[">",10]}]}'
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: policy }))
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes).toMatchObject({
      SubscriptionArn,
      TopicArn: arn,
      Protocol: 'sqs',
      Endpoint: q.arn,
      RawMessageDelivery: 'true',
      PendingConfirmation: 'false',
      FilterPolicy: policy,
    })
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }))
    expect((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions).toEqual([expected[1]])
  })

  it('Publish - fans out to an SQS queue (the notification envelope) and a function (the aws:sns event)', async () => {
    const { sim, sns, sqs, topic, queue } = setup()
    const arn = await topic('orders')
    const q = await queue('order-copies')
    const events: unknown[] = []
    sim.createFunction({ functionName: 'notify', code: async (event: unknown) => void events.push(event) })
    await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn }))
    const fn = await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: `${FUNCTION_ARN}:notify` }))
    const published = await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Subject: 'New order',
        Message: '{"order":42,"note":"a < b & c"}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'order=1&x' }, amount: { DataType: 'Number', StringValue: '12.5' } },
      }),
    )
    expect(published.MessageId).toMatch(UUID)
    await sim.runUntilIdle()

    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }))).Messages ?? []
    expect(JSON.parse(message?.Body ?? '{}')).toMatchObject({
      Type: 'Notification',
      MessageId: published.MessageId,
      TopicArn: arn,
      Subject: 'New order',
      Message: '{"order":42,"note":"a < b & c"}',
      Timestamp: '2024-01-01T00:00:00.000Z',
      MessageAttributes: { kind: { Type: 'String', Value: 'order=1&x' }, amount: { Type: 'Number', Value: '12.5' } },
    })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      Records: [
        {
          EventSource: 'aws:sns',
          EventSubscriptionArn: fn.SubscriptionArn,
          Sns: { MessageId: published.MessageId, TopicArn: arn, Subject: 'New order', Message: '{"order":42,"note":"a < b & c"}' },
        },
      ],
    })
  })

  it('Publish - raw delivery keeps the message and its attributes (Binary included); a filter policy selects', async () => {
    const { sim, sns, sqs, topic, queue } = setup()
    const arn = await topic('t')
    const q = await queue('raw')
    await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true', FilterPolicy: '{"kind":["order"]}' } }),
    )
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'skipped', MessageAttributes: { kind: { DataType: 'String', StringValue: 'refund' } } }))
    await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Message: 'kept\r\n<x/>',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([7, 8, 9]) } },
      }),
    )
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))
    expect(Messages?.map((m) => [m.Body, m.MessageAttributes])).toEqual([
      ['kept\r\n<x/>', { kind: { DataType: 'String', StringValue: 'order' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([7, 8, 9]) } }],
    ])
    expect(sim.sns.publishedMessages(arn).map((m) => m.filteredOut.length)).toEqual([1, 0])
  })

  it('Publish - FIFO topics need a group id; deduplication returns the first message and sequence number', async () => {
    const { sns, topic } = setup()
    const arn = await topic('jobs.fifo', { FifoTopic: 'true', ContentBasedDeduplication: 'true' })
    const first = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'a', MessageGroupId: 'g' }))
    const again = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'a', MessageGroupId: 'g' }))
    expect(first.SequenceNumber).toMatch(/^\d+$/)
    expect([again.MessageId, again.SequenceNumber]).toEqual([first.MessageId, first.SequenceNumber])
    const error = await rejection(sns.send(new PublishCommand({ TopicArn: arn, Message: 'b' })))
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect(summary(error)).toEqual({ name: 'InvalidParameterException', message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics', status: 400 })
  })

  it('PublishBatch - per-entry results; batch-level errors as the SDK classes', async () => {
    const { sim, sns, topic } = setup()
    const arn = await topic('t')
    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn: arn,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'one', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
          { Id: 'b', Message: 'two', MessageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } },
          { Id: 'c', Message: 'three', Subject: 'S' },
        ],
      }),
    )
    expect(result.Successful?.map((s) => [s.Id, UUID.test(s.MessageId ?? '')])).toEqual([
      ['a', true],
      ['c', true],
    ])
    expect(result.Failed).toEqual([{ Id: 'b', Code: 'InvalidParameterValue', SenderFault: true, Message: "Could not cast message attribute 'n' value to number." }])
    expect(sim.sns.publishedMessages(arn).map((m) => [m.message, m.subject, m.messageAttributes])).toEqual([
      ['one', undefined, { k: { DataType: 'String', StringValue: 'v' } }],
      ['three', 'S', {}],
    ])
    const empty = await rejection(sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: [] })))
    expect(empty).toBeInstanceOf(EmptyBatchRequestException)
    expect(summary(empty)).toEqual({ name: 'EmptyBatchRequestException', message: "The batch request doesn't contain any entries.", status: 400 })
    const twice = await rejection(sns.send(new PublishBatchCommand({ TopicArn: arn, PublishBatchRequestEntries: [{ Id: 'x', Message: '1' }, { Id: 'x', Message: '2' }] })))
    expect(twice).toBeInstanceOf(BatchEntryIdsNotDistinctException)
  })

  describe('errors', () => {
    it('NotFoundException (404) - publishing to a topic that does not exist', async () => {
      const { sns } = setup()
      const error = await rejection(sns.send(new PublishCommand({ TopicArn: TOPIC_ARN('missing'), Message: 'm' })))
      expect(error).toBeInstanceOf(NotFoundException)
      expect(error).toBeInstanceOf(SNSServiceException)
      expect(summary(error)).toEqual({ name: 'NotFoundException', message: 'Topic does not exist', status: 404 })
      expect([error['Code'], error['Type']]).toEqual(['NotFound', 'Sender'])
      expect(error.$metadata.requestId).toMatch(UUID)
      const unsubscribe = await rejection(sns.send(new UnsubscribeCommand({ SubscriptionArn: `${TOPIC_ARN('missing')}:0000` })))
      expect(summary(unsubscribe)).toEqual({ name: 'NotFoundException', message: 'Subscription does not exist', status: 404 })
    })

    it('InvalidParameterValueException - the wire code ParameterValueInvalid; a message with XML specials arrives intact', async () => {
      const { sns, topic } = setup()
      const arn = await topic('t')
      const error = await rejection(sns.send(new PublishCommand({ TopicArn: arn, Message: 'm', MessageAttributes: { 'a<b>&': { DataType: 'String', StringValue: 'x' } } })))
      expect(error).toBeInstanceOf(InvalidParameterValueException)
      expect(summary(error)).toEqual({ name: 'InvalidParameterValueException', message: "The message attribute name 'a<b>&' is invalid.", status: 400 })
      expect(error['Code']).toBe('ParameterValueInvalid')
    })

    it('InvalidParameterException - a bad topic name; a missing required parameter is a ValidationError', async () => {
      const { sns } = setup()
      const name = await rejection(sns.send(new CreateTopicCommand({ Name: 'bad name' })))
      expect(name).toBeInstanceOf(InvalidParameterException)
      expect(summary(name)).toEqual({ name: 'InvalidParameterException', message: 'Invalid parameter: Topic Name', status: 400 })
      const missing = await rejection(sns.send(new CreateTopicCommand({ Name: undefined as unknown as string })))
      expect(missing).toBeInstanceOf(SNSServiceException)
      expect(summary(missing)).toEqual({ name: 'ValidationError', message: "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null", status: 400 })
    })

    it('not simulated - other protocols, MessageStructure, SMS, tags and unknown actions answer errors naming lambda-sim', async () => {
      const { sns, topic } = setup()
      const arn = await topic('t')
      const email = await rejection(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'a@example.com' })))
      expect(summary(email)).toEqual({ name: 'InvalidParameterException', message: 'Invalid parameter: lambda-sim does not simulate the email protocol (only sqs and lambda)', status: 400 })
      const structure = await rejection(sns.send(new PublishCommand({ TopicArn: arn, Message: '{"default":"x"}', MessageStructure: 'json' })))
      expect(structure.message).toBe('Invalid parameter: lambda-sim does not simulate MessageStructure (one message per protocol)')
      const sms = await rejection(sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'hi' })))
      expect(sms.message).toBe('Invalid parameter: lambda-sim does not simulate SMS (PhoneNumber)')
      const tags = await rejection(sns.send(new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'k', Value: 'v' }] })))
      expect(tags.message).toBe('Invalid parameter: lambda-sim does not simulate SNS tags')
      const redrive = await rejection(sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'lambda', Endpoint: `${FUNCTION_ARN}:f`, Attributes: { RedrivePolicy: '{}' } })))
      expect(redrive.message).toBe('Invalid parameter: Attributes Reason: lambda-sim does not simulate the subscription attribute RedrivePolicy')
      const action = await rejection(sns.send(new CreatePlatformApplicationCommand({ Name: 'app', Platform: 'GCM', Attributes: {} })))
      expect(action).toBeInstanceOf(SNSServiceException)
      expect(summary(action)).toEqual({ name: 'InvalidAction', message: 'lambda-sim does not simulate the SNS action CreatePlatformApplication.', status: 400 })
      expect((await sns.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn: arn }])
    })

    it('a bug is not an AWS error - a non-SnsError thrown by the service propagates out of the protocol', async () => {
      const { sim } = setup()
      const broken = Object.create(sim) as Simulation
      Object.defineProperty(broken, 'sns', { value: { listTopics: () => { throw new TypeError('bug') } } })
      const request = { method: 'POST', hostname: 'sns.us-east-1.amazonaws.com', path: '/', headers: {} }
      await expect(snsProtocol(broken, request, new TextEncoder().encode('Action=ListTopics&Version=2010-03-31'))).rejects.toThrow(TypeError)
    })
  })

  describe('with Lambda', () => {
    it('DLQ - a topic as dead-letter target: the original event reaches a subscribed queue with the DLQ attributes', async () => {
      const { sim, sns, sqs, topic, queue } = setup(3)
      const arn = await topic('failed-events')
      const q = await queue('failed-copy')
      await sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }))
      sim.createFunction({
        functionName: 'ingest',
        deadLetterConfig: { targetArn: arn },
        code: async (_event: unknown, context: LambdaContext) => {
          await context.sleep(5)
          throw new Error('schema mismatch')
        },
      })
      sim.putFunctionEventInvokeConfig({ functionName: 'ingest', maximumRetryAttempts: 0 })
      const { requestId } = await sim.invoke({ functionName: 'ingest', invocationType: 'Event', payload: { row: 9 } })
      await sim.runUntilIdle()
      const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MessageAttributeNames: ['All'] }))).Messages ?? []
      expect(message?.Body).toBe('{"row":9}')
      expect(message?.MessageAttributes).toEqual({
        RequestID: { DataType: 'String', StringValue: requestId },
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: { DataType: 'String', StringValue: 'schema mismatch' },
      })
    })
  })
})
