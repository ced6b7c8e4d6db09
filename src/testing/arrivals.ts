/**
 * Plays an arrival schedule on a simulation: the clock moves to each arrival's offset, and the
 * arrival starts its work there.
 */
import { SimulationError } from '../kernel/simulation-error.js'
import type { Simulation } from '../simulation/simulation.js'
import type { QueueMessage, StreamWrite } from './arbitraries.js'

/**
 * Calls `arrive(index, offsetMs)` at each offset (virtual ms after the current time, in order,
 * as `arrivalScheduleArbitrary` makes them), then waits for whatever the arrivals returned.
 * It does not run the simulation to the end: call `sim.runUntilIdle()` after it.
 *
 * @example
 * await playArrivals(sim, [0, 250, 250, 4000], (i) =>
 *   sim.invoke({ functionName: 'orders', invocationType: 'Event', payload: { orderId: `order-${i + 1}` } }))
 * await sim.runUntilIdle()
 *
 * Gotchas: arrivals should start work without waiting for it (an `Event` invoke, an SQS send, an
 * SNS publish). A `RequestResponse` invoke drives the clock until it completes, so the arrivals
 * after it come that much later.
 */
export async function playArrivals(sim: Simulation, offsetsMs: readonly number[], arrive: (index: number, offsetMs: number) => unknown): Promise<void> {
  const misuse = (detail: string): SimulationError => new SimulationError('invalid-argument', `playArrivals: ${detail}`, sim.replayLine())
  if (!Array.isArray(offsetsMs)) throw misuse('offsetsMs must be an array of virtual ms offsets')
  if (typeof arrive !== 'function') throw misuse('arrive must be a function (index, offsetMs) => …')
  const pending: unknown[] = []
  let previousMs = 0
  for (const [index, offsetMs] of offsetsMs.entries()) {
    if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs) || offsetMs < previousMs) {
      throw misuse(`offsets must be finite and in order; #${index} is ${String(offsetMs)} after ${previousMs}`)
    }
    if (offsetMs > previousMs) await sim.advance(offsetMs - previousMs)
    previousMs = offsetMs
    pending.push(arrive(index, offsetMs))
  }
  await Promise.all(pending)
}

/**
 * Sends a queue workload (as `queueWorkloadArbitrary` makes it) to the queue `queueUrl` of
 * `sim.sqs`, each message at its time; returns the message ids, in the workload's order. A message
 * with a `groupId` goes with that group and the deduplication id `m<index>`, so a FIFO queue takes
 * every message. It does not run the simulation to the end: call `sim.runUntilIdle()` after it.
 */
export async function sendQueueWorkload(sim: Simulation, queueUrl: string, workload: readonly QueueMessage[]): Promise<string[]> {
  if (!Array.isArray(workload)) throw new SimulationError('invalid-argument', 'sendQueueWorkload: the workload must be an array of { atMs, body, groupId? }', sim.replayLine())
  const ids: string[] = []
  await playArrivals(
    sim,
    workload.map((message) => message.atMs),
    (index) => {
      const message = workload[index] as QueueMessage
      ids[index] = sim.sqs.sendMessage({
        queueUrl,
        messageBody: message.body,
        ...(message.groupId !== undefined ? { messageGroupId: message.groupId, messageDeduplicationId: `m${index}` } : {}),
      }).messageId
    },
  )
  return ids
}

/** Where `sendStreamWorkload` writes: a Kinesis stream of `sim.kinesis`, or a table of `sim.dynamodb` with a stream. */
export type StreamWorkloadTarget = { readonly streamName: string } | { readonly tableName: string }

/**
 * Writes a stream workload (as `streamWorkloadArbitrary` makes it), each write at its time: to a
 * Kinesis stream, `putRecord` with the write's partition key and data; to a DynamoDB table, the
 * item `{ <key attributes>: { S: partitionKey }, data: { S: data } }` (a sort key, if any, is
 * `{ S: 'item' }`) put, updated or deleted as its `operation` says (default `put`). Returns the
 * sequence number of the stream record each write made, in the workload's order — `undefined` for
 * a DynamoDB write that changed nothing (no stream record, as on DynamoDB Streams). It does not
 * run the simulation to the end: call `sim.runUntilIdle()` after it.
 */
export async function sendStreamWorkload(sim: Simulation, target: StreamWorkloadTarget, workload: readonly StreamWrite[]): Promise<(string | undefined)[]> {
  const misuse = (detail: string): SimulationError => new SimulationError('invalid-argument', `sendStreamWorkload: ${detail}`, sim.replayLine())
  if (typeof target !== 'object' || target === null || !('streamName' in target || 'tableName' in target)) throw misuse('the target must be { streamName } or { tableName }')
  if (!Array.isArray(workload)) throw misuse('the workload must be an array of { atMs, partitionKey, data, operation? }')
  const sequenceNumbers: (string | undefined)[] = []
  let write: (w: StreamWrite) => string | undefined
  if ('streamName' in target) {
    write = (w) => sim.kinesis.putRecord({ streamName: target.streamName, partitionKey: w.partitionKey, data: w.data }).sequenceNumber
  } else {
    const { tableName } = target
    const table = sim.dynamodb.describeTable({ tableName }).table
    const streamArn = table.latestStreamArn
    if (streamArn === undefined) throw misuse(`the table ${tableName} has no stream`)
    const keyOf = (value: string): Record<string, { S: string }> =>
      Object.fromEntries(table.keySchema.map((element) => [element.attributeName, { S: element.keyType === 'HASH' ? value : 'item' }]))
    write = (w) => {
      const before = sim.dynamodb.streamRecords({ streamArn }).records.length
      const key = keyOf(w.partitionKey)
      switch (w.operation ?? 'put') {
        case 'put':
          sim.dynamodb.putItem({ tableName, item: { ...key, data: { S: w.data } } })
          break
        case 'update':
          sim.dynamodb.updateItem({ tableName, key, attributeUpdates: { data: { Value: { S: w.data } } } })
          break
        default:
          sim.dynamodb.deleteItem({ tableName, key })
      }
      const records = sim.dynamodb.streamRecords({ streamArn }).records
      return records.length > before ? records[records.length - 1]?.dynamodb.SequenceNumber : undefined
    }
  }
  await playArrivals(
    sim,
    workload.map((w) => w.atMs),
    (index) => {
      sequenceNumbers[index] = write(workload[index] as StreamWrite)
    },
  )
  return sequenceNumbers
}
