import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import type { S3Event } from 'aws-lambda'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'
import { S3Error } from '../../../src/aws/s3/errors.js'
import { s3HostId } from '../../../src/aws/s3/event-record.js'
import { s3Event } from '../../../src/events/s3.js'

/** A function that records each S3 event it gets, allowed to be invoked by S3 for `bucket`. */
function receiver(sim: Simulation, name: string, bucket: string, options: { permission?: boolean } = {}) {
  const events: S3Event[] = []
  sim.createFunction({
    functionName: name,
    code: async (event: S3Event) => {
      events.push(event)
      return 'ok'
    },
  })
  if (options.permission !== false) {
    sim.addPermission({ functionName: name, statementId: 's3', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: `arn:aws:s3:::${bucket}`, sourceAccount: sim.accountId })
  }
  return { events, arn: sim.getFunctionConfiguration({ functionName: name }).functionArn }
}

function thrownBy(fn: () => unknown): S3Error {
  try {
    fn()
  } catch (error) {
    return error as S3Error
  }
  throw new Error('expected a throw')
}

describe('S3 event notifications', () => {
  it('PutObject - invokes the function asynchronously with the exact S3 event record', async () => {
    const sim = createSimulation({ seed: 7 })
    sim.s3.createBucket({ bucket: 'uploads' })
    const { events, arn } = receiver(sim, 'on-upload', 'uploads')
    sim.s3.putBucketNotificationConfiguration({
      bucket: 'uploads',
      notificationConfiguration: { lambdaFunctionConfigurations: [{ id: 'thumbs', lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*'] }] },
    })
    const startMs = sim.nowMs
    await sim.advance(1_500)
    sim.s3.putObject({ bucket: 'uploads', key: 'photos/cat 1.jpg', body: 'meow' })
    await sim.runUntilIdle()
    expect(events).toHaveLength(1)
    const record = events[0]!.Records[0]!
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: new Date(startMs + 1_500).toISOString(),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: expect.stringMatching(/^AWS:AIDA[A-Z0-9]{17}$/) },
      requestParameters: { sourceIPAddress: '192.0.2.1' },
      responseElements: { 'x-amz-request-id': expect.stringMatching(/^[0-9A-F]{16}$/), 'x-amz-id-2': expect.any(String) },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'thumbs',
        bucket: { name: 'uploads', ownerIdentity: { principalId: expect.stringMatching(/^[A-Z0-9]{14}$/) }, arn: 'arn:aws:s3:::uploads' },
        object: { key: 'photos/cat+1.jpg', size: 4, eTag: createHash('md5').update('meow').digest('hex'), sequencer: expect.stringMatching(/^[0-9A-F]{20}$/) },
      },
    })
    const [sent] = sim.s3.notifications('uploads')
    expect(sent).toMatchObject({ key: 'photos/cat 1.jpg', eventName: 'ObjectCreated:Put', configurationId: 'thumbs', destination: arn, result: { ok: true } })
  })

  it('event types and wildcards, prefix and suffix filters pick the configurations an event goes to', async () => {
    const sim = createSimulation({ seed: 8 })
    sim.s3.createBucket({ bucket: 'media' })
    const images = receiver(sim, 'images', 'media')
    const removed = receiver(sim, 'removed', 'media')
    const copies = receiver(sim, 'copies', 'media')
    sim.s3.putBucketNotificationConfiguration({
      bucket: 'media',
      notificationConfiguration: {
        lambdaFunctionConfigurations: [
          { lambdaFunctionArn: images.arn, events: ['s3:ObjectCreated:Put', 's3:ObjectCreated:CompleteMultipartUpload'], filter: { key: { filterRules: [{ name: 'prefix', value: 'img/' }, { name: 'Suffix', value: '.png' }] } } },
          { lambdaFunctionArn: removed.arn, events: ['s3:ObjectRemoved:*'] },
          { lambdaFunctionArn: copies.arn, events: ['s3:ObjectCreated:Copy'] },
        ],
      },
    })
    sim.s3.putObject({ bucket: 'media', key: 'img/a.png', body: 'a' })
    sim.s3.putObject({ bucket: 'media', key: 'img/a.jpg', body: 'b' })
    sim.s3.putObject({ bucket: 'media', key: 'doc/a.png', body: 'c' })
    sim.s3.copyObject({ bucket: 'media', key: 'img/b.png', sourceBucket: 'media', sourceKey: 'img/a.png' })
    sim.s3.deleteObject({ bucket: 'media', key: 'img/a.jpg' })
    sim.s3.deleteObject({ bucket: 'media', key: 'never-was' })
    await sim.runUntilIdle()
    expect(images.events.map((e) => e.Records[0]!.s3.object.key)).toEqual(['img/a.png'])
    expect(copies.events.map((e) => [e.Records[0]!.eventName, e.Records[0]!.s3.object.key])).toEqual([['ObjectCreated:Copy', 'img/b.png']])
    const deletion = removed.events.map((e) => e.Records[0]!)
    // A delete of a key that held nothing is still a delete (204, and its event).
    expect(deletion.map((r) => [r.eventName, r.s3.object.key])).toEqual([
      ['ObjectRemoved:Delete', 'img/a.jpg'],
      ['ObjectRemoved:Delete', 'never-was'],
    ])
    // Removal records carry no size or eTag, as on AWS.
    expect(deletion[0]!.s3.object).not.toHaveProperty('size')
    expect(deletion[0]!.s3.object).not.toHaveProperty('eTag')
    // Generated configuration ids, as S3 makes them for configurations without one.
    const config = sim.s3.getBucketNotificationConfiguration({ bucket: 'media' })
    expect(config.lambdaFunctionConfigurations?.map((c) => c.id)).toEqual([expect.any(String), expect.any(String), expect.any(String)])
    expect(config.lambdaFunctionConfigurations?.[0]?.filter).toEqual({ key: { filterRules: [{ name: 'Prefix', value: 'img/' }, { name: 'Suffix', value: '.png' }] } })
  })

  it('PutBucketNotificationConfiguration - refuses a function S3 may not invoke, overlapping configurations, unknown events and filter rules', () => {
    const sim = createSimulation({ seed: 9 })
    sim.s3.createBucket({ bucket: 'uploads' })
    const allowed = receiver(sim, 'allowed', 'uploads')
    const other = receiver(sim, 'other-bucket-only', 'elsewhere')
    const none = receiver(sim, 'no-permission', 'uploads', { permission: false })
    const put = (notificationConfiguration: Parameters<Simulation['s3']['putBucketNotificationConfiguration']>[0]['notificationConfiguration']) =>
      thrownBy(() => sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration }))

    const denied = put({
      lambdaFunctionConfigurations: [
        { lambdaFunctionArn: none.arn, events: ['s3:ObjectCreated:*'] },
        { lambdaFunctionArn: other.arn, events: ['s3:ObjectRemoved:*'] },
        { lambdaFunctionArn: allowed.arn, events: ['s3:ObjectRestore:*'] },
      ],
    })
    expect(denied.name).toBe('InvalidArgument')
    expect(denied.statusCode).toBe(400)
    expect(denied.message).toBe('Unable to validate the following destination configurations')
    expect(denied.fields).toEqual({
      ArgumentName1: none.arn,
      ArgumentValue1: `Not authorized to invoke function [${none.arn}]`,
      ArgumentName2: other.arn,
      ArgumentValue2: `Not authorized to invoke function [${other.arn}]`,
    })
    const missing = put({ lambdaFunctionConfigurations: [{ lambdaFunctionArn: allowed.arn.replace('allowed', 'ghost'), events: ['s3:ObjectCreated:*'] }] })
    expect(missing.message).toBe('Unable to validate the following destination configurations')

    const overlap = put({
      lambdaFunctionConfigurations: [
        { lambdaFunctionArn: allowed.arn, events: ['s3:ObjectCreated:*'], filter: { key: { filterRules: [{ name: 'prefix', value: 'img/' }] } } },
        { lambdaFunctionArn: allowed.arn, events: ['s3:ObjectCreated:Put'], filter: { key: { filterRules: [{ name: 'prefix', value: 'img/thumbs/' }] } } },
      ],
    })
    expect(overlap.message).toBe('Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.')
    // Different suffixes do not overlap.
    sim.s3.putBucketNotificationConfiguration({
      bucket: 'uploads',
      notificationConfiguration: {
        lambdaFunctionConfigurations: [
          { lambdaFunctionArn: allowed.arn, events: ['s3:ObjectCreated:*'], filter: { key: { filterRules: [{ name: 'suffix', value: '.png' }] } } },
          { lambdaFunctionArn: allowed.arn, events: ['s3:ObjectCreated:Put'], filter: { key: { filterRules: [{ name: 'suffix', value: '.jpg' }] } } },
        ],
      },
    })
    expect(put({ lambdaFunctionConfigurations: [{ lambdaFunctionArn: allowed.arn, events: ['s3:ObjectCreated:Get'] }] }).fields).toEqual({ ArgumentName: 'Event', ArgumentValue: 's3:ObjectCreated:Get' })
    expect(put({ lambdaFunctionConfigurations: [{ lambdaFunctionArn: allowed.arn, events: ['s3:ObjectCreated:*'], filter: { key: { filterRules: [{ name: 'infix', value: 'x' }] } } }] }).message).toBe(
      'filter rule name must be either prefix or suffix',
    )
    // A rejected configuration leaves the previous one in place.
    expect(sim.s3.getBucketNotificationConfiguration({ bucket: 'uploads' }).lambdaFunctionConfigurations).toHaveLength(2)
  })

  it('through S3Client - the configuration round-trips and the permission error is S3 XML the SDK raises', async () => {
    const sim = createSimulation({ seed: 10 })
    const s3 = new S3Client(sim.clientConfig())
    await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }))
    const { arn, events } = receiver(sim, 'on-upload', 'uploads')
    const { arn: unauthorised } = receiver(sim, 'stranger', 'uploads', { permission: false })
    let error: S3ServiceException | undefined
    try {
      await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'uploads', NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: unauthorised, Events: ['s3:ObjectCreated:*'] }] } }))
    } catch (e) {
      error = e as S3ServiceException
    }
    expect(error?.name).toBe('InvalidArgument')
    expect(error?.message).toBe('Unable to validate the following destination configurations')
    expect(error?.$metadata.httpStatusCode).toBe(400)

    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'uploads',
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ Id: 'csv', LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.csv' }] } } }],
        },
      }),
    )
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'uploads' }))
    expect(got.LambdaFunctionConfigurations).toEqual([{ Id: 'csv', LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'Suffix', Value: '.csv' }] } } }])
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'data/2024.csv', Body: 'a,b' }))
    await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'data/readme.txt', Body: 'hi' }))
    await sim.runUntilIdle()
    expect(events.map((e) => e.Records[0]!.s3.object.key)).toEqual(['data/2024.csv'])
  })

  it('queues and topics receive the record as the message body, after S3 sends them its test event', async () => {
    const sim = createSimulation({ seed: 11 })
    sim.s3.createBucket({ bucket: 'uploads' })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'uploads-events' })
    sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration: { queueConfigurations: [{ queueArn: sim.sqs.queueArn('uploads-events'), events: ['s3:ObjectCreated:*'] }] } })
    sim.s3.putObject({ bucket: 'uploads', key: 'a.txt', body: 'a' })
    const bodies = sim.sqs.peekMessages(queueUrl).map((m) => JSON.parse(m.body) as Record<string, unknown>)
    expect(bodies[0]).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'uploads' })
    expect((bodies[1] as unknown as S3Event).Records[0]!.s3.object.key).toBe('a.txt')
    const missing = thrownBy(() =>
      sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration: { queueConfigurations: [{ queueArn: sim.sqs.queueArn('nope'), events: ['s3:ObjectCreated:*'] }] } }),
    )
    expect(missing.message).toBe('Unable to validate the following destination configurations')
  })

  it('what S3 publishes to a topic carries the Subject "Amazon S3 Notification" (its test event too)', () => {
    const sim = createSimulation({ seed: 11 })
    sim.s3.createBucket({ bucket: 'uploads' })
    const { topicArn } = sim.sns.createTopic({ name: 'uploads-events' })
    sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration: { topicConfigurations: [{ topicArn, events: ['s3:ObjectCreated:*'] }] } })
    sim.s3.putObject({ bucket: 'uploads', key: 'a.txt', body: 'a' })
    const published = sim.sns.publishedMessages(topicArn)
    expect(published.map((m) => m.subject)).toEqual(['Amazon S3 Notification', 'Amazon S3 Notification'])
    expect((JSON.parse(published[1]!.message) as S3Event).Records[0]!.s3.object.key).toBe('a.txt')
  })

  it('FIFO queues and FIFO topics are refused as destinations, as S3 allows standard ones only', () => {
    const sim = createSimulation({ seed: 17 })
    sim.s3.createBucket({ bucket: 'uploads' })
    sim.sqs.createQueue({ queueName: 'events.fifo', attributes: { FifoQueue: 'true' } })
    const { topicArn } = sim.sns.createTopic({ name: 'events.fifo', attributes: { FifoTopic: 'true' } })
    const queueArn = sim.sqs.queueArn('events.fifo')
    const refused = thrownBy(() =>
      sim.s3.putBucketNotificationConfiguration({
        bucket: 'uploads',
        notificationConfiguration: {
          queueConfigurations: [{ queueArn, events: ['s3:ObjectCreated:*'] }],
          topicConfigurations: [{ topicArn, events: ['s3:ObjectRemoved:*'] }],
        },
      }),
    )
    expect(refused.name).toBe('InvalidArgument')
    expect(refused.message).toBe('Unable to validate the following destination configurations')
    expect(refused.fields).toMatchObject({ ArgumentName1: queueArn, ArgumentName2: topicArn })
    expect(sim.s3.getBucketNotificationConfiguration({ bucket: 'uploads' })).toEqual({})
  })

  it('EventBridgeConfiguration - every object event goes to the default bus as aws.s3 Object Created / Object Deleted', async () => {
    const sim = createSimulation({ seed: 14 })
    sim.s3.createBucket({ bucket: 'uploads' })
    const seen: Array<{ 'detail-type': string; source: string; resources: string[]; detail: Record<string, any> }> = []
    sim.createFunction({ functionName: 'audit', code: async (event: (typeof seen)[number]) => void seen.push(event) })
    sim.eventBridge.putRule({ name: 's3-objects', eventPattern: JSON.stringify({ source: ['aws.s3'], 'detail-type': ['Object Created', 'Object Deleted'], detail: { bucket: { name: ['uploads'] } } }) })
    sim.eventBridge.putTargets({ rule: 's3-objects', targets: [{ id: 'audit', arn: sim.getFunctionConfiguration({ functionName: 'audit' }).functionArn }] })
    sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration: { eventBridgeConfiguration: {} } })
    expect(sim.s3.getBucketNotificationConfiguration({ bucket: 'uploads' })).toEqual({ eventBridgeConfiguration: {} })
    sim.s3.putObject({ bucket: 'uploads', key: 'a b.txt', body: 'hello' })
    sim.s3.deleteObject({ bucket: 'uploads', key: 'a b.txt' })
    await sim.runUntilIdle()
    expect(seen.map((e) => [e.source, e['detail-type'], e.detail['reason'], e.detail['object'].key])).toEqual([
      ['aws.s3', 'Object Created', 'PutObject', 'a b.txt'],
      ['aws.s3', 'Object Deleted', 'DeleteObject', 'a b.txt'],
    ])
    expect(seen[0]!.resources).toEqual(['arn:aws:s3:::uploads'])
    expect(seen[0]!.detail).toMatchObject({ version: '0', bucket: { name: 'uploads' }, object: { size: 5, etag: createHash('md5').update('hello').digest('hex') }, requester: sim.accountId })
    expect(seen[1]!.detail).toMatchObject({ 'deletion-type': 'Permanently Deleted' })
  })

  it('a permission removed after the configuration was put: S3 cannot invoke the function any more', async () => {
    const sim = createSimulation({ seed: 12 })
    sim.s3.createBucket({ bucket: 'uploads' })
    const { arn, events } = receiver(sim, 'on-upload', 'uploads')
    sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*'] }] } })
    sim.removePermission({ functionName: 'on-upload', statementId: 's3' })
    sim.s3.putObject({ bucket: 'uploads', key: 'a', body: 'a' })
    await sim.runUntilIdle()
    expect(events).toEqual([])
    expect(sim.s3.notifications('uploads')[0]?.result).toEqual({ ok: false, reason: `Not authorized to invoke function [${arn}]` })
  })

  it('filter rules match the key as the record carries it (URL-encoded: "+" for a space, %3A for a colon), as S3 documents', async () => {
    const sim = createSimulation({ seed: 14 })
    sim.s3.createBucket({ bucket: 'media' })
    const encoded = receiver(sim, 'encoded', 'media')
    const raw = receiver(sim, 'raw', 'media')
    sim.s3.putBucketNotificationConfiguration({
      bucket: 'media',
      notificationConfiguration: {
        lambdaFunctionConfigurations: [
          { id: 'encoded', lambdaFunctionArn: encoded.arn, events: ['s3:ObjectCreated:*'], filter: { key: { filterRules: [{ name: 'prefix', value: 'my+photos/2024%3A' }] } } },
          { id: 'raw', lambdaFunctionArn: raw.arn, events: ['s3:ObjectCreated:*'], filter: { key: { filterRules: [{ name: 'prefix', value: 'my photos/2024:' }] } } },
        ],
      },
    })
    sim.s3.putObject({ bucket: 'media', key: 'my photos/2024:01.jpg', body: 'x' })
    await sim.runUntilIdle()
    expect(encoded.events.map((e) => e.Records[0]?.s3.object.key)).toEqual(['my+photos/2024%3A01.jpg'])
    expect(raw.events).toEqual([])
  })

  it('the record key is form-encoded as S3 encodes it: only letters, digits, "/" and . - _ * stay as they are', async () => {
    const sim = createSimulation({ seed: 15 })
    sim.s3.createBucket({ bucket: 'media' })
    const { arn, events } = receiver(sim, 'on-upload', 'media')
    sim.s3.putBucketNotificationConfiguration({ bucket: 'media', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*'] }] } })
    const key = "dir/photo (1)!'~*_-.jpg"
    sim.s3.putObject({ bucket: 'media', key, body: 'x' })
    await sim.runUntilIdle()
    const sent = events[0]?.Records[0]?.s3.object.key
    expect(sent).toBe('dir/photo+%281%29%21%27%7E*_-.jpg')
    expect(decodeURIComponent(String(sent).replace(/\+/g, ' '))).toBe(key)
  })

  it('the s3Event builder and S3 agree on the account\'s principal ids, the host id of a request id and the sequencer\'s form', async () => {
    const sim = createSimulation({ seed: 16 })
    sim.s3.createBucket({ bucket: 'media' })
    const { arn, events } = receiver(sim, 'on-upload', 'media')
    sim.s3.putBucketNotificationConfiguration({ bucket: 'media', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*'] }] } })
    sim.s3.putObject({ bucket: 'media', key: 'a.jpg', body: 'x' })
    await sim.runUntilIdle()
    const sent = events[0]!.Records[0]!
    const built = s3Event([{ bucket: 'media', key: 'a.jpg', body: 'x' }], { accountId: sim.accountId }).Records[0]!
    expect(built.userIdentity).toEqual(sent.userIdentity)
    expect(built.s3.bucket.ownerIdentity).toEqual(sent.s3.bucket.ownerIdentity)
    expect(built.s3.object.sequencer).toMatch(/^[0-9A-F]{20}$/)
    expect(sent.s3.object.sequencer).toMatch(/^[0-9A-F]{20}$/)
    expect(s3HostId(sent.responseElements['x-amz-request-id'])).toBe(sent.responseElements['x-amz-id-2'])
    expect(s3HostId(built.responseElements['x-amz-request-id'])).toBe(built.responseElements['x-amz-id-2'])
  })

  it('through S3Client - a record names the request that caused it: the response\'s x-amz-request-id and x-amz-id-2; one DeleteObjects, one id', async () => {
    const sim = createSimulation({ seed: 18 })
    const s3 = new S3Client(sim.clientConfig())
    sim.s3.createBucket({ bucket: 'media' })
    const { arn, events } = receiver(sim, 'on-change', 'media')
    sim.s3.putBucketNotificationConfiguration({ bucket: 'media', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] }] } })
    const put = await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'a', Body: 'a' }))
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'b', Body: 'b' }))
    const removed = await s3.send(new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }] } }))
    await sim.runUntilIdle()
    const records = events.map((e) => e.Records[0]!)
    expect(records[0]!.responseElements).toEqual({ 'x-amz-request-id': put.$metadata.requestId, 'x-amz-id-2': put.$metadata.extendedRequestId })
    expect(records.slice(2).map((r) => [r.eventName, r.responseElements['x-amz-request-id']])).toEqual([
      ['ObjectRemoved:Delete', removed.$metadata.requestId],
      ['ObjectRemoved:Delete', removed.$metadata.requestId],
    ])
  })

  it('same seed, same run: the event log and the records are identical', async () => {
    const run = async () => {
      const sim = createSimulation({ seed: 13, recordEvents: true })
      sim.s3.createBucket({ bucket: 'uploads' })
      const { arn, events } = receiver(sim, 'on-upload', 'uploads')
      sim.s3.putBucketNotificationConfiguration({ bucket: 'uploads', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] }] } })
      for (let i = 0; i < 5; i++) sim.s3.putObject({ bucket: 'uploads', key: `k${i}`, body: `v${i}` })
      sim.s3.deleteObject({ bucket: 'uploads', key: 'k0' })
      await sim.runUntilIdle()
      return JSON.stringify({ log: sim.events(), events })
    }
    expect(await run()).toBe(await run())
  })
})
