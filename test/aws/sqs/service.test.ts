import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createIdFactory } from '../../../src/kernel/ids.js'
import { defaultKernelLimits, Kernel } from '../../../src/kernel/kernel.js'
import { Prng } from '../../../src/kernel/prng.js'
import { createSimulation } from '../../../src/index.js'
import { SqsError } from '../../../src/aws/sqs/errors.js'
import { SqsService } from '../../../src/aws/sqs/service.js'

const T0 = Date.UTC(2024, 0, 1)
const REGION = 'us-east-1'
const ACCOUNT = '123456789012'

function setup() {
  const kernel = new Kernel(T0, defaultKernelLimits, () => 'seed=test')
  const sqs = new SqsService(kernel, createIdFactory(Prng.fromSeed(1).fork('ids')), { region: REGION, accountId: ACCOUNT })
  const advance = (ms: number) => kernel.run({ untilMs: kernel.nowMs + ms })
  return { kernel, sqs, advance }
}

function caught(fn: () => unknown): SqsError {
  try {
    fn()
  } catch (error) {
    if (error instanceof SqsError) return error
    throw error
  }
  throw new Error('expected an SqsError')
}

const ALL = ['All']

describe('aws/sqs', () => {
  it('createQueue - returns the queue URL; getQueueUrl, listQueues and the ARN agree', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'orders' })
    sqs.createQueue({ queueName: 'other' })
    expect(queueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/orders')
    expect(sqs.getQueueUrl({ queueName: 'orders' })).toEqual({ queueUrl })
    expect(sqs.queueArn('orders')).toBe('arn:aws:sqs:us-east-1:123456789012:orders')
    expect(sqs.listQueues().queueUrls).toEqual([queueUrl, 'https://sqs.us-east-1.amazonaws.com/123456789012/other'])
    expect(sqs.listQueues({ queueNamePrefix: 'oth' }).queueUrls).toEqual(['https://sqs.us-east-1.amazonaws.com/123456789012/other'])
    const page = sqs.listQueues({ maxResults: 1 })
    expect(page).toEqual({ queueUrls: [queueUrl], nextToken: '1' })
    expect(sqs.listQueues({ maxResults: 1, nextToken: page.nextToken })).toEqual({ queueUrls: ['https://sqs.us-east-1.amazonaws.com/123456789012/other'] })
  })

  it('createQueue - is idempotent with the same attributes and refuses different ones', () => {
    const { sqs } = setup()
    const first = sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '10' } })
    expect(sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '10' } })).toEqual(first)
    expect(sqs.createQueue({ queueName: 'q' })).toEqual(first)
    const error = caught(() => sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '20' } }))
    expect([error.name, error.code, error.message]).toEqual([
      'QueueNameExists',
      'QueueAlreadyExists',
      'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    ])
  })

  it('getQueueAttributes - defaults, counts and the ARN', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.sendMessage({ queueUrl, messageBody: 'a' })
    sqs.sendMessage({ queueUrl, messageBody: 'b' })
    sqs.sendMessage({ queueUrl, messageBody: 'c', delaySeconds: 60 })
    sqs.receiveMessage({ queueUrl })
    expect(sqs.getQueueAttributes({ queueUrl, attributeNames: ALL }).attributes).toMatchInlineSnapshot(`
      {
        "ApproximateNumberOfMessages": "1",
        "ApproximateNumberOfMessagesDelayed": "1",
        "ApproximateNumberOfMessagesNotVisible": "1",
        "CreatedTimestamp": "1704067200",
        "DelaySeconds": "0",
        "LastModifiedTimestamp": "1704067200",
        "MaximumMessageSize": "1048576",
        "MessageRetentionPeriod": "345600",
        "QueueArn": "arn:aws:sqs:us-east-1:123456789012:q",
        "ReceiveMessageWaitTimeSeconds": "0",
        "SqsManagedSseEnabled": "true",
        "VisibilityTimeout": "30",
      }
    `)
    expect(sqs.getQueueAttributes({ queueUrl }).attributes).toEqual({})
    await advance(60_000)
    expect(sqs.getQueueAttributes({ queueUrl, attributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }).attributes).toEqual({
      ApproximateNumberOfMessages: '3',
      ApproximateNumberOfMessagesNotVisible: '0',
    })
  })

  it('setQueueAttributes - changes the queue and validates every value first', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.setQueueAttributes({ queueUrl, attributes: { VisibilityTimeout: '5', DelaySeconds: '2' } })
    expect(sqs.getQueueAttributes({ queueUrl, attributeNames: ['VisibilityTimeout', 'DelaySeconds'] }).attributes).toEqual({ VisibilityTimeout: '5', DelaySeconds: '2' })
    const bad = caught(() => sqs.setQueueAttributes({ queueUrl, attributes: { VisibilityTimeout: '7', DelaySeconds: '901' } }))
    expect([bad.name, bad.message]).toEqual(['InvalidAttributeValue', 'Invalid value for the parameter DelaySeconds.'])
    expect(sqs.getQueueAttributes({ queueUrl, attributeNames: ['VisibilityTimeout'] }).attributes).toEqual({ VisibilityTimeout: '5' })
    const unknown = caught(() => sqs.setQueueAttributes({ queueUrl, attributes: { ContentBasedDeduplication: 'true' } }))
    expect([unknown.name, unknown.message]).toEqual(['InvalidAttributeName', 'Unknown Attribute ContentBasedDeduplication.'])
  })

  it('send/receive/delete - a message goes round trip with MD5s and system attributes', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    const sent = sqs.sendMessage({ queueUrl, messageBody: 'hello', messageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } } })
    expect(sent.md5OfMessageBody).toBe(createHash('md5').update('hello').digest('hex'))
    expect(sent.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/)
    expect(sent.sequenceNumber).toBeUndefined()
    const { messages } = sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10, attributeNames: ALL, messageAttributeNames: ['All'] })
    expect(messages).toHaveLength(1)
    const [message] = messages
    expect(message).toMatchObject({
      messageId: sent.messageId,
      body: 'hello',
      md5OfBody: sent.md5OfMessageBody,
      md5OfMessageAttributes: sent.md5OfMessageAttributes,
      messageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(T0), ApproximateFirstReceiveTimestamp: String(T0), SenderId: ACCOUNT },
    })
    // Hidden while in flight.
    expect(sqs.receiveMessage({ queueUrl }).messages).toEqual([])
    sqs.deleteMessage({ queueUrl, receiptHandle: message!.receiptHandle })
    expect(sqs.peekMessages(queueUrl)).toEqual([])
    // Deleting again succeeds, as in AWS.
    sqs.deleteMessage({ queueUrl, receiptHandle: message!.receiptHandle })
  })

  it('md5OfMessageAttributes - matches the value AWS documents for a String attribute', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    const sent = sqs.sendMessage({ queueUrl, messageBody: 'x', messageAttributes: { a: { DataType: 'String', StringValue: 'b' } } })
    const expected = createHash('md5')
      .update(Buffer.from([0, 0, 0, 1, 0x61, 0, 0, 0, 6, ...Buffer.from('String'), 1, 0, 0, 0, 1, 0x62]))
      .digest('hex')
    expect(sent.md5OfMessageAttributes).toBe(expected)
  })

  it('receiveMessage - returns only the attributes asked for', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.sendMessage({ queueUrl, messageBody: 'x', messageAttributes: { 'trace.id': { DataType: 'String', StringValue: '1' }, other: { DataType: 'Number', StringValue: '2' } } })
    const [message] = sqs.receiveMessage({ queueUrl, attributeNames: ['ApproximateReceiveCount'], messageAttributeNames: ['trace.*'] }).messages
    expect(message!.attributes).toEqual({ ApproximateReceiveCount: '1' })
    expect(message!.messageAttributes).toEqual({ 'trace.id': { DataType: 'String', StringValue: '1' } })
  })

  it('visibility timeout - hides a received message and shows it again; the receive count grows', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '10' } })
    sqs.sendMessage({ queueUrl, messageBody: 'm' })
    const first = sqs.receiveMessage({ queueUrl }).messages[0]!
    await advance(9_999)
    expect(sqs.receiveMessage({ queueUrl }).messages).toEqual([])
    expect(sqs.peekMessages(queueUrl)[0]).toMatchObject({ state: 'inFlight', receiveCount: 1, visibleAtMs: T0 + 10_000 })
    expect(sqs.nextVisibleAtMs(queueUrl)).toBe(T0 + 10_000)
    await advance(1)
    const second = sqs.receiveMessage({ queueUrl, attributeNames: ['ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'] }).messages[0]!
    expect(second.messageId).toBe(first.messageId)
    expect(second.receiptHandle).not.toBe(first.receiptHandle)
    expect(second.attributes).toEqual({ ApproximateReceiveCount: '2', ApproximateFirstReceiveTimestamp: String(T0) })
    // A stale handle deletes nothing on a standard queue, and succeeds.
    sqs.deleteMessage({ queueUrl, receiptHandle: first.receiptHandle })
    expect(sqs.peekMessages(queueUrl)).toHaveLength(1)
    sqs.deleteMessage({ queueUrl, receiptHandle: second.receiptHandle })
    expect(sqs.peekMessages(queueUrl)).toHaveLength(0)
  })

  it('receiveMessage - a per-call visibilityTimeout overrides the queue', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.sendMessage({ queueUrl, messageBody: 'm' })
    sqs.receiveMessage({ queueUrl, visibilityTimeout: 2 })
    await advance(2_000)
    expect(sqs.receiveMessage({ queueUrl }).messages).toHaveLength(1)
  })

  it('changeMessageVisibility - extends or ends the timeout; refuses messages not in flight', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '10' } })
    sqs.sendMessage({ queueUrl, messageBody: 'm' })
    const { receiptHandle } = sqs.receiveMessage({ queueUrl }).messages[0]!
    sqs.changeMessageVisibility({ queueUrl, receiptHandle, visibilityTimeout: 60 })
    await advance(30_000)
    expect(sqs.receiveMessage({ queueUrl }).messages).toEqual([])
    sqs.changeMessageVisibility({ queueUrl, receiptHandle, visibilityTimeout: 0 })
    const again = sqs.receiveMessage({ queueUrl }).messages[0]!
    expect(again.body).toBe('m')
    const stale = caught(() => sqs.changeMessageVisibility({ queueUrl, receiptHandle, visibilityTimeout: 5 }))
    expect([stale.name, stale.message]).toEqual([
      'InvalidParameterValue',
      `Value ${receiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    ])
    const tooLong = caught(() => sqs.changeMessageVisibility({ queueUrl, receiptHandle: again.receiptHandle, visibilityTimeout: 43_201 }))
    expect(tooLong.name).toBe('InvalidParameterValue')
  })

  it('changeMessageVisibility - caps the total at 12 hours from the receive', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.sendMessage({ queueUrl, messageBody: 'm' })
    const { receiptHandle } = sqs.receiveMessage({ queueUrl, visibilityTimeout: 43_200 }).messages[0]!
    await advance(1_000)
    sqs.changeMessageVisibility({ queueUrl, receiptHandle, visibilityTimeout: 43_199 })
    const error = caught(() => sqs.changeMessageVisibility({ queueUrl, receiptHandle, visibilityTimeout: 43_200 }))
    expect(error.message).toBe('Value 43200 for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]')
  })

  it('delay - per message and per queue', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q', attributes: { DelaySeconds: '5' } })
    sqs.sendMessage({ queueUrl, messageBody: 'queue-delay' })
    sqs.sendMessage({ queueUrl, messageBody: 'own-delay', delaySeconds: 20 })
    sqs.sendMessage({ queueUrl, messageBody: 'no-delay', delaySeconds: 0 })
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['no-delay'])
    expect(sqs.peekMessages(queueUrl).map((m) => m.state)).toEqual(['delayed', 'delayed', 'inFlight'])
    await advance(5_000)
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['queue-delay'])
    await advance(15_000)
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['own-delay'])
  })

  it('retention - messages older than MessageRetentionPeriod disappear', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q', attributes: { MessageRetentionPeriod: '60' } })
    sqs.sendMessage({ queueUrl, messageBody: 'old' })
    await advance(59_999)
    expect(sqs.peekMessages(queueUrl)).toHaveLength(1)
    await advance(1)
    expect(sqs.peekMessages(queueUrl)).toHaveLength(0)
    expect(sqs.receiveMessage({ queueUrl }).messages).toEqual([])
  })

  it('receiveMessage - returns at most maxNumberOfMessages, in send order', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    for (let i = 0; i < 12; i++) sqs.sendMessage({ queueUrl, messageBody: `m${i}` })
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'])
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['m10', 'm11'])
  })

  it('redrive - a message received maxReceiveCount times moves to the DLQ on the next receive', async () => {
    const { sqs, advance } = setup()
    const dlq = sqs.createQueue({ queueName: 'dlq' }).queueUrl
    const redrivePolicy = JSON.stringify({ deadLetterTargetArn: sqs.queueArn('dlq'), maxReceiveCount: 2 })
    const { queueUrl } = sqs.createQueue({ queueName: 'q', attributes: { VisibilityTimeout: '1', RedrivePolicy: redrivePolicy } })
    expect(sqs.getQueueAttributes({ queueUrl, attributeNames: ['RedrivePolicy'] }).attributes['RedrivePolicy']).toBe(
      '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":2}',
    )
    const { messageId } = sqs.sendMessage({ queueUrl, messageBody: 'poison' })
    expect(sqs.receiveMessage({ queueUrl }).messages).toHaveLength(1)
    await advance(1_000)
    expect(sqs.receiveMessage({ queueUrl }).messages).toHaveLength(1)
    await advance(1_000)
    expect(sqs.receiveMessage({ queueUrl }).messages).toEqual([])
    expect(sqs.peekMessages(queueUrl)).toEqual([])
    const [moved] = sqs.receiveMessage({ queueUrl: dlq, attributeNames: ALL }).messages
    expect(moved).toMatchObject({
      messageId,
      body: 'poison',
      attributes: { SentTimestamp: String(T0), ApproximateReceiveCount: '1', DeadLetterQueueSourceArn: sqs.queueArn('q') },
    })
  })

  it('redrive - the policy must name an existing queue of the same type', () => {
    const { sqs } = setup()
    const error = caught(() =>
      sqs.createQueue({ queueName: 'q', attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.queueArn('ghost'), maxReceiveCount: 3 }) } }),
    )
    expect([error.name, error.message]).toEqual([
      'InvalidParameterValue',
      'Value {"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:ghost","maxReceiveCount":3} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.',
    ])
    sqs.createQueue({ queueName: 'dlq.fifo', attributes: { FifoQueue: 'true' } })
    const mismatch = caught(() =>
      sqs.createQueue({ queueName: 'q', attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.queueArn('dlq.fifo'), maxReceiveCount: 3 }) } }),
    )
    expect(mismatch.name).toBe('InvalidParameterValue')
  })

  it('FIFO - requires the .fifo suffix and a message group; returns sequence numbers', () => {
    const { sqs } = setup()
    expect(caught(() => sqs.createQueue({ queueName: 'jobs', attributes: { FifoQueue: 'true' } })).message).toBe(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    )
    expect(caught(() => sqs.createQueue({ queueName: 'jobs.fifo' })).name).toBe('InvalidParameterValue')
    const { queueUrl } = sqs.createQueue({ queueName: 'jobs.fifo', attributes: { FifoQueue: 'true' } })
    const missing = caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x', messageDeduplicationId: 'd' }))
    expect([missing.name, missing.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageGroupId.'])
    const noDedup = caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x', messageGroupId: 'g' }))
    expect(noDedup.message).toBe('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly')
    const delay = caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x', messageGroupId: 'g', messageDeduplicationId: 'd', delaySeconds: 1 }))
    expect(delay.message).toBe('Value 1 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.')
    const a = sqs.sendMessage({ queueUrl, messageBody: 'a', messageGroupId: 'g', messageDeduplicationId: '1' })
    const b = sqs.sendMessage({ queueUrl, messageBody: 'b', messageGroupId: 'g', messageDeduplicationId: '2' })
    expect(a.sequenceNumber).toBe('10000000000000000000')
    expect(b.sequenceNumber).toBe('10000000000000000001')
    const [message] = sqs.receiveMessage({ queueUrl, attributeNames: ['SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId'] }).messages
    expect(message!.attributes).toEqual({ SequenceNumber: a.sequenceNumber, MessageGroupId: 'g', MessageDeduplicationId: '1' })
  })

  it('FIFO - keeps order within a group, blocks a group while it has a message in flight, fills a batch from one group first', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'jobs.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '10' } })
    for (const [group, body] of [
      ['A', 'a1'],
      ['B', 'b1'],
      ['A', 'a2'],
      ['B', 'b2'],
      ['A', 'a3'],
    ] as const) {
      sqs.sendMessage({ queueUrl, messageBody: body, messageGroupId: group })
    }
    const first = sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 2 }).messages
    expect(first.map((m) => m.body)).toEqual(['a1', 'a2'])
    // Group A is blocked by its in-flight messages: only B is available.
    const second = sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages
    expect(second.map((m) => m.body)).toEqual(['b1', 'b2'])
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages).toEqual([])
    // Deleting a1 alone leaves a2 in flight: A stays blocked.
    sqs.deleteMessage({ queueUrl, receiptHandle: first[0]!.receiptHandle })
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages).toEqual([])
    sqs.deleteMessage({ queueUrl, receiptHandle: first[1]!.receiptHandle })
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['a3'])
    // B's messages come back in order after their visibility timeout.
    await advance(10_000)
    expect(sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)).toEqual(['b1', 'b2', 'a3'])
  })

  it('FIFO - an expired receipt handle cannot delete', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'jobs.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '1' } })
    sqs.sendMessage({ queueUrl, messageBody: 'x', messageGroupId: 'g' })
    const { receiptHandle } = sqs.receiveMessage({ queueUrl }).messages[0]!
    await advance(1_000)
    const error = caught(() => sqs.deleteMessage({ queueUrl, receiptHandle }))
    expect(error.message).toBe(`Value ${receiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`)
  })

  it('FIFO - a duplicate id within 5 minutes is accepted but dropped; after the window it is enqueued', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'jobs.fifo', attributes: { FifoQueue: 'true' } })
    const first = sqs.sendMessage({ queueUrl, messageBody: 'one', messageGroupId: 'g', messageDeduplicationId: 'same' })
    await advance(299_999)
    const duplicate = sqs.sendMessage({ queueUrl, messageBody: 'two', messageGroupId: 'g', messageDeduplicationId: 'same' })
    expect(duplicate.messageId).toBe(first.messageId)
    expect(duplicate.sequenceNumber).toBe(first.sequenceNumber)
    expect(sqs.peekMessages(queueUrl).map((m) => m.body)).toEqual(['one'])
    // Deleting the original does not reopen the window.
    const { receiptHandle } = sqs.receiveMessage({ queueUrl }).messages[0]!
    sqs.deleteMessage({ queueUrl, receiptHandle })
    sqs.sendMessage({ queueUrl, messageBody: 'three', messageGroupId: 'g', messageDeduplicationId: 'same' })
    expect(sqs.peekMessages(queueUrl)).toEqual([])
    await advance(1)
    const later = sqs.sendMessage({ queueUrl, messageBody: 'four', messageGroupId: 'g', messageDeduplicationId: 'same' })
    expect(later.messageId).not.toBe(first.messageId)
    expect(sqs.peekMessages(queueUrl).map((m) => m.body)).toEqual(['four'])
  })

  it('FIFO - content-based deduplication hashes the body (SHA-256)', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'jobs.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } })
    sqs.sendMessage({ queueUrl, messageBody: 'same', messageGroupId: 'g' })
    sqs.sendMessage({ queueUrl, messageBody: 'same', messageGroupId: 'h' })
    sqs.sendMessage({ queueUrl, messageBody: 'different', messageGroupId: 'g' })
    const peeked = sqs.peekMessages(queueUrl)
    expect(peeked.map((m) => m.body)).toEqual(['same', 'different'])
    expect(peeked[0]!.messageDeduplicationId).toBe(createHash('sha256').update('same').digest('hex'))
  })

  it('FIFO - redrive moves the head of a group and the next message follows', async () => {
    const { sqs, advance } = setup()
    sqs.createQueue({ queueName: 'dlq.fifo', attributes: { FifoQueue: 'true' } })
    const { queueUrl } = sqs.createQueue({
      queueName: 'jobs.fifo',
      attributes: {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sqs.queueArn('dlq.fifo'), maxReceiveCount: '1' }),
      },
    })
    sqs.sendMessage({ queueUrl, messageBody: 'first', messageGroupId: 'g' })
    sqs.sendMessage({ queueUrl, messageBody: 'second', messageGroupId: 'g' })
    expect(sqs.receiveMessage({ queueUrl }).messages.map((m) => m.body)).toEqual(['first'])
    await advance(1_000)
    expect(sqs.receiveMessage({ queueUrl }).messages.map((m) => m.body)).toEqual(['second'])
    expect(sqs.peekMessages(sqs.queueArn('dlq.fifo'))).toMatchObject([{ body: 'first', messageGroupId: 'g', sequenceNumber: '10000000000000000000' }])
  })

  it('sendMessageBatch / deleteMessageBatch - report each entry', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    const sent = sqs.sendMessageBatch({
      queueUrl,
      entries: [
        { id: 'a', messageBody: 'A' },
        { id: 'b', messageBody: '' },
        { id: 'c', messageBody: 'C', delaySeconds: 5 },
      ],
    })
    expect(sent.successful.map((e) => e.id)).toEqual(['a', 'c'])
    expect(sent.failed).toEqual([{ id: 'b', senderFault: true, code: 'MissingParameter', message: 'The request must contain the parameter MessageBody.' }])
    const [message] = sqs.receiveMessage({ queueUrl }).messages
    const deleted = sqs.deleteMessageBatch({
      queueUrl,
      entries: [
        { id: 'ok', receiptHandle: message!.receiptHandle },
        { id: 'bad', receiptHandle: 'nonsense' },
      ],
    })
    expect(deleted).toEqual({
      successful: [{ id: 'ok' }],
      failed: [{ id: 'bad', senderFault: true, code: 'ReceiptHandleIsInvalid', message: 'The input receipt handle "nonsense" is not a valid receipt handle.' }],
    })
    const tooMany = caught(() =>
      sqs.sendMessageBatch({ queueUrl, entries: Array.from({ length: 11 }, (_, i) => ({ id: `e${i}`, messageBody: 'x' })) }),
    )
    expect([tooMany.name, tooMany.message]).toEqual(['TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10. You have sent 11.'])
    expect(caught(() => sqs.sendMessageBatch({ queueUrl, entries: [] })).name).toBe('EmptyBatchRequest')
    const repeated = caught(() =>
      sqs.sendMessageBatch({
        queueUrl,
        entries: [
          { id: 'x', messageBody: '1' },
          { id: 'x', messageBody: '2' },
        ],
      }),
    )
    expect([repeated.name, repeated.message]).toEqual(['BatchEntryIdsNotDistinct', 'Id x repeated.'])
  })

  it('purgeQueue - empties the queue, once per 60 seconds', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.sendMessage({ queueUrl, messageBody: 'a' })
    sqs.receiveMessage({ queueUrl })
    sqs.sendMessage({ queueUrl, messageBody: 'b' })
    sqs.purgeQueue({ queueUrl })
    expect(sqs.peekMessages(queueUrl)).toEqual([])
    const error = caught(() => sqs.purgeQueue({ queueUrl }))
    expect([error.name, error.code, error.message]).toEqual([
      'PurgeQueueInProgress',
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      'Only one PurgeQueue operation on q is allowed every 60 seconds.',
    ])
    await advance(60_000)
    sqs.purgeQueue({ queueUrl })
  })

  it('deleteQueue - the queue is gone and its name is held for 60 seconds', async () => {
    const { sqs, advance } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    sqs.deleteQueue({ queueUrl })
    const gone = caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x' }))
    expect([gone.name, gone.code, gone.message]).toEqual(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.'])
    expect(caught(() => sqs.getQueueUrl({ queueName: 'q' })).name).toBe('QueueDoesNotExist')
    expect(caught(() => sqs.createQueue({ queueName: 'q' })).name).toBe('QueueDeletedRecently')
    await advance(60_000)
    expect(sqs.createQueue({ queueName: 'q' }).queueUrl).toBe(queueUrl)
  })

  it('errors - parameter validation in AWS words', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    expect(caught(() => sqs.createQueue({ queueName: 'bad name' })).message).toBe('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length')
    const max = caught(() => sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 11 }))
    expect([max.name, max.message]).toEqual(['InvalidParameterValue', 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.'])
    const missing = caught(() => sqs.sendMessage({ queueUrl } as never))
    expect([missing.name, missing.message]).toEqual(['MissingParameter', 'The request must contain the parameter MessageBody.'])
    const handle = caught(() => sqs.deleteMessage({ queueUrl, receiptHandle: 'nope' }))
    expect([handle.name, handle.code, handle.statusCode]).toEqual(['ReceiptHandleIsInvalid', 'ReceiptHandleIsInvalid', 404])
    expect(caught(() => sqs.sendMessage({ queueUrl, messageBody: 'bad\u0000char' })).message).toBe(
      "Invalid binary character '#x0' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
    )
    expect(caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x', delaySeconds: 901 })).name).toBe('InvalidParameterValue')
    expect(caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x'.repeat(1_048_577) })).message).toBe(
      'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
    )
    expect(caught(() => sqs.sendMessage({ queueUrl, messageBody: 'x', messageAttributes: { n: { DataType: 'Number', StringValue: 'abc' } } })).name).toBe(
      'InvalidParameterValue',
    )
    expect(caught(() => sqs.getQueueAttributes({ queueUrl, attributeNames: ['Nope'] })).message).toBe('Unknown Attribute Nope.')
    expect(caught(() => sqs.sendMessage({ queueUrl: 'not a url', messageBody: 'x' })).name).toBe('InvalidAddress')
    expect(caught(() => sqs.sendMessage({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/999999999999/q', messageBody: 'x' })).name).toBe('QueueDoesNotExist')
    expect(caught(() => sqs.createQueue({ queueName: 'v', attributes: { VisibilityTimeout: '43201' } })).name).toBe('InvalidAttributeValue')
    expect(new SqsError('QueueDoesNotExist', 'The specified queue does not exist.').toJSON()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    })
  })

  it('errors - the HTTP status follows the service model (404 for a bad receipt handle or address, 403 for a purge in progress)', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q' })
    expect(caught(() => sqs.getQueueUrl({ queueName: 'missing' })).statusCode).toBe(400)
    expect(caught(() => sqs.deleteMessage({ queueUrl, receiptHandle: 'nope' })).statusCode).toBe(404)
    expect(caught(() => sqs.deleteQueue({ queueUrl: 'not a url' })).statusCode).toBe(404)
    sqs.purgeQueue({ queueUrl })
    const purge = caught(() => sqs.purgeQueue({ queueUrl }))
    expect([purge.name, purge.code, purge.statusCode]).toEqual(['PurgeQueueInProgress', 'AWS.SimpleQueueService.PurgeQueueInProgress', 403])
  })

  it('tags - given at creation, added, overwritten and removed', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'q', tags: { team: 'a' } })
    expect(sqs.listQueueTags({ queueUrl })).toEqual({ tags: { team: 'a' } })
    sqs.tagQueue({ queueUrl, tags: { team: 'b', env: 'test' } })
    expect(sqs.listQueueTags({ queueUrl })).toEqual({ tags: { team: 'b', env: 'test' } })
    sqs.untagQueue({ queueUrl, tagKeys: ['team', 'absent'] })
    expect(sqs.listQueueTags({ queueUrl })).toEqual({ tags: { env: 'test' } })
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']))
    const error = caught(() => sqs.tagQueue({ queueUrl, tags: many }))
    expect([error.name, error.message]).toEqual(['InvalidParameterValue', 'Too many tags added for queue q.'])
    expect(sqs.listQueueTags({ queueUrl }).tags).toEqual({ env: 'test' })
  })

  it('listDeadLetterSourceQueues - the queues that redrive to this one, paged', () => {
    const { sqs } = setup()
    const dlq = sqs.createQueue({ queueName: 'dlq' })
    const redrive = JSON.stringify({ deadLetterTargetArn: sqs.queueArn('dlq'), maxReceiveCount: 5 })
    const a = sqs.createQueue({ queueName: 'a', attributes: { RedrivePolicy: redrive } })
    sqs.createQueue({ queueName: 'plain' })
    const b = sqs.createQueue({ queueName: 'b', attributes: { RedrivePolicy: redrive } })
    expect(sqs.listDeadLetterSourceQueues({ queueUrl: dlq.queueUrl })).toEqual({ queueUrls: [a.queueUrl, b.queueUrl] })
    expect(sqs.listDeadLetterSourceQueues({ queueUrl: dlq.queueUrl, maxResults: 1 })).toEqual({ queueUrls: [a.queueUrl], nextToken: '1' })
    expect(sqs.listDeadLetterSourceQueues({ queueUrl: dlq.queueUrl, maxResults: 1, nextToken: '1' })).toEqual({ queueUrls: [b.queueUrl] })
    expect(sqs.listDeadLetterSourceQueues({ queueUrl: a.queueUrl })).toEqual({ queueUrls: [] })
  })

  it('deliver - sends the body and attributes to the queue with that ARN', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'destination' })
    const arn = sqs.queueArn('destination')
    expect(sqs.accepts(arn)).toBe(true)
    expect(sqs.accepts('arn:aws:sns:us-east-1:123456789012:topic')).toBe(false)
    const result = sqs.deliver(arn, { body: '{"ok":true}', attributes: { ErrorCode: { DataType: 'String', StringValue: '200' } } })
    expect(result.ok).toBe(true)
    const [message] = sqs.receiveMessage({ queueUrl, messageAttributeNames: ['All'] }).messages
    expect(message).toMatchObject({ body: '{"ok":true}', messageAttributes: { ErrorCode: { DataType: 'String', StringValue: '200' } } })
    expect(result.ok && result.messageId).toBe(message!.messageId)
  })

  it('deliver - a Binary attribute (base64 text on the way in) is stored as bytes', () => {
    const { sqs } = setup()
    const { queueUrl } = sqs.createQueue({ queueName: 'raw' })
    const result = sqs.deliver(sqs.queueArn('raw'), { body: 'b', attributes: { blob: { DataType: 'Binary', StringValue: 'AQI=' } } })
    expect(result.ok).toBe(true)
    const [message] = sqs.receiveMessage({ queueUrl, messageAttributeNames: ['All'] }).messages
    expect(message?.messageAttributes).toEqual({ blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) } })
  })

  it('deliver - fails for a missing queue and for a FIFO queue without a group id', () => {
    const { sqs } = setup()
    expect(sqs.deliver(sqs.queueArn('ghost'), { body: 'x' })).toEqual({ ok: false, reason: 'Queue does not exist: arn:aws:sqs:us-east-1:123456789012:ghost' })
    expect(sqs.deliver('arn:aws:sqs:eu-west-1:123456789012:ghost', { body: 'x' }).ok).toBe(false)
    sqs.createQueue({ queueName: 'f.fifo', attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } })
    const fifo = sqs.queueArn('f.fifo')
    const refused = sqs.deliver(fifo, { body: 'x' })
    expect(refused.ok).toBe(false)
    expect(sqs.deliver(fifo, { body: 'x', messageGroupId: 'g' }).ok).toBe(true)
    expect(sqs.peekMessages(fifo)).toHaveLength(1)
    // A send failure is data, not an exception.
    expect(sqs.deliver(fifo, { body: '' })).toMatchObject({ ok: false })
  })

  it('determinism - the same calls on the same seed give the same ids and handles', () => {
    const run = () => {
      const { sqs } = setup()
      const { queueUrl } = sqs.createQueue({ queueName: 'q' })
      sqs.sendMessage({ queueUrl, messageBody: 'a' })
      return sqs.receiveMessage({ queueUrl }).messages
    }
    expect(run()).toEqual(run())
  })
})

describe('a message attribute named __proto__', () => {
  it('is refused with a clear error instead of vanishing (SendMessage and each SendMessageBatch entry)', () => {
    const sim = createSimulation({ seed: 1 })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'q' })
    const attributes = JSON.parse('{"__proto__":{"DataType":"String","StringValue":"x"}}') as Record<string, { DataType: string; StringValue: string }>
    expect(() => sim.sqs.sendMessage({ queueUrl, messageBody: 'b', messageAttributes: attributes })).toThrow("Message attribute name '__proto__' is invalid.")
    expect(() => sim.sqs.sendMessageBatch({ queueUrl, entries: [{ id: '1', messageBody: 'b', messageAttributes: attributes }] })).toThrow(
      "Message attribute name '__proto__' is invalid.",
    )
    expect(sim.sqs.peekMessages(queueUrl)).toHaveLength(0)
  })
})
