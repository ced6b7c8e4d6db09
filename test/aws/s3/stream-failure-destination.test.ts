import type { KinesisStreamEvent } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const T0 = Date.UTC(2024, 4, 6, 7, 8, 9)

/** A Kinesis mapping whose function always fails, with an S3 bucket as its on-failure destination. */
async function failingKinesis(seed: number) {
  const sim = createSimulation({ seed, startTime: T0, recordEvents: true })
  sim.createFunction({
    functionName: 'consumer',
    code: async (_event: KinesisStreamEvent) => {
      throw new Error('poison')
    },
  })
  sim.kinesis.createStream({ streamName: 'orders', shardCount: 1 })
  sim.s3.createBucket({ bucket: 'failed-batches' })
  const mapping = sim.createEventSourceMapping({
    functionName: 'consumer',
    eventSourceArn: sim.kinesis.streamArn('orders'),
    startingPosition: 'TRIM_HORIZON',
    maximumRetryAttempts: 1,
    destinationConfig: { onFailure: { destination: 'arn:aws:s3:::failed-batches' } },
  })
  sim.kinesis.putRecord({ streamName: 'orders', partitionKey: 'a', data: JSON.stringify({ order: 1 }) })
  sim.kinesis.putRecord({ streamName: 'orders', partitionKey: 'a', data: JSON.stringify({ order: 2 }) })
  await sim.runUntilIdle()
  return { sim, uuid: mapping.uuid }
}

describe('S3 as the on-failure destination of a stream event source mapping', () => {
  it('the discarded batch is written as an object under aws/lambda/<mapping>/<shard>/YYYY/MM/DD/…, with the batch as its payload', async () => {
    const { sim, uuid } = await failingKinesis(31)
    const listed = sim.s3.listObjectsV2({ bucket: 'failed-batches' })
    expect(listed.contents).toHaveLength(1)
    const key = listed.contents[0]!.key
    expect(key).toMatch(new RegExp(`^aws/lambda/${uuid}/shardId-000000000000/2024/05/06/2024-05-06T07\\.08\\.\\d\\d-[0-9a-f-]{36}$`))
    const object = sim.s3.getObject({ bucket: 'failed-batches', key })
    expect(object.contentType).toBe('application/json')
    const record = JSON.parse(Buffer.from(object.body).toString('utf8')) as Record<string, any>
    expect(record.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 })
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' })
    expect(record.KinesisBatchInfo).toMatchObject({ shardId: 'shardId-000000000000', batchSize: 2, streamArn: sim.kinesis.streamArn('orders') })
    const data = (record.payload.Records as KinesisStreamEvent['Records']).map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as unknown)
    expect(data).toEqual([{ order: 1 }, { order: 2 }])
    expect(sim.events().filter((e) => e.type === 'esm.recordsDiscarded')).toMatchObject([{ destination: 'arn:aws:s3:::failed-batches', delivered: true }])
  })

  it('DynamoDB Streams: the record carries DDBStreamBatchInfo and the batch as its payload', async () => {
    const sim = createSimulation({ seed: 37, startTime: T0 })
    sim.s3.createBucket({ bucket: 'failed-batches' })
    sim.createFunction({ functionName: 'consumer', code: async () => Promise.reject(new Error('x')) })
    const streamArn = sim.dynamodb.createTable({ tableName: 'Orders', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], streamSpecification: { streamViewType: 'NEW_IMAGE' } }).tableDescription
      .latestStreamArn as string
    const mapping = sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn: streamArn,
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: 'arn:aws:s3:::failed-batches' } },
    })
    sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { N: '7' } } })
    await sim.runUntilIdle()
    const [object] = sim.s3.listObjectsV2({ bucket: 'failed-batches' }).contents
    expect(object?.key.startsWith(`aws/lambda/${mapping.uuid}/`)).toBe(true)
    const record = JSON.parse(Buffer.from(sim.s3.getObject({ bucket: 'failed-batches', key: object!.key }).body).toString('utf8')) as Record<string, any>
    expect(record.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, streamArn })
    expect(record.payload.Records[0]).toMatchObject({ eventName: 'INSERT', dynamodb: { Keys: { id: { N: '7' } } } })
  })

  it('a bucket that does not exist: the record is not delivered, and the discard says why', async () => {
    const sim = createSimulation({ seed: 32, recordEvents: true })
    sim.createFunction({ functionName: 'consumer', code: async () => Promise.reject(new Error('x')) })
    sim.kinesis.createStream({ streamName: 'orders', shardCount: 1 })
    sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn: sim.kinesis.streamArn('orders'),
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: 'arn:aws:s3:::missing-bucket' } },
    })
    sim.kinesis.putRecord({ streamName: 'orders', partitionKey: 'a', data: 'x' })
    await sim.runUntilIdle()
    expect(sim.events().filter((e) => e.type === 'esm.recordsDiscarded')).toMatchObject([{ delivered: false, reason: 'S3 bucket missing-bucket does not exist' }])
  })

  it('the object written notifies as any other: a function on the bucket sees ObjectCreated:Put', async () => {
    const sim = createSimulation({ seed: 33, startTime: T0 })
    sim.s3.createBucket({ bucket: 'failed-batches' })
    const seen: string[] = []
    sim.createFunction({ functionName: 'triage', code: async (event: { Records: Array<{ s3: { object: { key: string } } }> }) => void seen.push(event.Records[0]!.s3.object.key) })
    sim.addPermission({ functionName: 'triage', statementId: 's3', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::failed-batches' })
    sim.s3.putBucketNotificationConfiguration({
      bucket: 'failed-batches',
      notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: sim.getFunctionConfiguration({ functionName: 'triage' }).functionArn, events: ['s3:ObjectCreated:*'], filter: { key: { filterRules: [{ name: 'prefix', value: 'aws/lambda/' }] } } }] },
    })
    sim.createFunction({ functionName: 'consumer', code: async () => Promise.reject(new Error('x')) })
    sim.kinesis.createStream({ streamName: 'orders', shardCount: 1 })
    sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn: sim.kinesis.streamArn('orders'),
      startingPosition: 'TRIM_HORIZON',
      maximumRetryAttempts: 0,
      destinationConfig: { onFailure: { destination: 'arn:aws:s3:::failed-batches' } },
    })
    sim.kinesis.putRecord({ streamName: 'orders', partitionKey: 'a', data: 'x' })
    await sim.runUntilIdle()
    expect(seen).toEqual([sim.s3.listObjectsV2({ bucket: 'failed-batches' }).contents[0]!.key])
  })

  it('same seed, same objects', async () => {
    const keys = async () => (await failingKinesis(34)).sim.s3.listObjectsV2({ bucket: 'failed-batches' }).contents.map((c) => c.key)
    expect(await keys()).toEqual(await keys())
  })
})

describe('S3 as the on-failure destination of asynchronous invocations', () => {
  it('the invocation record is written under aws/lambda/async/<function>/YYYY/MM/DD/…', async () => {
    const sim = createSimulation({ seed: 35, startTime: T0 })
    sim.s3.createBucket({ bucket: 'async-failures' })
    sim.createFunction({ functionName: 'charge', code: async () => Promise.reject(new Error('declined')) })
    sim.putFunctionEventInvokeConfig({ functionName: 'charge', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: 'arn:aws:s3:::async-failures' } } })
    await sim.invoke({ functionName: 'charge', invocationType: 'Event', payload: { order: 9 } })
    await sim.runUntilIdle()
    const [object] = sim.s3.listObjectsV2({ bucket: 'async-failures' }).contents
    expect(object?.key).toMatch(/^aws\/lambda\/async\/charge\/2024\/05\/06\/2024-05-06T07\.08\.\d\d-[0-9a-f-]{36}$/)
    const record = JSON.parse(Buffer.from(sim.s3.getObject({ bucket: 'async-failures', key: object!.key }).body).toString('utf8')) as Record<string, any>
    expect(record.requestPayload).toEqual({ order: 9 })
    expect(record.requestContext.condition).toBe('RetriesExhausted')
  })
})

describe('a stream mapping’s on-failure destination kinds', () => {
  it('SQS, SNS and S3 are accepted; another kind of ARN is refused as AWS refuses it', () => {
    const sim = createSimulation({ seed: 36 })
    sim.createFunction({ functionName: 'consumer', code: async () => 'ok' })
    sim.kinesis.createStream({ streamName: 'orders', shardCount: 1 })
    const create = (destination: string) =>
      sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: sim.kinesis.streamArn('orders'), startingPosition: 'LATEST', destinationConfig: { onFailure: { destination } } })
    expect(create('arn:aws:s3:::failed-batches').destinationConfig).toEqual({ onFailure: { destination: 'arn:aws:s3:::failed-batches' } })
    const lambdaArn = sim.getFunctionConfiguration({ functionName: 'consumer' }).functionArn
    expect(() => create(lambdaArn)).toThrow(`The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=${lambdaArn})) is invalid.`)
  })
})
