import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import fc from 'fast-check'
import { describe, it } from 'vitest'
import type { FaultSpec, LambdaContext, SimEvent, Simulation } from '../../src/index.js'
import { assertSimProperty, batchFaultPlanArbitrary, queueWorkloadArbitrary, sendQueueWorkload, type PropertyScenario, type QueueMessage } from '../../src/testing/index.js'

// Conservation of SQS messages through an event source mapping, over random seeds, queue workloads
// (standard and FIFO), batch sizes, batching windows, visibility timeouts, function timeouts,
// reserved concurrency (real throttles), partial failures reported by the function, batch faults
// from the fault plan (failed records, errors, timeouts, throttles) and maxReceiveCount redrive:
//
// - every message sent ends deleted or in the dead-letter queue, never both, none left behind (a
//   batch that ran past the visibility timeout deletes with a stale receipt handle: that delete
//   succeeds and removes nothing, as on SQS, and is counted apart);
// - a deleted message was processed (the handler succeeded on it) before it was deleted, and no
//   handler saw it after it was deleted; each is deleted once;
// - the handler sees a message at most maxReceiveCount times;
// - the counts agree: messages received = records invoked; deleted = Σ esm.batchCompleted.deleted.
//
// A failure prints its replay line (`replay(line, scenario)` runs it again).

type Behaviour = 'ok' | 'fail-once' | 'fail-twice' | 'poison'

interface Config {
  readonly fifo: boolean
  readonly batchSize: number
  readonly windowS: number
  readonly reportFailures: boolean
  readonly visibilityS: number
  readonly timeoutS: number
  readonly handlerMs: number
  readonly maxReceiveCount: number
  readonly reserved: number | undefined
}

const configs: fc.Arbitrary<Config> = fc
  .record({
    fifo: fc.boolean(),
    batchSize: fc.constantFrom(1, 2, 3, 5, 10, 25),
    windowS: fc.constantFrom(0, 0, 1, 3),
    reportFailures: fc.boolean(),
    visibilityS: fc.constantFrom(2, 5, 30),
    timeoutS: fc.constantFrom(1, 3, 10),
    handlerMs: fc.constantFrom(0, 20, 400, 2_500),
    maxReceiveCount: fc.integer({ min: 1, max: 4 }),
    reserved: fc.constantFrom<number | undefined>(undefined, undefined, 1, 2),
  })
  // AWS's rules: batches over 10 need a window; FIFO batches are at most 10.
  .map((c) => (c.batchSize > 10 ? (c.fifo ? { ...c, batchSize: 10 } : { ...c, windowS: Math.max(c.windowS, 1) }) : c))

const arbitraries = {
  seed: fc.integer({ min: 0, max: 10_000 }),
  faults: batchFaultPlanArbitrary({ maxBatch: 8, maxFaults: 4, maxRecord: 10, maxRecordsPerFault: 3 }),
  messages: queueWorkloadArbitrary({ maxMessages: 12, maxOffsetMs: 5_000, groups: 3, body: fc.constantFrom<Behaviour>('ok', 'ok', 'fail-once', 'fail-twice', 'poison') }),
  config: configs,
}
type Values = { seed: number; faults: FaultSpec[]; messages: QueueMessage[]; config: Config }

const conserved: PropertyScenario<Values> = async (sim: Simulation, { messages, config }) => {
  const fail = (why: string): never => {
    throw new Error(why)
  }
  /** One order for everything the handler and the queue do (the clock alone does not order one instant). */
  let seq = 0
  const seen = new Map<number, number[]>() // message index → seqs the handler saw it at
  const succeeded = new Map<number, number[]>() // message index → seqs the handler succeeded on it at
  const byHandle = new Map<string, number>() // receipt handle → message index
  const deletedAt = new Map<number, number>()

  sim.createFunction({
    functionName: 'consumer',
    timeout: config.timeoutS,
    code: async (event: SQSEvent, context: LambdaContext): Promise<SQSBatchResponse> => {
      const failures: string[] = []
      for (const record of event.Records) {
        const { i, behaviour } = JSON.parse(record.body) as { i: number; behaviour: Behaviour }
        byHandle.set(record.receiptHandle, i)
        seen.set(i, [...(seen.get(i) ?? []), ++seq])
        const receive = Number(record.attributes.ApproximateReceiveCount)
        const fails = behaviour === 'poison' || (behaviour === 'fail-once' && receive <= 1) || (behaviour === 'fail-twice' && receive <= 2)
        if (fails) failures.push(record.messageId)
        else succeeded.set(i, [...(succeeded.get(i) ?? []), ++seq])
      }
      if (config.handlerMs > 0) await context.sleep(config.handlerMs)
      if (!config.reportFailures && failures.length > 0) throw new Error(`${failures.length} records failed`)
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) }
    },
  })
  if (config.reserved !== undefined) sim.putFunctionConcurrency({ functionName: 'consumer', reservedConcurrentExecutions: config.reserved })
  const suffix = config.fifo ? '.fifo' : ''
  const fifoAttributes: Record<string, string> = config.fifo ? { FifoQueue: 'true' } : {}
  const dlqUrl = sim.sqs.createQueue({ queueName: `jobs-dlq${suffix}`, attributes: fifoAttributes }).queueUrl
  const { queueUrl } = sim.sqs.createQueue({
    queueName: `jobs${suffix}`,
    attributes: {
      ...fifoAttributes,
      VisibilityTimeout: String(config.visibilityS),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn(`jobs-dlq${suffix}`), maxReceiveCount: config.maxReceiveCount }),
    },
  })
  // Watch the deletes the poller makes (the same service object).
  const sqs = sim.sqs as unknown as { deleteAll(queueArn: string, handles: readonly string[]): number }
  const deleteAll = sqs.deleteAll.bind(sim.sqs)
  let staleDeletes = 0
  sqs.deleteAll = (queueArn, handles) => {
    // A delete with a stale receipt handle (the batch ran past the visibility timeout and the
    // message was received again, or moved to the DLQ) succeeds and removes nothing, as on SQS.
    const inQueue = (): Set<number> => new Set(sim.sqs.peekMessages(queueUrl).map((m) => (JSON.parse(m.body) as { i: number }).i))
    const before = inQueue()
    const succeeded = deleteAll(queueArn, handles)
    const after = inQueue()
    // On a FIFO queue a delete after the visibility timeout fails: the message stays, as it does
    // for a stale delete, but the failure is not counted as a delete.
    staleDeletes -= handles.length - succeeded
    for (const handle of handles) {
      const i = byHandle.get(handle) ?? fail(`a deleted receipt handle the handler never saw`)
      if (!before.has(i) || after.has(i)) {
        staleDeletes++
        continue
      }
      if (deletedAt.has(i)) fail(`message ${i} was deleted twice`)
      deletedAt.set(i, ++seq)
    }
    return succeeded
  }
  sim.createEventSourceMapping({
    functionName: 'consumer',
    eventSourceArn: sim.sqs.queueArn(`jobs${suffix}`),
    batchSize: config.batchSize,
    ...(config.windowS > 0 ? { maximumBatchingWindowInSeconds: config.windowS } : {}),
    ...(config.reportFailures ? { functionResponseTypes: ['ReportBatchItemFailures'] } : {}),
  })
  await sim.advance('1s')
  // Bodies name the message (its index) and how the handler treats it; groups only on FIFO queues.
  const workload = messages.map(({ atMs, body, groupId }, i): QueueMessage => ({ atMs, body: JSON.stringify({ i, behaviour: body }), ...(config.fifo && groupId !== undefined ? { groupId } : {}) }))
  await sendQueueWorkload(sim, queueUrl, workload)
  await sim.runUntilIdle()

  // Where every message ended.
  if (sim.sqs.peekMessages(queueUrl).length > 0) fail(`${sim.sqs.peekMessages(queueUrl).length} messages left in the queue`)
  const dead = new Set(sim.sqs.peekMessages(dlqUrl).map((m) => (JSON.parse(m.body) as { i: number }).i))
  messages.forEach((_, i) => {
    const deleted = deletedAt.get(i)
    if (deleted === undefined && !dead.has(i)) fail(`message ${i} was lost: neither deleted nor in the DLQ`)
    if (deleted !== undefined && dead.has(i)) fail(`message ${i} was deleted and is in the DLQ`)
    if (deleted !== undefined) {
      if (!(succeeded.get(i) ?? []).some((s) => s < deleted)) fail(`message ${i} was deleted without being processed`)
      if ((seen.get(i) ?? []).some((s) => s > deleted)) fail(`message ${i} was seen by the handler after it was deleted`)
    }
    const receives = (seen.get(i) ?? []).length
    if (receives > config.maxReceiveCount) fail(`message ${i} was handled ${receives} times with maxReceiveCount ${config.maxReceiveCount}`)
  })
  if (dead.size + deletedAt.size !== messages.length) fail(`${messages.length} sent, ${deletedAt.size} deleted + ${dead.size} dead`)

  // The counts agree.
  const events: SimEvent[] = sim.events()
  let received = 0
  let invoked = 0
  let deletedCount = 0
  for (const e of events) {
    if (e.type === 'esm.polled') received += e.received - e.filteredOut
    else if (e.type === 'esm.batchInvoked') invoked += e.size
    else if (e.type === 'esm.batchCompleted') {
      deletedCount += e.deleted
      if (e.outcome === 'not-invoked') fail('a batch was not invoked')
    }
  }
  if (received !== invoked) fail(`${received} messages received, ${invoked} records invoked`)
  if (deletedCount !== deletedAt.size + staleDeletes) fail(`esm.batchCompleted counts ${deletedCount} deleted, the queue ${deletedAt.size} (+ ${staleDeletes} stale)`)
}

describe('event source mappings: conservation (SQS)', () => {
  it('every message ends processed and deleted once, or in the DLQ; none lost, none seen after its delete', async () => {
    await assertSimProperty(arbitraries, conserved, { fastCheck: { seed: 15, numRuns: 300 } })
  })
})
