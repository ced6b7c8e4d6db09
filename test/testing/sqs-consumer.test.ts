import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FaultSpec, LambdaContext, Simulation } from '../../src/index.js'
import {
  assertSimProperty,
  batchFaultPlanArbitrary,
  eventLogHash,
  faultPlanArbitrary,
  queueWorkloadArbitrary,
  replay,
  sendQueueWorkload,
  SimPropertyFailure,
  type PropertyScenario,
  type QueueMessage,
} from '../../src/testing/index.js'

// The SQS story of docs/testing.md: a consumer reads orders from a queue through an event source
// mapping with ReportBatchItemFailures and reserves stock for each by calling a `warehouse`
// function. The warehouse is idempotent by key (it keeps the keys it has seen), so a redelivered
// order costs nothing — as long as the consumer reports the right failures and passes a stable key.
// The property: every order sent is reserved exactly once, and nothing is left in the queue or its
// dead-letter queue. The fault plan fails warehouse calls (invocation entries) and the mapping's
// batches (batch entries).

/** The warehouse's stock reservations: the truth the property checks. */
class Reservations {
  private readonly keys = new Set<string>()
  readonly byOrder = new Map<string, number>()
  reserve(orderRef: string, key: string): void {
    if (this.keys.has(key)) return
    this.keys.add(key)
    this.byOrder.set(orderRef, (this.byOrder.get(orderRef) ?? 0) + 1)
  }
}

/** One warehouse call for one record; rejects when the warehouse failed or refused (429). */
async function reserve(context: LambdaContext, record: SQSRecord, key: string): Promise<void> {
  const result = await context.lambda.invoke({ functionName: 'warehouse', payload: { orderRef: record.messageId, item: record.body, key } })
  if (result.statusCode !== 200 || result.functionError !== undefined) throw new Error(`warehouse answered ${result.statusCode} ${result.functionError ?? ''}`)
}

type Consumer = (event: SQSEvent, context: LambdaContext) => Promise<SQSBatchResponse>

/** Right: every record on its own, each failure reported with its own messageId, the messageId as the key. */
const correctConsumer: Consumer = async (event, context) => {
  const results = await Promise.allSettled(event.Records.map((record) => reserve(context, record, record.messageId)))
  return { batchItemFailures: event.Records.filter((_, i) => results[i]?.status === 'rejected').map((record) => ({ itemIdentifier: record.messageId })) }
}

/**
 * Wrong: the loop variable lives outside the loop, and the `catch` runs after the loop has moved
 * on — it reports the *last* record of the batch instead of the one that failed. The failed order
 * is deleted unreserved: lost.
 */
const sharedLoopVariableConsumer: Consumer = async (event, context) => {
  const batchItemFailures: SQSBatchItemFailure[] = []
  const work: Promise<void>[] = []
  let record: SQSRecord
  for (record of event.Records) {
    work.push(reserve(context, record, record.messageId).catch(() => void batchItemFailures.push({ itemIdentifier: record.messageId })))
  }
  await Promise.all(work)
  return { batchItemFailures }
}

/**
 * Wrong: reports failures right, but keys the reservation by the receipt handle, which is new on
 * every receive — a redelivered order is reserved again: duplicated.
 */
const receiptHandleKeyConsumer: Consumer = async (event, context) => {
  const results = await Promise.allSettled(event.Records.map((record) => reserve(context, record, record.receiptHandle)))
  return { batchItemFailures: event.Records.filter((_, i) => results[i]?.status === 'rejected').map((record) => ({ itemIdentifier: record.messageId })) }
}

/** Wrong: reports only the first failure of a batch and swallows the others: they are lost. */
const firstFailureOnlyConsumer: Consumer = async (event, context) => {
  const results = await Promise.allSettled(event.Records.map((record) => reserve(context, record, record.messageId)))
  const failed = event.Records.find((_, i) => results[i]?.status === 'rejected')
  return { batchItemFailures: failed === undefined ? [] : [{ itemIdentifier: failed.messageId }] }
}

const arbitraries = {
  faults: fc
    .tuple(
      faultPlanArbitrary({ functionName: 'warehouse', kinds: ['throttle', 'error', 'timeout'], maxInvocation: 6, maxFaults: 2 }),
      batchFaultPlanArbitrary({ maxBatch: 4, maxFaults: 2, maxRecord: 5 }),
    )
    .map(([calls, batches]): FaultSpec[] => [...calls, ...batches]),
  messages: queueWorkloadArbitrary({ maxMessages: 5, maxOffsetMs: 2_000, body: fc.constantFrom('book', 'lamp', 'desk') }),
}
type Values = { faults: FaultSpec[]; messages: QueueMessage[] }

/** Every order is reserved exactly once; the queue and the dead-letter queue end empty. */
function reservedExactlyOnce(consumer: Consumer): PropertyScenario<Values> {
  return async (sim: Simulation, { messages }) => {
    const reservations = new Reservations()
    sim.createFunction({
      functionName: 'warehouse',
      timeout: 1,
      code: async (event: { orderRef: string; key: string }, context: LambdaContext) => {
        await context.sleep(50)
        reservations.reserve(event.orderRef, event.key)
        return { reserved: true }
      },
    })
    sim.createFunction({ functionName: 'orders-consumer', timeout: 5, code: consumer })
    sim.sqs.createQueue({ queueName: 'orders-dlq' })
    const { queueUrl } = sim.sqs.createQueue({
      queueName: 'orders',
      attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('orders-dlq'), maxReceiveCount: 10 }) },
    })
    sim.createEventSourceMapping({ functionName: 'orders-consumer', eventSourceArn: sim.sqs.queueArn('orders'), batchSize: 10, maximumBatchingWindowInSeconds: 1, functionResponseTypes: ['ReportBatchItemFailures'] })
    await sim.advance('1s') // the mapping is Enabled
    const ids = await sendQueueWorkload(sim, queueUrl, messages)
    await sim.runUntilIdle()
    ids.forEach((id, i) => {
      const times = reservations.byOrder.get(id) ?? 0
      if (times === 0) throw new Error(`order ${i + 1} was lost: deleted from the queue, never reserved`)
      if (times > 1) throw new Error(`order ${i + 1} was reserved ${times} times`)
    })
    const left = sim.sqs.peekMessages(queueUrl).length + sim.sqs.peekMessages(sim.sqs.queueUrl('orders-dlq')).length
    if (left > 0) throw new Error(`${left} messages left in the queue or its DLQ`)
  }
}

async function failureOf(consumer: Consumer, arbs: typeof arbitraries = arbitraries): Promise<SimPropertyFailure> {
  try {
    await assertSimProperty(arbs, reservedExactlyOnce(consumer), { fastCheck: { seed: 15, numRuns: 200 } })
  } catch (error) {
    if (error instanceof SimPropertyFailure) return error
    throw error
  }
  throw new Error('expected the property to fail')
}

describe('SQS consumer with partial failures (testing kit story)', () => {
  it('shared loop variable - reports the wrong record: shrunk to two orders in one batch and one refused warehouse call', async () => {
    const failure = await failureOf(sharedLoopVariableConsumer)
    expect(failure.counterexample).toEqual({
      faults: [{ functionName: 'warehouse', invocation: 1, fault: 'throttle' }],
      messages: [
        { atMs: 0, body: 'book' },
        { atMs: 0, body: 'book' },
      ],
    })
    expect(failure.replayLine).toBe(
      'seed=0 decisions=seeded faults=[{"functionName":"warehouse","invocation":1,"fault":"throttle"}] inputs={"messages":[{"atMs":0,"body":"book"},{"atMs":0,"body":"book"}]}',
    )
    expect(failure.message.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^Property failed after \d+ runs? \(shrunk \d+ times?\): order 1 was lost: deleted from the queue, never reserved$/),
      `  replay: ${failure.replayLine}`,
    ])
    expect(failure.reproduced).toBe(true)

    // The line alone reproduces the failing run, byte for byte.
    const again = await replay(failure.replayLine, reservedExactlyOnce(sharedLoopVariableConsumer))
    expect(again.failed).toBe(true)
    expect(String(again.failure)).toBe('Error: order 1 was lost: deleted from the queue, never reserved')
    expect(eventLogHash(again.sim)).toBe(failure.eventLogHash)
    // The story in the event log: one batch of both orders; the first call refused; the batch
    // reports the second order, which comes back and succeeds; the first was deleted.
    const outcomes = again.sim.events().flatMap((e) => (e.type === 'esm.batchCompleted' ? [`${e.outcome} ${e.deleted}/${e.size}`] : []))
    expect(outcomes).toEqual(['partial 1/2', 'success 1/1'])
    expect(again.sim.events().filter((e) => e.type === 'fault.injected')).toHaveLength(1)
  })

  it('receipt handle as the key - a redelivered order is reserved twice: shrunk to one order and one failed record', async () => {
    const failure = await failureOf(receiptHandleKeyConsumer)
    expect(failure.counterexample).toEqual({ faults: [{ batch: 1, fault: 'fail-records', records: [1] }], messages: [{ atMs: 0, body: 'book' }] })
    expect(failure.replayLine).toBe('seed=0 decisions=seeded faults=[{"batch":1,"fault":"fail-records","records":[1]}] inputs={"messages":[{"atMs":0,"body":"book"}]}')
    const again = await replay(failure.replayLine, reservedExactlyOnce(receiptHandleKeyConsumer))
    expect(String(again.failure)).toBe('Error: order 1 was reserved 2 times')
    expect(eventLogHash(again.sim)).toBe(failure.eventLogHash)
    const [injected] = again.sim.events().filter((e) => e.type === 'fault.injected')
    expect(injected).toMatchObject({ fault: 'fail-records', functionName: 'orders-consumer', batch: 1, records: [1] })
  })

  it('first failure only - swallows the second failure of a batch: shrunk to two orders and two refused calls', async () => {
    // Two refused calls in one batch are needed: here the warehouse only refuses (throttles), more often.
    const failure = await failureOf(firstFailureOnlyConsumer, {
      ...arbitraries,
      faults: faultPlanArbitrary({ functionName: 'warehouse', kinds: ['throttle'], maxInvocation: 4, maxFaults: 3 }),
    })
    expect(failure.counterexample).toEqual({
      faults: [
        { functionName: 'warehouse', invocation: 1, fault: 'throttle' },
        { functionName: 'warehouse', invocation: 2, fault: 'throttle' },
      ],
      messages: [
        { atMs: 0, body: 'book' },
        { atMs: 0, body: 'book' },
      ],
    })
    expect(String(failure.cause)).toBe('Error: order 2 was lost: deleted from the queue, never reserved')
    expect(failure.reproduced).toBe(true)
  })

  it('correct consumer - every order reserved exactly once under the same faults and workloads', async () => {
    await assertSimProperty(arbitraries, reservedExactlyOnce(correctConsumer), { fastCheck: { seed: 15, numRuns: 200 } })
  })

  it('same case, same run: the event log of a generated case is the same twice', async () => {
    const [values] = fc.sample(fc.record(arbitraries), { seed: 4, numRuns: 8 }).filter((v) => v.faults.length > 0 && v.messages.length > 1)
    expect(values).toBeDefined()
    const line = `seed=3 decisions=seeded faults=${JSON.stringify(values?.faults)} inputs=${JSON.stringify({ messages: values?.messages })}`
    const a = await replay(line, reservedExactlyOnce(correctConsumer))
    const b = await replay(line, reservedExactlyOnce(correctConsumer))
    expect(a.failed).toBe(false)
    expect(eventLogHash(a.sim)).toBe(eventLogHash(b.sim))
  })
})
