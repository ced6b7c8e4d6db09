import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createSimulation, KinesisError } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

describe('sim.kinesis', () => {
  it('creates a stream with shards splitting the 128-bit hash key space evenly', () => {
    const sim = createSimulation({ startTime: T0 })
    sim.kinesis.createStream({ streamName: 'orders', shardCount: 4 })
    const { streamDescription: d } = sim.kinesis.describeStream({ streamName: 'orders' })
    expect(d.streamARN).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/orders')
    expect(d.streamStatus).toBe('ACTIVE')
    expect(d.retentionPeriodHours).toBe(24)
    expect(d.shards.map((s) => s.shardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000003'])
    expect(d.shards[0]?.hashKeyRange.startingHashKey).toBe('0')
    expect(d.shards[3]?.hashKeyRange.endingHashKey).toBe(((1n << 128n) - 1n).toString())
    for (let i = 1; i < 4; i++) {
      expect(BigInt(d.shards[i]?.hashKeyRange.startingHashKey ?? '')).toBe(BigInt(d.shards[i - 1]?.hashKeyRange.endingHashKey ?? '') + 1n)
    }
    expect(sim.kinesis.describeStream({ streamARN: d.streamARN }).streamDescription.streamName).toBe('orders')
  })

  it('routes a record to the shard whose range holds the MD5 of its partition key; sequence numbers increase per shard', () => {
    const sim = createSimulation({ startTime: T0 })
    sim.kinesis.createStream({ streamName: 's', shardCount: 3 })
    const shards = sim.kinesis.describeStream({ streamName: 's' }).streamDescription.shards
    const seen = new Map<string, string[]>()
    for (let i = 0; i < 30; i++) {
      const key = `key-${i}`
      const out = sim.kinesis.putRecord({ streamName: 's', partitionKey: key, data: `d${i}` })
      const hash = BigInt(`0x${createHash('md5').update(key).digest('hex')}`)
      const shard = shards.find((s) => hash >= BigInt(s.hashKeyRange.startingHashKey) && hash <= BigInt(s.hashKeyRange.endingHashKey))
      expect(out.shardId).toBe(shard?.shardId)
      seen.set(out.shardId, [...(seen.get(out.shardId) ?? []), out.sequenceNumber])
    }
    for (const sequence of seen.values()) {
      for (let i = 1; i < sequence.length; i++) expect(BigInt(sequence[i] as string) > BigInt(sequence[i - 1] as string)).toBe(true)
    }
    // An explicit hash key overrides the partition key.
    expect(sim.kinesis.putRecord({ streamName: 's', partitionKey: 'x', data: 'y', explicitHashKey: '0' }).shardId).toBe('shardId-000000000000')
  })

  it('reads shards with iterators: TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP; arrival = virtual now', async () => {
    const sim = createSimulation({ startTime: T0 })
    sim.kinesis.createStream({ streamName: 's' })
    const a = sim.kinesis.putRecord({ streamName: 's', partitionKey: 'k', data: 'one' })
    await sim.advance(5000)
    const latest = sim.kinesis.getShardIterator({ streamName: 's', shardId: a.shardId, shardIteratorType: 'LATEST' }).shardIterator
    const b = sim.kinesis.putRecords({ streamName: 's', records: [{ partitionKey: 'k', data: 'two' }, { partitionKey: 'k', data: new Uint8Array([51]) }] })
    expect(b.failedRecordCount).toBe(0)
    const all = sim.kinesis.getRecords({ shardIterator: sim.kinesis.getShardIterator({ streamName: 's', shardId: a.shardId, shardIteratorType: 'TRIM_HORIZON' }).shardIterator })
    expect(all.records.map((r) => Buffer.from(r.data).toString())).toEqual(['one', 'two', '3'])
    expect(all.records[0]?.approximateArrivalTimestamp.getTime()).toBe(T0)
    expect(all.records[1]?.approximateArrivalTimestamp.getTime()).toBe(T0 + 5000)
    expect(sim.kinesis.getRecords({ shardIterator: latest }).records.map((r) => Buffer.from(r.data).toString())).toEqual(['two', '3'])
    const after = sim.kinesis.getShardIterator({ streamName: 's', shardId: a.shardId, shardIteratorType: 'AFTER_SEQUENCE_NUMBER', startingSequenceNumber: a.sequenceNumber })
    expect(sim.kinesis.getRecords({ shardIterator: after.shardIterator, limit: 1 }).records[0]?.partitionKey).toBe('k')
    const at = sim.kinesis.getShardIterator({ streamName: 's', shardId: a.shardId, shardIteratorType: 'AT_TIMESTAMP', timestamp: new Date(T0 + 1) })
    const page = sim.kinesis.getRecords({ shardIterator: at.shardIterator, limit: 1 })
    expect(Buffer.from(page.records[0]?.data ?? []).toString()).toBe('two')
    expect(sim.kinesis.getRecords({ shardIterator: page.nextShardIterator }).records).toHaveLength(1)
    // Iterators expire after 5 minutes.
    await sim.advance(301_000)
    expect(() => sim.kinesis.getRecords({ shardIterator: latest })).toThrow(expect.objectContaining({ name: 'ExpiredIteratorException' }))
  })

  it('answers misuse with AWS exception names and messages', () => {
    const sim = createSimulation({ startTime: T0 })
    sim.kinesis.createStream({ streamName: 's' })
    expect(() => sim.kinesis.createStream({ streamName: 's' })).toThrow(new KinesisError('ResourceInUseException', 'Stream s under account 123456789012 already exists.'))
    expect(() => sim.kinesis.putRecord({ streamName: 'nope', partitionKey: 'k', data: 'x' })).toThrow('Stream nope under account 123456789012 not found.')
    expect(() => sim.kinesis.putRecord({ streamName: 's', partitionKey: '', data: 'x' })).toThrow(expect.objectContaining({ name: 'ValidationException' }))
    expect(() => sim.kinesis.createStream({ streamName: 't', shardCount: 0 })).toThrow(expect.objectContaining({ name: 'ValidationException' }))
    expect(() => sim.kinesis.getShardIterator({ streamName: 's', shardId: 'shardId-000000000009', shardIteratorType: 'LATEST' })).toThrow(
      expect.objectContaining({ name: 'ResourceNotFoundException' }),
    )
    expect(() => sim.kinesis.getShardIterator({ streamName: 's', shardId: 'shardId-000000000000', shardIteratorType: 'AT_SEQUENCE_NUMBER' })).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentException' }),
    )
    expect(sim.kinesis.hasStream(sim.kinesis.streamArn('s'))).toBe(true)
    sim.kinesis.deleteStream({ streamName: 's' })
    expect(sim.kinesis.listStreams().streamNames).toEqual([])
  })
})
