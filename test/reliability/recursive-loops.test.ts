// Recursive loop detection through the AWS SDK clients inside handlers (lambda-semantics §10.1):
// the invocation's `Lineage` (one count per function the event has invoked) rides on its X-Ray
// header, the SDK copies the header into each request, and SNS (and SQS, S3) carry it on to the
// next invocation, which counts one more for its own function.
import { InvokeCommand, LambdaClient, PutFunctionRecursionConfigCommand } from '@aws-sdk/client-lambda'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { S3Event, SNSEvent, SQSEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaContext, type Simulation } from '../../src/index.js'
import { afterInvoking, lineageCount, mergeLineages, NO_LINEAGE, parseLineage, type Lineage } from '../../src/model/lineage.js'
import { carryLineage, lineageOf, withLineage } from '../../src/observability/trace-header.js'
import { operationOf } from '../../src/sdk/trace-propagation.js'

/** How many invocations recursive loop detection stopped for a function (the metric's sum). */
function dropped(sim: Simulation, functionName: string): number {
  const points = sim.metrics?.getMetricStatistics({ metricName: 'RecursiveInvocationsDropped', dimensions: { FunctionName: functionName }, period: 86_400, statistics: ['Sum'] }) ?? []
  return points.reduce((sum, point) => sum + (point.Sum ?? 0), 0)
}

const stopped = (sim: Simulation): unknown[] => sim.events().filter((e) => e.type === 'invocation.recursionStopped')

/** How many times the running invocation's event has invoked `functionName`, read from its `_X_AMZN_TRACE_ID`. */
const ownCount = (functionName: string): number => lineageCount(lineageOf(process.env._X_AMZN_TRACE_ID), functionName)

/** A lineage that has invoked `functionName` `times` times. */
const invokedTimes = (functionName: string, times: number, from: Lineage = NO_LINEAGE): Lineage =>
  Array.from({ length: times }).reduce<Lineage>((lineage) => afterInvoking(lineage, functionName), from)

/** A function subscribed to a topic that publishes each message it gets back to the topic through `SNSClient`. */
function snsSelfLoop(sim: Simulation, options: { batch?: boolean; limit?: number } = {}) {
  const { topicArn } = sim.sns.createTopic({ name: 'loop' })
  const runs: Array<{ n: number; lineage: number }> = []
  sim.createFunction({
    functionName: 'relay',
    timeout: 10,
    code: async (event: SNSEvent | { n: number }) => {
      const n = 'Records' in event ? (JSON.parse(event.Records[0]!.Sns.Message) as { n: number }).n : event.n
      runs.push({ n, lineage: ownCount('relay') })
      // The handler's own guard (a real loop would have none): far beyond Lambda's 16 runs.
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
  it('a handler publishing to the topic that triggers it runs 17 times (a direct call, then 16 runs by the same event), not 1,001', async () => {
    const sim = createSimulation({ seed: 2001, logRetention: 0, recordEvents: true })
    const { runs } = snsSelfLoop(sim)
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'stopped' })
    sim.putFunctionEventInvokeConfig({ functionName: 'relay', destinationConfig: { onFailure: { destination: sim.sqs.queueArn('stopped') } } })
    expect((await sim.invoke({ functionName: 'relay', payload: { n: 0 } })).payload).toBe('sent')
    await sim.runUntilIdle()
    expect(runs.map((r) => r.n)).toEqual(Array.from({ length: 17 }, (_, i) => i))
    // Each invocation's header counts its function's runs by the same event; the SDK hands it on.
    expect(runs.map((r) => r.lineage)).toEqual(Array.from({ length: 17 }, (_, i) => i))
    expect(stopped(sim)).toMatchObject([{ functionName: 'relay', lineage: 17 }])
    expect(dropped(sim, 'relay')).toBe(1)
    // The stopped event goes to the function's on-failure destination, as an async event that failed.
    const records = sim.sqs.peekMessages(queueUrl).map((m) => JSON.parse(m.body) as { requestPayload: SNSEvent })
    expect(records).toHaveLength(1)
    expect(JSON.parse(records[0]!.requestPayload.Records[0]!.Sns.Message)).toEqual({ n: 17 })
  })

  it('started by a publish from outside Lambda, the function runs 16 times: the first delivery is its run 1', async () => {
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

  it('an async retry is the same invocation: its header shows the same count, and the retries do not count toward 16', async () => {
    const sim = createSimulation({ seed: 2006, logRetention: 0, recordEvents: true })
    const { topicArn } = sim.sns.createTopic({ name: 'flaky' })
    const counts: number[] = []
    sim.createFunction({
      functionName: 'flaky',
      code: async () => {
        counts.push(ownCount('flaky'))
        throw new Error('not yet')
      },
    })
    sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: sim.getFunctionConfiguration({ functionName: 'flaky' }).functionArn })
    sim.sns.publish({ topicArn, message: '{}' })
    await sim.runUntilIdle()
    expect(counts).toEqual([1, 1, 1])
    expect(stopped(sim)).toEqual([])
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
      runs.push({ n, lineage: ownCount('worker') })
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
    expect(lineageCount(lineageOf(messages[0]?.attributes['AWSTraceHeader']), 'worker')).toBe(16)
    const notInvoked = sim.events().filter((e) => e.type === 'esm.batchCompleted' && e.outcome === 'not-invoked')
    expect(notInvoked).toHaveLength(3)
    expect(notInvoked[0]).toMatchObject({ deleted: 0, returned: 1, reason: expect.stringMatching(/^RecursiveInvocationException: /) })
  })

  it('started by a direct invoke (count 0), the loop runs 17 times; without a redrive policy the message stays on the queue', async () => {
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

  it('a message sent with an AWSTraceHeader whose Lineage already counts 16 runs of the function is stopped at once (a way to test the DLQ wiring)', async () => {
    const sim = createSimulation({ seed: 2105, logRetention: 0, recordEvents: true })
    const { queueUrl, runs } = sqsSelfLoop(sim, { dlq: 1 })
    const header = withLineage('Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=0', invokedTimes('worker', 16))
    sim.sqs.sendMessage({ queueUrl, messageBody: JSON.stringify({ n: 0 }), messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: header } } })
    await sim.runUntilIdle()
    expect(runs).toEqual([])
    expect(stopped(sim)).toMatchObject([{ functionName: 'worker', lineage: 17 }])
    expect(sim.sqs.peekMessages(sim.sqs.getQueueUrl({ queueName: 'loop-dlq' }).queueUrl)).toHaveLength(1)
  })

  it('a header counting 16 runs of another function does not stop this one (the count is per function)', async () => {
    const sim = createSimulation({ seed: 2106, logRetention: 0, recordEvents: true })
    const { queueUrl, runs } = sqsSelfLoop(sim, { dlq: 1, limit: 2 })
    const header = withLineage('Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=0', invokedTimes('someone-else', 16))
    sim.sqs.sendMessage({ queueUrl, messageBody: JSON.stringify({ n: 0 }), messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: header } } })
    await sim.runUntilIdle()
    expect(runs.map((r) => r.lineage)).toEqual([1, 2, 3])
    expect(stopped(sim)).toEqual([])
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
 * Two functions in a loop through two services: `ping` (mapped to a queue) publishes each message
 * to a topic with `SNSClient`; `pong` (subscribed to the topic) sends it back to the queue with
 * `SQSClient`. Each run records the counts its header shows for both functions.
 */
function pingPong(sim: Simulation) {
  const { topicArn } = sim.sns.createTopic({ name: 'pong-topic' })
  sim.sqs.createQueue({ queueName: 'ping-dlq' })
  const { queueUrl } = sim.sqs.createQueue({ queueName: 'ping-queue', attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('ping-dlq'), maxReceiveCount: 1 }) } })
  const { queueUrl: stoppedUrl } = sim.sqs.createQueue({ queueName: 'pong-stopped' })
  const runs: Array<{ fn: 'ping' | 'pong'; n: number; ping: number; pong: number }> = []
  const record = (fn: 'ping' | 'pong', n: number) => runs.push({ fn, n, ping: ownCount('ping'), pong: ownCount('pong') })
  sim.createFunction({
    functionName: 'ping',
    timeout: 10,
    code: async (event: SQSEvent | { n: number }) => {
      const n = 'Records' in event ? (JSON.parse(event.Records[0]!.body) as { n: number }).n : event.n
      record('ping', n)
      await new SNSClient({}).send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ n: n + 1 }) }))
    },
  })
  sim.createFunction({
    functionName: 'pong',
    timeout: 10,
    code: async (event: SNSEvent) => {
      const n = (JSON.parse(event.Records[0]!.Sns.Message) as { n: number }).n
      record('pong', n)
      await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ n: n + 1 }) }))
    },
  })
  sim.createEventSourceMapping({ functionName: 'ping', eventSourceArn: sim.sqs.queueArn('ping-queue'), batchSize: 1 })
  sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: sim.getFunctionConfiguration({ functionName: 'pong' }).functionArn })
  sim.putFunctionEventInvokeConfig({ functionName: 'pong', destinationConfig: { onFailure: { destination: sim.sqs.queueArn('pong-stopped') } } })
  const runsOf = (fn: 'ping' | 'pong') => runs.filter((r) => r.fn === fn)
  return { queueUrl, stoppedUrl, runs, runsOf }
}

describe('a loop of two functions through SNS and SQS (ping → topic → pong → queue → ping …): each function is counted on its own', () => {
  it('started by a direct invoke of ping: ping runs 17 times, pong 16, and pong’s 17th run is stopped (to its on-failure destination)', async () => {
    const sim = createSimulation({ seed: 2301, logRetention: 0, recordEvents: true })
    const { stoppedUrl, runs, runsOf } = pingPong(sim)
    await sim.invoke({ functionName: 'ping', payload: { n: 0 } })
    await sim.runUntilIdle()
    expect(runs.map((r) => r.n)).toEqual(Array.from({ length: 33 }, (_, i) => i))
    // Each header carries both functions' counts: ping's i-th run has seen pong i times, pong's j-th ping j - 1 times.
    expect(runsOf('ping').map((r) => [r.ping, r.pong])).toEqual(Array.from({ length: 17 }, (_, i) => [i, i]))
    expect(runsOf('pong').map((r) => [r.ping, r.pong])).toEqual(Array.from({ length: 16 }, (_, i) => [i, i + 1]))
    expect(stopped(sim)).toMatchObject([{ functionName: 'pong', lineage: 17 }])
    expect(dropped(sim, 'pong')).toBe(1)
    expect(dropped(sim, 'ping')).toBe(0)
    const records = sim.sqs.peekMessages(stoppedUrl).map((m) => JSON.parse(m.body) as { requestPayload: SNSEvent })
    expect(records.map((r) => JSON.parse(r.requestPayload.Records[0]!.Sns.Message) as unknown)).toEqual([{ n: 33 }])
  })

  it('started by a message from outside: each function runs 16 times and ping’s 17th batch is not invoked (its message reaches the redrive DLQ)', async () => {
    const sim = createSimulation({ seed: 2302, logRetention: 0, recordEvents: true })
    const { queueUrl, runs, runsOf } = pingPong(sim)
    sim.sqs.sendMessage({ queueUrl, messageBody: JSON.stringify({ n: 0 }) })
    await sim.runUntilIdle()
    expect(runs).toHaveLength(32)
    expect(runsOf('ping').map((r) => r.ping)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(runsOf('pong').map((r) => r.pong)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(stopped(sim)).toMatchObject([{ functionName: 'ping', lineage: 17 }])
    expect(dropped(sim, 'ping')).toBe(1)
    const dead = sim.sqs.peekMessages(sim.sqs.getQueueUrl({ queueName: 'ping-dlq' }).queueUrl)
    expect(dead.map((m) => JSON.parse(m.body) as unknown)).toEqual([{ n: 32 }])
  })

  it('through Invoke (LambdaClient one way, context.lambda.invoke the other): each function counted on its own, pong’s 17th call refused', async () => {
    const sim = createSimulation({ seed: 2304, logRetention: 0, recordEvents: true })
    const runs: Array<{ fn: string; ping: number; pong: number }> = []
    sim.createFunction({
      functionName: 'ping',
      timeout: 60,
      code: async () => {
        runs.push({ fn: 'ping', ping: ownCount('ping'), pong: ownCount('pong') })
        try {
          await new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'pong' }))
          return 'ok'
        } catch (error) {
          return (error as Error).name
        }
      },
    })
    sim.createFunction({
      functionName: 'pong',
      timeout: 60,
      code: async (_event: unknown, context: LambdaContext) => {
        runs.push({ fn: 'pong', ping: ownCount('ping'), pong: ownCount('pong') })
        await context.lambda.invoke({ functionName: 'ping' })
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'ping' })
    expect(runs.filter((r) => r.fn === 'ping').map((r) => [r.ping, r.pong])).toEqual(Array.from({ length: 17 }, (_, i) => [i, i]))
    expect(runs.filter((r) => r.fn === 'pong').map((r) => [r.ping, r.pong])).toEqual(Array.from({ length: 16 }, (_, i) => [i, i + 1]))
    expect(stopped(sim)).toMatchObject([{ functionName: 'pong', lineage: 17 }])
    expect(dropped(sim, 'pong')).toBe(1)
  })

  it('the same seed gives the same event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 2303, logRetention: 0, recordEvents: true })
      pingPong(sim)
      await sim.invoke({ functionName: 'ping', payload: { n: 0 } })
      await sim.runUntilIdle()
      return JSON.stringify(sim.events())
    }
    expect(await run()).toBe(await run())
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
      runs.push({ n, lineage: ownCount('thumbnailer') })
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

  it('lineageOf reads the field: one <8 hex>:<count> entry per function, joined by | (entries it cannot read dropped)', () => {
    expect(lineageOf(undefined)).toBe(NO_LINEAGE)
    expect(lineageOf(HEADER)).toBe(NO_LINEAGE)
    expect(lineageOf(`${HEADER};Lineage=a87bd80c:3`)).toBe('a87bd80c:3')
    expect(lineageOf(`${HEADER};Lineage=a87bd80c:1|68fd508a:5|c512fbe3:2`)).toBe('a87bd80c:1|68fd508a:5|c512fbe3:2')
    expect(lineageOf(`Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:7;Sampled=0`)).toBe('a87bd80c:7')
    expect(lineageOf(`${HEADER};Lineage=garbage|68fd508a:5|a87bd80c:0`)).toBe('68fd508a:5')
    expect(parseLineage('garbage')).toBe(NO_LINEAGE)
  })

  it('each invocation counts one more for its own function only; merging keeps each function at its larger count', () => {
    const ping = afterInvoking(NO_LINEAGE, 'ping')
    expect(ping).toMatch(/^[0-9a-f]{8}:1$/)
    const pingPong = afterInvoking(ping, 'pong')
    expect(pingPong).toMatch(/^[0-9a-f]{8}:1\|[0-9a-f]{8}:1$/)
    const again = afterInvoking(pingPong, 'ping')
    expect([lineageCount(again, 'ping'), lineageCount(again, 'pong'), lineageCount(again, 'other')]).toEqual([2, 1, 0])
    // The entry order stays the order the functions were first reached.
    expect(again.split('|').map((entry) => entry.split(':')[0])).toEqual(pingPong.split('|').map((entry) => entry.split(':')[0]))
    const merged = mergeLineages(invokedTimes('ping', 3), invokedTimes('pong', 5, afterInvoking(NO_LINEAGE, 'ping')))
    expect([lineageCount(merged, 'ping'), lineageCount(merged, 'pong')]).toEqual([3, 5])
    expect(mergeLineages(NO_LINEAGE, ping)).toBe(ping)
    expect(mergeLineages(ping, NO_LINEAGE)).toBe(ping)
  })

  it('withLineage sets or replaces the field (none for a direct invocation); carryLineage copies a caller’s onto another header', () => {
    const lineage = invokedTimes('relay', 4)
    const one = withLineage(HEADER, lineage)
    expect(one).toBe(`${HEADER};Lineage=${lineage}`)
    expect(withLineage(one, afterInvoking(lineage, 'relay'))).toBe(one.replace(/:4$/, ':5'))
    expect(withLineage(one, NO_LINEAGE)).toBe(HEADER)
    // A header a user wrote with the field first.
    expect(withLineage(`Lineage=${lineage};${HEADER}`, NO_LINEAGE)).toBe(HEADER)
    expect(withLineage(`Lineage=${lineage};${HEADER}`, lineage)).toBe(`${HEADER};Lineage=${lineage}`)
    expect(afterInvoking(NO_LINEAGE, 'a')).not.toBe(afterInvoking(NO_LINEAGE, 'b'))
    const other = 'Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=1'
    expect(carryLineage(other, one)).toBe(`${other};Lineage=${lineage}`)
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
