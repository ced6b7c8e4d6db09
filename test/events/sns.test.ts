import type { SNSEventRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { snsEvent } from '../../src/index.js'
import { ISO_MS, UUID } from '../support/shape.js'

describe('events/sns', () => {
  it('snsEvent - a record as sim.sns delivers it: aws:sns, 1.0, subscription ARN, ISO timestamp, AWS URL forms, Subject null when absent', () => {
    const record = snsEvent(['hi'], { topic: 'alerts', subscriptionId: '0a1b2c3d-0000-4000-8000-000000000000', at: Date.UTC(2024, 0, 1, 0, 0, 2, 5) }).Records[0] as SNSEventRecord
    const subscriptionArn = 'arn:aws:sns:us-east-1:123456789012:alerts:0a1b2c3d-0000-4000-8000-000000000000'
    expect(record).toEqual({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: subscriptionArn,
      Sns: {
        Type: 'Notification',
        MessageId: expect.stringMatching(UUID),
        TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        Subject: null,
        Message: 'hi',
        Timestamp: '2024-01-01T00:00:02.005Z',
        SignatureVersion: '1',
        Signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
        SigningCertUrl: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/),
        UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
        MessageAttributes: {},
      },
    })
    expect(record.Sns.Timestamp).toMatch(ISO_MS)
  })

  it('snsEvent - attributes as { Type, Value }; JSON messages serialised; a topic ARN sets the Region; per-message times', () => {
    const event = snsEvent(
      [
        { message: { a: 1 }, subject: 'S', messageAttributes: { s: 'v', n: 2.5, arr: ['x', 'y'], bin: new Uint8Array([255]), custom: { Type: 'String.Custom', Value: 'c' } }, at: 5000 },
        { message: 'second', messageId: 'given' },
      ],
      { topic: 'arn:aws:sns:eu-central-1:111122223333:events', at: 1000 },
    )
    const [first, second] = event.Records as [SNSEventRecord, SNSEventRecord]
    expect(first.Sns).toMatchObject({ Message: '{"a":1}', Subject: 'S', Timestamp: '1970-01-01T00:00:05.000Z', TopicArn: 'arn:aws:sns:eu-central-1:111122223333:events' })
    expect(first.Sns.MessageAttributes).toEqual({
      s: { Type: 'String', Value: 'v' },
      n: { Type: 'Number', Value: '2.5' },
      arr: { Type: 'String.Array', Value: '["x","y"]' },
      bin: { Type: 'Binary', Value: '/w==' },
      custom: { Type: 'String.Custom', Value: 'c' },
    })
    expect(first.Sns.SigningCertUrl).toMatch(/^https:\/\/sns\.eu-central-1\.amazonaws\.com\//)
    expect(second.Sns).toMatchObject({ MessageId: 'given', Timestamp: '1970-01-01T00:00:01.000Z' })
    expect(second.EventSubscriptionArn).toBe(first.EventSubscriptionArn)
  })
})
