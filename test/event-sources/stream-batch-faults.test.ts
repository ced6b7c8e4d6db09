import type { DynamoDBStreamEvent, KinesisStreamEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type FaultSpec, type SimEvent, type Simulation } from '../../src/index.js'
import { eventLogHash, sendStreamWorkload, type StreamWrite } from '../../src/testing/index.js'

// Fault plans reach the batches of Kinesis and DynamoDB Streams mappings:
// `{ eventSourceMapping?, batch, fault, records? }`, numbered as the mapping's esm.batchInvoked events.

type Source = 'kinesis' | 'dynamodb'
const T0 = Date.UTC(2024, 0, 1)

interface World {
  readonly sim: Simulation
  readonly uuid: string
  /** The data the handler saw, per invocation. */
  readonly seen: string[][]
  /** The sequence numbers of the records written, in order. */
  readonly sequenceNumbers: string[]
  readonly failures: () => Record<string, any>[]
}

interface Options {
  readonly faults: FaultSpec[]
  readonly report?: boolean
  /** Data the handler reports failed (ReportBatchItemFailures), the first time it sees it. */
  readonly handlerFails?: string[]
  readonly records?: number
  readonly seed?: number
  readonly timeout?: number
  readonly mapping?: Record<string, unknown>
}

async function world(source: Source, options: Options): Promise<World> {
  const sim = createSimulation({ seed: options.seed ?? 3, recordEvents: true, startTime: T0, faults: options.faults })
  const seen: string[][] = []
  const sightings = new Map<string, number>()
  sim.createFunction({
    functionName: 'consumer',
    timeout: options.timeout ?? 3,
    code: (async (event: KinesisStreamEvent | DynamoDBStreamEvent, context: { sleep(ms: number): Promise<void> }) => {
      const items = event.Records.map((r) =>
        'kinesis' in r
          ? { data: Buffer.from(r.kinesis.data, 'base64').toString('utf8'), id: r.kinesis.sequenceNumber }
          : { data: (r as DynamoDBStreamEvent['Records'][number]).dynamodb?.NewImage?.['data']?.S ?? '', id: (r as DynamoDBStreamEvent['Records'][number]).dynamodb?.SequenceNumber ?? '' },
      )
      seen.push(items.map((item) => item.data))
      await context.sleep(10)
      const failures = items.filter((item) => {
        const n = (sightings.get(item.data) ?? 0) + 1
        sightings.set(item.data, n)
        return (options.handlerFails ?? []).includes(item.data) && n === 1
      })
      return { batchItemFailures: failures.map((item) => ({ itemIdentifier: item.id })) }
    }) as never,
  })
  sim.sqs.createQueue({ queueName: 'failures' })
  let eventSourceArn: string
  if (source === 'kinesis') {
    sim.kinesis.createStream({ streamName: 'stream', shardCount: 1 })
    eventSourceArn = sim.kinesis.streamArn('stream')
  } else {
    eventSourceArn = sim.dynamodb.createTable({ tableName: 'Orders', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], streamSpecification: { streamViewType: 'NEW_AND_OLD_IMAGES' } }).tableDescription
      .latestStreamArn as string
  }
  const mapping = sim.createEventSourceMapping({
    functionName: 'consumer',
    eventSourceArn,
    startingPosition: 'TRIM_HORIZON',
    batchSize: 10,
    destinationConfig: { onFailure: { destination: sim.sqs.queueArn('failures') } },
    ...(options.report !== false ? { functionResponseTypes: ['ReportBatchItemFailures'] } : {}),
    ...(options.mapping ?? {}),
  } as never)
  await sim.advance('1s')
  // One key, so a parallelization factor keeps them in one lane; all written at once (one batch).
  const workload: StreamWrite[] = Array.from({ length: options.records ?? 3 }, (_, i) => ({ atMs: 0, partitionKey: `k${i + 1}`, data: `r${i + 1}` }))
  const target = source === 'kinesis' ? { streamName: 'stream' } : { tableName: 'Orders' }
  const sequenceNumbers = (await sendStreamWorkload(sim, target, workload)) as string[]
  await sim.runUntilIdle()
  const failures = () => sim.sqs.peekMessages(sim.sqs.queueUrl('failures')).map((m) => JSON.parse(m.body) as Record<string, any>)
  return { sim, uuid: mapping.uuid, seen, sequenceNumbers, failures }
}

const completed = (sim: Simulation): string[] =>
  sim.events().flatMap((e) => (e.type === 'esm.batchCompleted' ? [`#${e.batch} ${e.outcome} ${e.size - e.returned}/${e.size}${e.reason !== undefined ? ` ${e.reason}` : ''}`] : []))
const injected = (sim: Simulation): Extract<SimEvent, { type: 'fault.injected' }>[] => sim.events().filter((e): e is Extract<SimEvent, { type: 'fault.injected' }> => e.type === 'fault.injected')

describe.each<Source>(['kinesis', 'dynamodb'])('fault plans on %s stream batches', (source) => {
  it('fail-records with ReportBatchItemFailures - a checkpoint at the lowest failed position (with the ones the function listed)', async () => {
    const w = await world(source, { faults: [{ batch: 1, fault: 'fail-records', records: [3] }], handlerFails: ['r2'], records: 4 })
    // The function failed r2, the plan r3: the lowest is r2, everything from it is retried.
    expect(w.seen).toEqual([
      ['r1', 'r2', 'r3', 'r4'],
      ['r2', 'r3', 'r4'],
    ])
    expect(completed(w.sim)).toEqual(['#1 partial 1/4', '#2 success 3/3'])
    const events = injected(w.sim)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ fault: 'fail-records', functionName: 'consumer', invocation: 1, attempt: 1, planIndex: 0, eventSourceMapping: w.uuid, batch: 1, records: [3] })
  })

  it('fail-records - the first position fails the whole batch; a batch entry on a retry names that batch', async () => {
    const w = await world(source, { faults: [{ batch: 1, fault: 'fail-records', records: [2] }, { batch: 2, fault: 'fail-records', records: [1] }] })
    expect(w.seen).toEqual([
      ['r1', 'r2', 'r3'],
      ['r2', 'r3'],
      ['r2', 'r3'],
    ])
    expect(completed(w.sim)).toEqual(['#1 partial 1/3', '#2 failed 0/2 batchItemFailures from the first record', '#3 success 2/2'])
    expect(injected(w.sim).map((e) => [e.batch, e.records])).toEqual([
      [1, [2]],
      [2, [1]],
    ])
  })

  it('fail-records without ReportBatchItemFailures - the whole batch fails; positions past the batch are ignored', async () => {
    const w = await world(source, { faults: [{ batch: 1, fault: 'fail-records', records: [3, 7] }], report: false })
    expect(w.seen).toEqual([
      ['r1', 'r2', 'r3'],
      ['r1', 'r2', 'r3'],
    ])
    expect(completed(w.sim)).toEqual(['#1 failed 0/3 injected fault: fail-records', '#2 success 3/3'])
    expect(injected(w.sim)[0]?.records).toEqual([3])
  })

  it('fail-records naming only positions past the batch is no failure', async () => {
    const w = await world(source, { faults: [{ batch: 1, fault: 'fail-records', records: [9] }] })
    expect(completed(w.sim)).toEqual(['#1 success 3/3'])
    expect(injected(w.sim)[0]?.records).toEqual([])
  })

  it('error, timeout and throttle - the whole batch is retried', async () => {
    const error = await world(source, { faults: [{ batch: 1, fault: 'error', errorType: 'DownstreamDown' }] })
    expect(completed(error.sim)).toEqual(['#1 failed 0/3 DownstreamDown', '#2 success 3/3'])
    expect(error.seen).toHaveLength(2) // the handler ran, then its answer was replaced

    const timeout = await world(source, { faults: [{ batch: 1, fault: 'timeout' }], timeout: 2 })
    expect(completed(timeout.sim)).toEqual(['#1 failed 0/3 timeout', '#2 success 3/3'])
    expect(timeout.sim.events().filter((e) => e.type === 'invocation.timeout')).toHaveLength(1)

    const throttle = await world(source, { faults: [{ batch: 1, fault: 'throttle' }] })
    expect(completed(throttle.sim)).toEqual(['#1 throttled 0/3 ConcurrentInvocationLimitExceeded', '#2 success 3/3'])
    expect(throttle.seen).toHaveLength(1) // the handler never ran for the throttled batch
    for (const w of [error, timeout, throttle]) {
      expect(injected(w.sim).map((e) => [e.fault, e.batch, e.eventSourceMapping])).toEqual([[expect.any(String), 1, w.uuid]])
      expect(w.failures()).toEqual([])
    }
  })

  it('with bisecting and MaximumRetryAttempts - an error splits the batch, faults on the halves exhaust a record to the destination', async () => {
    const w = await world(source, {
      faults: [
        { batch: 1, fault: 'error' },
        { batch: 2, fault: 'error' },
        { batch: 3, fault: 'error' },
      ],
      report: false,
      records: 2,
      mapping: { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
    })
    // [r1 r2] fails → split: [r1] fails (a single record counts: retries exhausted), [r2]'s batch 3 fails too.
    expect(completed(w.sim)).toEqual(['#1 failed 0/2 Error', '#2 failed 0/1 Error', '#3 failed 0/1 Error'])
    const dropped = w.sim.events().filter((e) => e.type === 'esm.recordsDiscarded')
    expect(dropped.map((e) => [e.condition, e.count])).toEqual([
      ['RetryAttemptsExhausted', 1],
      ['RetryAttemptsExhausted', 1],
    ])
    const info = w.failures().map((f) => f[source === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo'])
    expect(info.map((i) => [i.startSequenceNumber, i.batchSize])).toEqual([
      [w.sequenceNumbers[0], 1],
      [w.sequenceNumbers[1], 1],
    ])
  })

  it('same seed and plan ⇒ same event log', async () => {
    const plan: FaultSpec[] = [
      { batch: 1, fault: 'fail-records', records: [2] },
      { eventSourceMapping: '*', batch: 2, fault: 'timeout' },
      { batch: 3, fault: 'throttle' },
    ]
    const a = await world(source, { faults: plan, seed: 11, records: 5 })
    const b = await world(source, { faults: plan, seed: 11, records: 5 })
    expect(eventLogHash(a.sim)).toBe(eventLogHash(b.sim))
    expect(injected(a.sim).map((e) => [e.fault, e.batch])).toEqual([
      ['fail-records', 1],
      ['timeout', 2],
      ['throttle', 3],
    ])
    expect(a.seen.flat().filter((d) => d === 'r5').length).toBeGreaterThanOrEqual(1)
    expect(a.sim.replayLine()).toContain('faults=[{"batch":1,"fault":"fail-records","records":[2]}')
  })
})

describe('sendStreamWorkload on a DynamoDB table', () => {
  it('puts, updates and deletes items; a write that changes nothing makes no record', async () => {
    const sim = createSimulation({ seed: 1, startTime: T0 })
    const streamArn = sim.dynamodb.createTable({ tableName: 'Things', keySchema: [{ attributeName: 'pk', keyType: 'HASH' }], streamSpecification: { streamViewType: 'NEW_IMAGE' } }).tableDescription
      .latestStreamArn as string
    const out = await sendStreamWorkload(sim, { tableName: 'Things' }, [
      { atMs: 0, partitionKey: 'k1', data: 'a', operation: 'put' },
      { atMs: 5, partitionKey: 'k1', data: 'a', operation: 'put' },
      { atMs: 5, partitionKey: 'k1', data: 'b', operation: 'update' },
      { atMs: 9, partitionKey: 'k2', data: 'c', operation: 'delete' },
      { atMs: 9, partitionKey: 'k1', data: 'c', operation: 'delete' },
    ])
    const records = sim.dynamodb.streamRecords({ streamArn }).records
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    expect(out).toEqual([records[0]?.dynamodb.SequenceNumber, undefined, records[1]?.dynamodb.SequenceNumber, undefined, records[2]?.dynamodb.SequenceNumber])
    expect(sim.nowMs - T0).toBe(9)
  })
})
