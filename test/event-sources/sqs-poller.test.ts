import type { SQSEvent, SQSRecord } from 'aws-lambda'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'
import { readBatchItemFailures } from '../../src/event-sources/batch-response.js'

const T0 = Date.UTC(2024, 0, 1)
/** A mapping is Enabled this long after it is created (the control plane's transition). */
const ENABLED_AT = 1000

type Handler = (event: SQSEvent, context: { sleep(ms: number): Promise<void> }) => Promise<unknown>

interface Setup {
  readonly seed?: number
  readonly queueName?: string
  readonly queueAttributes?: Record<string, string>
  readonly batchSize?: number
  readonly window?: number
  readonly reportFailures?: boolean
  readonly filters?: string[]
  readonly maximumConcurrency?: number
  readonly timeout?: number
  readonly dlq?: { maxReceiveCount: number }
  readonly handler: Handler
}

interface World {
  readonly sim: Simulation
  readonly queueUrl: string
  readonly queueArn: string
  readonly dlqUrl: string | undefined
  readonly uuid: string
  send(body: string, extra?: { groupId?: string; dedupId?: string; attributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }> }): string
}

function setup(options: Setup): World {
  const sim = createSimulation({ seed: options.seed ?? 7, recordEvents: true })
  sim.createFunction({ functionName: 'consumer', code: options.handler as never, ...(options.timeout !== undefined ? { timeout: options.timeout } : {}) })
  const name = options.queueName ?? 'jobs'
  const fifo = name.endsWith('.fifo')
  let dlqUrl: string | undefined
  const attributes: Record<string, string> = { ...(options.queueAttributes ?? {}) }
  if (fifo) attributes['FifoQueue'] = 'true'
  if (options.dlq !== undefined) {
    const dlqName = fifo ? 'jobs-dlq.fifo' : 'jobs-dlq'
    dlqUrl = sim.sqs.createQueue({ queueName: dlqName, ...(fifo ? { attributes: { FifoQueue: 'true' } } : {}) }).queueUrl
    attributes['RedrivePolicy'] = JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn(dlqName), maxReceiveCount: options.dlq.maxReceiveCount })
  }
  const { queueUrl } = sim.sqs.createQueue({ queueName: name, attributes })
  const queueArn = sim.sqs.queueArn(name)
  const mapping = sim.createEventSourceMapping({
    functionName: 'consumer',
    eventSourceArn: queueArn,
    metricsConfig: { metrics: ['EventCount'] },
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.window !== undefined ? { maximumBatchingWindowInSeconds: options.window } : {}),
    ...(options.reportFailures === true ? { functionResponseTypes: ['ReportBatchItemFailures'] } : {}),
    ...(options.filters !== undefined ? { filterCriteria: { filters: options.filters.map((pattern) => ({ pattern })) } } : {}),
    ...(options.maximumConcurrency !== undefined ? { scalingConfig: { maximumConcurrency: options.maximumConcurrency } } : {}),
  })
  let n = 0
  return {
    sim,
    queueUrl,
    queueArn,
    dlqUrl,
    uuid: mapping.uuid,
    send: (body, extra = {}) =>
      sim.sqs.sendMessage({
        queueUrl,
        messageBody: body,
        ...(extra.groupId !== undefined ? { messageGroupId: extra.groupId, messageDeduplicationId: extra.dedupId ?? `d${n++}` } : {}),
        ...(extra.attributes !== undefined ? { messageAttributes: extra.attributes } : {}),
      }).messageId,
  }
}

/** A handler that records each batch (bodies, at virtual ms since T0) and answers `answer(records)` after `ms`. */
function recorder(ms = 100, answer: (records: SQSRecord[], receive: number) => unknown = () => null) {
  const batches: { atMs: number; bodies: string[]; records: SQSRecord[] }[] = []
  let active = 0
  let maxActive = 0
  const activeAt: { atMs: number; active: number }[] = []
  const handler: Handler = async (event, context) => {
    const atMs = Date.now() - T0
    batches.push({ atMs, bodies: event.Records.map((r) => r.body), records: event.Records })
    active++
    maxActive = Math.max(maxActive, active)
    activeAt.push({ atMs, active })
    try {
      await context.sleep(ms)
      const result = answer(event.Records, batches.length)
      if (result instanceof Error) throw result
      return result
    } finally {
      active--
    }
  }
  return { handler, batches, maxActive: () => maxActive, activeAt }
}

/** The mapping's LastProcessingResult (AWS reports it for stream mappings only; the record keeps it for all). */
function lastResult(w: World): string | undefined {
  const parts = (w.sim as unknown as { parts: { eventSourceMappings: { mapping(uuid: string): { lastProcessingResult: string } | undefined } } }).parts
  return parts.eventSourceMappings.mapping(w.uuid)?.lastProcessingResult
}

function esmEvents(sim: Simulation, type: 'esm.polled' | 'esm.batchInvoked' | 'esm.batchCompleted') {
  return sim.events().filter((e) => e.type === type) as never[]
}

describe('SQS event source: the event', () => {
  it('has the exact SQS record shape: attributes as strings, lower-camel message attributes, md5s, source ARN and Region', async () => {
    const r = recorder()
    const w = setup({ handler: r.handler })
    const id = w.send('{"orderId":7}', { attributes: { kind: { DataType: 'String', StringValue: 'order' }, blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) } } })
    await w.sim.runUntilIdle()
    expect(r.batches).toHaveLength(1)
    const record = r.batches[0]?.records[0] as SQSRecord
    expect(Object.keys(record)).toEqual(['messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfBody', 'md5OfMessageAttributes', 'eventSource', 'eventSourceARN', 'awsRegion'])
    expect(record.messageId).toBe(id)
    expect(record.receiptHandle).toMatch(/^AQEB/)
    expect(record.body).toBe('{"orderId":7}')
    expect(record.attributes).toEqual({
      ApproximateReceiveCount: '1',
      SentTimestamp: String(T0),
      SenderId: '123456789012',
      ApproximateFirstReceiveTimestamp: String(T0 + ENABLED_AT),
    })
    expect(record.messageAttributes).toEqual({
      kind: { stringValue: 'order', stringListValues: [], binaryListValues: [], dataType: 'String' },
      blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    })
    expect(record.md5OfBody).toBe(createHash('md5').update('{"orderId":7}').digest('hex'))
    expect(record.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/)
    expect(record.eventSource).toBe('aws:sqs')
    expect(record.eventSourceARN).toBe(w.queueArn)
    expect(record.awsRegion).toBe('us-east-1')
    // Without message attributes: {} and no md5OfMessageAttributes.
    w.send('plain')
    await w.sim.runUntilIdle()
    const plain = r.batches[1]?.records[0] as SQSRecord
    expect(plain.messageAttributes).toEqual({})
    expect('md5OfMessageAttributes' in plain).toBe(false)
  })

  it('FIFO records carry SequenceNumber, MessageGroupId and MessageDeduplicationId', async () => {
    const r = recorder()
    const w = setup({ queueName: 'jobs.fifo', handler: r.handler })
    w.send('a', { groupId: 'g1', dedupId: 'dedup-1' })
    await w.sim.runUntilIdle()
    const attributes = r.batches[0]?.records[0]?.attributes
    expect(attributes).toMatchObject({ ApproximateReceiveCount: '1', MessageGroupId: 'g1', MessageDeduplicationId: 'dedup-1' })
    expect(attributes?.SequenceNumber).toMatch(/^\d{20}$/)
  })
})

describe('SQS event source: batching', () => {
  it('batches up to BatchSize with no window, several at once', async () => {
    const r = recorder()
    const w = setup({ batchSize: 10, handler: r.handler })
    for (let i = 0; i < 25; i++) w.send(`m${i}`)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.bodies.length)).toEqual([10, 10, 5])
    expect(r.batches.every((b) => b.atMs === ENABLED_AT)).toBe(true)
    expect(w.sim.sqs.peekMessages(w.queueUrl)).toHaveLength(0)
    expect(w.sim.nowMs - T0).toBe(ENABLED_AT + 100)
    expect(lastResult(w)).toBe('OK')
  })

  it('with a window, invokes when the window ends (counted from the first message), with what arrived meanwhile', async () => {
    const r = recorder()
    const w = setup({ batchSize: 100, window: 5, handler: r.handler })
    await w.sim.advance(ENABLED_AT)
    for (let i = 0; i < 30; i++) w.send(`a${i}`)
    await w.sim.advance(2000)
    for (let i = 0; i < 20; i++) w.send(`b${i}`)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => [b.atMs, b.bodies.length])).toEqual([[ENABLED_AT + 5000, 50]])
  })

  it('with a window, invokes at once when the batch is full', async () => {
    const r = recorder()
    const w = setup({ batchSize: 20, window: 60, handler: r.handler })
    await w.sim.advance(ENABLED_AT)
    for (let i = 0; i < 45; i++) w.send(`m${i}`)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => [b.atMs, b.bodies.length])).toEqual([
      [ENABLED_AT, 20],
      [ENABLED_AT, 20],
      [ENABLED_AT + 60_000, 5],
    ])
  })

  it('cuts a batch when its payload would pass 6 MB; the next message opens the next batch', async () => {
    const r = recorder()
    const w = setup({ batchSize: 10, window: 1, handler: r.handler })
    const big = 'x'.repeat(1_000_000)
    for (let i = 0; i < 10; i++) w.send(`${i}${big}`)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.bodies.length)).toEqual([6, 4])
    const invoked = esmEvents(w.sim, 'esm.batchInvoked') as { payloadBytes: number }[]
    for (const e of invoked) expect(e.payloadBytes).toBeLessThanOrEqual(6_291_456)
    expect(r.batches.flatMap((b) => b.bodies.map((body) => body[0]))).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
  })
})

describe('SQS event source: outcomes', () => {
  /** One batch of three messages, the handler's answer, what is left in the queue afterwards. */
  async function leftAfter(answer: (records: SQSRecord[]) => unknown, reportFailures = true): Promise<{ left: string[]; result: string | undefined; outcome: string }> {
    const r = recorder(100, (records, receive) => (receive === 1 ? answer(records) : null))
    const w = setup({ handler: r.handler, reportFailures, queueAttributes: { VisibilityTimeout: '30' } })
    for (const body of ['m0', 'm1', 'm2']) w.send(body)
    await w.sim.advance(ENABLED_AT + 200)
    const left = w.sim.sqs.peekMessages(w.queueUrl).map((m) => m.body)
    const completed = esmEvents(w.sim, 'esm.batchCompleted') as { outcome: string }[]
    return { left, result: lastResult(w), outcome: completed[0]?.outcome ?? '' }
  }
  const id = (records: SQSRecord[], i: number) => records[i]?.messageId

  it.each([
    ['a null response', () => null],
    ['an undefined response', () => undefined],
    ['an empty object', () => ({})],
    ['an empty batchItemFailures list', () => ({ batchItemFailures: [] })],
    ['a null batchItemFailures list', () => ({ batchItemFailures: null })],
  ])('ReportBatchItemFailures: %s is a full success (everything deleted)', async (_, answer) => {
    const { left, outcome } = await leftAfter(answer)
    expect(left).toEqual([])
    expect(outcome).toBe('success')
  })

  it('ReportBatchItemFailures: only the listed messages stay; the rest are deleted', async () => {
    const { left, outcome, result } = await leftAfter((records) => ({ batchItemFailures: [{ itemIdentifier: id(records, 1) }] }))
    expect(left).toEqual(['m1'])
    expect(outcome).toBe('partial')
    expect(result).toBe('OK')
  })

  it.each([
    ['an empty itemIdentifier', () => ({ batchItemFailures: [{ itemIdentifier: '' }] })],
    ['a null itemIdentifier', () => ({ batchItemFailures: [{ itemIdentifier: null }] })],
    ['a bad key name', (records: SQSRecord[]) => ({ batchItemFailures: [{ itemIdentifer: id(records, 0) }] })],
    ['an unknown message id', (records: SQSRecord[]) => ({ batchItemFailures: [{ itemIdentifier: id(records, 0) }, { itemIdentifier: 'not-a-message' }] })],
    ['a response that is not an object [U]', () => 'done'],
    ['batchItemFailures that is not a list', () => ({ batchItemFailures: 'm1' })],
    ['a thrown error', () => new Error('boom')],
  ])('ReportBatchItemFailures: %s fails the whole batch (nothing deleted)', async (_, answer) => {
    const { left, outcome, result } = await leftAfter(answer as (records: SQSRecord[]) => unknown)
    expect(left).toEqual(['m0', 'm1', 'm2'])
    expect(outcome).toBe('failed')
    expect(result).toBe('PROBLEM: Function call failed')
  })

  it('without ReportBatchItemFailures a listed failure is ignored: a successful invoke deletes the batch', async () => {
    const { left } = await leftAfter((records) => ({ batchItemFailures: [{ itemIdentifier: id(records, 1) }] }), false)
    expect(left).toEqual([])
  })

  it('invalid JSON as the response is a full failure (the rules as a function)', () => {
    const ids = new Set(['a', 'b'])
    expect(readBatchItemFailures('{nope', ids)).toMatchObject({ kind: 'failure' })
    expect(readBatchItemFailures('', ids)).toEqual({ kind: 'success' })
    expect(readBatchItemFailures('null', ids)).toEqual({ kind: 'success' })
    expect(readBatchItemFailures('{"batchItemFailures":[{"itemIdentifier":"b"},{"itemIdentifier":"b"}]}', ids)).toEqual({ kind: 'partial', failedIds: new Set(['b']) })
  })

  it('the visibility timeout is the retry clock: a failed batch comes back when it ends, ApproximateReceiveCount counts', async () => {
    const r = recorder(100, (_, receive) => (receive < 3 ? new Error('boom') : null))
    const w = setup({ handler: r.handler, queueAttributes: { VisibilityTimeout: '10' } })
    w.send('m')
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => [b.atMs, b.records[0]?.attributes.ApproximateReceiveCount])).toEqual([
      [ENABLED_AT, '1'],
      [ENABLED_AT + 10_000, '2'],
      [ENABLED_AT + 20_000, '3'],
    ])
    expect(w.sim.sqs.peekMessages(w.queueUrl)).toHaveLength(0)
  })

  it("the queue's redrive policy moves a message to its DLQ after maxReceiveCount receives", async () => {
    const r = recorder(100, () => new Error('always'))
    const w = setup({ handler: r.handler, queueAttributes: { VisibilityTimeout: '5' }, dlq: { maxReceiveCount: 3 } })
    const id = w.send('poison')
    w.send('fine')
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.atMs)).toEqual([ENABLED_AT, ENABLED_AT + 5000, ENABLED_AT + 10_000])
    expect(w.sim.sqs.peekMessages(w.queueUrl)).toHaveLength(0)
    const dead = w.sim.sqs.peekMessages(w.dlqUrl as string)
    expect(dead.map((m) => m.messageId)).toContain(id)
    expect(dead).toHaveLength(2)
    expect(dead[0]?.deadLetterQueueSourceArn).toBe(w.queueArn)
  })

  it('FIFO: order within a group; a failed message of a group is retried before later ones of that group', async () => {
    const seen: string[] = []
    let failedOnce = false
    const w = setup({
      queueName: 'jobs.fifo',
      reportFailures: true,
      queueAttributes: { VisibilityTimeout: '10' },
      handler: async (event, context) => {
        await context.sleep(50)
        const failures: { itemIdentifier: string }[] = []
        const failedGroups = new Set<string>()
        for (const record of event.Records) {
          // A2 fails once; as AWS advises, the rest of its group in the batch is reported too.
          const group = record.attributes.MessageGroupId as string
          if (failedGroups.has(group) || (record.body === 'A2' && !failedOnce)) {
            if (record.body === 'A2') failedOnce = true
            failedGroups.add(group)
            failures.push({ itemIdentifier: record.messageId })
            continue
          }
          seen.push(record.body)
        }
        return { batchItemFailures: failures }
      },
    })
    for (const body of ['A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'A4']) w.send(body, { groupId: body[0] as string })
    // A4's group is fed after the failure too.
    await w.sim.runUntilIdle()
    const group = (g: string) => seen.filter((b) => b.startsWith(g))
    expect(group('A')).toEqual(['A1', 'A2', 'A3', 'A4'])
    expect(group('B')).toEqual(['B1', 'B2', 'B3'])
    expect(failedOnce).toBe(true)
  })

  it('FIFO: later messages of a failed group wait for the retry; other groups go on', async () => {
    const log: [number, string][] = []
    const w = setup({
      queueName: 'jobs.fifo',
      batchSize: 1,
      queueAttributes: { VisibilityTimeout: '10' },
      handler: async (event, context) => {
        const record = event.Records[0] as SQSRecord
        log.push([Date.now() - T0, record.body])
        await context.sleep(50)
        if (record.body === 'A1' && record.attributes.ApproximateReceiveCount === '1') throw new Error('first try fails')
      },
    })
    for (const body of ['A1', 'A2', 'B1', 'B2']) w.send(body, { groupId: body[0] as string })
    await w.sim.runUntilIdle()
    const a = log.filter(([, b]) => b.startsWith('A'))
    expect(a.map(([, b]) => b)).toEqual(['A1', 'A1', 'A2'])
    expect((a[1] as [number, string])[0]).toBe(ENABLED_AT + 10_000)
    expect(log.filter(([, b]) => b.startsWith('B')).every(([t]) => t < 10_000)).toBe(true)
  })

  it('throttled invocations return their messages to the queue (visibility); everything is processed in the end', async () => {
    const r = recorder(500)
    const w = setup({ batchSize: 1, handler: r.handler, queueAttributes: { VisibilityTimeout: '5' } })
    w.sim.putFunctionConcurrency({ functionName: 'consumer', reservedConcurrentExecutions: 1 })
    const ids = Array.from({ length: 8 }, (_, i) => w.send(`m${i}`))
    await w.sim.runUntilIdle()
    const completed = esmEvents(w.sim, 'esm.batchCompleted') as { outcome: string }[]
    expect(completed.some((e) => e.outcome === 'throttled')).toBe(true)
    expect(r.maxActive()).toBe(1)
    expect(new Set(r.batches.flatMap((b) => b.records.map((x) => x.messageId)))).toEqual(new Set(ids))
    expect(r.batches).toHaveLength(8)
    expect(w.sim.sqs.peekMessages(w.queueUrl)).toHaveLength(0)
    const throttles = w.sim.metrics?.getMetricStatistics({ metricName: 'Throttles', dimensions: { FunctionName: 'consumer' }, period: 3600, statistics: ['Sum'] })
    expect(throttles?.[0]?.Sum).toBeGreaterThan(0)
    expect(lastResult(w)).toBe('OK')
  })
})

describe('SQS event source: filtering', () => {
  it('deletes messages that match no filter, without invoking; counts them', async () => {
    const r = recorder()
    const w = setup({ handler: r.handler, filters: ['{"body":{"kind":["order"]}}', '{"body":["ping"]}'] })
    w.send('{"kind":"order","id":1}')
    w.send('{"kind":"refund","id":2}')
    w.send('ping')
    w.send('pong')
    w.send('{"id":3}')
    await w.sim.runUntilIdle()
    expect(r.batches.flatMap((b) => b.bodies)).toEqual(['{"kind":"order","id":1}', 'ping'])
    expect(w.sim.sqs.peekMessages(w.queueUrl)).toHaveLength(0)
    const sum = (metricName: 'FilteredOutEventCount' | 'PolledEventCount' | 'InvokedEventCount' | 'DeletedEventCount') =>
      w.sim.metrics?.getMetricStatistics({ metricName, dimensions: { EventSourceMappingUUID: w.uuid }, period: 3600, statistics: ['Sum'] })[0]?.Sum
    expect(sum('PolledEventCount')).toBe(5)
    expect(sum('FilteredOutEventCount')).toBe(3)
    expect(sum('InvokedEventCount')).toBe(2)
    expect(sum('DeletedEventCount')).toBe(2)
  })

  it('a metadata filter (no body key) looks at the attributes', async () => {
    const r = recorder()
    const w = setup({ handler: r.handler, filters: ['{"messageAttributes":{"kind":{"stringValue":["order"]}}}'] })
    w.send('a', { attributes: { kind: { DataType: 'String', StringValue: 'order' } } })
    w.send('b', { attributes: { kind: { DataType: 'String', StringValue: 'other' } } })
    w.send('c')
    await w.sim.runUntilIdle()
    expect(r.batches.flatMap((b) => b.bodies)).toEqual(['a'])
  })
})

describe('SQS event source: concurrency and scaling', () => {
  it('starts with 5 concurrent batches', async () => {
    const r = recorder(1000)
    const w = setup({ batchSize: 1, handler: r.handler })
    for (let i = 0; i < 20; i++) w.send(`m${i}`)
    await w.sim.advance(ENABLED_AT + 500)
    expect(r.batches).toHaveLength(5)
    await w.sim.runUntilIdle()
    expect(r.batches).toHaveLength(20)
  })

  it('ScalingConfig.MaximumConcurrency caps the concurrent invocations', async () => {
    const r = recorder(1000)
    const w = setup({ batchSize: 1, maximumConcurrency: 2, handler: r.handler })
    for (let i = 0; i < 12; i++) w.send(`m${i}`)
    await w.sim.runUntilIdle()
    expect(r.maxActive()).toBe(2)
    expect(r.batches).toHaveLength(12)
    expect(w.sim.nowMs - T0).toBe(ENABLED_AT + 6000)
  })

  it('adds 300 concurrent invocations a minute while messages remain, up to MaximumConcurrency', async () => {
    const r = recorder(120_000)
    const w = setup({ batchSize: 1, maximumConcurrency: 1000, handler: r.handler, queueAttributes: { VisibilityTimeout: '600' }, timeout: 900 })
    for (let i = 0; i < 2000; i++) w.send(`m${i}`)
    await w.sim.advance(ENABLED_AT + 100)
    expect(r.maxActive()).toBe(5)
    await w.sim.advance(60_000)
    // 5 + 300 a minute (in steps of 5 each second).
    expect(r.maxActive()).toBe(305)
    await w.sim.advance(60_000)
    expect(r.maxActive()).toBe(605)
    await w.sim.advance(120_000)
    expect(r.maxActive()).toBe(1000)
  })
})

describe('SQS event source: the mapping', () => {
  it('disabling stops polling; enabling resumes', async () => {
    const r = recorder()
    const w = setup({ handler: r.handler })
    await w.sim.advance(ENABLED_AT)
    w.sim.updateEventSourceMapping({ uuid: w.uuid, enabled: false })
    await w.sim.advance(2000)
    w.send('while disabled')
    await w.sim.advance(10_000)
    expect(r.batches).toHaveLength(0)
    w.sim.updateEventSourceMapping({ uuid: w.uuid, enabled: true })
    await w.sim.runUntilIdle()
    expect(r.batches.flatMap((b) => b.bodies)).toEqual(['while disabled'])
  })

  it('an idle poller does not keep runUntilIdle going', async () => {
    const r = recorder()
    const w = setup({ handler: r.handler })
    await w.sim.runUntilIdle()
    expect(w.sim.nowMs - T0).toBe(ENABLED_AT)
    w.send('late')
    await w.sim.runUntilIdle()
    expect(w.sim.nowMs - T0).toBe(ENABLED_AT + 100)
  })

  it('LastProcessingResult follows the outcomes', async () => {
    const r = recorder(100, (_, receive) => (receive === 1 ? new Error('x') : null))
    const w = setup({ handler: r.handler, queueAttributes: { VisibilityTimeout: '10' } })
    w.send('m')
    await w.sim.advance(ENABLED_AT + 200)
    expect(lastResult(w)).toBe('PROBLEM: Function call failed')
    await w.sim.runUntilIdle()
    expect(lastResult(w)).toBe('OK')
  })
})

describe('SQS event source: determinism and conservation', () => {
  /** A consumer that fails some messages (by body and receive count), partially or wholly. */
  async function workload(seed: number) {
    const processed = new Map<string, number>()
    const w = setup({
      seed,
      batchSize: 5,
      window: seed % 2,
      reportFailures: true,
      queueAttributes: { VisibilityTimeout: '20' },
      dlq: { maxReceiveCount: 3 },
      handler: async (event, context) => {
        await context.sleep(10 + (event.Records.length % 7) * 30)
        const failures: { itemIdentifier: string }[] = []
        const done: string[] = []
        for (const record of event.Records) {
          const n = Number(record.body.slice(1))
          const attempt = Number(record.attributes.ApproximateReceiveCount)
          // A poison message fails its whole batch on its first two receives.
          if ((n * 7 + seed) % 11 === 0 && attempt < 3) throw new Error('poison batch')
          if ((n + seed) % 5 === 0 && attempt < 2) failures.push({ itemIdentifier: record.messageId })
          else if ((n * 3 + seed) % 13 === 0) failures.push({ itemIdentifier: record.messageId })
          else done.push(record.messageId)
        }
        // Processed = the batch answered and the message was not reported as failed.
        for (const id of done) processed.set(id, (processed.get(id) ?? 0) + 1)
        return { batchItemFailures: failures }
      },
    })
    const ids: string[] = []
    for (let i = 0; i < 60; i++) {
      ids.push(w.send(`m${i}`))
      if (i % 17 === 0) await w.sim.advance(300)
    }
    await w.sim.runUntilIdle()
    return { w, ids, processed }
  }

  it('same seed, same event log', async () => {
    const a = await workload(3)
    const b = await workload(3)
    expect(a.w.sim.eventLogText()).toBe(b.w.sim.eventLogText())
    expect(a.w.sim.eventLogText()).toContain('esm.batchCompleted')
  })

  it.each([1, 2, 3, 4, 5, 6])('conservation (seed %i): every message ends processed and deleted, or in the DLQ; none lost, none processed twice', async (seed) => {
    const { w, ids, processed } = await workload(seed)
    expect(w.sim.sqs.peekMessages(w.queueUrl)).toEqual([])
    const dead = new Set(w.sim.sqs.peekMessages(w.dlqUrl as string).map((m) => m.messageId))
    for (const id of ids) {
      const done = processed.get(id) ?? 0
      // At least once, and here exactly once: the handler is always faster than the visibility timeout.
      expect(done + (dead.has(id) ? 1 : 0)).toBe(1)
    }
    expect(processed.size + dead.size).toBe(ids.length)
    expect(dead.size).toBeGreaterThan(0)
  })
})

describe('SQS event source: opt-in metrics', () => {
  it('publishes the event counts only with MetricsConfig EventCount, from the moment it is set', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({ functionName: 'consumer', code: async () => null })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'q' })
    const mapping = sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: sim.sqs.queueArn('q') })
    const polled = () =>
      sim.metrics?.getMetricStatistics({ metricName: 'PolledEventCount', dimensions: { EventSourceMappingUUID: mapping.uuid }, period: 3600, statistics: ['Sum'] })[0]?.Sum ?? 0
    sim.sqs.sendMessage({ queueUrl, messageBody: 'before' })
    await sim.runUntilIdle()
    expect(polled()).toBe(0)
    sim.updateEventSourceMapping({ uuid: mapping.uuid, metricsConfig: { metrics: ['EventCount'] } })
    await sim.advance(ENABLED_AT)
    sim.sqs.sendMessage({ queueUrl, messageBody: 'after' })
    await sim.runUntilIdle()
    expect(polled()).toBe(1)
    expect(sim.getEventSourceMapping({ uuid: mapping.uuid }).metricsConfig).toEqual({ metrics: ['EventCount'] })
  })
})
