import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  KinesisClient,
  KinesisServiceException,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis'
import type { KinesisStreamEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { kinesisProtocol } from '../../src/sdk/kinesis-protocol.js'
import { ACCOUNT, REGION, rejection, simulation, summary, UUID } from './service-clients.js'

const T0 = Date.UTC(2024, 0, 1)
const STREAM_ARN = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes)
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value)

function setup(seed = 1) {
  const sim = simulation({ seed, startTime: T0 })
  const kinesis = new KinesisClient(sim.clientConfig())
  return { sim, kinesis }
}

describe('kinesis-client', () => {
  it('CreateStream / DescribeStream / DescribeStreamSummary / ListStreams / ListShards / DeleteStream', async () => {
    const { sim, kinesis } = setup()
    const created = await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 3 }))
    expect(created.$metadata.httpStatusCode).toBe(200)
    expect(created.$metadata.requestId).toMatch(UUID)
    await kinesis.send(new CreateStreamCommand({ StreamName: 'audit', ShardCount: 1, StreamModeDetails: { StreamMode: 'PROVISIONED' } }))

    const described = (await kinesis.send(new DescribeStreamCommand({ StreamName: 'clicks' }))).StreamDescription
    expect(described).toMatchObject({
      StreamName: 'clicks',
      StreamARN: STREAM_ARN('clicks'),
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      HasMoreShards: false,
      RetentionPeriodHours: 24,
      EncryptionType: 'NONE',
    })
    expect(described?.StreamCreationTimestamp).toEqual(new Date(T0))
    expect(described?.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002'])
    expect(described?.Shards?.[0]?.HashKeyRange?.StartingHashKey).toBe('0')
    expect(described?.Shards?.[2]?.HashKeyRange?.EndingHashKey).toBe(((1n << 128n) - 1n).toString())
    // The same answer as the facade's.
    expect(described?.Shards?.map((s) => s.SequenceNumberRange?.StartingSequenceNumber)).toEqual(
      sim.kinesis.describeStream({ streamName: 'clicks' }).streamDescription.shards.map((s) => s.sequenceNumberRange.startingSequenceNumber),
    )

    const paged = (await kinesis.send(new DescribeStreamCommand({ StreamName: 'clicks', Limit: 2 }))).StreamDescription
    expect([paged?.Shards?.map((s) => s.ShardId), paged?.HasMoreShards]).toEqual([['shardId-000000000000', 'shardId-000000000001'], true])
    const rest = (await kinesis.send(new DescribeStreamCommand({ StreamName: 'clicks', ExclusiveStartShardId: 'shardId-000000000001' }))).StreamDescription
    expect(rest?.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000002'])

    // By ARN (the SDK sends it to the account's control-kinesis endpoint).
    const summaryOut = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: STREAM_ARN('clicks') }))).StreamDescriptionSummary
    expect(summaryOut).toEqual({
      StreamName: 'clicks',
      StreamARN: STREAM_ARN('clicks'),
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(T0),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      OpenShardCount: 3,
      ConsumerCount: 0,
    })

    const listed = await kinesis.send(new ListStreamsCommand({}))
    expect([listed.StreamNames, listed.HasMoreStreams, listed.NextToken]).toEqual([['audit', 'clicks'], false, undefined])
    expect(listed.StreamSummaries?.map((s) => [s.StreamName, s.StreamARN, s.StreamStatus])).toEqual([
      ['audit', STREAM_ARN('audit'), 'ACTIVE'],
      ['clicks', STREAM_ARN('clicks'), 'ACTIVE'],
    ])
    const first = await kinesis.send(new ListStreamsCommand({ Limit: 1 }))
    expect([first.StreamNames, first.HasMoreStreams]).toEqual([['audit'], true])
    const second = await kinesis.send(new ListStreamsCommand({ NextToken: first.NextToken }))
    expect([second.StreamNames, second.HasMoreStreams]).toEqual([['clicks'], false])
    expect((await kinesis.send(new ListStreamsCommand({ ExclusiveStartStreamName: 'audit' }))).StreamNames).toEqual(['clicks'])

    const shards = await kinesis.send(new ListShardsCommand({ StreamName: 'clicks', MaxResults: 2 }))
    expect(shards.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001'])
    expect(shards.NextToken).toBeTypeOf('string')
    const moreShards = await kinesis.send(new ListShardsCommand({ NextToken: shards.NextToken }))
    expect([moreShards.Shards?.map((s) => s.ShardId), moreShards.NextToken]).toEqual([['shardId-000000000002'], undefined])
    const afterFilter = await kinesis.send(new ListShardsCommand({ StreamARN: STREAM_ARN('clicks'), ShardFilter: { Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000000' } }))
    expect(afterFilter.Shards?.map((s) => s.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002'])

    await kinesis.send(new DeleteStreamCommand({ StreamName: 'audit' }))
    expect(sim.kinesis.listStreams().streamNames).toEqual(['clicks'])
    await kinesis.send(new DeleteStreamCommand({ StreamARN: STREAM_ARN('clicks'), EnforceConsumerDeletion: true }))
    expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual([])
  })

  it('PutRecord / PutRecords, then GetShardIterator and GetRecords read them back in order (Data in bytes, timestamps as Dates)', async () => {
    const { sim, kinesis } = setup()
    await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 }))
    const one = await kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'user-1', Data: bytes('first') }))
    expect(one).toMatchObject({ ShardId: 'shardId-000000000000', EncryptionType: 'NONE' })
    expect(one.SequenceNumber).toMatch(/^\d{56}$/)
    await sim.advance('2s')
    const many = await kinesis.send(
      new PutRecordsCommand({
        StreamARN: STREAM_ARN('clicks'),
        Records: [
          { PartitionKey: 'user-2', Data: bytes('second') },
          { PartitionKey: 'user-3', Data: new Uint8Array([0, 255, 1]) },
        ],
      }),
    )
    expect(many.FailedRecordCount).toBe(0)
    expect(many.Records?.map((r) => r.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000000'])
    expect(many.Records?.[0]?.SequenceNumber! > one.SequenceNumber!).toBe(true)

    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: 2 }))
    expect(page.Records?.map((r) => [text(r.Data), r.PartitionKey, r.ApproximateArrivalTimestamp])).toEqual([
      ['first', 'user-1', new Date(T0)],
      ['second', 'user-2', new Date(T0 + 2000)],
    ])
    expect(page.Records?.[0]?.SequenceNumber).toBe(one.SequenceNumber)
    const next = await kinesis.send(new GetRecordsCommand({ ShardIterator: page.NextShardIterator }))
    expect(next.Records?.map((r) => [...(r.Data ?? [])])).toEqual([[0, 255, 1]])
    expect(next.MillisBehindLatest).toBe(0)
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator: next.NextShardIterator }))).Records).toEqual([])

    // AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP (a Date, sent as epoch seconds), LATEST.
    const after = await kinesis.send(
      new GetShardIteratorCommand({ StreamARN: STREAM_ARN('clicks'), ShardId: 'shardId-000000000000', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: one.SequenceNumber }),
    )
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator: after.ShardIterator }))).Records?.map((r) => text(r.Data))).toEqual(['second', '\u0000\ufffd\u0001'])
    const atTime = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(T0 + 1000) }))
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator: atTime.ShardIterator }))).Records?.map((r) => r.PartitionKey)).toEqual(['user-2', 'user-3'])
    const latest = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }))
    await kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'user-4', Data: bytes('fourth') }))
    expect((await kinesis.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }))).Records?.map((r) => text(r.Data))).toEqual(['fourth'])

    // What the facade reads is what the SDK wrote.
    const facade = sim.kinesis.getRecords({ shardIterator: sim.kinesis.getShardIterator({ streamName: 'clicks', shardId: 'shardId-000000000000', shardIteratorType: 'TRIM_HORIZON' }).shardIterator })
    expect(facade.records.map((r) => r.partitionKey)).toEqual(['user-1', 'user-2', 'user-3', 'user-4'])
  })

  it('records spread over shards by the MD5 of the partition key, or by ExplicitHashKey', async () => {
    const { kinesis } = setup()
    await kinesis.send(new CreateStreamCommand({ StreamName: 'spread', ShardCount: 2 }))
    const low = await kinesis.send(new PutRecordCommand({ StreamName: 'spread', PartitionKey: 'k', ExplicitHashKey: '0', Data: bytes('low') }))
    const high = await kinesis.send(new PutRecordCommand({ StreamName: 'spread', PartitionKey: 'k', ExplicitHashKey: ((1n << 128n) - 1n).toString(), Data: bytes('high') }))
    expect([low.ShardId, high.ShardId]).toEqual(['shardId-000000000000', 'shardId-000000000001'])
    const out = await kinesis.send(new PutRecordsCommand({ StreamName: 'spread', Records: Array.from({ length: 20 }, (_, n) => ({ PartitionKey: `user-${n}`, Data: bytes(String(n)) })) }))
    expect(new Set(out.Records?.map((r) => r.ShardId))).toEqual(new Set(['shardId-000000000000', 'shardId-000000000001']))
  })

  it('errors are the SDK’s exception classes with AWS’s messages', async () => {
    const { sim, kinesis } = setup()
    await kinesis.send(new CreateStreamCommand({ StreamName: 'clicks' }))

    const exists = await rejection(kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 })))
    expect(exists).toBeInstanceOf(ResourceInUseException)
    expect(summary(exists)).toEqual({ name: 'ResourceInUseException', message: `Stream clicks under account ${ACCOUNT} already exists.`, status: 400 })

    const missing = await rejection(kinesis.send(new PutRecordCommand({ StreamName: 'nope', PartitionKey: 'k', Data: bytes('x') })))
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect(summary(missing)).toEqual({ name: 'ResourceNotFoundException', message: `Stream nope under account ${ACCOUNT} not found.`, status: 400 })
    expect(missing.$metadata.requestId).toMatch(UUID)
    await expect(kinesis.send(new DescribeStreamCommand({ StreamARN: STREAM_ARN('nope') }))).rejects.toBeInstanceOf(ResourceNotFoundException)
    await expect(kinesis.send(new DeleteStreamCommand({ StreamName: 'nope' }))).rejects.toBeInstanceOf(ResourceNotFoundException)

    const shard = await rejection(kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000009', ShardIteratorType: 'TRIM_HORIZON' })))
    expect(summary(shard)).toEqual({ name: 'ResourceNotFoundException', message: `Shard shardId-000000000009 in stream clicks under account ${ACCOUNT} does not exist`, status: 400 })

    const noSequence = await rejection(kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER' })))
    expect(noSequence).toBeInstanceOf(InvalidArgumentException)
    expect(noSequence.message).toBe('Must specify StartingSequenceNumber when ShardIteratorType is AT_SEQUENCE_NUMBER.')

    const noName = await rejection(kinesis.send(new DescribeStreamSummaryCommand({})))
    expect(noName).toBeInstanceOf(InvalidArgumentException)
    expect(noName.message).toBe('Either StreamName or StreamARN should be provided.')

    const badName = await rejection(kinesis.send(new CreateStreamCommand({ StreamName: 'bad name!', ShardCount: 1 })))
    expect([badName.name, badName instanceof KinesisServiceException]).toEqual(['ValidationException', true])
    expect(badName.message).toContain("at 'streamName' failed to satisfy constraint")

    const badLimit = await rejection(kinesis.send(new GetRecordsCommand({ ShardIterator: 'x', Limit: 10_001 })))
    expect(summary(badLimit)).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      status: 400,
    })

    // An iterator is good for five virtual minutes.
    const { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }))
    await sim.advance('301s')
    const expired = await rejection(kinesis.send(new GetRecordsCommand({ ShardIterator })))
    expect(expired).toBeInstanceOf(ExpiredIteratorException)
    expect(expired.message).toMatch(/^Iterator expired\. /)

    // What lambda-sim does not simulate is refused by name.
    const onDemand = await rejection(kinesis.send(new CreateStreamCommand({ StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } })))
    expect(summary(onDemand)).toEqual({ name: 'InvalidArgumentException', message: 'lambda-sim does not simulate StreamMode ON_DEMAND on CreateStream (only PROVISIONED).', status: 400 })
    const tags = await rejection(kinesis.send(new CreateStreamCommand({ StreamName: 'tagged', ShardCount: 1, Tags: { team: 'a' } })))
    expect(tags.message).toBe('lambda-sim does not simulate Tags on CreateStream.')
    const split = await rejection(kinesis.send(new SplitShardCommand({ StreamName: 'clicks', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1' })))
    expect(summary(split)).toEqual({ name: 'UnknownOperationException', message: 'lambda-sim does not simulate the Kinesis operation SplitShard.', status: 400 })
    expect(sim.kinesis.listStreams().streamNames).toEqual(['clicks'])
  })

  it('the protocol answers JSON 1.1 errors with __type, and routes by x-amz-target behind a custom endpoint', async () => {
    const sim = simulation()
    const answer = await kinesisProtocol(sim, { method: 'POST', hostname: 'kinesis.us-east-1.amazonaws.com', path: '/', headers: { 'X-Amz-Target': 'Kinesis_20131202.DescribeStream' } }, bytes('{"StreamName":"x"}'))
    expect(answer.statusCode).toBe(400)
    expect(answer.headers['content-type']).toBe('application/x-amz-json-1.1')
    expect(JSON.parse(text(answer.body))).toEqual({ __type: 'ResourceNotFoundException', message: `Stream x under account ${ACCOUNT} not found.` })
    const unreadable = await kinesisProtocol(sim, { method: 'POST', hostname: 'kinesis.us-east-1.amazonaws.com', path: '/', headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams' } }, bytes('[1]'))
    expect(JSON.parse(text(unreadable.body))).toMatchObject({ __type: 'SerializationException' })

    const local = new KinesisClient({ ...sim.clientConfig(), endpoint: 'http://localhost:4567' })
    await local.send(new CreateStreamCommand({ StreamName: 'local', ShardCount: 1 }))
    expect(sim.kinesis.listStreams().streamNames).toEqual(['local'])
  })

  it('same seed, same calls ⇒ same answers and event log', async () => {
    async function run() {
      const sim = createSimulation({ seed: 9, recordEvents: true, startTime: T0 })
      const kinesis = new KinesisClient(sim.clientConfig())
      await kinesis.send(new CreateStreamCommand({ StreamName: 's', ShardCount: 4 }))
      const out = await kinesis.send(new PutRecordsCommand({ StreamName: 's', Records: Array.from({ length: 12 }, (_, n) => ({ PartitionKey: `p${n}`, Data: bytes(`d${n}`) })) }))
      return { records: out.Records, requestId: out.$metadata.requestId, log: sim.eventLogText() }
    }
    expect(await run()).toEqual(await run())
  })
})

describe('kinesis-client with event source mappings and handlers', () => {
  it('a Kinesis event source mapping consumes the records put through the SDK, in order per shard', async () => {
    const sim = createSimulation({ seed: 3, recordEvents: true, startTime: T0 })
    const seen: Array<{ data: string; partitionKey: string; sequenceNumber: string; source: string }> = []
    sim.createFunction({
      functionName: 'consumer',
      code: async (event: KinesisStreamEvent) => {
        for (const record of event.Records) {
          seen.push({
            data: Buffer.from(record.kinesis.data, 'base64').toString('utf8'),
            partitionKey: record.kinesis.partitionKey,
            sequenceNumber: record.kinesis.sequenceNumber,
            source: record.eventSourceARN,
          })
        }
        return null
      },
    })
    const kinesis = new KinesisClient(sim.clientConfig())
    await kinesis.send(new CreateStreamCommand({ StreamName: 'orders', ShardCount: 2 }))
    const mapping = sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: STREAM_ARN('orders'), startingPosition: 'TRIM_HORIZON', batchSize: 10 })
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: 'orders', Records: Array.from({ length: 10 }, (_, n) => ({ PartitionKey: `customer-${n % 3}`, Data: bytes(`order-${n}`) })) }))
    await kinesis.send(new PutRecordCommand({ StreamName: 'orders', PartitionKey: 'customer-0', Data: bytes('order-10') }))
    await sim.runUntilIdle()

    expect(seen.map((r) => r.data).sort()).toEqual(Array.from({ length: 11 }, (_, n) => `order-${n}`).sort())
    expect(new Set(seen.map((r) => r.source))).toEqual(new Set([STREAM_ARN('orders')]))
    // Per partition key (hence per shard), in the order put.
    for (const key of ['customer-0', 'customer-1', 'customer-2']) {
      const order = seen.filter((r) => r.partitionKey === key).map((r) => Number(r.data.slice('order-'.length)))
      expect(order).toEqual([...order].sort((a, b) => a - b))
    }
    expect(seen.find((r) => r.data === 'order-0')?.sequenceNumber).toBe(put.Records?.[0]?.SequenceNumber)
    expect(sim.getEventSourceMapping({ uuid: mapping.uuid }).state).toBe('Enabled')
  })

  it('a handler with a module-scope KinesisClient (default settings) puts records another mapping consumes', async () => {
    const sim = createSimulation({ seed: 5, recordEvents: true, startTime: T0 })
    const consumed: string[] = []
    sim.kinesis.createStream({ streamName: 'audit', shardCount: 1 })
    sim.createFunction({
      functionName: 'producer',
      code: {
        init: async () => {
          // Module scope: one client for every invocation of this environment.
          const kinesis = new KinesisClient({})
          return async (event: { n: number }) => {
            const put = await kinesis.send(new PutRecordCommand({ StreamName: 'audit', PartitionKey: `n-${event.n}`, Data: bytes(JSON.stringify({ n: event.n })) }))
            const byArn = await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: STREAM_ARN('audit') }))
            let missing = ''
            try {
              await kinesis.send(new DescribeStreamCommand({ StreamName: 'missing' }))
            } catch (error) {
              missing = error instanceof ResourceNotFoundException ? error.name : String(error)
            }
            return { shardId: put.ShardId, openShards: byArn.StreamDescriptionSummary?.OpenShardCount, missing }
          }
        },
      },
    })
    sim.createFunction({
      functionName: 'auditor',
      code: async (event: KinesisStreamEvent) => {
        for (const record of event.Records) consumed.push(Buffer.from(record.kinesis.data, 'base64').toString('utf8'))
        return null
      },
    })
    sim.createEventSourceMapping({ functionName: 'auditor', eventSourceArn: STREAM_ARN('audit'), startingPosition: 'TRIM_HORIZON' })
    const first = await sim.invoke({ functionName: 'producer', payload: { n: 1 } })
    expect(first.functionError).toBeUndefined()
    expect(first.payload).toEqual({ shardId: 'shardId-000000000000', openShards: 1, missing: 'ResourceNotFoundException' })
    await sim.invoke({ functionName: 'producer', payload: { n: 2 } })
    await sim.runUntilIdle()
    expect(consumed).toEqual(['{"n":1}', '{"n":2}'])
  })
})
