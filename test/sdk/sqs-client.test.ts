import { createHash } from 'node:crypto'
import {
  AddPermissionCommand,
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  PurgeQueueInProgress,
  QueueDeletedRecently,
  QueueDoesNotExist,
  QueueNameExists,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  SQSServiceException,
  TagQueueCommand,
  TooManyEntriesInBatchRequest,
  UnsupportedOperation,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import type { LambdaContext, Simulation } from '../../src/index.js'
import { sqsProtocol } from '../../src/sdk/sqs-protocol.js'
import { ACCOUNT, FUNCTION_ARN, REGION, rejection, simulation, summary, UUID } from './service-clients.js'

const QUEUE_URL = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`

function setup(seed = 1) {
  const sim = simulation({ seed })
  const sqs = new SQSClient(sim.clientConfig())
  return { sim, sqs }
}

async function queue(sqs: SQSClient, name: string, attributes?: Record<string, string>): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, ...(attributes ? { Attributes: attributes } : {}) }))
  return QueueUrl as string
}

describe('sqs-client', () => {
  it('CreateQueue / GetQueueUrl / ListQueues / DeleteQueue - queue URLs round-trip; listing pages by MaxResults', async () => {
    const { sqs } = setup()
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }))
    expect(created.QueueUrl).toBe(QUEUE_URL('orders'))
    expect(created.$metadata.httpStatusCode).toBe(200)
    expect(created.$metadata.requestId).toMatch(UUID)
    await queue(sqs, 'audit')
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(QUEUE_URL('orders'))
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual([QUEUE_URL('orders'), QUEUE_URL('audit')])
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'au' }))).QueueUrls).toEqual([QUEUE_URL('audit')])
    const first = await sqs.send(new ListQueuesCommand({ MaxResults: 1 }))
    expect([first.QueueUrls, first.NextToken]).toEqual([[QUEUE_URL('orders')], '1'])
    const second = await sqs.send(new ListQueuesCommand({ MaxResults: 1, NextToken: first.NextToken }))
    expect([second.QueueUrls, second.NextToken]).toEqual([[QUEUE_URL('audit')], undefined])
    await sqs.send(new DeleteQueueCommand({ QueueUrl: QUEUE_URL('orders') }))
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual([QUEUE_URL('audit')])
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'none' }))).QueueUrls).toBeUndefined()
  })

  it('GetQueueAttributes / SetQueueAttributes - string values as AWS sends them; only the names asked for', async () => {
    const { sqs } = setup()
    const url = await queue(sqs, 'q', { VisibilityTimeout: '45' })
    const all = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))
    expect(all.Attributes).toMatchObject({
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q`,
      VisibilityTimeout: '45',
      ApproximateNumberOfMessages: '0',
      MessageRetentionPeriod: '345600',
      CreatedTimestamp: '1704067200',
    })
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '5', VisibilityTimeout: '10' } }))
    const some = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['DelaySeconds', 'VisibilityTimeout'] }))
    expect(some.Attributes).toEqual({ DelaySeconds: '5', VisibilityTimeout: '10' })
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }))).Attributes).toBeUndefined()
  })

  it('SendMessage / ReceiveMessage / DeleteMessage - body, String/Number/Binary attributes, MD5s and system attributes', async () => {
    const { sim, sqs } = setup()
    const url = await queue(sqs, 'q')
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'héllo <&> "world"',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'order' },
          count: { DataType: 'Number', StringValue: '3' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) },
        },
      }),
    )
    const [peeked] = sim.sqs.peekMessages(url)
    expect(sent.MessageId).toBe(peeked?.messageId)
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('héllo <&> "world"').digest('hex'))
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/)

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'], MaxNumberOfMessages: 10 }),
    )
    expect(Messages).toHaveLength(1)
    const message = Messages?.[0]
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'héllo <&> "world"',
      MD5OfBody: sent.MD5OfMessageBody,
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
      Attributes: { SentTimestamp: '1704067200000', ApproximateReceiveCount: '1' },
    })
    expect(message?.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'order' },
      count: { DataType: 'Number', StringValue: '3' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 255]) },
    })
    // In flight: a second receive sees nothing (the SDK answers Messages: undefined, as AWS's empty JSON does).
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined()
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }))
    expect(sim.sqs.peekMessages(url)).toEqual([])
  })

  it('ReceiveMessage - attribute selection by name, prefix and the older AttributeNames; no attributes unless asked', async () => {
    const { sqs } = setup()
    const url = await queue(sqs, 'q')
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'm',
        MessageAttributes: { 'order.id': { DataType: 'String', StringValue: '1' }, 'order.kind': { DataType: 'String', StringValue: 'a' }, other: { DataType: 'String', StringValue: 'x' } },
      }),
    )
    const [plain] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }))).Messages ?? []
    expect([plain?.Attributes, plain?.MessageAttributes, plain?.MD5OfMessageAttributes]).toEqual([undefined, undefined, undefined])
    const [byPrefix] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0, MessageAttributeNames: ['order.*'], AttributeNames: ['All'] }))).Messages ?? []
    expect(Object.keys(byPrefix?.MessageAttributes ?? {})).toEqual(['order.id', 'order.kind'])
    expect(Object.keys(byPrefix?.Attributes ?? {})).toEqual(['SenderId', 'SentTimestamp', 'ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'])
    expect(byPrefix?.Attributes?.ApproximateReceiveCount).toBe('2')
  })

  it('ReceiveMessage - VisibilityTimeout hides a message on the virtual clock; WaitTimeSeconds answers at once', async () => {
    const { sim, sqs } = setup()
    const url = await queue(sqs, 'q')
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'm' }))
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 30 }))).Messages).toHaveLength(1)
    // [SIM] no long polling: an empty receive with WaitTimeSeconds returns at once, virtual time stands still.
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }))).Messages).toBeUndefined()
    expect(sim.nowMs).toBe(Date.UTC(2024, 0, 1))
    await sim.advance('30s')
    const again = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages ?? []
    expect(again.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['2'])
  })

  it('ChangeMessageVisibility / ChangeMessageVisibilityBatch - end or extend the timeout; per-entry failures', async () => {
    const { sim, sqs } = setup()
    const url = await queue(sqs, 'q')
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'a' }, { Id: 'b', MessageBody: 'b' }] }))
    const [a, b] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2 }))).Messages ?? []
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: a?.ReceiptHandle, VisibilityTimeout: 0 }))
    expect(sim.sqs.peekMessages(url).map((m) => m.state)).toEqual(['visible', 'inFlight'])
    const batch = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'b', ReceiptHandle: b?.ReceiptHandle, VisibilityTimeout: 120 },
          { Id: 'bad', ReceiptHandle: 'nonsense', VisibilityTimeout: 5 },
        ],
      }),
    )
    expect(batch.Successful).toEqual([{ Id: 'b' }])
    expect(batch.Failed).toEqual([{ Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "nonsense" is not a valid receipt handle.' }])
    await sim.advance('60s')
    expect(sim.sqs.peekMessages(url).map((m) => m.state)).toEqual(['visible', 'inFlight'])
  })

  it('SendMessageBatch / DeleteMessageBatch - each entry succeeds or fails on its own, with AWS codes', async () => {
    const { sim, sqs } = setup()
    const url = await queue(sqs, 'q')
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'one', MessageBody: 'first', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
          { Id: 'two', MessageBody: 'second', DelaySeconds: 901 },
          { Id: 'three', MessageBody: 'third', DelaySeconds: 10 },
        ],
      }),
    )
    expect(sent.Successful?.map((s) => [s.Id, s.MessageId?.match(UUID) !== null, s.MD5OfMessageBody?.length, s.MD5OfMessageAttributes?.length])).toEqual([
      ['one', true, 32, 32],
      ['three', true, 32, undefined],
    ])
    expect(sent.Failed).toEqual([{ Id: 'two', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.' }])
    expect(sim.sqs.peekMessages(url).map((m) => [m.body, m.state])).toEqual([
      ['first', 'visible'],
      ['third', 'delayed'],
    ])
    const [first] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'x', ReceiptHandle: first?.ReceiptHandle }, { Id: 'y', ReceiptHandle: 'nope' }] }),
    )
    expect(deleted.Successful).toEqual([{ Id: 'x' }])
    expect(deleted.Failed).toEqual([{ Id: 'y', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "nope" is not a valid receipt handle.' }])
    expect(sim.sqs.peekMessages(url).map((m) => m.body)).toEqual(['third'])
  })

  it('FIFO - group and deduplication ids round-trip; sequence numbers come back on send and receive', async () => {
    const { sqs } = setup()
    const url = await queue(sqs, 'jobs.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' })
    const first = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a', MessageGroupId: 'g' }))
    const duplicate = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a', MessageGroupId: 'g' }))
    expect(duplicate.MessageId).toBe(first.MessageId)
    expect(first.SequenceNumber).toMatch(/^\d{20}$/)
    const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'] }))).Messages ?? []
    expect(message?.Attributes).toMatchObject({ MessageGroupId: 'g', SequenceNumber: first.SequenceNumber })
    expect(message?.Attributes?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/)
  })

  it('PurgeQueue - empties the queue; a second purge within 60 s is PurgeQueueInProgress (403)', async () => {
    const { sim, sqs } = setup()
    const url = await queue(sqs, 'q')
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'm' }))
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }))
    expect(sim.sqs.peekMessages(url)).toEqual([])
    const error = await rejection(sqs.send(new PurgeQueueCommand({ QueueUrl: url })))
    expect(error).toBeInstanceOf(PurgeQueueInProgress)
    expect(summary(error)).toEqual({ name: 'PurgeQueueInProgress', message: 'Only one PurgeQueue operation on q is allowed every 60 seconds.', status: 403 })
  })

  it('TagQueue / UntagQueue / ListQueueTags - tags from CreateQueue and later', async () => {
    const { sqs } = setup()
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'q', tags: { team: 'payments' } }))
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ team: 'payments' })
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'test' } }))
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team'] }))
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: 'test' })
  })

  it('ListDeadLetterSourceQueues - queues whose RedrivePolicy names the queue', async () => {
    const { sim, sqs } = setup()
    const dlq = await queue(sqs, 'dlq')
    const source = await queue(sqs, 'work', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('dlq'), maxReceiveCount: 2 }) })
    expect((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls).toEqual([source])
  })

  it('redrive - after maxReceiveCount receives the message moves to the DLQ, where the client finds it', async () => {
    const { sim, sqs } = setup()
    const dlq = await queue(sqs, 'dlq')
    const work = await queue(sqs, 'work', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('dlq'), maxReceiveCount: 1 }) })
    await sqs.send(new SendMessageCommand({ QueueUrl: work, MessageBody: 'poison' }))
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: work, VisibilityTimeout: 0 }))).Messages).toHaveLength(1)
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: work }))).Messages).toBeUndefined()
    const [dead] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'] }))).Messages ?? []
    expect([dead?.Body, dead?.Attributes?.DeadLetterQueueSourceArn]).toEqual(['poison', sim.sqs.queueArn('work')])
  })

  describe('errors', () => {
    it('QueueDoesNotExist - the SDK class, AWS message, 400, and the query-compatible Code', async () => {
      const { sqs } = setup()
      const error = await rejection(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })))
      expect(error).toBeInstanceOf(QueueDoesNotExist)
      expect(error).toBeInstanceOf(SQSServiceException)
      expect(summary(error)).toEqual({ name: 'QueueDoesNotExist', message: 'The specified queue does not exist.', status: 400 })
      expect([error['Code'], error['Type'], error['$fault']]).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 'Sender', 'client'])
      expect(error.$metadata.requestId).toMatch(UUID)
      const send = await rejection(sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL('missing'), MessageBody: 'm' })))
      expect(send).toBeInstanceOf(QueueDoesNotExist)
    })

    it('ReceiptHandleIsInvalid (404), QueueNameExists, QueueDeletedRecently', async () => {
      const { sqs } = setup()
      const url = await queue(sqs, 'q', { VisibilityTimeout: '10' })
      const handle = await rejection(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'bogus' })))
      expect(handle).toBeInstanceOf(ReceiptHandleIsInvalid)
      expect(summary(handle)).toEqual({ name: 'ReceiptHandleIsInvalid', message: 'The input receipt handle "bogus" is not a valid receipt handle.', status: 404 })
      const exists = await rejection(queue(sqs, 'q', { VisibilityTimeout: '20' }))
      expect(exists).toBeInstanceOf(QueueNameExists)
      expect(exists.message).toBe('A queue already exists with the same name and a different value for attribute VisibilityTimeout')
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }))
      const recently = await rejection(queue(sqs, 'q'))
      expect(recently).toBeInstanceOf(QueueDeletedRecently)
      expect(summary(recently)).toEqual({ name: 'QueueDeletedRecently', message: 'You must wait 60 seconds after deleting a queue before you can create another with the same name.', status: 400 })
    })

    it('InvalidParameterValue / MissingParameter - not modelled by the SDK: SQSServiceException named by the code', async () => {
      const { sqs } = setup()
      const url = await queue(sqs, 'q')
      const invalid = await rejection(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })))
      expect(invalid).toBeInstanceOf(SQSServiceException)
      expect(summary(invalid)).toEqual({ name: 'InvalidParameterValue', message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.', status: 400 })
      const missing = await rejection(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: undefined })))
      expect(summary(missing)).toEqual({ name: 'MissingParameter', message: 'The request must contain the parameter MessageBody.', status: 400 })
      const attribute = await rejection(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Colour' as never] })))
      expect(summary(attribute)).toEqual({ name: 'InvalidAttributeName', message: 'Unknown Attribute Colour.', status: 400 })
    })

    it('TooManyEntriesInBatchRequest - a batch of 11 is refused as a whole', async () => {
      const { sqs } = setup()
      const url = await queue(sqs, 'q')
      const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' }))
      const error = await rejection(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries })))
      expect(error).toBeInstanceOf(TooManyEntriesInBatchRequest)
      expect(error.message).toBe('Maximum number of entries per request are 10. You have sent 11.')
    })

    it('not simulated - AddPermission answers UnsupportedOperation naming lambda-sim; AWSTraceHeader is the only message system attribute', async () => {
      const { sqs } = setup()
      const url = await queue(sqs, 'q')
      const error = await rejection(sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'l', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] })))
      expect(error).toBeInstanceOf(UnsupportedOperation)
      expect(summary(error)).toEqual({ name: 'UnsupportedOperation', message: 'lambda-sim does not simulate the SQS operation AddPermission.', status: 400 })
      const other = await rejection(
        sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'm', MessageSystemAttributes: { SenderId: { DataType: 'String', StringValue: 'x' } } as never })),
      )
      expect(summary(other)).toEqual({ name: 'InvalidParameterValue', message: "Message system attribute name 'SenderId' is invalid.", status: 400 })
    })

    it('wire - an unknown target is UnknownOperationException, a body that is not JSON a SerializationException', async () => {
      const { sim } = setup()
      const request = (target: string) => ({ method: 'POST', hostname: 'sqs.us-east-1.amazonaws.com', path: '/', headers: { 'x-amz-target': target } })
      const unknown = await sqsProtocol(sim, request('AmazonSQS.Frobnicate'), new TextEncoder().encode('{}'))
      expect([unknown.statusCode, unknown.headers['x-amzn-query-error'], JSON.parse(new TextDecoder().decode(unknown.body))]).toEqual([
        400,
        'UnknownOperationException;Sender',
        { __type: 'com.amazon.coral.service#UnknownOperationException', message: 'lambda-sim does not know the SQS operation Frobnicate.' },
      ])
      const garbled = await sqsProtocol(sim, request('AmazonSQS.ListQueues'), new TextEncoder().encode('{not json'))
      expect([garbled.statusCode, garbled.headers['content-type'], JSON.parse(new TextDecoder().decode(garbled.body)).__type]).toEqual([
        400,
        'application/x-amz-json-1.0',
        'com.amazon.coral.service#SerializationException',
      ])
    })

    it('a bug is not an AWS error - a non-SqsError thrown by the service propagates out of the protocol', async () => {
      const { sim } = setup()
      const broken = Object.create(sim) as Simulation
      Object.defineProperty(broken, 'sqs', { value: { listQueues: () => { throw new TypeError('bug') } } })
      const request = { method: 'POST', hostname: 'sqs.us-east-1.amazonaws.com', path: '/', headers: { 'x-amz-target': 'AmazonSQS.ListQueues' } }
      await expect(sqsProtocol(broken, request, new TextEncoder().encode('{}'))).rejects.toThrow(TypeError)
    })
  })

  describe('with Lambda', () => {
    it('DLQ - failed async invocations land in the dead-letter queue; ReceiveMessage shows RequestID, ErrorCode, ErrorMessage', async () => {
      const { sim, sqs } = setup(7)
      const dlqUrl = await queue(sqs, 'payments-dlq')
      const { QueueArn } = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes ?? {}
      sim.createFunction({
        functionName: 'charge',
        deadLetterConfig: { targetArn: QueueArn as string },
        code: async (event: { order: number }, context: LambdaContext) => {
          await context.sleep(20)
          throw new Error(`card declined for order ${event.order}`)
        },
      })
      sim.putFunctionEventInvokeConfig({ functionName: 'charge', maximumRetryAttempts: 1 })
      const first = await sim.invoke({ functionName: 'charge', invocationType: 'Event', payload: { order: 1 } })
      const second = await sim.invoke({ functionName: 'charge', invocationType: 'Event', payload: { order: 2 } })
      await sim.runUntilIdle()

      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['SentTimestamp'] }),
      )
      expect(Messages?.map((m) => JSON.parse(m.Body ?? '') as unknown)).toEqual([{ order: 1 }, { order: 2 }])
      expect(Messages?.map((m) => m.MessageAttributes)).toEqual([
        {
          RequestID: { DataType: 'String', StringValue: first.requestId },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: 'card declined for order 1' },
        },
        {
          RequestID: { DataType: 'String', StringValue: second.requestId },
          ErrorCode: { DataType: 'Number', StringValue: '200' },
          ErrorMessage: { DataType: 'String', StringValue: 'card declined for order 2' },
        },
      ])
      // Sent after the retry: attempt 1 ends at 20 ms, the retry runs 60 s later and ends 20 ms after that.
      expect(Messages?.map((m) => Number(m.Attributes?.SentTimestamp) - Date.UTC(2024, 0, 1))).toEqual([60_040, 60_040])
      const deleted = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: (Messages ?? []).map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })) }))
      expect(deleted.Failed).toEqual([])
      expect(sim.sqs.peekMessages(dlqUrl)).toEqual([])
    })

    it('destination - an on-failure SQS destination receives the invocation record', async () => {
      const { sim, sqs } = setup()
      const url = await queue(sqs, 'failures')
      sim.createFunction({ functionName: 'f', code: async () => { throw new RangeError('out of range') } })
      sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: sim.sqs.queueArn('failures') } } })
      const { requestId } = await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { n: 1 } })
      await sim.runUntilIdle()
      const [message] = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []
      const record = JSON.parse(message?.Body ?? '{}') as { requestContext: unknown; requestPayload: unknown }
      expect(record.requestContext).toEqual({ requestId, functionArn: `${FUNCTION_ARN}:f:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 })
      expect(record.requestPayload).toEqual({ n: 1 })
    })

    it('determinism - the same seed and calls give the same message ids, receipt handles and request ids', async () => {
      const run = async () => {
        const { sqs } = setup(42)
        const url = await queue(sqs, 'q')
        const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'm' }))
        const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))
        return [sent.MessageId, sent.$metadata.requestId, received.Messages?.[0]?.ReceiptHandle, received.$metadata.requestId]
      }
      expect(await run()).toEqual(await run())
    })
  })
})
