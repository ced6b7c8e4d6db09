/**
 * Scenario 5: an SQS consumer with partial failures. Twelve orders go to a standard queue; a Lambda
 * function reads them through an event source mapping, five at a time, and answers with
 * `batchItemFailures` (`ReportBatchItemFailures`). Orders 4 and 9 hit a downstream hiccup on their
 * first try: only they come back, after the queue's 30-second visibility timeout, and succeed.
 * Order 7 is poison: it fails every time and, once it was received `maxReceiveCount` (3) times, the
 * queue's redrive policy moves it to the dead-letter queue. About a minute and a half of virtual
 * time, a few milliseconds of wall time.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { createSimulation, type LambdaContext, type SimEvent, type SimulationOptions } from '../src/index.js'
import type { ScenarioRun } from './scenario-run.js'

export const SQS_SEED = 15
export const SQS_WALL_CLOCK_PREFIX = 'Wall-clock time:'
export const SQS_ORDERS = 12
export const POISON_ORDER = 7
export const FLAKY_ORDERS: readonly number[] = [4, 9]

const START = Date.UTC(2024, 0, 1)
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`
const clock = (ms: number): string => {
  const total = Math.round(ms - START)
  const minutes = Math.floor(total / 60_000)
  const seconds = ((total % 60_000) / 1000).toFixed(3).padStart(6, '0')
  return `+${String(minutes).padStart(2, '0')}:${seconds}`
}

let lastWallMs = 0

export async function runSqsScenario(seed: number = SQS_SEED, recording: Partial<SimulationOptions> = {}): Promise<ScenarioRun> {
  const sim = createSimulation({ seed, recordEvents: true, ...recording })
  const lines: string[] = []
  const say = (line = ''): void => void lines.push(line)

  /** What the handler saw in each invocation, by request id. */
  const seen = new Map<string, string>()
  sim.createFunction({
    functionName: 'process-orders',
    timeout: 10,
    code: async (event: SQSEvent, context: LambdaContext): Promise<SQSBatchResponse> => {
      const batchItemFailures: SQSBatchItemFailure[] = []
      const notes: string[] = []
      for (const record of event.Records) {
        const { order } = JSON.parse(record.body) as { order: number }
        const receive = Number(record.attributes.ApproximateReceiveCount)
        await context.sleep(30) // the warehouse API, per order
        const fails = order === POISON_ORDER || (FLAKY_ORDERS.includes(order) && receive === 1)
        if (fails) batchItemFailures.push({ itemIdentifier: record.messageId })
        notes.push(`#${order}${receive > 1 ? ` (receive ${receive})` : ''}${fails ? ' FAILED' : ''}`)
      }
      seen.set(context.awsRequestId, notes.join(', '))
      return { batchItemFailures }
    },
  })
  const dlq = sim.sqs.createQueue({ queueName: 'orders-dlq' })
  const { queueUrl } = sim.sqs.createQueue({
    queueName: 'orders',
    attributes: {
      VisibilityTimeout: '30',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('orders-dlq'), maxReceiveCount: 3 }),
    },
  })
  const mapping = sim.createEventSourceMapping({
    functionName: 'process-orders',
    eventSourceArn: sim.sqs.queueArn('orders'),
    batchSize: 5,
    functionResponseTypes: ['ReportBatchItemFailures'],
    // The event counts (DeletedEventCount below) are opt-in metrics, as on AWS.
    metricsConfig: { metrics: ['EventCount'] },
  })

  say(`lambda-sim SQS demo: a batch consumer with partial failures (seed=${seed})`)
  say('Queue "orders": standard, VisibilityTimeout 30 s, RedrivePolicy → orders-dlq after maxReceiveCount 3.')
  say('Function "process-orders": 30 ms per order; answers { batchItemFailures } for the orders it could not process.')
  say(`Mapping ${mapping.uuid.slice(0, 8)}: BatchSize 5, FunctionResponseTypes [ReportBatchItemFailures], state ${mapping.state}.`)
  say(`Orders 1–${SQS_ORDERS}; ${FLAKY_ORDERS.map((o) => `#${o}`).join(' and ')} fail on their first try, #${POISON_ORDER} always fails.`)
  say()

  for (let order = 1; order <= SQS_ORDERS; order += 6) {
    const entries = []
    for (let o = order; o < order + 6 && o <= SQS_ORDERS; o++) entries.push({ id: `order-${o}`, messageBody: JSON.stringify({ order: o }) })
    sim.sqs.sendMessageBatch({ queueUrl, entries })
  }
  say(`${clock(sim.nowMs)}  sent ${SQS_ORDERS} messages (two SendMessageBatch calls); the mapping is ${mapping.state}`)
  const wallStart = performance.now()
  await sim.runUntilIdle()
  lastWallMs = performance.now() - wallStart

  say()
  say('== What happened, on the virtual clock ==')
  const invoked = new Map<number, string>()
  for (const event of sim.events() as SimEvent[]) {
    if (event.type === 'esm.batchInvoked') {
      invoked.set(event.batch, event.requestId)
      say(`${clock(event.atMs)}  batch ${event.batch}: invoke with ${plural(event.size, 'message')} (${event.payloadBytes} bytes)`)
    } else if (event.type === 'esm.batchCompleted') {
      const orders = seen.get(invoked.get(event.batch) ?? '') ?? '?'
      const result =
        event.outcome === 'partial'
          ? `partial — ${event.deleted} deleted, ${event.returned} left to come back when the visibility timeout ends`
          : `${event.outcome} — ${event.deleted} deleted`
      say(`${clock(event.atMs)}  batch ${event.batch}: ${orders}`)
      say(`${' '.repeat(11)}  → ${result}`)
    }
  }

  const dead = sim.sqs.peekMessages(dlq.queueUrl)
  say()
  say(`== orders-dlq (${plural(dead.length, 'message')}) ==`)
  for (const message of dead) {
    say(`${clock(message.visibleAtMs)}  ${message.body} moved here by the redrive policy: received ${SQS_RECEIVES_BEFORE_DLQ} times, then a fourth receive found maxReceiveCount reached`)
    say(`${' '.repeat(11)}  DeadLetterQueueSourceArn ${message.deadLetterQueueSourceArn ?? '?'}`)
  }
  const left = sim.sqs.peekMessages(queueUrl).length
  const deleted =
    sim.metrics?.getMetricStatistics({ metricName: 'DeletedEventCount', dimensions: { EventSourceMappingUUID: mapping.uuid }, period: 3600, statistics: ['Sum'] })[0]?.Sum ?? 0
  const batches = sim.events().filter((e) => e.type === 'esm.batchInvoked').length
  const virtualMs = sim.nowMs - START
  say()
  say(`Totals: ${SQS_ORDERS} messages sent, ${batches} batches, ${deleted} messages processed and deleted, ${dead.length} in the dead-letter queue, ${left} left in orders; virtual time ${(virtualMs / 1000).toFixed(3)} s.`)
  return { text: lines.join('\n'), virtualMs, simulation: sim }
}

/** Receives a message gets before the one that moves it (maxReceiveCount). */
const SQS_RECEIVES_BEFORE_DLQ = 3

/** The scenario's text, then how long the whole story took in real time (the only varying line). */
export async function runSqsDemo(): Promise<string> {
  const { text, virtualMs } = await runSqsScenario()
  return `${text}\n${SQS_WALL_CLOCK_PREFIX} ${lastWallMs.toFixed(1)} ms real for a ${(virtualMs / 1000).toFixed(1)}-second story.`
}
