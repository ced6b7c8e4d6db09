import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FaultSpec, LambdaContext, SimEvent, Simulation } from '../../src/index.js'
import { assertSimProperty, batchFaultPlanArbitrary, sendStreamWorkload, streamWorkloadArbitrary, type PropertyScenario, type StreamWrite } from '../../src/testing/index.js'

// Conservation of stream records through a Kinesis or DynamoDB Streams event source mapping, over
// random seeds, workloads (partition keys, put times; DynamoDB puts, updates and deletes), shards,
// batch sizes, batching windows, ParallelizationFactor, MaximumRetryAttempts,
// MaximumRecordAgeInSeconds (and records already old when the mapping starts), bisecting,
// ReportBatchItemFailures, on-failure destinations, records the function fails, and batch faults
// from the fault plan (failed records, errors, timeouts, throttles):
//
// - every record written ends exactly once: processed (in a batch that succeeded, or before the
//   checkpoint of a partial one), or dropped — an esm.recordsDiscarded event whose range holds it,
//   counted by the DroppedEventCount metric and, with a destination, in an on-failure record;
//   never both, never neither;
// - records of one partition key are processed in their order (and handed in order in a batch);
// - the counts agree: Σ discarded = the metric = Σ the destination's batchSize.
//
// A failure prints its replay line (`replay(line, scenario)` runs it again).

type Behaviour = 'ok' | 'fail-once' | 'fail-twice' | 'poison'

interface Config {
  readonly source: 'kinesis' | 'dynamodb'
  readonly shards: number
  readonly batchSize: number
  readonly windowS: number
  readonly parallelization: number
  readonly retries: number
  readonly maxAgeS: number
  readonly bisect: boolean
  readonly report: boolean
  readonly destination: boolean
  readonly handlerMs: number
  /** The workload is written this long before the mapping is created (TRIM_HORIZON): old records. */
  readonly lateStartS: number
}

const configs: fc.Arbitrary<Config> = fc
  .record({
    source: fc.constantFrom<Config['source']>('kinesis', 'dynamodb'),
    shards: fc.integer({ min: 1, max: 3 }),
    batchSize: fc.constantFrom(1, 2, 3, 5, 10),
    windowS: fc.constantFrom(0, 0, 1),
    parallelization: fc.integer({ min: 1, max: 4 }),
    retries: fc.constantFrom(-1, 0, 1, 3),
    maxAgeS: fc.constantFrom(-1, 60),
    bisect: fc.boolean(),
    report: fc.boolean(),
    destination: fc.boolean(),
    handlerMs: fc.constantFrom(0, 20, 400),
    lateStartS: fc.constantFrom(0, 0, 0, 58),
  })
  // Something must end a poison record's retries: infinite retries come with a maximum age.
  .map((c) => (c.retries === -1 && c.maxAgeS === -1 ? { ...c, maxAgeS: 60 } : c))

const arbitraries = {
  seed: fc.integer({ min: 0, max: 10_000 }),
  faults: batchFaultPlanArbitrary({ maxBatch: 10, maxFaults: 4, maxRecord: 10, maxRecordsPerFault: 3 }),
  writes: streamWorkloadArbitrary({ source: 'dynamodb', maxRecords: 14, maxOffsetMs: 6_000, keys: 4, data: fc.constantFrom<Behaviour>('ok', 'ok', 'fail-once', 'fail-twice', 'poison') }),
  config: configs,
}
type Values = { seed: number; faults: FaultSpec[]; writes: StreamWrite[]; config: Config }

interface Seen {
  readonly seq: string
  readonly key: string
  readonly behaviour: Behaviour
}

/** What the runs exercised (checked after the property: the workload reaches every path). */
const totals = { runs: 0, written: 0, processed: 0, dropped: 0, parallel: 0, conditions: new Set<string>(), faults: new Set<string>(), outcomes: new Set<string>() }

const conserved: PropertyScenario<Values> = async (sim: Simulation, { writes, config }) => {
  const fail = (why: string): never => {
    throw new Error(why)
  }
  const kinesis = config.source === 'kinesis'
  const sightings = new Map<string, number>()
  /** The records each invocation was handed, by request id. */
  const handed = new Map<string, Seen[]>()
  sim.createFunction({
    functionName: 'consumer',
    timeout: 3,
    code: (async (event: { Records: (KinesisStreamRecord | DynamoDBRecord)[] }, context: LambdaContext) => {
      const records: Seen[] = event.Records.map((r) => {
        if ('kinesis' in r) return { seq: r.kinesis.sequenceNumber, key: r.kinesis.partitionKey, behaviour: Buffer.from(r.kinesis.data, 'base64').toString('utf8') as Behaviour }
        const d = (r as DynamoDBRecord).dynamodb
        return { seq: d?.SequenceNumber ?? '', key: d?.Keys?.['id']?.S ?? '', behaviour: (d?.NewImage?.['data']?.S ?? d?.OldImage?.['data']?.S ?? 'ok') as Behaviour }
      })
      handed.set(context.awsRequestId, records)
      const failed: string[] = []
      for (const record of records) {
        const n = (sightings.get(record.seq) ?? 0) + 1
        sightings.set(record.seq, n)
        if (record.behaviour === 'poison' || (record.behaviour === 'fail-once' && n <= 1) || (record.behaviour === 'fail-twice' && n <= 2)) failed.push(record.seq)
      }
      if (config.handlerMs > 0) await context.sleep(config.handlerMs)
      if (!config.report && failed.length > 0) throw new Error(`${failed.length} records failed`)
      return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) }
    }) as never,
  })
  let eventSourceArn: string
  if (kinesis) {
    sim.kinesis.createStream({ streamName: 'stream', shardCount: config.shards })
    eventSourceArn = sim.kinesis.streamArn('stream')
  } else {
    eventSourceArn = sim.dynamodb.createTable({ tableName: 'Orders', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], streamSpecification: { streamViewType: 'NEW_AND_OLD_IMAGES' } }).tableDescription
      .latestStreamArn as string
  }
  const dlqUrl = sim.sqs.createQueue({ queueName: 'failures' }).queueUrl
  const createMapping = () =>
    sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn,
      startingPosition: 'TRIM_HORIZON',
      metricsConfig: { metrics: ['EventCount'] },
      batchSize: config.batchSize,
      parallelizationFactor: config.parallelization,
      maximumRetryAttempts: config.retries,
      maximumRecordAgeInSeconds: config.maxAgeS,
      bisectBatchOnFunctionError: config.bisect,
      ...(config.windowS > 0 ? { maximumBatchingWindowInSeconds: config.windowS } : {}),
      ...(config.report ? { functionResponseTypes: ['ReportBatchItemFailures'] } : {}),
      ...(config.destination ? { destinationConfig: { onFailure: { destination: sim.sqs.queueArn('failures') } } } : {}),
    } as never)
  // Kinesis records carry no operation; DynamoDB writes do.
  const workload = kinesis ? writes.map(({ atMs, partitionKey, data }): StreamWrite => ({ atMs, partitionKey, data })) : writes
  const target = kinesis ? { streamName: 'stream' } : { tableName: 'Orders' }
  let uuid: string
  let written: (string | undefined)[]
  if (config.lateStartS > 0) {
    written = await sendStreamWorkload(sim, target, workload)
    await sim.advance(config.lateStartS * 1000)
    uuid = createMapping().uuid
  } else {
    uuid = createMapping().uuid
    await sim.advance('1s')
    written = await sendStreamWorkload(sim, target, workload)
  }
  await sim.runUntilIdle()

  const records = written.filter((seq): seq is string => seq !== undefined)
  const keyOf = new Map<string, string>()
  written.forEach((seq, i) => {
    if (seq !== undefined) keyOf.set(seq, (writes[i] as StreamWrite).partitionKey)
  })

  // What the poller processed: the first size − returned records of each completed batch, in order.
  const events: SimEvent[] = sim.events()
  const requestOf = new Map<number, string>()
  const processed: string[] = []
  let discardedCount = 0
  const ranges: { shardId: string; first: bigint; last: bigint }[] = []
  for (const e of events) {
    if (e.type === 'esm.batchInvoked' && e.uuid === uuid) requestOf.set(e.batch, e.requestId)
    else if (e.type === 'esm.batchCompleted' && e.uuid === uuid) {
      if (e.outcome === 'not-invoked') fail(`batch ${e.batch} was not invoked`)
      const done = e.size - e.returned
      if (done === 0) continue
      const batch = handed.get(requestOf.get(e.batch) ?? '') ?? fail(`batch ${e.batch} processed ${done} records the handler never saw`)
      if (batch.length !== e.size) fail(`batch ${e.batch}: the handler saw ${batch.length} records, the poller counts ${e.size}`)
      processed.push(...batch.slice(0, done).map((r) => r.seq))
    } else if (e.type === 'esm.recordsDiscarded' && e.uuid === uuid) {
      discardedCount += e.count
      ranges.push({ shardId: e.shardId, first: BigInt(e.firstSequenceNumber), last: BigInt(e.lastSequenceNumber) })
      if (config.destination && e.delivered !== true) fail(`a discarded range was not delivered: ${e.reason ?? ''}`)
    }
  }

  totals.runs++
  totals.written += records.length
  totals.processed += processed.length
  totals.dropped += discardedCount
  for (const e of events) {
    if (e.type === 'esm.recordsDiscarded') totals.conditions.add(e.condition)
    if (e.type === 'fault.injected') totals.faults.add(e.fault)
    if (e.type === 'esm.batchCompleted') totals.outcomes.add(e.outcome)
  }
  if (config.lateStartS === 0 && config.parallelization > 1 && processed.length > 3) totals.parallel++

  // Every record ends exactly once.
  const processedSet = new Set(processed)
  if (processedSet.size !== processed.length) fail(`a record was processed twice: ${processed.join(' ')}`)
  for (const seq of processed) if (!keyOf.has(seq)) fail(`processed ${seq}, which was never written`)
  const dropped = records.filter((seq) => !processedSet.has(seq))
  if (dropped.length !== discardedCount) fail(`${records.length} written, ${processed.length} processed, ${discardedCount} discarded (${dropped.length} unaccounted for)`)
  for (const seq of dropped) {
    if (!ranges.some((r) => BigInt(seq) >= r.first && BigInt(seq) <= r.last)) fail(`record ${seq} was lost: neither processed nor in a discarded range`)
  }

  // Dropped with a metric, and (with a destination) an on-failure record.
  const metric = sim.metrics?.getMetricStatistics({ metricName: 'DroppedEventCount', dimensions: { EventSourceMappingUUID: uuid }, statistics: ['Sum'], period: 10 * 86_400 }) ?? []
  const metricSum = metric.reduce((sum, point) => sum + (point.Sum ?? 0), 0)
  if (metricSum !== discardedCount) fail(`DroppedEventCount ${metricSum}, discarded ${discardedCount}`)
  const onFailure = sim.sqs.peekMessages(dlqUrl).map((m) => JSON.parse(m.body) as Record<string, Record<string, unknown>>)
  const destinationCount = onFailure.reduce((sum, f) => sum + Number((f[kinesis ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo'] ?? {})['batchSize'] ?? 0), 0)
  if (destinationCount !== (config.destination ? discardedCount : 0)) fail(`the destination holds ${destinationCount} records, ${discardedCount} discarded`)

  // Per-key order: processing, and each batch's records.
  const lastOfKey = new Map<string, bigint>()
  for (const seq of processed) {
    const key = keyOf.get(seq) as string
    const previous = lastOfKey.get(key)
    if (previous !== undefined && BigInt(seq) <= previous) fail(`key ${key}: ${seq} processed after ${previous}`)
    lastOfKey.set(key, BigInt(seq))
  }
  for (const batch of handed.values()) {
    const inBatch = new Map<string, bigint>()
    for (const r of batch) {
      const previous = inBatch.get(r.key)
      if (previous !== undefined && BigInt(r.seq) <= previous) fail(`key ${r.key}: ${r.seq} handed after ${previous} in one batch`)
      inBatch.set(r.key, BigInt(r.seq))
    }
  }
}

describe('event source mappings: conservation (Kinesis and DynamoDB Streams)', () => {
  it('every record is processed once or dropped with a metric (and an on-failure record); none lost, per-key order kept', async () => {
    await assertSimProperty(arbitraries, conserved, { fastCheck: { seed: 21, numRuns: 400 } })
    // The runs reach every ending and every fault.
    expect(totals.processed).toBeGreaterThan(500)
    expect(totals.dropped).toBeGreaterThan(200)
    expect(totals.parallel).toBeGreaterThan(20)
    expect([...totals.conditions].sort()).toEqual(['RecordAgeExceeded', 'RetryAttemptsExhausted'])
    expect([...totals.faults].sort()).toEqual(['error', 'fail-records', 'throttle', 'timeout'])
    expect([...totals.outcomes].sort()).toEqual(['failed', 'partial', 'success', 'throttled'])
  })
})
