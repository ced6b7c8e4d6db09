import type { DynamoDBStreamEvent, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)
/** A mapping is Enabled this long after it is created. */
const ENABLED_AT = 1000

type Ctx = { sleep(ms: number): Promise<void> }
type KinesisHandler = (event: KinesisStreamEvent & Record<string, unknown>, context: Ctx) => Promise<unknown>

interface KSetup {
  readonly seed?: number
  readonly shards?: number
  readonly before?: (sim: Simulation) => void
  readonly mapping?: Record<string, unknown>
  readonly handler: KinesisHandler
  readonly destination?: boolean
}

function kinesisWorld(o: KSetup) {
  const sim = createSimulation({ seed: o.seed ?? 7, recordEvents: true, startTime: T0 })
  sim.createFunction({ functionName: 'consumer', code: o.handler as never, timeout: 30 })
  sim.kinesis.createStream({ streamName: 'stream', shardCount: o.shards ?? 1 })
  const streamArn = sim.kinesis.streamArn('stream')
  o.before?.(sim)
  let dlqUrl: string | undefined
  if (o.destination === true) dlqUrl = sim.sqs.createQueue({ queueName: 'failures' }).queueUrl
  const mapping = sim.createEventSourceMapping({
    functionName: 'consumer',
    eventSourceArn: streamArn,
    startingPosition: 'TRIM_HORIZON',
    metricsConfig: { metrics: ['EventCount'] },
    ...(o.destination === true ? { destinationConfig: { onFailure: { destination: sim.sqs.queueArn('failures') } } } : {}),
    ...(o.mapping ?? {}),
  } as never)
  const put = (partitionKey: string, data: unknown) => sim.kinesis.putRecord({ streamName: 'stream', partitionKey, data: typeof data === 'string' ? data : JSON.stringify(data) })
  const failures = () => (dlqUrl === undefined ? [] : sim.sqs.peekMessages(dlqUrl).map((m) => JSON.parse(m.body) as Record<string, any>))
  return { sim, streamArn, uuid: mapping.uuid, put, failures }
}

const dataOf = (record: KinesisStreamRecord): string => Buffer.from(record.kinesis.data, 'base64').toString('utf8')

/** Records each batch's data (and the virtual ms since T0), answering `answer(batch, n)` after `ms`. */
function recorder(ms = 50, answer: (records: KinesisStreamRecord[], n: number, event: Record<string, unknown>) => unknown = () => null) {
  const batches: { atMs: number; data: string[]; records: KinesisStreamRecord[]; event: Record<string, unknown> }[] = []
  let active = 0
  let maxActive = 0
  const handler: KinesisHandler = async (event, context) => {
    batches.push({ atMs: Date.now() - T0, data: event.Records.map(dataOf), records: event.Records, event })
    const n = batches.length
    active++
    maxActive = Math.max(maxActive, active)
    try {
      await context.sleep(ms)
      const result = answer(event.Records, n, event)
      if (result instanceof Error) throw result
      return result
    } finally {
      active--
    }
  }
  return { handler, batches, maxActive: () => maxActive }
}

function discarded(sim: Simulation) {
  return sim.events().filter((e) => e.type === 'esm.recordsDiscarded') as Array<Extract<ReturnType<Simulation['events']>[number], { type: 'esm.recordsDiscarded' }>>
}

describe('Kinesis event source: the event and order', () => {
  it('has the exact Kinesis record shape', async () => {
    const r = recorder()
    const w = kinesisWorld({ handler: r.handler })
    const out = w.put('pk-1', { hello: 'world' })
    await w.sim.runUntilIdle()
    expect(r.batches).toHaveLength(1)
    const record = r.batches[0]?.records[0] as KinesisStreamRecord
    expect(record).toEqual({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'pk-1',
        sequenceNumber: out.sequenceNumber,
        data: Buffer.from('{"hello":"world"}').toString('base64'),
        approximateArrivalTimestamp: T0 / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${out.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\//),
      awsRegion: 'us-east-1',
      eventSourceARN: w.streamArn,
    })
    expect(Object.keys(r.batches[0]?.event ?? {})).toEqual(['Records'])
  })

  it('processes each shard in sequence order, one batch in flight per shard, BatchSize at most', async () => {
    const r = recorder(200)
    const w = kinesisWorld({ shards: 3, handler: r.handler, mapping: { batchSize: 7 } })
    for (let i = 0; i < 120; i++) w.put(`key-${i % 11}`, `r${i}`)
    await w.sim.runUntilIdle()
    const all = r.batches.flatMap((b) => b.records)
    expect(all).toHaveLength(120)
    expect(new Set(all.map(dataOf)).size).toBe(120)
    expect(Math.max(...r.batches.map((b) => b.records.length))).toBeLessThanOrEqual(7)
    // Per shard, sequence numbers only increase, and no two batches of a shard overlap in time.
    const byShard = new Map<string, { seq: bigint[]; spans: number[] }>()
    for (const b of r.batches) {
      const shard = b.records[0]?.eventID.split(':')[0] as string
      expect(new Set(b.records.map((x) => x.eventID.split(':')[0])).size).toBe(1)
      const s = byShard.get(shard) ?? { seq: [], spans: [] }
      s.seq.push(...b.records.map((x) => BigInt(x.kinesis.sequenceNumber)))
      s.spans.push(b.atMs)
      byShard.set(shard, s)
    }
    expect(byShard.size).toBe(3)
    for (const { seq, spans } of byShard.values()) {
      for (let i = 1; i < seq.length; i++) expect(seq[i] as bigint > (seq[i - 1] as bigint)).toBe(true)
      for (let i = 1; i < spans.length; i++) expect((spans[i] as number) - (spans[i - 1] as number)).toBeGreaterThanOrEqual(200)
    }
    expect(r.maxActive()).toBeGreaterThan(1)
    expect(r.maxActive()).toBeLessThanOrEqual(3)
  })

  it('polls each shard once per second and stays idle without records (runUntilIdle ends)', async () => {
    const r = recorder(10)
    const w = kinesisWorld({ handler: r.handler })
    await w.sim.runUntilIdle()
    expect(r.batches).toHaveLength(0)
    const idleAt = w.sim.nowMs
    expect(idleAt).toBe(T0 + ENABLED_AT)
    w.put('a', '1')
    await w.sim.runUntilIdle()
    w.put('a', '2')
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.atMs)).toEqual([ENABLED_AT, ENABLED_AT + 1000])
  })

  it('BatchSize with MaximumBatchingWindowInSeconds: a small batch waits for the window', async () => {
    const r = recorder(10)
    const w = kinesisWorld({ handler: r.handler, mapping: { batchSize: 50, maximumBatchingWindowInSeconds: 5 } })
    await w.sim.advance(ENABLED_AT)
    w.put('a', '1')
    await w.sim.advance(2000)
    w.put('a', '2')
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => [b.atMs, b.data])).toEqual([[ENABLED_AT + 5000, ['1', '2']]])
  })
})

describe('Kinesis event source: starting positions', () => {
  async function seen(startingPosition: string, extra: Record<string, unknown> = {}) {
    const r = recorder(10)
    const w = kinesisWorld({
      handler: r.handler,
      before: (sim) => {
        sim.kinesis.putRecord({ streamName: 'stream', partitionKey: 'k', data: 'old-1' })
        sim.kinesis.putRecord({ streamName: 'stream', partitionKey: 'k', data: 'old-2' })
      },
      mapping: { startingPosition, ...extra },
    })
    w.put('k', 'new')
    await w.sim.runUntilIdle()
    return r.batches.flatMap((b) => b.data)
  }

  it('TRIM_HORIZON reads from the oldest record, LATEST from the end at creation, AT_TIMESTAMP from the timestamp', async () => {
    expect(await seen('TRIM_HORIZON')).toEqual(['old-1', 'old-2', 'new'])
    expect(await seen('LATEST')).toEqual(['new'])
    expect(await seen('AT_TIMESTAMP', { startingPositionTimestamp: new Date(T0 + 1) })).toEqual(['new'])
    expect(await seen('AT_TIMESTAMP', { startingPositionTimestamp: new Date(T0) })).toEqual(['old-1', 'old-2', 'new'])
  })
})

describe('Kinesis event source: errors', () => {
  it('retries the whole batch, blocking the shard, until MaximumRetryAttempts; then the on-failure destination gets KinesisBatchInfo', async () => {
    const r = recorder(10, (records) => (records.some((x) => dataOf(x) === 'poison') ? new Error('boom') : null))
    const w = kinesisWorld({ handler: r.handler, destination: true, mapping: { maximumRetryAttempts: 2, batchSize: 10 } })
    const first = w.put('k', 'poison')
    const second = w.put('k', 'ok')
    await w.sim.runUntilIdle()
    // Both records in one batch: 1 try + 2 retries, then discarded together; nothing after them was blocked forever.
    expect(r.batches.map((b) => b.data)).toEqual([['poison', 'ok'], ['poison', 'ok'], ['poison', 'ok']])
    expect(r.batches.map((b) => b.atMs)).toEqual([ENABLED_AT, ENABLED_AT + 1010, ENABLED_AT + 2020])
    const failures = w.failures()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toEqual({
      requestContext: { requestId: expect.any(String), functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:consumer', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(T0 + ENABLED_AT + 2030).toISOString(),
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: second.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(T0).toISOString(),
        approximateArrivalOfLastRecord: new Date(T0).toISOString(),
        batchSize: 2,
        streamArn: w.streamArn,
      },
    })
    expect(discarded(w.sim)).toEqual([expect.objectContaining({ condition: 'RetryAttemptsExhausted', count: 2, delivered: true })])
    expect(w.sim.metrics?.getMetricStatistics({ metricName: 'DroppedEventCount', dimensions: { EventSourceMappingUUID: w.uuid }, statistics: ['Sum'], period: 3600 })[0]?.Sum).toBe(2)
  })

  it('a shard stays blocked behind a failing batch: a later record waits until the batch is given up', async () => {
    const r = recorder(10, (records) => (records.some((x) => dataOf(x) === 'poison') ? new Error('boom') : null))
    const w = kinesisWorld({ handler: r.handler, destination: true, mapping: { maximumRetryAttempts: 3, batchSize: 1 } })
    w.put('k', 'poison')
    w.put('k', 'later')
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.data[0])).toEqual(['poison', 'poison', 'poison', 'poison', 'later'])
  })

  it('MaximumRecordAgeInSeconds: too-old records are discarded as RecordAgeExceeded', async () => {
    const r = recorder(10, () => new Error('always'))
    const w = kinesisWorld({ handler: r.handler, destination: true, mapping: { maximumRecordAgeInSeconds: 60 } })
    w.put('k', 'x')
    await w.sim.runUntilIdle()
    const failures = w.failures()
    expect(failures.map((f) => f.requestContext.condition)).toEqual(['RecordAgeExceeded'])
    expect(r.batches.length).toBeGreaterThan(50)
    expect(r.batches.every((b) => b.atMs <= 61_000)).toBe(true)
    expect(w.sim.nowMs - T0).toBeLessThan(63_000)
  })

  it('BisectBatchOnFunctionError splits the failed batch; splits do not count as retries', async () => {
    const r = recorder(10, (records) => (records.some((x) => dataOf(x) === 'c') ? new Error('boom') : null))
    const w = kinesisWorld({ handler: r.handler, destination: true, mapping: { bisectBatchOnFunctionError: true, maximumRetryAttempts: 1 } })
    for (const d of ['a', 'b', 'c', 'd']) w.put('k', d)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.data.join(''))).toEqual(['abcd', 'ab', 'cd', 'c', 'c', 'd'])
    expect(w.failures().map((f) => [f.requestContext.condition, f.KinesisBatchInfo.batchSize])).toEqual([['RetryAttemptsExhausted', 1]])
  })

  it('ReportBatchItemFailures checkpoints at the lowest reported sequence number', async () => {
    let failedOnce = false
    const r = recorder(10, (records) => {
      const c = records.find((x) => dataOf(x) === 'c')
      const d = records.find((x) => dataOf(x) === 'd')
      if (c !== undefined && d !== undefined && !failedOnce) {
        failedOnce = true
        return { batchItemFailures: [{ itemIdentifier: d.kinesis.sequenceNumber }, { itemIdentifier: c.kinesis.sequenceNumber }] }
      }
      return { batchItemFailures: [] }
    })
    const w = kinesisWorld({ handler: r.handler, mapping: { functionResponseTypes: ['ReportBatchItemFailures'] } })
    for (const d of ['a', 'b', 'c', 'd', 'e']) w.put('k', d)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.data.join(''))).toEqual(['abcde', 'cde'])
    // An identifier that is not a sequence number of the batch fails the whole batch.
    const r2 = recorder(10, (_records, n) => (n === 1 ? { batchItemFailures: [{ itemIdentifier: 'nope' }] } : null))
    const w2 = kinesisWorld({ handler: r2.handler, mapping: { functionResponseTypes: ['ReportBatchItemFailures'] } })
    for (const d of ['a', 'b']) w2.put('k', d)
    await w2.sim.runUntilIdle()
    expect(r2.batches.map((b) => b.data.join(''))).toEqual(['ab', 'ab'])
  })

  it('throttles are retried without counting against MaximumRetryAttempts', async () => {
    const r = recorder(10)
    const w = kinesisWorld({ handler: r.handler, mapping: { maximumRetryAttempts: 0 } })
    w.sim.putFunctionConcurrency({ functionName: 'consumer', reservedConcurrentExecutions: 0 })
    w.put('k', 'x')
    await w.sim.advance(5000)
    expect(r.batches).toHaveLength(0)
    w.sim.deleteFunctionConcurrency({ functionName: 'consumer' })
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.data)).toEqual([['x']])
    expect(discarded(w.sim)).toEqual([])
  })
})

describe('Kinesis event source: more edges', () => {
  it('an SNS topic as the on-failure destination; a failed delivery counts DestinationDeliveryFailures', async () => {
    const sim = createSimulation({ seed: 4, recordEvents: true, startTime: T0 })
    sim.createFunction({ functionName: 'consumer', code: (async () => { throw new Error('no') }) as never })
    sim.kinesis.createStream({ streamName: 's' })
    const { topicArn } = sim.sns.createTopic({ name: 'failures' })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'fanout' })
    sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: sim.sqs.queueArn('fanout'), attributes: { RawMessageDelivery: 'true' } })
    sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn: sim.kinesis.streamArn('s'),
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: topicArn } },
    } as never)
    sim.kinesis.putRecord({ streamName: 's', partitionKey: 'k', data: 'x' })
    await sim.runUntilIdle()
    const body = JSON.parse(sim.sqs.peekMessages(queueUrl)[0]?.body ?? '{}')
    expect(body.KinesisBatchInfo.batchSize).toBe(1)
    expect(body.requestContext.approximateInvokeCount).toBe(1)
    // The topic is deleted: the record cannot be delivered.
    sim.sns.deleteTopic({ topicArn })
    sim.kinesis.putRecord({ streamName: 's', partitionKey: 'k', data: 'y' })
    await sim.runUntilIdle()
    const last = discarded(sim).at(-1)
    expect(last).toMatchObject({ delivered: false, count: 1 })
    expect(sim.metrics?.getMetricStatistics({ metricName: 'DestinationDeliveryFailures', dimensions: { FunctionName: 'consumer' }, statistics: ['Sum'], period: 3600 })[0]?.Sum).toBe(1)
  })

  it('batchItemFailures naming the first record fails the whole batch (bisected when asked)', async () => {
    const r = recorder(10, (records, n) => (n === 1 ? { batchItemFailures: [{ itemIdentifier: records[0]?.kinesis.sequenceNumber }] } : null))
    const w = kinesisWorld({ handler: r.handler, mapping: { functionResponseTypes: ['ReportBatchItemFailures'], bisectBatchOnFunctionError: true } })
    for (const d of ['a', 'b', 'c', 'd']) w.put('k', d)
    await w.sim.runUntilIdle()
    expect(r.batches.map((b) => b.data.join(''))).toEqual(['abcd', 'ab', 'cd'])
    const outcomes = w.sim.events().flatMap((e) => (e.type === 'esm.batchCompleted' ? [e.outcome] : []))
    expect(outcomes).toEqual(['failed', 'success', 'success'])
  })

  it('a new ParallelizationFactor takes effect once the shard is idle', async () => {
    const r = recorder(100)
    const w = kinesisWorld({ handler: r.handler, mapping: { batchSize: 1 } })
    for (let i = 0; i < 8; i++) w.put(`k${i}`, String(i))
    await w.sim.runUntilIdle()
    expect(r.maxActive()).toBe(1)
    w.sim.updateEventSourceMapping({ uuid: w.uuid, parallelizationFactor: 4 })
    await w.sim.runUntilIdle()
    for (let i = 0; i < 40; i++) w.put(`k${i}`, String(i))
    await w.sim.runUntilIdle()
    expect(r.maxActive()).toBeGreaterThan(1)
    expect(r.batches.flatMap((b) => b.data)).toHaveLength(48)
  })
})

describe('Kinesis event source: parallelization, windows, filtering, metrics', () => {
  it('ParallelizationFactor runs several batches of one shard at once, keeping order per partition key', async () => {
    const r = recorder(300)
    const w = kinesisWorld({ handler: r.handler, mapping: { parallelizationFactor: 4, batchSize: 5 } })
    for (let i = 0; i < 200; i++) w.put(`key-${i % 17}`, `${i % 17}:${i}`)
    await w.sim.runUntilIdle()
    expect(r.maxActive()).toBeGreaterThan(1)
    expect(r.maxActive()).toBeLessThanOrEqual(4)
    const order = new Map<string, number[]>()
    for (const b of r.batches) {
      for (const d of b.data) {
        const [key, n] = d.split(':') as [string, string]
        order.set(key, [...(order.get(key) ?? []), Number(n)])
      }
    }
    const total = [...order.values()].reduce((sum, list) => sum + list.length, 0)
    expect(total).toBe(200)
    for (const list of order.values()) expect(list).toEqual([...list].sort((a, b) => a - b))
  })

  it('TumblingWindowInSeconds carries state between invocations of a window and ends it with a final invocation', async () => {
    const r = recorder(10, (records, _n, event) => {
      const state = (event['state'] ?? {}) as { sum?: number }
      const sum = (state.sum ?? 0) + records.reduce((acc, x) => acc + Number(dataOf(x)), 0)
      return { state: { sum } }
    })
    const w = kinesisWorld({ handler: r.handler, mapping: { tumblingWindowInSeconds: 10, batchSize: 2 } })
    for (const n of [1, 2, 3]) w.put('k', String(n))
    await w.sim.advance(4000)
    w.put('k', '10')
    await w.sim.advance(10_000)
    w.put('k', '100')
    await w.sim.runUntilIdle()
    const seen = r.batches.map((b) => ({
      data: b.data,
      state: b.event['state'],
      window: b.event['window'],
      final: b.event['isFinalInvokeForWindow'],
      early: b.event['isWindowTerminatedEarly'],
      shardId: b.event['shardId'],
    }))
    const w0 = { start: new Date(T0).toISOString(), end: new Date(T0 + 10_000).toISOString() }
    const w1 = { start: new Date(T0 + 10_000).toISOString(), end: new Date(T0 + 20_000).toISOString() }
    expect(seen).toEqual([
      { data: ['1', '2'], state: {}, window: w0, final: false, early: false, shardId: 'shardId-000000000000' },
      { data: ['3'], state: { sum: 3 }, window: w0, final: false, early: false, shardId: 'shardId-000000000000' },
      { data: ['10'], state: { sum: 6 }, window: w0, final: false, early: false, shardId: 'shardId-000000000000' },
      { data: [], state: { sum: 16 }, window: w0, final: true, early: false, shardId: 'shardId-000000000000' },
      { data: ['100'], state: {}, window: w1, final: false, early: false, shardId: 'shardId-000000000000' },
      { data: [], state: { sum: 100 }, window: w1, final: true, early: false, shardId: 'shardId-000000000000' },
    ])
    expect(r.batches[0]?.event['eventSourceARN']).toBe(w.streamArn)
  })

  it('a state past 1 MB ends the window early: a final invocation with that state, then the same window with a fresh state', async () => {
    const big = 'x'.repeat(1_048_576)
    const r = recorder(10, (records, _n, event) => {
      const state = (event['state'] ?? {}) as { seen?: string[] }
      const seen = [...(state.seen ?? []), ...records.map((x) => dataOf(x))]
      // The first batch pushes the state past the limit; later ones stay small.
      return { state: records.some((x) => dataOf(x) === '1') ? { seen, padding: big } : { seen } }
    })
    const w = kinesisWorld({ handler: r.handler, mapping: { tumblingWindowInSeconds: 10, batchSize: 1 } })
    for (const n of [1, 2]) w.put('k', String(n))
    await w.sim.runUntilIdle()
    const seen = r.batches.map((b) => ({
      data: b.data,
      seen: (b.event['state'] as { seen?: string[] }).seen,
      padded: 'padding' in (b.event['state'] as object),
      final: b.event['isFinalInvokeForWindow'],
      early: b.event['isWindowTerminatedEarly'],
      window: (b.event['window'] as { start: string }).start,
    }))
    const start = new Date(T0).toISOString()
    expect(seen).toEqual([
      { data: ['1'], seen: undefined, padded: false, final: false, early: false, window: start },
      { data: [], seen: ['1'], padded: true, final: true, early: true, window: start },
      { data: ['2'], seen: undefined, padded: false, final: false, early: false, window: start },
      { data: [], seen: ['2'], padded: false, final: true, early: false, window: start },
    ])
  })

  it('filters on the data key (base64-decoded JSON); non-matching and non-JSON records are skipped', async () => {
    const r = recorder(10)
    const w = kinesisWorld({ handler: r.handler, mapping: { filterCriteria: { filters: [{ pattern: JSON.stringify({ data: { kind: ['order'] } }) }] } } })
    w.put('k', { kind: 'order', n: 1 })
    w.put('k', { kind: 'refund', n: 2 })
    w.put('k', 'not json')
    w.put('k', { kind: 'order', n: 3 })
    await w.sim.runUntilIdle()
    expect(r.batches.flatMap((b) => b.data)).toEqual(['{"kind":"order","n":1}', '{"kind":"order","n":3}'])
    const filtered = w.sim.metrics?.getMetricStatistics({ metricName: 'FilteredOutEventCount', dimensions: { EventSourceMappingUUID: w.uuid }, statistics: ['Sum'], period: 3600 })
    expect(filtered?.[0]?.Sum).toBe(2)
  })

  it('publishes IteratorAge (ms) when a batch finishes, per mapping and per function', async () => {
    const r = recorder(500)
    const w = kinesisWorld({ handler: r.handler })
    w.put('k', 'a')
    await w.sim.runUntilIdle()
    const byUuid = w.sim.metrics?.getMetricStatistics({ metricName: 'IteratorAge', dimensions: { EventSourceMappingUUID: w.uuid }, statistics: ['Maximum'], period: 3600 })
    const byFunction = w.sim.metrics?.getMetricStatistics({ metricName: 'IteratorAge', dimensions: { FunctionName: 'consumer' }, statistics: ['Maximum'], period: 3600 })
    expect(byUuid?.[0]?.Maximum).toBeGreaterThanOrEqual(ENABLED_AT + 500)
    expect(byFunction?.[0]?.Maximum).toBe(byUuid?.[0]?.Maximum)
  })
})

describe('DynamoDB Streams event source', () => {
  function ddbWorld(handler: (event: DynamoDBStreamEvent, context: Ctx) => Promise<unknown>, mapping: Record<string, unknown> = {}) {
    const sim = createSimulation({ seed: 3, recordEvents: true, startTime: T0 })
    sim.createFunction({ functionName: 'consumer', code: handler as never })
    const streamArn = sim.dynamodb.createTable({ tableName: 'Orders', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], streamSpecification: { streamViewType: 'NEW_AND_OLD_IMAGES' } })
      .tableDescription.latestStreamArn as string
    const m = sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: streamArn, startingPosition: 'LATEST', ...mapping } as never)
    return { sim, streamArn, uuid: m.uuid }
  }

  it('hands INSERT / MODIFY / REMOVE records in the DynamoDB Streams shape, polled four times a second', async () => {
    const events: { atMs: number; event: DynamoDBStreamEvent }[] = []
    const w = ddbWorld(async (event) => {
      events.push({ atMs: Date.now() - T0, event })
      return null
    })
    await w.sim.advance(ENABLED_AT + 100)
    w.sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { N: '101' }, message: { S: 'New item!' } } })
    await w.sim.runUntilIdle()
    w.sim.dynamodb.updateItem({ tableName: 'Orders', key: { id: { N: '101' } }, attributeUpdates: { message: { Value: { S: 'Changed' } } } })
    w.sim.dynamodb.deleteItem({ tableName: 'Orders', key: { id: { N: '101' } } })
    await w.sim.runUntilIdle()
    expect(events.map((e) => e.atMs)).toEqual([ENABLED_AT + 100, ENABLED_AT + 350])
    const records = events.flatMap((e) => e.event.Records)
    expect(records.map((x) => x.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    expect(records[0]).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: (T0 + ENABLED_AT + 100 - 100) / 1000,
        Keys: { id: { N: '101' } },
        NewImage: { id: { N: '101' }, message: { S: 'New item!' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: w.streamArn,
    })
    expect(records[1]?.dynamodb?.OldImage).toEqual({ id: { N: '101' }, message: { S: 'New item!' } })
    expect(records[2]?.dynamodb?.NewImage).toBeUndefined()
  })

  it('filters on the dynamodb key and the event name', async () => {
    const names: string[] = []
    const w = ddbWorld(
      async (event) => {
        names.push(...event.Records.map((x) => `${x.eventName}:${x.dynamodb?.Keys?.['id']?.N}`))
        return null
      },
      { filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['gold'] } } } }) }] } },
    )
    await w.sim.advance(ENABLED_AT)
    w.sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { N: '1' }, kind: { S: 'gold' } } })
    w.sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { N: '2' }, kind: { S: 'tin' } } })
    w.sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { N: '2' }, kind: { S: 'gold' } } })
    await w.sim.runUntilIdle()
    expect(names).toEqual(['INSERT:1'])
  })

  it('on-failure records name DDBStreamBatchInfo', async () => {
    const sim = createSimulation({ seed: 3, recordEvents: true, startTime: T0 })
    sim.createFunction({ functionName: 'consumer', code: (async () => { throw new Error('no') }) as never })
    const streamArn = sim.dynamodb.createTable({ tableName: 'Tab1', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], streamSpecification: { streamViewType: 'KEYS_ONLY' } }).tableDescription
      .latestStreamArn as string
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'dlq' })
    sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn: streamArn,
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: sim.sqs.queueArn('dlq') } },
    } as never)
    sim.dynamodb.putItem({ tableName: 'Tab1', item: { id: { S: 'x' } } })
    await sim.runUntilIdle()
    const body = JSON.parse(sim.sqs.peekMessages(queueUrl)[0]?.body ?? '{}')
    expect(body.requestContext.condition).toBe('RetryAttemptsExhausted')
    expect(body.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, streamArn })
    expect(body.KinesisBatchInfo).toBeUndefined()
  })
})

describe('stream sources: determinism and conservation', () => {
  /** A workload where each batch fails at random (by a hash of its contents and attempt), with retries, bisecting and record age in play. */
  async function run(seed: number) {
    const attempts = new Map<string, number>()
    const processed = new Set<string>()
    const handler: KinesisHandler = async (event, context) => {
      await context.sleep(20 + (seed % 7) * 10)
      const key = event.Records.map((x) => x.kinesis.sequenceNumber).join(',')
      const n = (attempts.get(key) ?? 0) + 1
      attempts.set(key, n)
      const bad = event.Records.some((x) => {
        const h = Number(BigInt(x.kinesis.sequenceNumber) % 97n)
        return (h + seed) % 13 === 0 || ((h + seed) % 5 === 0 && n < 2)
      })
      if (bad) throw new Error('bad record')
      for (const x of event.Records) processed.add(x.kinesis.sequenceNumber)
      return null
    }
    const w = kinesisWorld({
      seed,
      shards: 1 + (seed % 3),
      handler,
      destination: true,
      mapping: {
        batchSize: 1 + (seed % 9),
        // Every third seed retries forever: records leave by age only.
        maximumRetryAttempts: seed % 3 === 0 ? -1 : seed % 4,
        bisectBatchOnFunctionError: seed % 2 === 0,
        parallelizationFactor: 1 + (seed % 4),
        ...(seed % 3 === 0 ? { maximumRecordAgeInSeconds: 60 } : {}),
      },
    })
    const put: string[] = []
    for (let i = 0; i < 60; i++) {
      put.push(w.put(`key-${(i * seed) % 13}`, `v${i}`).sequenceNumber)
      if (i % 10 === 9) await w.sim.advance(700)
    }
    await w.sim.runUntilIdle()
    const dropped = discarded(w.sim)
    return { w, put, processed, dropped }
  }

  it('same seed ⇒ same event log', async () => {
    const a = await run(5)
    const b = await run(5)
    expect(a.w.sim.eventLogText()).toBe(b.w.sim.eventLogText())
    expect(a.w.sim.eventLogText().length).toBeGreaterThan(1000)
  })

  it('every record is processed, or sent to the on-failure destination / expired with a metric: none lost', async () => {
    const totals = { processed: 0, dropped: 0 }
    const conditions = new Set<string>()
    for (const seed of [1, 2, 3, 4, 6, 9, 12, 17]) {
      const { w, put, processed, dropped } = await run(seed)
      const droppedCount = dropped.reduce((sum, e) => sum + e.count, 0)
      const destinationCount = w.failures().reduce((sum, f) => sum + (f.KinesisBatchInfo.batchSize as number), 0)
      expect(destinationCount).toBe(droppedCount)
      const metric = w.sim.metrics?.getMetricStatistics({ metricName: 'DroppedEventCount', dimensions: { EventSourceMappingUUID: w.uuid }, statistics: ['Sum'], period: 86_400 })
      expect(metric?.[0]?.Sum ?? 0).toBe(droppedCount)
      // Each record ends exactly once: processed, or dropped (never both, never neither).
      const droppedSeqs = new Set<string>()
      for (const f of w.failures()) {
        const info = f.KinesisBatchInfo
        for (const s of put) if (BigInt(s) >= BigInt(info.startSequenceNumber) && BigInt(s) <= BigInt(info.endSequenceNumber) && !processed.has(s)) droppedSeqs.add(s)
      }
      totals.processed += processed.size
      totals.dropped += droppedCount
      for (const e of dropped) conditions.add(e.condition)
      expect(processed.size + droppedCount, `seed ${seed}`).toBe(put.length)
      for (const s of put) expect(processed.has(s) || droppedSeqs.has(s), `seed ${seed} record ${s}`).toBe(true)
    }
    // The workload exercises both ends.
    expect(totals.processed).toBeGreaterThan(100)
    expect(totals.dropped).toBeGreaterThan(10)
    expect([...conditions].sort()).toEqual(['RecordAgeExceeded', 'RetryAttemptsExhausted'])
  })
})
