import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, type AsyncFinishedEvent, type LambdaContext, type SimEvent, type Simulation } from '../../src/index.js'

// Conservation of asynchronous events over random fault plans: every accepted event (and every
// duplicate copy) ends in exactly one `async.finished`, retries follow AWS's schedule, and failures
// reach the configured destinations / DLQ or are recorded as delivery failures.
//
// Replay a failure: FC_SEED=<seed> npx vitest run test/properties/async-conservation.test.ts
// (the seed and path are printed with the counterexample).

type Outcome = 'success' | 'error' | 'timeout' | 'crash'
type Target = 'none' | 'present' | 'deleted'

interface EventPlan {
  /** Arrival offset from the start, ms. */
  readonly atMs: number
  /** Outcome of each run of this event (the last one repeats). */
  readonly outcomes: readonly Outcome[]
  /** Handler time for a non-timeout run, ms. */
  readonly durationMs: number
}

interface Scenario {
  readonly reserved: number | undefined
  readonly maximumRetryAttempts: number
  readonly maximumEventAgeInSeconds: number
  readonly onSuccess: Target
  readonly onFailure: Target
  readonly deadLetter: Target
  readonly duplicates: boolean
  /** The function's timeout, s. */
  readonly timeoutS: number
  readonly events: readonly EventPlan[]
}

const outcome = fc.constantFrom<Outcome>('success', 'error', 'error', 'timeout', 'crash')
const target = fc.constantFrom<Target>('none', 'present', 'present', 'deleted')

const scenarios: fc.Arbitrary<Scenario> = fc.record({
  reserved: fc.constantFrom<number | undefined>(undefined, 0, 1, 1, 1, 2, 3),
  maximumRetryAttempts: fc.integer({ min: 0, max: 2 }),
  maximumEventAgeInSeconds: fc.oneof(fc.integer({ min: 60, max: 400 }), fc.integer({ min: 60, max: 21_600 })),
  onSuccess: target,
  onFailure: target,
  deadLetter: target,
  duplicates: fc.boolean(),
  timeoutS: fc.constantFrom(1, 30, 900, 900),
  events: fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 90_000 }),
      outcomes: fc.array(outcome, { minLength: 1, maxLength: 4 }),
      // Mostly short runs; some long ones hold the concurrency for minutes (long throttle backoffs).
      durationMs: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2500 }), weight: 2 }, { arbitrary: fc.integer({ min: 10_000, max: 900_000 }), weight: 1 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
})

const FN = 'subject'

interface Run {
  readonly sim: Simulation
  readonly queues: { onSuccess?: string; onFailure?: string; deadLetter?: string }
  readonly runsByRequest: Map<string, number>
  /** Request id → the event's index (its payload). */
  readonly indexOf: Map<string, number>
}

async function play(scenario: Scenario): Promise<Run> {
  const sim = createSimulation({
    seed: 7,
    logRetention: 0,
    recordEvents: true,
    recordDecisions: false,
    metrics: false,
    async: { duplicateProbability: scenario.duplicates ? 1 : 0 },
  })
  const queues: Run['queues'] = {}
  const arnOf = (slot: 'onSuccess' | 'onFailure' | 'deadLetter', mode: Target): string | undefined => {
    if (mode === 'none') return undefined
    const name = `q-${slot}`
    const { queueUrl } = sim.sqs.createQueue({ queueName: name })
    const arn = sim.sqs.queueArn(name)
    if (mode === 'deleted') sim.sqs.deleteQueue({ queueUrl })
    else queues[slot] = queueUrl
    return arn
  }
  const successArn = arnOf('onSuccess', scenario.onSuccess)
  const failureArn = arnOf('onFailure', scenario.onFailure)
  const dlqArn = arnOf('deadLetter', scenario.deadLetter)

  const runsByIndex = new Map<number, number>()
  const runsByRequest = new Map<string, number>()
  sim.createFunction({
    functionName: FN,
    timeout: scenario.timeoutS,
    ...(dlqArn !== undefined ? { deadLetterConfig: { targetArn: dlqArn } } : {}),
    code: async (event: { index: number }, context: LambdaContext) => {
      const plan = scenario.events[event.index] as EventPlan
      const run = runsByIndex.get(event.index) ?? 0
      runsByIndex.set(event.index, run + 1)
      runsByRequest.set(context.awsRequestId, (runsByRequest.get(context.awsRequestId) ?? 0) + 1)
      const what = plan.outcomes[Math.min(run, plan.outcomes.length - 1)] as Outcome
      if (what === 'timeout') return context.sleep(scenario.timeoutS * 1000 + 500)
      await context.sleep(Math.min(plan.durationMs, scenario.timeoutS * 1000 - 100))
      if (what === 'error') throw new Error(`planned failure ${event.index}/${run}`)
      if (what === 'crash') context.exit(1)
      return { index: event.index, run }
    },
  })
  if (scenario.reserved !== undefined) sim.putFunctionConcurrency({ functionName: FN, reservedConcurrentExecutions: scenario.reserved })
  const destinationConfig = {
    ...(successArn !== undefined ? { onSuccess: { destination: successArn } } : {}),
    ...(failureArn !== undefined ? { onFailure: { destination: failureArn } } : {}),
  }
  sim.putFunctionEventInvokeConfig({
    functionName: FN,
    maximumRetryAttempts: scenario.maximumRetryAttempts,
    maximumEventAgeInSeconds: scenario.maximumEventAgeInSeconds,
    ...(Object.keys(destinationConfig).length > 0 ? { destinationConfig } : {}),
  })

  const arrivals = scenario.events.map((plan, index) => ({ plan, index })).sort((a, b) => a.plan.atMs - b.plan.atMs || a.index - b.index)
  const indexOf = new Map<string, number>()
  let clock = 0
  for (const { plan, index } of arrivals) {
    if (plan.atMs > clock) await sim.advance(plan.atMs - clock)
    clock = plan.atMs
    const accepted = await sim.invoke({ functionName: FN, invocationType: 'Event', payload: { index } })
    if (accepted.statusCode !== 202 || accepted.requestId === undefined) throw new Error(`event ${index} not accepted: ${accepted.statusCode}`)
    indexOf.set(accepted.requestId, index)
  }
  await sim.runUntilIdle()
  return { sim, queues, runsByRequest, indexOf }
}

type Copy = `${string}#${number}`
const keyOf = (requestId: string, copy: number): Copy => `${requestId}#${copy}`

function check(scenario: Scenario, { sim, queues, runsByRequest, indexOf }: Run): void {
  const events = sim.events()
  const maxAgeMs = scenario.maximumEventAgeInSeconds * 1000
  const copies = scenario.duplicates ? [0, 1] : [0]

  const accepted = events.filter((e): e is Extract<SimEvent, { type: 'async.accepted' }> => e.type === 'async.accepted')
  expect(accepted).toHaveLength(scenario.events.length)
  const acceptedAt = new Map(accepted.map((e) => [e.requestId, e.atMs]))

  // Exactly one async.finished per accepted event and copy.
  const finished = events.filter((e): e is AsyncFinishedEvent => e.type === 'async.finished')
  const finishedByCopy = new Map<Copy, AsyncFinishedEvent>()
  for (const f of finished) {
    const key = keyOf(f.requestId, f.copy)
    expect(finishedByCopy.has(key), `${key} finished twice`).toBe(false)
    expect(acceptedAt.has(f.requestId), `${key} finished but never accepted`).toBe(true)
    finishedByCopy.set(key, f)
  }
  for (const a of accepted) for (const copy of copies) expect(finishedByCopy.has(keyOf(a.requestId, copy)), `${a.requestId}#${copy} lost`).toBe(true)
  expect(finished).toHaveLength(accepted.length * copies.length)

  // Per copy: the sequence of async.attempt / retryScheduled / finished, in order.
  const timeline = new Map<Copy, SimEvent[]>()
  for (const e of events) {
    if (e.type !== 'async.attempt' && e.type !== 'async.retryScheduled' && e.type !== 'async.finished') continue
    const key = keyOf(e.requestId, e.copy)
    timeline.set(key, [...(timeline.get(key) ?? []), e])
  }
  const failedEnds = new Set(
    events.filter((e) => e.type === 'invocation.completed' && e.functionName === FN && e.status !== 'success').map((e) => (e.type === 'invocation.completed' ? `${e.requestId}@${e.atMs}` : '')),
  )
  for (const [key, line] of timeline) {
    const requestId = key.slice(0, key.lastIndexOf('#'))
    const t0 = acceptedAt.get(requestId) as number
    let functionErrorRetries = 0
    let throttles = 0
    for (let i = 0; i < line.length; i++) {
      const e = line[i] as SimEvent
      if (e.type === 'async.attempt') {
        // No attempt after the event's maximum age.
        expect(e.ageMs, `${key} attempted at age ${e.ageMs}`).toBeLessThanOrEqual(maxAgeMs)
        expect(e.ageMs).toBe(e.atMs - t0)
      }
      if (e.type === 'async.retryScheduled') {
        if (e.reason === 'function-error') {
          functionErrorRetries++
          // +60 s after the first attempt's end, +120 s after the second's.
          expect(e.retryAtMs - e.atMs, `${key} function-error retry ${functionErrorRetries}`).toBe(functionErrorRetries === 1 ? 60_000 : 120_000)
          expect(failedEnds.has(`${requestId}@${e.atMs}`), `${key} retry scheduled at ${e.atMs} is not the end of a failed run`).toBe(true)
        } else {
          throttles++
          expect(e.retryAtMs - e.atMs, `${key} throttle backoff ${throttles}`).toBe(Math.min(1000 * 2 ** (throttles - 1), 300_000))
        }
        expect(e.retryAtMs - t0, `${key} retry scheduled past the maximum age`).toBeLessThanOrEqual(maxAgeMs)
        // The retry happens exactly when scheduled.
        const next = line[i + 1]
        expect(next?.type, `${key} nothing after a scheduled retry`).toBe('async.attempt')
        expect(next?.atMs).toBe(e.retryAtMs)
      }
    }
    // Throttle retries do not use up MaximumRetryAttempts.
    expect(functionErrorRetries).toBeLessThanOrEqual(scenario.maximumRetryAttempts)
    const end = finishedByCopy.get(key as Copy) as AsyncFinishedEvent
    expect(line[line.length - 1]).toBe(end)
    const runs = end.approximateInvokeCount
    if (end.status === 'succeeded') expect(runs).toBe(functionErrorRetries + 1)
    else if (end.condition === 'ZeroReservedConcurrency') expect(runs).toBe(0)
    else if (end.condition === 'RetriesExhausted') expect(runs).toBe(scenario.maximumRetryAttempts + 1)
    else expect([functionErrorRetries, functionErrorRetries + 1]).toContain(runs)
  }

  // approximateInvokeCount = the runs that happened (summed over the copies of one request id).
  const started = new Map<string, number>()
  for (const e of events) {
    if (e.type !== 'invocation.started' || e.functionName !== FN) continue
    started.set(e.requestId, (started.get(e.requestId) ?? 0) + 1)
    expect(e.atMs - (acceptedAt.get(e.requestId) as number), `run of ${e.requestId} started past the maximum age`).toBeLessThanOrEqual(maxAgeMs)
  }
  for (const a of accepted) {
    const counted = copies.reduce((sum, copy) => sum + (finishedByCopy.get(keyOf(a.requestId, copy))?.approximateInvokeCount ?? 0), 0)
    expect(counted, `${a.requestId} approximateInvokeCount`).toBe(started.get(a.requestId) ?? 0)
    expect(runsByRequest.get(a.requestId) ?? 0).toBe(counted)
  }
  if (scenario.reserved === 0) {
    expect(started.size).toBe(0)
    for (const f of finished) expect(f).toMatchObject({ status: 'failed', condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 })
  }

  // Deliveries: each outcome reaches its destination / DLQ, or a delivery failure is recorded.
  const deliveryFailures = events.filter((e): e is Extract<SimEvent, { type: 'async.deliveryFailed' }> => e.type === 'async.deliveryFailed')
  const expectDelivery = (f: AsyncFinishedEvent, mode: Target, delivery: AsyncFinishedEvent['destination'], kind: 'destination' | 'dead-letter-queue') => {
    if (mode === 'none') return expect(delivery).toBeUndefined()
    expect(delivery?.ok).toBe(mode === 'present')
    const failures = deliveryFailures.filter((d) => d.requestId === f.requestId && d.target === kind && d.atMs === f.atMs)
    if (mode === 'deleted') expect(failures.length).toBeGreaterThanOrEqual(1)
  }
  for (const f of finished) {
    if (f.status === 'succeeded') {
      expectDelivery(f, scenario.onSuccess, f.destination, 'destination')
      expect(f.deadLetter).toBeUndefined()
    } else {
      expectDelivery(f, scenario.onFailure, f.destination, 'destination')
      expectDelivery(f, scenario.deadLetter, f.deadLetter, 'dead-letter-queue')
    }
  }
  const succeeded = finished.filter((f) => f.status === 'succeeded')
  const failed = finished.filter((f) => f.status === 'failed')
  const expectedFailures =
    (scenario.onSuccess === 'deleted' ? succeeded.length : 0) +
    (scenario.onFailure === 'deleted' ? failed.length : 0) +
    (scenario.deadLetter === 'deleted' ? failed.length : 0)
  expect(deliveryFailures).toHaveLength(expectedFailures)

  const bodies = (url: string | undefined) => (url === undefined ? [] : sim.sqs.peekMessages(url).map((m) => m.body))
  const records = (url: string | undefined) => bodies(url).map((b) => JSON.parse(b) as { requestContext: { requestId: string; condition: string; approximateInvokeCount: number } })
  const summary = (list: AsyncFinishedEvent[]) => list.map((f) => [f.requestId, f.condition, f.approximateInvokeCount]).sort()
  const recordSummary = (url: string | undefined) =>
    records(url)
      .map((r) => [r.requestContext.requestId, r.requestContext.condition, r.requestContext.approximateInvokeCount])
      .sort()
  if (queues.onSuccess !== undefined) expect(recordSummary(queues.onSuccess)).toEqual(summary(succeeded))
  if (queues.onFailure !== undefined) expect(recordSummary(queues.onFailure)).toEqual(summary(failed))
  if (queues.deadLetter !== undefined) {
    // The DLQ gets the original payload of every failed copy.
    expect(bodies(queues.deadLetter).sort()).toEqual(failed.map((f) => JSON.stringify({ index: indexOf.get(f.requestId) })).sort())
  }
}

const seed = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : Date.now() % 2 ** 31
const path = process.env['FC_PATH']

describe('async conservation (property)', () => {
  it("every accepted event finishes exactly once, on AWS's retry schedule, delivering its outcome", async () => {
    const started = Date.now()
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        check(scenario, await play(scenario))
      }),
      { seed, ...(path !== undefined ? { path } : {}), numRuns: 150, interruptAfterTimeLimit: 4500, markInterruptAsFailure: false },
    ).catch((error: unknown) => {
      throw new Error(`replay with FC_SEED=${seed} (add FC_PATH=<path> below to jump to the counterexample)\n${String((error as Error).message)}`)
    })
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
