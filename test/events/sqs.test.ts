import type { SQSRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, sqsEvent } from '../../src/index.js'
import { shapeOf, UUID, type ShapeOf } from '../support/shape.js'

describe('events/sqs', () => {
  it('sqsEvent - a standard-queue record has every SQSRecord field: ids, string attributes, md5, source, ARN, Region', () => {
    const event = sqsEvent(['hello'], { queue: 'orders', at: Date.UTC(2024, 0, 1, 0, 0, 5) })
    const record = event.Records[0] as SQSRecord
    expect(shapeOf(record)).toEqual({
      messageId: 'string',
      receiptHandle: 'string',
      body: 'string',
      attributes: { ApproximateReceiveCount: 'string', SentTimestamp: 'string', SenderId: 'string', ApproximateFirstReceiveTimestamp: 'string' },
      messageAttributes: {},
      md5OfBody: 'string',
      eventSource: 'string',
      eventSourceARN: 'string',
      awsRegion: 'string',
    } satisfies ShapeOf<SQSRecord>)
    expect(record).toMatchObject({
      body: 'hello',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.UTC(2024, 0, 1, 0, 0, 5)), SenderId: '123456789012', ApproximateFirstReceiveTimestamp: String(Date.UTC(2024, 0, 1, 0, 0, 5)) },
      md5OfBody: '5d41402abc4b2a76b9719d911017c592',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders',
      awsRegion: 'us-east-1',
    })
    expect(record.messageId).toMatch(UUID)
    expect(record.receiptHandle).toMatch(/^AQEB[A-Za-z0-9+/]+=*$/)
    expect(record).not.toHaveProperty('md5OfMessageAttributes')
  })

  it('sqsEvent - message attributes in Lambda form; their MD5 matches what sim.sqs computes for the same message', () => {
    const sim = createSimulation({ seed: 3 })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'orders' })
    const sent = sim.sqs.sendMessage({
      queueUrl,
      messageBody: '{"orderId":7}',
      messageAttributes: { kind: { DataType: 'String', StringValue: 'order' }, n: { DataType: 'Number', StringValue: '3' }, raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) } },
    })
    const record = sqsEvent([{ body: { orderId: 7 }, messageAttributes: { kind: 'order', n: 3, raw: new Uint8Array([1, 2]) } }], { sim, queue: 'orders' }).Records[0] as SQSRecord
    expect(record.body).toBe('{"orderId":7}')
    expect(record.messageAttributes).toEqual({
      kind: { stringValue: 'order', stringListValues: [], binaryListValues: [], dataType: 'String' },
      n: { stringValue: '3', stringListValues: [], binaryListValues: [], dataType: 'Number' },
      raw: { binaryValue: 'AQI=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    })
    expect(record.md5OfBody).toBe(sent.md5OfMessageBody)
    expect(record.md5OfMessageAttributes).toBe(sent.md5OfMessageAttributes)
    expect(record.eventSourceARN).toBe(sim.sqs.getQueueAttributes({ queueUrl, attributeNames: ['QueueArn'] }).attributes['QueueArn'])
  })

  it('sqsEvent - FIFO queues add SequenceNumber, MessageGroupId and a content-based MessageDeduplicationId; a group id is required', () => {
    const event = sqsEvent([{ body: 'a', messageGroupId: 'g1' }, { body: 'b', messageGroupId: 'g1', messageDeduplicationId: 'd2' }], { queue: 'orders.fifo' })
    const [first, second] = event.Records as [SQSRecord, SQSRecord]
    expect(first.attributes).toMatchObject({ MessageGroupId: 'g1', MessageDeduplicationId: 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb' })
    expect(second.attributes.MessageDeduplicationId).toBe('d2')
    expect(first.attributes.SequenceNumber).toMatch(/^\d{20}$/)
    expect(BigInt(second.attributes.SequenceNumber ?? '0')).toBeGreaterThan(BigInt(first.attributes.SequenceNumber ?? '0'))
    expect(() => sqsEvent(['no group'], { queue: 'orders.fifo' })).toThrow(/sqsEvent: messages.0: messageGroupId is required for FIFO queue orders.fifo/)
  })

  it('sqsEvent - given ids, receive counts, times and trace headers are kept; a queue ARN sets the Region', () => {
    const record = sqsEvent(
      [{ body: 'x', messageId: 'm-1', receiptHandle: 'r-1', receiveCount: 3, sentAt: '2024-01-01T00:00:00Z', firstReceivedAt: Date.UTC(2024, 0, 1, 0, 0, 1), awsTraceHeader: 'Root=1-abc' }],
      { queue: 'arn:aws:sqs:eu-west-1:111122223333:jobs', at: Date.UTC(2024, 0, 1, 0, 1) },
    ).Records[0] as SQSRecord
    expect(record).toMatchObject({ messageId: 'm-1', receiptHandle: 'r-1', eventSourceARN: 'arn:aws:sqs:eu-west-1:111122223333:jobs', awsRegion: 'eu-west-1' })
    expect(record.attributes).toEqual({
      ApproximateReceiveCount: '3',
      AWSTraceHeader: 'Root=1-abc',
      SentTimestamp: String(Date.UTC(2024, 0, 1)),
      SenderId: '111122223333',
      ApproximateFirstReceiveTimestamp: String(Date.UTC(2024, 0, 1, 0, 0, 1)),
    })
  })
})
