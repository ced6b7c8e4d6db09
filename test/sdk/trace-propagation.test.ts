import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { SQSEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, toPerfettoTrace, type Simulation, type Trace, type TraceSegment } from '../../src/index.js'
import { parseTraceHeader } from '../../src/observability/trace-header.js'

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'
const rootOf = (header: string | undefined): string | undefined => (header === undefined ? undefined : parseTraceHeader(header)?.root)
const all = (traces: readonly Trace[]): TraceSegment[] => traces.flatMap((trace) => trace.segments)
const calls = (traces: readonly Trace[], functionName: string): TraceSegment[] =>
  all(traces)
    .filter((s) => s.origin === 'AWS::Lambda::Function' && s.name === functionName)
    .flatMap((s) => s.subsegments ?? [])
    .filter((s) => s.namespace === 'aws')

/** A function that keeps the header of each invocation. */
function recorder(sim: Simulation, functionName: string, seen: string[]): void {
  sim.createFunction({
    functionName,
    code: async () => {
      seen.push(process.env._X_AMZN_TRACE_ID as string)
      return 'ok'
    },
  })
}

describe('trace propagation through the AWS SDK inside handlers', () => {
  it('LambdaClient Invoke (sync and Event): the callee keeps the Root; the call is an aws subsegment, the callee segment its child', async () => {
    const sim = createSimulation({ seed: 1, tracing: true })
    const seen: string[] = []
    recorder(sim, 'callee', seen)
    sim.createFunction({
      functionName: 'caller',
      code: async () => {
        seen.push(process.env._X_AMZN_TRACE_ID as string)
        const lambda = new LambdaClient({})
        await lambda.send(new InvokeCommand({ FunctionName: 'callee', Payload: '{}' }))
        await lambda.send(new InvokeCommand({ FunctionName: 'callee', InvocationType: 'Event', Payload: '{}' }))
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'caller' })
    await sim.runUntilIdle()
    expect(seen).toHaveLength(3)
    expect(new Set(seen.map(rootOf)).size).toBe(1)
    const traces = sim.traces()
    expect(traces.map((t) => t.id)).toEqual([rootOf(seen[0])])
    const invokes = calls(traces, 'caller')
    expect(invokes.map((c) => [c.name, c.aws?.operation, c.http?.response.status])).toEqual([
      ['Lambda', 'Invoke', 200],
      ['Lambda', 'Invoke', 202],
    ])
    const callees = all(traces).filter((s) => s.origin === 'AWS::Lambda' && s.name === 'callee')
    expect(callees.map((s) => s.parent_id)).toEqual(invokes.map((c) => c.id))
    // The sync call lasts as long as the callee ran; it ends when the callee's segment ends.
    expect(invokes[0]?.end_time).toBe(callees[0]?.end_time)
  })

  it('the header travels even when nobody samples: Sampled=0, the same Root downstream, no traces kept', async () => {
    const sim = createSimulation({ seed: 2 })
    const seen: string[] = []
    recorder(sim, 'callee', seen)
    sim.createFunction({
      functionName: 'caller',
      code: async () => {
        seen.push(process.env._X_AMZN_TRACE_ID as string)
        await new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'callee' }))
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'caller' })
    expect(rootOf(seen[1])).toBe(rootOf(seen[0]))
    expect(seen.map((h) => parseTraceHeader(h)?.sampled)).toEqual([false, false])
    expect(() => sim.traces()).toThrow(/no invocation was sampled/)
  })

  it('SQS SendMessage: the message keeps AWSTraceHeader (the SQS record shows it, as on AWS); the consumer starts its own trace and links the producer call', async () => {
    const sim = createSimulation({ seed: 3, tracing: true })
    const queueUrl = sim.sqs.createQueue({ queueName: 'orders' }).queueUrl
    const received: Array<string | undefined> = []
    const consumerHeaders: string[] = []
    sim.createFunction({
      functionName: 'consumer',
      code: async (event: SQSEvent) => {
        consumerHeaders.push(process.env._X_AMZN_TRACE_ID as string)
        for (const record of event.Records) received.push(record.attributes.AWSTraceHeader)
        return {}
      },
    })
    sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: sim.sqs.queueArn('orders'), batchSize: 10 })
    let producer = ''
    sim.createFunction({
      functionName: 'producer',
      code: async () => {
        producer = process.env._X_AMZN_TRACE_ID as string
        const sqs = new SQSClient({})
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'one' }))
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: 'two' }] }))
        // A system attribute the sender sets wins over the request's header.
        await sqs.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'three', MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=1' } } }),
        )
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'producer' })
    await sim.advance('5s')
    const traces = sim.traces()
    const sends = calls(traces, 'producer')
    expect(sends.map((c) => [c.name, c.aws?.operation])).toEqual([
      ['SQS', 'SendMessage'],
      ['SQS', 'SendMessageBatch'],
      ['SQS', 'SendMessage'],
    ])
    const root = rootOf(producer) as string
    expect(received).toEqual([
      `Root=${root};Parent=${sends[0]?.id};Sampled=1`,
      `Root=${root};Parent=${sends[1]?.id};Sampled=1`,
      'Root=1-00000000-000000000000000000000001;Parent=00000000000000aa;Sampled=1',
    ])
    expect(consumerHeaders).toHaveLength(1)
    expect(rootOf(consumerHeaders[0])).not.toBe(root)
    const consumer = all(traces).find((s) => s.origin === 'AWS::Lambda' && s.name === 'consumer')
    expect(consumer?.parent_id).toBeUndefined()
    expect(consumer?.links).toEqual([
      { trace_id: root, id: sends[0]?.id },
      { trace_id: root, id: sends[1]?.id },
      { trace_id: '1-00000000-000000000000000000000001', id: '00000000000000aa' },
    ])
    // In Perfetto, an arrow from each recorded send to the batch that consumed it (the foreign header has no recorded call).
    const flows = toPerfettoTrace(traces).traceEvents.filter((e) => e.ph === 's')
    expect(flows).toHaveLength(2)
  })

  it('SNS Publish and EventBridge PutEvents: subscribed and targeted functions continue the trace; an SQS subscriber gets AWSTraceHeader', async () => {
    const sim = createSimulation({ seed: 4, tracing: true })
    const seen: string[] = []
    recorder(sim, 'subscriber', seen)
    recorder(sim, 'target', seen)
    const topicArn = sim.sns.createTopic({ name: 'news' }).topicArn
    const fanout = sim.sqs.createQueue({ queueName: 'fanout' }).queueUrl
    sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: `${ARN}:subscriber` })
    sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: sim.sqs.queueArn('fanout') })
    sim.eventBridge.putRule({ name: 'orders', eventPattern: JSON.stringify({ source: ['shop'] }) })
    sim.eventBridge.putTargets({ rule: 'orders', targets: [{ id: 'fn', arn: `${ARN}:target` }] })
    let publisher = ''
    sim.createFunction({
      functionName: 'publisher',
      code: async () => {
        publisher = process.env._X_AMZN_TRACE_ID as string
        await new SNSClient({}).send(new PublishCommand({ TopicArn: topicArn, Message: 'hello' }))
        await new EventBridgeClient({}).send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{}' }] }))
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'publisher' })
    await sim.runUntilIdle()
    const root = rootOf(publisher)
    expect(seen.map(rootOf)).toEqual([root, root])
    const traces = sim.traces()
    expect(traces).toHaveLength(1)
    const [publish, put] = calls(traces, 'publisher')
    expect([publish?.name, publish?.aws?.operation, put?.name, put?.aws?.operation]).toEqual(['SNS', 'Publish', 'EventBridge', 'PutEvents'])
    const children = all(traces).filter((s) => s.origin === 'AWS::Lambda' && s.name !== 'publisher')
    expect(children.map((s) => [s.name, s.parent_id])).toEqual([
      ['subscriber', publish?.id],
      ['target', put?.id],
    ])
    const [message] = sim.sqs.receiveMessage({ queueUrl: fanout, attributeNames: ['AWSTraceHeader'] }).messages
    expect(message?.attributes).toEqual({ AWSTraceHeader: `Root=${root};Parent=${publish?.id};Sampled=1` })
  })

  it('init code has no trace header: its calls start fresh traces', async () => {
    const sim = createSimulation({ seed: 5, tracing: true })
    const seen: string[] = []
    recorder(sim, 'callee', seen)
    sim.createFunction({
      functionName: 'caller',
      code: {
        init: async () => {
          await new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'callee' }))
          return async () => 'ok'
        },
      },
    })
    await sim.invoke({ functionName: 'caller' })
    const traces = sim.traces()
    expect(traces).toHaveLength(2)
    expect(all(traces).filter((s) => s.origin === 'AWS::Lambda').every((s) => s.parent_id === undefined)).toBe(true)
  })
})
