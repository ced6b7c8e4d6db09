// Recursive loop detection through the AWS SDK clients inside handlers (lambda-semantics §10.1):
// the invocation's `Lineage` rides on its X-Ray header, the SDK copies the header into each
// request, and SNS (and SQS, S3) carry the count on to the next invocation.
import { LambdaClient, PutFunctionRecursionConfigCommand } from '@aws-sdk/client-lambda'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { S3Event, SNSEvent, SQSEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'
import { carryLineage, lineageOf, withLineage } from '../../src/observability/trace-header.js'
import { operationOf } from '../../src/sdk/trace-propagation.js'

/** How many invocations recursive loop detection stopped for a function (the metric's sum). */
function dropped(sim: Simulation, functionName: string): number {
  const points = sim.metrics?.getMetricStatistics({ metricName: 'RecursiveInvocationsDropped', dimensions: { FunctionName: functionName }, period: 86_400, statistics: ['Sum'] }) ?? []
  return points.reduce((sum, point) => sum + (point.Sum ?? 0), 0)
}

const stopped = (sim: Simulation): unknown[] => sim.events().filter((e) => e.type === 'invocation.recursionStopped')

/** A function subscribed to a topic that publishes each message it gets back to the topic through `SNSClient`. */
function snsSelfLoop(sim: Simulation, options: { batch?: boolean; limit?: number } = {}) {
  const { topicArn } = sim.sns.createTopic({ name: 'loop' })
  const runs: Array<{ n: number; lineage: number }> = []
  sim.createFunction({
    functionName: 'relay',
    timeout: 10,
    code: async (event: SNSEvent | { n: number }) => {
      const n = 'Records' in event ? (JSON.parse(event.Records[0]!.Sns.Message) as { n: number }).n : event.n
      runs.push({ n, lineage: lineageOf(process.env._X_AMZN_TRACE_ID) })
      // The handler's own guard (a real loop would have none): far beyond Lambda's 16 hops.
      if (n >= (options.limit ?? 1000)) return 'done'
      const sns = new SNSClient({})
      const message = JSON.stringify({ n: n + 1 })
      if (options.batch === true) await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: message }] }))
      else await sns.send(new PublishCommand({ TopicArn: topicArn, Message: message }))
      return 'sent'
    },
  })
  sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: sim.getFunctionConfiguration({ functionName: 'relay' }).functionArn })
  return { topicArn, runs }
}

describe('recursive loops through SNS (SNSClient inside the handler)', () => {
  it('a handler publishing to the topic that triggers it runs 17 times (a direct call, then 16 hops), not 1,001', async () => {
    const sim = createSimulation({ seed: 2001, logRetention: 0, recordEvents: true })
    const { runs } = snsSelfLoop(sim)
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'stopped' })
    sim.putFunctionEventInvokeConfig({ functionName: 'relay', destinationConfig: { onFailure: { destination: sim.sqs.queueArn('stopped') } } })
    expect((await sim.invoke({ functionName: 'relay', payload: { n: 0 } })).payload).toBe('sent')
    await sim.runUntilIdle()
    expect(runs.map((r) => r.n)).toEqual(Array.from({ length: 17 }, (_, i) => i))
    // Each invocation's header counts the hops that led to it; the SDK hands it on.
    expect(runs.map((r) => r.lineage)).toEqual(Array.from({ length: 17 }, (_, i) => i))
    expect(stopped(sim)).toMatchObject([{ functionName: 'relay', lineage: 17 }])
    expect(dropped(sim, 'relay')).toBe(1)
    // The stopped event goes to the function's on-failure destination, as an async event that failed.
    const records = sim.sqs.peekMessages(queueUrl).map((m) => JSON.parse(m.body) as { requestPayload: SNSEvent })
    expect(records).toHaveLength(1)
    expect(JSON.parse(records[0]!.requestPayload.Records[0]!.Sns.Message)).toEqual({ n: 17 })
  })

  it('started by a publish from outside Lambda, the function runs 16 times: the first delivery is hop 1', async () => {
    const sim = createSimulation({ seed: 2002, logRetention: 0, recordEvents: true })
    const { topicArn, runs } = snsSelfLoop(sim, { batch: true })
    sim.sns.publish({ topicArn, message: JSON.stringify({ n: 1 }) })
    await sim.runUntilIdle()
    expect(runs.map((r) => r.lineage)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(stopped(sim)).toMatchObject([{ functionName: 'relay', lineage: 17 }])
    expect(dropped(sim, 'relay')).toBe(1)
  })

  it("recursiveLoop 'Allow' lets the loop run on to the handler's own guard", async () => {
    const sim = createSimulation({ seed: 2003, logRetention: 0, recordEvents: true })
    const { runs } = snsSelfLoop(sim, { limit: 40 })
    sim.putFunctionRecursionConfig({ functionName: 'relay', recursiveLoop: 'Allow' })
    await sim.invoke({ functionName: 'relay', payload: { n: 0 } })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(41)
    expect(runs.at(-1)?.lineage).toBe(40)
    expect(stopped(sim)).toEqual([])
    expect(dropped(sim, 'relay')).toBe(0)
  })

  it('with tracing on (sampled calls), the Lineage count still travels', async () => {
    const sim = createSimulation({ seed: 2004, logRetention: 0, recordEvents: true, tracing: true })
    const { runs } = snsSelfLoop(sim)
    await sim.invoke({ functionName: 'relay', payload: { n: 0 } })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(17)
    expect(dropped(sim, 'relay')).toBe(1)
  })

  it('the same seed gives the same event log (an SNS loop and an SQS loop side by side)', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 2005, logRetention: 0, recordEvents: true })
      snsSelfLoop(sim)
      sqsSelfLoop(sim, { dlq: 2 })
      await Promise.all([sim.invoke({ functionName: 'relay', payload: { n: 0 } }), sim.invoke({ functionName: 'worker', payload: { n: 0 } })])
      await sim.runUntilIdle()
      expect(dropped(sim, 'relay') + dropped(sim, 'worker')).toBe(3)
      return JSON.stringify(sim.events())
    }
    expect(await run()).toBe(await run())
  })
})

/**
 * A function mapped to a queue that sends each message it gets back to the queue through
 * `SQSClient` (or, with `viaTopic`, publishes it to a topic the queue is subscribed to).
 */
function sqsSelfLoop(sim: Simulation, options: { dlq?: number; limit?: number; batch?: boolean; viaTopic?: boolean } = {}) {
  const attributes: Record<string, string> = {}
  if (options.dlq !== undefined) {
    sim.sqs.createQueue({ queueName: 'loop-dlq' })
    attributes['RedrivePolicy'] = JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('loop-dlq'), maxReceiveCount: options.dlq })
  }
  const { queueUrl } = sim.sqs.createQueue({ queueName: 'loop', attributes })
  const topicArn = options.viaTopic === true ? sim.sns.createTopic({ name: 'fan-out' }).topicArn : undefined
  if (topicArn !== undefined) sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: sim.sqs.queueArn('loop'), attributes: { RawMessageDelivery: 'true' } })
  const runs: Array<{ n: number; lineage: number }> = []
  sim.createFunction({
    functionName: 'worker',
    timeout: 10,
    code: async (event: SQSEvent | { n: number }) => {
      const n = 'Records' in event ? (JSON.parse(event.Records[0]!.body) as { n: number }).n : event.n
      runs.push({ n, lineage: lineageOf(process.env._X_AMZN_TRACE_ID) })
      if (n >= (options.limit ?? 1000)) return 'done'
      const body = JSON.stringify({ n: n + 1 })
      if (topicArn !== undefined) await new SNSClient({}).send(new PublishCommand({ TopicArn: topicArn, Message: body }))
      else if (options.batch === true) await new SQSClient({}).send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: body }] }))
      else await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))
      return 'sent'
    },
  })
  sim.createEventSourceMapping({ functionName: 'worker', eventSourceArn: sim.sqs.queueArn('loop'), batchSize: 1 })
  return { queueUrl, runs }
}

describe('recursive loops through SQS (SQSClient inside the handler, the queue mapped to the function)', () => {
  it('a message sent from outside loops 16 times; the stopped message stays on the queue and reaches its redrive DLQ after maxReceiveCount', async () => {
    const sim = createSimulation({ seed: 2101, logRetention: 0, recordEvents: true })
    const { queueUrl, runs } = sqsSelfLoop(sim, { dlq: 3 })
    sim.sqs.sendMessage({ queueUrl, messageBody: JSON.stringify({ n: 0 }) })
    await sim.runUntilIdle()
    expect(runs.map((r) => r.n)).toEqual(Array.from({ length: 16 }, (_, i) => i))
    expect(runs.map((r) => r.lineage)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    // Each receive of the 17th message is stopped (3 receives, then SQS moves it to the DLQ).
    expect(stopped(sim)).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ functionName: 'worker', lineage: 17 })))
    expect(dropped(sim, 'worker')).toBe(3)
    expect(sim.sqs.peekMessages(queueUrl)).toEqual([])
    // The dead letter keeps the header it was sent with, Lineage and all.
    const { messages } = sim.sqs.receiveMessage({ queueUrl: sim.sqs.getQueueUrl({ queueName: 'loop-dlq' }).queueUrl, messageSystemAttributeNames: ['AWSTraceHeader'] })
    expect(messages.map((m) => JSON.parse(m.body) as unknown)).toEqual([{ n: 16 }])
    expect(lineageOf(messages[0]?.attributes['AWSTraceHeader'])).toBe(16)
    const notInvoked = sim.events().filter((e) => e.type === 'esm.batchCompleted' && e.outcome === 'not-invoked')
    expect(notInvoked).toHaveLength(3)
    expect(notInvoked[0]).toMatchObject({ deleted: 0, returned: 1, reason: expect.stringMatching(/^RecursiveInvocationException: /) })
  })

  it('started by a direct invoke (hop 0), the loop runs 17 times; without a redrive policy the message stays on the queue', async () => {
    const sim = createSimulation({ seed: 2102, logRetention: 0, recordEvents: true })
    const { queueUrl, runs } = sqsSelfLoop(sim, { batch: true })
    await sim.invoke({ functionName: 'worker', payload: { n: 0 } })
    await sim.advance('10m')
    expect(runs).toHaveLength(17)
    const left = sim.sqs.peekMessages(queueUrl)
    expect(left.map((m) => JSON.parse(m.body) as unknown)).toEqual([{ n: 17 }])
    // Received again each time its visibility timeout (30 s) ends, and stopped again.
    expect(dropped(sim, 'worker')).toBeGreaterThanOrEqual(19)
    expect(runs).toHaveLength(17)
  })

  it('SNS → SQS → Lambda: a handler publishing to a topic its own queue subscribes to is stopped too', async () => {
    const sim = createSimulation({ seed: 2103, logRetention: 0, recordEvents: true })
    const { runs } = sqsSelfLoop(sim, { viaTopic: true, dlq: 1 })
    await sim.invoke({ functionName: 'worker', payload: { n: 0 } })
    await sim.runUntilIdle()
    expect(runs.map((r) => r.lineage)).toEqual(Array.from({ length: 17 }, (_, i) => i))
    expect(dropped(sim, 'worker')).toBe(1)
    expect(sim.sqs.peekMessages(sim.sqs.getQueueUrl({ queueName: 'loop-dlq' }).queueUrl)).toHaveLength(1)
  })

  it('a message sent with an AWSTraceHeader that already counts 16 hops is stopped at once (a way to test the DLQ wiring)', async () => {
    const sim = createSimulation({ seed: 2105, logRetention: 0, recordEvents: true })
    const { queueUrl, runs } = sqsSelfLoop(sim, { dlq: 1 })
    const header = 'Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=0;Lineage=a87bd80c:16'
    sim.sqs.sendMessage({ queueUrl, messageBody: JSON.stringify({ n: 0 }), messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: header } } })
    await sim.runUntilIdle()
    expect(runs).toEqual([])
    expect(stopped(sim)).toMatchObject([{ functionName: 'worker', lineage: 17 }])
    expect(sim.sqs.peekMessages(sim.sqs.getQueueUrl({ queueName: 'loop-dlq' }).queueUrl)).toHaveLength(1)
  })

  it("recursiveLoop 'Allow': the SQS loop runs on to the handler's guard", async () => {
    const sim = createSimulation({ seed: 2104, logRetention: 0, recordEvents: true })
    const { queueUrl, runs } = sqsSelfLoop(sim, { limit: 30, dlq: 1 })
    // Through the SDK, as a deployment script would switch it.
    const lambda = new LambdaClient(sim.clientConfig())
    expect((await lambda.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'worker', RecursiveLoop: 'Allow' }))).RecursiveLoop).toBe('Allow')
    sim.sqs.sendMessage({ queueUrl, messageBody: JSON.stringify({ n: 0 }) })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(31)
    expect(runs.at(-1)?.lineage).toBe(31)
    expect(dropped(sim, 'worker')).toBe(0)
  })
})

/**
 * A function notified of each object created in a bucket that writes the next object into the same
 * bucket through `S3Client` (with `viaQueue`, the notification goes to a queue mapped to the function).
 */
function s3PutLoop(sim: Simulation, options: { viaQueue?: boolean; limit?: number } = {}) {
  const bucket = 'uploads'
  sim.s3.createBucket({ bucket })
  const runs: Array<{ n: number; lineage: number }> = []
  sim.createFunction({
    functionName: 'thumbnailer',
    timeout: 10,
    code: async (event: S3Event | SQSEvent) => {
      const s3Event = 'eventSource' in event.Records[0]! && event.Records[0].eventSource === 'aws:sqs' ? (JSON.parse((event as SQSEvent).Records[0]!.body) as S3Event) : (event as S3Event)
      // S3's `s3:TestEvent`, sent to the queue when the configuration is put.
      if (s3Event.Records === undefined) return 'test event'
      const n = Number(s3Event.Records[0]!.s3.object.key.split('-')[1])
      runs.push({ n, lineage: lineageOf(process.env._X_AMZN_TRACE_ID) })
      if (n >= (options.limit ?? 1000)) return 'done'
      // The bug: the output goes to the bucket whose notification triggers the function.
      await new S3Client({}).send(new PutObjectCommand({ Bucket: bucket, Key: `object-${n + 1}`, Body: 'x' }))
      return 'written'
    },
  })
  const functionArn = sim.getFunctionConfiguration({ functionName: 'thumbnailer' }).functionArn
  if (options.viaQueue === true) {
    sim.sqs.createQueue({ queueName: 'uploads-dlq' })
    sim.sqs.createQueue({ queueName: 'uploads-events', attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('uploads-dlq'), maxReceiveCount: 2 }) } })
    sim.s3.putBucketNotificationConfiguration({ bucket, notificationConfiguration: { queueConfigurations: [{ queueArn: sim.sqs.queueArn('uploads-events'), events: ['s3:ObjectCreated:*'] }] } })
    sim.createEventSourceMapping({ functionName: 'thumbnailer', eventSourceArn: sim.sqs.queueArn('uploads-events'), batchSize: 1 })
  } else {
    sim.addPermission({ functionName: 'thumbnailer', statementId: 's3', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: `arn:aws:s3:::${bucket}` })
    sim.s3.putBucketNotificationConfiguration({ bucket, notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: functionArn, events: ['s3:ObjectCreated:*'] }] } })
  }
  return { bucket, runs }
}

describe('recursive loops through S3 (S3Client inside the handler)', () => {
  it('a function writing into the bucket that notifies it runs 16 times from an outside put; the 17th event goes to its on-failure destination', async () => {
    const sim = createSimulation({ seed: 2201, logRetention: 0, recordEvents: true })
    const { bucket, runs } = s3PutLoop(sim)
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'stopped' })
    sim.putFunctionEventInvokeConfig({ functionName: 'thumbnailer', destinationConfig: { onFailure: { destination: sim.sqs.queueArn('stopped') } } })
    sim.s3.putObject({ bucket, key: 'object-0', body: 'x' })
    await sim.runUntilIdle()
    expect(runs.map((r) => r.n)).toEqual(Array.from({ length: 16 }, (_, i) => i))
    expect(runs.map((r) => r.lineage)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(stopped(sim)).toMatchObject([{ functionName: 'thumbnailer', lineage: 17 }])
    expect(dropped(sim, 'thumbnailer')).toBe(1)
    // S3 wrote the object and sent the event; Lambda stopped it.
    expect(sim.s3.headObject({ bucket, key: 'object-16' }).size).toBe(1)
    const records = sim.sqs.peekMessages(queueUrl).map((m) => JSON.parse(m.body) as { requestPayload: S3Event })
    expect(records.map((r) => r.requestPayload.Records[0]?.s3.object.key)).toEqual(['object-16'])
  })

  it('S3 → SQS → Lambda: the notification message keeps the count; the stopped message reaches the redrive DLQ', async () => {
    const sim = createSimulation({ seed: 2202, logRetention: 0, recordEvents: true })
    const { runs } = s3PutLoop(sim, { viaQueue: true })
    await sim.invoke({ functionName: 'thumbnailer', payload: { Records: [{ s3: { object: { key: 'object-0' } } }] } })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(17)
    expect(dropped(sim, 'thumbnailer')).toBe(2)
    expect(sim.sqs.peekMessages(sim.sqs.getQueueUrl({ queueName: 'uploads-dlq' }).queueUrl)).toHaveLength(1)
  })

  it("recursiveLoop 'Allow': the put loop runs on to the handler's guard", async () => {
    const sim = createSimulation({ seed: 2203, logRetention: 0, recordEvents: true })
    const { bucket, runs } = s3PutLoop(sim, { limit: 24 })
    sim.putFunctionRecursionConfig({ functionName: 'thumbnailer', recursiveLoop: 'Allow' })
    sim.s3.putObject({ bucket, key: 'object-0', body: 'x' })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(25)
    expect(dropped(sim, 'thumbnailer')).toBe(0)
  })

  it('with tracing on, the put is an S3 PutObject subsegment and the count still travels', async () => {
    const sim = createSimulation({ seed: 2204, logRetention: 0, recordEvents: true, tracing: true })
    const { bucket, runs } = s3PutLoop(sim)
    sim.s3.putObject({ bucket, key: 'object-0', body: 'x' })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(16)
    const calls = sim
      .traces()
      .flatMap((trace) => trace.segments)
      .flatMap((segment) => segment.subsegments ?? [])
      .filter((sub) => sub.namespace === 'aws')
    expect(calls).toHaveLength(16)
    expect(new Set(calls.map((c) => `${c.name} ${c.aws?.operation}`))).toEqual(new Set(['S3 PutObject']))
  })
})

describe('the Lineage field of the X-Ray header', () => {
  const HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1'

  it('lineageOf reads the largest count (0 without the field or a header)', () => {
    expect(lineageOf(undefined)).toBe(0)
    expect(lineageOf(HEADER)).toBe(0)
    expect(lineageOf(`${HEADER};Lineage=a87bd80c:3`)).toBe(3)
    expect(lineageOf(`${HEADER};Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2`)).toBe(5)
    expect(lineageOf(`Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:7;Sampled=0`)).toBe(7)
    expect(lineageOf(`${HEADER};Lineage=garbage`)).toBe(0)
  })

  it('withLineage sets or replaces the field (none for 0); carryLineage copies a caller’s onto another header', () => {
    const one = withLineage(HEADER, 4, 'relay')
    expect(one).toMatch(/^Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=[0-9a-f]{8}:4$/)
    expect(withLineage(one, 5, 'relay')).toBe(one.replace(/:4$/, ':5'))
    expect(withLineage(one, 0, 'relay')).toBe(HEADER)
    expect(withLineage(HEADER, 1, 'a')).not.toBe(withLineage(HEADER, 1, 'b'))
    const other = 'Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=1'
    expect(carryLineage(other, one)).toBe(`${other};${one.slice(one.indexOf('Lineage='))}`)
    expect(carryLineage(other, HEADER)).toBe(other)
    expect(carryLineage(other, undefined)).toBe(other)
  })
})

describe('S3 requests as X-Ray names them (the subsegment of a handler’s S3 call)', () => {
  const request = (method: string, hostname: string, path: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) => ({ method, protocol: 'https:', hostname, path, query, headers, body: new Uint8Array() })
  const hosted = 'photos.s3.us-east-1.amazonaws.com'
  it('virtual-hosted and path-style, bucket and object operations', () => {
    const cases: Array<[ReturnType<typeof request>, string]> = [
      [request('GET', 's3.us-east-1.amazonaws.com', '/'), 'ListBuckets'],
      [request('PUT', hosted, '/'), 'CreateBucket'],
      [request('GET', hosted, '/', { 'list-type': '2' }), 'ListObjectsV2'],
      [request('GET', 's3.us-east-1.amazonaws.com', '/photos', { 'list-type': '2' }), 'ListObjectsV2'],
      [request('PUT', hosted, '/', { notification: '' }), 'PutBucketNotificationConfiguration'],
      [request('POST', hosted, '/', { delete: '' }), 'DeleteObjects'],
      [request('PUT', hosted, '/a/b.jpg'), 'PutObject'],
      [request('PUT', 's3.us-east-1.amazonaws.com', '/photos/a.jpg'), 'PutObject'],
      [request('PUT', hosted, '/a.jpg', {}, { 'x-amz-copy-source': '/photos/b.jpg' }), 'CopyObject'],
      [request('GET', hosted, '/a.jpg'), 'GetObject'],
      [request('HEAD', hosted, '/a.jpg'), 'HeadObject'],
      [request('DELETE', hosted, '/a.jpg'), 'DeleteObject'],
      [request('POST', hosted, '/a.jpg', { uploads: '' }), 'CreateMultipartUpload'],
      [request('PUT', hosted, '/a.jpg', { partNumber: '1', uploadId: 'u' }), 'UploadPart'],
      [request('POST', hosted, '/a.jpg', { uploadId: 'u' }), 'CompleteMultipartUpload'],
      [request('DELETE', hosted, '/a.jpg', { uploadId: 'u' }), 'AbortMultipartUpload'],
    ]
    for (const [req, operation] of cases) expect(operationOf(req), `${req.method} ${req.hostname}${req.path}`).toEqual({ service: 'S3', operation })
  })
})
