// Recursive loop detection (lambda-semantics §10.1) on the paths users build loops with: what a
// stopped asynchronous event says in its dead-letter queue, an SQS batch that mixes a loop's message
// with messages of other chains, SNS fan-out to two queues of the same function, loops through
// EventBridge (not a path AWS watches) and the size of the Lineage an allowed loop carries.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { CopyObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { S3Event, SNSMessage, SQSEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaContext, type Simulation } from '../../src/index.js'
import { afterInvoking, lineageCount, NO_LINEAGE, type Lineage } from '../../src/model/lineage.js'
import { lineageOf, withLineage } from '../../src/observability/trace-header.js'

const RECURSION_MESSAGE =
  "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation."

/** How many times the running invocation's event has invoked `functionName`, read from its `_X_AMZN_TRACE_ID`. */
const ownCount = (functionName: string): number => lineageCount(lineageOf(process.env._X_AMZN_TRACE_ID), functionName)

const stopped = (sim: Simulation): unknown[] => sim.events().filter((e) => e.type === 'invocation.recursionStopped')

/** A header whose Lineage has invoked `functionName` `times` times (a message from deep in a loop). */
function headerAfter(functionName: string, times: number): string {
  let lineage: Lineage = NO_LINEAGE
  for (let i = 0; i < times; i++) lineage = afterInvoking(lineage, functionName)
  return withLineage('Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=0', lineage)
}

const bodies = (sim: Simulation, queueName: string): string[] => sim.sqs.peekMessages(sim.sqs.getQueueUrl({ queueName }).queueUrl).map((m) => m.body)

describe('an asynchronous event stopped by recursive loop detection', () => {
  it('reaches the dead-letter queue saying why (RecursiveInvocationException), not "Event age exceeded"', async () => {
    const sim = createSimulation({ seed: 2601, logRetention: 0, recordEvents: true })
    sim.s3.createBucket({ bucket: 'photos' })
    sim.sqs.createQueue({ queueName: 'dlq' })
    let runs = 0
    sim.createFunction({
      functionName: 'thumbs',
      deadLetterConfig: { targetArn: sim.sqs.queueArn('dlq') },
      // A bug: each copy lands in the bucket that triggers the function.
      code: async (event: S3Event) => {
        runs++
        const key = event.Records[0]!.s3.object.key
        await new S3Client({}).send(new CopyObjectCommand({ Bucket: 'photos', Key: `${key}-copy`, CopySource: `photos/${key}` }))
      },
    })
    sim.addPermission({ functionName: 'thumbs', statementId: 's3', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com' })
    const functionArn = sim.getFunctionConfiguration({ functionName: 'thumbs' }).functionArn
    sim.s3.putBucketNotificationConfiguration({ bucket: 'photos', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: functionArn, events: ['s3:ObjectCreated:*'] }] } })
    sim.s3.putObject({ bucket: 'photos', key: 'a.jpg', body: 'x' })
    await sim.runUntilIdle()
    expect(runs).toBe(16)
    expect(stopped(sim)).toHaveLength(1)
    const { messages } = sim.sqs.receiveMessage({ queueUrl: sim.sqs.getQueueUrl({ queueName: 'dlq' }).queueUrl, messageAttributeNames: ['All'] })
    expect(messages).toHaveLength(1)
    expect(messages[0]!.messageAttributes).toMatchObject({
      ErrorCode: { DataType: 'Number', StringValue: '400' },
      ErrorMessage: { DataType: 'String', StringValue: RECURSION_MESSAGE },
    })
    expect((JSON.parse(messages[0]!.body) as S3Event).Records[0]!.eventName).toBe('ObjectCreated:Copy')
  })
})

describe('an SQS batch mixing a loop’s message with messages of other chains', () => {
  /** A queue (visibility 5 s, DLQ after 2 receives) mapped to `worker` with batches of up to 10 gathered for 1 s. */
  function mixedQueue(sim: Simulation, fifo: boolean) {
    const suffix = fifo ? '.fifo' : ''
    const fifoAttributes: Record<string, string> = fifo ? { FifoQueue: 'true' } : {}
    const { queueUrl } = sim.sqs.createQueue({ queueName: `work${suffix}`, attributes: { VisibilityTimeout: '5', ...fifoAttributes } })
    sim.sqs.createQueue({ queueName: `dlq${suffix}`, attributes: fifoAttributes })
    sim.sqs.setQueueAttributes({ queueUrl, attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn(`dlq${suffix}`), maxReceiveCount: 2 }) } })
    const seen: Array<{ body: string; count: number }> = []
    sim.createFunction({
      functionName: 'worker',
      code: async (event: SQSEvent) => {
        for (const record of event.Records) seen.push({ body: record.body, count: ownCount('worker') })
      },
    })
    return { queueUrl, seen, start: () => sim.createEventSourceMapping({ functionName: 'worker', eventSourceArn: sim.sqs.queueArn(`work${suffix}`), batchSize: 10, maximumBatchingWindowInSeconds: 1 }) }
  }

  it('holds back only the loop’s message: the others are invoked (with their own count), the loop’s reaches the redrive DLQ', async () => {
    const sim = createSimulation({ seed: 2602, logRetention: 0, recordEvents: true })
    const { queueUrl, seen, start } = mixedQueue(sim, false)
    sim.sqs.sendMessage({ queueUrl, messageBody: 'looping', messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: headerAfter('worker', 16) } } })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'fresh' })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'third hop', messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: headerAfter('worker', 2) } } })
    start()
    await sim.runUntilIdle()
    // One invocation with the two others: the batch's count is theirs (3), not the loop's.
    expect(seen).toEqual([{ body: 'fresh', count: 3 }, { body: 'third hop', count: 3 }])
    expect(bodies(sim, 'dlq')).toEqual(['looping'])
    // Stopped on each of its two receives.
    expect(stopped(sim)).toEqual([expect.objectContaining({ functionName: 'worker', lineage: 17 }), expect.objectContaining({ functionName: 'worker', lineage: 17 })])
    const completed = sim.events().filter((e) => e.type === 'esm.batchCompleted')
    expect(completed.map((e) => [e.outcome, e.size])).toEqual([['not-invoked', 1], ['success', 2], ['not-invoked', 1]])
  })

  it('a FIFO queue holds back the later messages of the loop’s message group too (they may not overtake it)', async () => {
    const sim = createSimulation({ seed: 2603, logRetention: 0, recordEvents: true })
    const { queueUrl, seen, start } = mixedQueue(sim, true)
    const send = (body: string, group: string, header?: string): void => {
      sim.sqs.sendMessage({
        queueUrl,
        messageBody: body,
        messageGroupId: group,
        messageDeduplicationId: body.replace(/ /g, '-'),
        ...(header !== undefined ? { messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: header } } } : {}),
      })
    }
    send('a1', 'a')
    send('b1 looping', 'b', headerAfter('worker', 16))
    send('b2', 'b')
    send('c1', 'c')
    start()
    await sim.runUntilIdle()
    expect(seen.map((s) => s.body)).toEqual(['a1', 'c1'])
    // The blocked group follows its head to the DLQ once both have been received twice, as a FIFO group behind a failing message does.
    expect(bodies(sim, 'dlq.fifo')).toEqual(['b1 looping', 'b2'])
  })

  it('the same seed gives the same event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 2604, logRetention: 0, recordEvents: true })
      const { queueUrl, start } = mixedQueue(sim, false)
      sim.sqs.sendMessage({ queueUrl, messageBody: 'looping', messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: headerAfter('worker', 16) } } })
      sim.sqs.sendMessage({ queueUrl, messageBody: 'fresh' })
      start()
      await sim.runUntilIdle()
      return JSON.stringify(sim.events())
    }
    expect(await run()).toBe(await run())
  })
})

describe('loops users build across services', () => {
  it('SNS fan-out to two queues of the same function: each copy counts on its own chain, so a run at hop n has count n', async () => {
    const sim = createSimulation({ seed: 2605, logRetention: 0, recordEvents: true })
    const { topicArn } = sim.sns.createTopic({ name: 'orders' })
    const runs: Array<{ n: number; count: number }> = []
    sim.createFunction({
      functionName: 'fan',
      code: async (event: SQSEvent) => {
        const n = (JSON.parse((JSON.parse(event.Records[0]!.body) as SNSMessage).Message) as { n: number }).n
        runs.push({ n, count: ownCount('fan') })
        if (n < 3) await new SNSClient({}).send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ n: n + 1 }) }))
      },
    })
    for (const queueName of ['left', 'right']) {
      sim.sqs.createQueue({ queueName })
      sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: sim.sqs.queueArn(queueName) })
      sim.createEventSourceMapping({ functionName: 'fan', eventSourceArn: sim.sqs.queueArn(queueName), batchSize: 1 })
    }
    sim.sns.publish({ topicArn, message: JSON.stringify({ n: 1 }) })
    await sim.runUntilIdle()
    // 2, 4, 8 runs at hops 1, 2, 3.
    expect(runs).toHaveLength(14)
    for (const run of runs) expect(run.count).toBe(run.n)
    expect(stopped(sim)).toEqual([])
  })

  it('a loop through EventBridge PutEvents is not a path AWS watches: the count starts again each time (the handler must stop it)', async () => {
    const sim = createSimulation({ seed: 2606, logRetention: 0, recordEvents: true })
    const counts: number[] = []
    sim.createFunction({
      functionName: 'echo',
      code: async () => {
        counts.push(ownCount('echo'))
        if (counts.length < 20) await new EventBridgeClient({}).send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'again', Detail: '{}' }] }))
      },
    })
    sim.eventBridge.putRule({ name: 'again', eventPattern: JSON.stringify({ source: ['app'] }) })
    sim.eventBridge.putTargets({ rule: 'again', targets: [{ id: '1', arn: sim.getFunctionConfiguration({ functionName: 'echo' }).functionArn }] })
    await sim.invoke({ functionName: 'echo' })
    await sim.runUntilIdle()
    expect(counts).toEqual([0, ...Array.from({ length: 19 }, () => 1)])
    expect(stopped(sim)).toEqual([])
  })

  it('invocations running at once each hand on their own Lineage (the header is per invocation, not per process)', async () => {
    const sim = createSimulation({ seed: 2608, logRetention: 0 })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'in' })
    const { queueUrl: out } = sim.sqs.createQueue({ queueName: 'out' })
    const seen: string[] = []
    sim.createFunction({
      functionName: 'worker',
      code: async (event: SQSEvent, context: LambdaContext) => {
        const body = event.Records[0]!.body
        // The first to start is the last to send: the two runs interleave.
        await context.sleep(body === 'deep' ? 50 : 100)
        seen.push(`${body}:${ownCount('worker')}`)
        await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: out, MessageBody: body }))
      },
    })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'shallow', messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: headerAfter('worker', 5) } } })
    sim.sqs.sendMessage({ queueUrl, messageBody: 'deep', messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: headerAfter('worker', 10) } } })
    sim.createEventSourceMapping({ functionName: 'worker', eventSourceArn: sim.sqs.queueArn('in'), batchSize: 1 })
    await sim.runUntilIdle()
    expect(seen).toEqual(['deep:11', 'shallow:6'])
    const { messages } = sim.sqs.receiveMessage({ queueUrl: out, maxNumberOfMessages: 10, messageSystemAttributeNames: ['AWSTraceHeader'] })
    expect(messages.map((m) => `${m.body}:${lineageCount(lineageOf(m.attributes['AWSTraceHeader']), 'worker')}`)).toEqual(['deep:11', 'shallow:6'])
  })

  it("with recursiveLoop 'Allow' the Lineage an event carries stays one entry per function: a long loop does not grow it", async () => {
    const sim = createSimulation({ seed: 2607, logRetention: 0, recordEvents: false })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'again' })
    const headers: string[] = []
    sim.createFunction({
      functionName: 'again',
      code: async (event: SQSEvent) => {
        headers.push(process.env._X_AMZN_TRACE_ID ?? '')
        const n = Number(event.Records[0]!.body)
        if (n < 40) await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: String(n + 1) }))
      },
    })
    sim.putFunctionRecursionConfig({ functionName: 'again', recursiveLoop: 'Allow' })
    sim.createEventSourceMapping({ functionName: 'again', eventSourceArn: sim.sqs.queueArn('again'), batchSize: 1 })
    sim.sqs.sendMessage({ queueUrl, messageBody: '0' })
    await sim.runUntilIdle()
    expect(headers).toHaveLength(41)
    expect(lineageOf(headers[40])).toMatch(/^[0-9a-f]{8}:41$/)
    // Only the count's digits grow.
    expect(headers[40]!.length - headers[0]!.length).toBe(1)
  })
})
