/**
 * Plays an arrival schedule on a simulation: the clock moves to each arrival's offset, and the
 * arrival starts its work there.
 */
import type { Simulation } from '../simulation/simulation.js'
import type { QueueMessage } from './arbitraries.js'

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
  const pending: unknown[] = []
  let previousMs = 0
  for (const [index, offsetMs] of offsetsMs.entries()) {
    if (!Number.isFinite(offsetMs) || offsetMs < previousMs) {
      throw new RangeError(`playArrivals: offsets must be finite and in order; #${index} is ${offsetMs} after ${previousMs}`)
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
