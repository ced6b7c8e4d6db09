/**
 * Scenario 4: asynchronous invocation. A flaky function fails its first two attempts; Lambda
 * retries it a minute, then two minutes later, and delivers the outcome to an on-success
 * destination. A second event always fails: its record goes to the on-failure destination and its
 * original payload to the dead-letter queue. Three virtual minutes, a few milliseconds of wall time.
 */
import { createSimulation, type LambdaContext, type SimEvent, type SimulationOptions } from '../src/index.js'
import type { ScenarioRun } from './scenario-run.js'

export const ASYNC_SEED = 5
export const ASYNC_WALL_CLOCK_PREFIX = 'Wall-clock time:'

const START = Date.UTC(2024, 0, 1)
const clock = (ms: number): string => {
  const total = ms - START
  const minutes = Math.floor(total / 60_000)
  const seconds = ((total % 60_000) / 1000).toFixed(3).padStart(6, '0')
  return `+${String(minutes).padStart(2, '0')}:${seconds}`
}

export async function runAsyncScenario(seed: number = ASYNC_SEED, recording: Partial<SimulationOptions> = {}): Promise<ScenarioRun> {
  const sim = createSimulation({ seed, recordEvents: true, ...recording })
  const lines: string[] = []
  const say = (line = ''): void => void lines.push(line)

  const success = sim.sqs.createQueue({ queueName: 'order-results' })
  const failure = sim.sqs.createQueue({ queueName: 'order-failures' })
  const dlq = sim.sqs.createQueue({ queueName: 'order-dlq' })
  const attempts = new Map<number, number>()
  sim.createFunction({
    functionName: 'charge-card',
    timeout: 5,
    deadLetterConfig: { targetArn: sim.sqs.queueArn('order-dlq') },
    code: async (event: { order: number; alwaysFails?: boolean }, context: LambdaContext) => {
      const attempt = (attempts.get(event.order) ?? 0) + 1
      attempts.set(event.order, attempt)
      await context.sleep(50) // the payment provider's latency
      if (event.alwaysFails === true || attempt <= 2) throw new Error(`card declined (order ${event.order}, attempt ${attempt})`)
      return { order: event.order, charged: true }
    },
  })
  sim.putFunctionEventInvokeConfig({
    functionName: 'charge-card',
    destinationConfig: {
      onSuccess: { destination: sim.sqs.queueArn('order-results') },
      onFailure: { destination: sim.sqs.queueArn('order-failures') },
    },
  })

  say(`lambda-sim async demo: retries, destinations and a dead-letter queue (seed=${seed})`)
  say('Function "charge-card": fails its first two attempts for order 1, every attempt for order 2.')
  say('On success → SQS order-results; on failure → SQS order-failures; dead-letter queue → SQS order-dlq.')
  say('MaximumRetryAttempts 2 (the default): retries 1 minute, then 2 minutes after an attempt ends.')
  say()

  const first = await sim.invoke({ functionName: 'charge-card', invocationType: 'Event', payload: { order: 1 } })
  const second = await sim.invoke({ functionName: 'charge-card', invocationType: 'Event', payload: { order: 2, alwaysFails: true } })
  say(`Invoke (Event) order 1 → ${first.statusCode}, request ${first.requestId}`)
  say(`Invoke (Event) order 2 → ${second.statusCode}, request ${second.requestId}`)
  const wallStart = performance.now()
  await sim.runUntilIdle()
  const wallMs = performance.now() - wallStart

  say()
  say('== What happened, on the virtual clock ==')
  const orderOf = (requestId: string): string => (requestId === first.requestId ? 'order 1' : 'order 2')
  for (const event of sim.events() as SimEvent[]) {
    if (event.type === 'invocation.started') say(`${clock(event.atMs)}  ${orderOf(event.requestId)}: attempt starts (${event.coldStart ? 'cold' : 'warm'})`)
    else if (event.type === 'invocation.completed') {
      say(`${clock(event.atMs)}  ${orderOf(event.requestId)}: attempt ${event.status === 'success' ? 'succeeds' : `fails (${event.errorType})`}`)
    } else if (event.type === 'async.retryScheduled') {
      say(`${clock(event.atMs)}  ${orderOf(event.requestId)}: retry scheduled for ${clock(event.retryAtMs)} (${event.reason})`)
    } else if (event.type === 'async.finished') {
      const routes = [event.destination && `destination ${event.destination.ok ? 'delivered' : 'FAILED'}`, event.deadLetter && `DLQ ${event.deadLetter.ok ? 'delivered' : 'FAILED'}`]
        .filter(Boolean)
        .join(', ')
      say(`${clock(event.atMs)}  ${orderOf(event.requestId)}: ${event.status} (${event.condition}, approximateInvokeCount ${event.approximateInvokeCount}) → ${routes}`)
    }
  }

  const receive = (queueUrl: string) => sim.sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10, messageAttributeNames: ['All'] }).messages
  const successRecords = receive(success.queueUrl)
  const failureRecords = receive(failure.queueUrl)
  const deadLetters = receive(dlq.queueUrl)
  say()
  say(`== order-results (${successRecords.length} message) — the success record ==`)
  for (const message of successRecords) say(JSON.stringify(JSON.parse(message.body), null, 2))
  say()
  say(`== order-failures (${failureRecords.length} message) — the failure record ==`)
  for (const message of failureRecords) {
    const record = JSON.parse(message.body) as { responsePayload?: { trace?: unknown } }
    if (record.responsePayload !== undefined) delete record.responsePayload.trace // machine-specific paths
    say(JSON.stringify(record, null, 2))
  }
  say()
  say(`== order-dlq (${deadLetters.length} message) — the original event, with Lambda's attributes ==`)
  for (const message of deadLetters) {
    say(`body: ${message.body}`)
    for (const [name, attribute] of Object.entries(message.messageAttributes ?? {})) say(`${name} (${attribute.DataType}): ${attribute.StringValue}`)
  }
  const virtualMs = sim.nowMs - START
  say()
  say(`Totals: 2 events accepted, ${sim.events().filter((e) => e.type === 'invocation.started').length} attempts, 1 succeeded, 1 failed; virtual time ${(virtualMs / 1000).toFixed(3)} s.`)
  lastWallMs = wallMs
  return { text: lines.join('\n'), virtualMs, simulation: sim }
}

let lastWallMs = 0

/** The scenario's text, then how long the whole story took in real time (the only varying line). */
export async function runAsyncDemo(): Promise<string> {
  const { text, virtualMs } = await runAsyncScenario()
  return `${text}\n${ASYNC_WALL_CLOCK_PREFIX} ${lastWallMs.toFixed(1)} ms real for a ${(virtualMs / 60_000).toFixed(1)}-minute story.`
}
