/**
 * Plays one stress scenario on a fresh simulation and checks the invariants that must hold
 * whatever the scenario drew:
 *
 * - conservation: every accepted async event (each delivered copy) ends in exactly one
 *   `async.finished` — success, or failure routed to a destination / DLQ, or a delivery failure
 *   that is counted (`async.deliveryFailed`); every SQS message sent to the mapped queue was
 *   processed, is in the DLQ or still in the queue; every synchronous invoke is answered (its
 *   promise resolved with a status, never rejected or left pending); every load arrival has an
 *   outcome;
 * - limits: a function with reserved concurrency never runs more environments than it allows
 *   (the largest value it was given, or what ran when it was lowered); the account never runs
 *   more than its limit;
 * - no hang: the run ends within the kernel's step budget (`limits.stepCountMax`), so a loop
 *   without a bound becomes a coded `step-limit` error instead of a hung test.
 *
 * Violations are collected, not thrown, so one run reports all of them. Determinism (the same
 * scenario twice gives the same event-log hash) is checked by the caller, which runs it twice.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { AwsError, createSimulation, SimulationError, type FunctionCode, type InvokeResult, type LambdaContext, type SimEvent, type Simulation } from '../../src/index.js'
import { eventLogHash } from '../../src/testing/run-helpers.js'
import type { BadCall, Behaviour, RecordBehaviour, StressScenario } from './scenario.js'

/** Kernel events one scenario may take: generous for the default sizes, far below the 50 M default. */
export const STEP_BUDGET = 2_000_000

export interface ScenarioOutcome {
  readonly eventLogHash: string
  /** Counts that must also agree between two runs of the same scenario. */
  readonly summary: Readonly<Record<string, number>>
  readonly violations: readonly string[]
  readonly replayLine: string
}

/** Over the 6,291,556-byte response limit (AWS's threshold, a little over 6 MiB). */
const LARGE_RESPONSE = 7 * 1024 * 1024
const LARGE_EVENT = 1024 * 1024 + 16

type Payload = { behaviour: Behaviour; depth?: number }

/** The handler every scenario function runs (`variant` only makes updated code a different closure). */
export function stressHandler(functionName: string, variant: number): FunctionCode {
  const run = async (event: Payload, context: LambdaContext): Promise<unknown> => {
    switch (event.behaviour) {
      case 'ok':
        await context.sleep(20 + variant)
        return { ok: true, variant }
      case 'slow':
        await context.sleep(700)
        return { slow: true }
      case 'throw-error':
        throw new Error('planned failure')
      case 'throw-string':
        throw 'a thrown string'
      case 'throw-number':
        throw 42
      case 'throw-null':
        throw null
      case 'throw-undefined':
        throw undefined
      case 'throw-object':
        throw { code: 'E_PLAIN_OBJECT', detail: [1, 2] }
      case 'reject-non-error':
        return Promise.reject(['an', 'array'])
      case 'never-settles':
        return new Promise(() => {})
      case 'oversleep':
        await context.sleep(context.getRemainingTimeInMillis() + 1000)
        return 'too late'
      case 'circular': {
        const loop: Record<string, unknown> = { name: 'loop' }
        loop['self'] = loop
        return loop
      }
      case 'huge-response':
        return 'x'.repeat(LARGE_RESPONSE)
      case 'recurse': {
        const depth = (event.depth ?? 0) + 1
        await context.lambda.invoke({ functionName, invocationType: 'Event', payload: { behaviour: 'recurse', depth } })
        return depth
      }
      case 'exit':
        context.exit(3)
        return 'unreachable'
      case 'throw-error-with-throwing-message': {
        const error = new Error('hidden')
        Object.defineProperty(error, 'message', {
          get() {
            throw new Error('message getter throws')
          },
        })
        throw error
      }
      case 'throw-proxy':
        throw new Proxy(
          {},
          {
            get() {
              throw new Error('get trap throws')
            },
            getPrototypeOf() {
              throw new Error('getPrototypeOf trap throws')
            },
            ownKeys() {
              throw new Error('ownKeys trap throws')
            },
          },
        )
      case 'thenable-then-throws':
        return 'unreachable: handled below'
      default:
        // An event without a behaviour (an Event invoke with no payload): fail, so it reaches the DLQ.
        throw new Error('no behaviour in the event')
    }
  }
  // Not an async function: a thenable whose `then` throws must reach the runtime as it is.
  return ((event: Payload, context: LambdaContext) => {
    if (event?.behaviour === 'thenable-then-throws') {
      return {
        then() {
          throw new Error('then throws')
        },
      }
    }
    return run(event, context)
  }) as FunctionCode
}

/** The mapped queue's consumer: records `processed` by their index; failures as the body says. */
function consumerHandler(reportFailures: boolean, processed: Set<number>): FunctionCode {
  return async (event: SQSEvent, context: LambdaContext): Promise<SQSBatchResponse> => {
    const failures: string[] = []
    for (const record of event.Records) {
      const { i, behaviour } = JSON.parse(record.body) as { i: number; behaviour: RecordBehaviour }
      const receive = Number(record.attributes.ApproximateReceiveCount)
      if (behaviour === 'poison' || (behaviour === 'fail-once' && receive <= 1)) failures.push(record.messageId)
      else processed.add(i)
    }
    await context.sleep(50)
    if (!reportFailures && failures.length > 0) throw new Error(`${failures.length} records failed`)
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) }
  }
}

/** A control-plane call the scenario makes: AWS may refuse it (an `AwsError`); anything else is a violation. */
function control(violations: string[], what: string, call: () => unknown): boolean {
  try {
    call()
    return true
  } catch (error) {
    if (!(error instanceof AwsError)) violations.push(`${what} threw ${describe(error)}`)
    return false
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error)
  } catch {
    return '(an unprintable value)'
  }
}

export async function runScenario(scenario: StressScenario): Promise<ScenarioOutcome> {
  const violations: string[] = []
  const sim = createSimulation({
    seed: scenario.simSeed,
    recordEvents: true,
    logRetention: 1_000,
    concurrency: { accountLimit: scenario.accountLimit, unreservedMinimum: 2 },
    async: { duplicateProbability: scenario.duplicates ? 0.3 : 0 },
    faults: [...scenario.faults],
    limits: { stepCountMax: STEP_BUDGET },
  })

  // Limits, checked at every start. `bound` per function: undefined = no reserved concurrency.
  const bound = new Map<string, number | undefined>()
  const setReserved = (fn: string, value: number | null): void => {
    if (value === null) {
      if (control(violations, `deleteFunctionConcurrency(${fn})`, () => sim.deleteFunctionConcurrency({ functionName: fn }))) bound.set(fn, undefined)
      return
    }
    const running = sim.concurrentExecutions(fn)
    if (control(violations, `putFunctionConcurrency(${fn}, ${value})`, () => sim.putFunctionConcurrency({ functionName: fn, reservedConcurrentExecutions: value }))) {
      // Lowering it does not stop what runs (nor what a lower value admitted earlier): the bound
      // is the largest value given, or what ran when it was set.
      bound.set(fn, Math.max(value, running, bound.get(fn) ?? 0))
    }
  }
  sim.on('invocation.started', (e) => {
    try {
      const limit = bound.get(e.functionName)
      const running = sim.concurrentExecutions(e.functionName)
      if (limit !== undefined && running > limit) violations.push(`${e.functionName} ran ${running} at once with reserved concurrency ${limit} (t=${e.atMs})`)
      const total = sim.concurrentExecutions()
      if (total > scenario.accountLimit) violations.push(`the account ran ${total} at once with a limit of ${scenario.accountLimit} (t=${e.atMs})`)
    } catch (error) {
      violations.push(`checking limits threw ${describe(error)}`)
    }
  })

  // A listener that throws once: the drive running then stops with a coded `listener-threw`
  // error, the simulation stays consistent, and driving again carries on.
  let listenerThrew = false
  let listenerReports = 0
  if (scenario.throwingListenerAt > 0) {
    let completions = 0
    sim.on('invocation.completed', () => {
      if (++completions !== scenario.throwingListenerAt) return
      listenerThrew = true
      throw new Error('a listener throws')
    })
  }
  const isListenerReport = (error: unknown): boolean => error instanceof SimulationError && error.code === 'listener-threw'
  /** Runs a drive call; the listener's report stops it once, and is counted instead of failing the run. */
  const drive = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work()
    } catch (error) {
      if (!isListenerReport(error)) throw error
      listenerReports++
      return undefined
    }
  }

  // Functions, versions, aliases, async configuration.
  const variants = new Map<string, number>()
  let queueNames = 0
  const failureQueue = (): string => {
    const name = `failures-${++queueNames}`
    sim.sqs.createQueue({ queueName: name })
    return sim.sqs.queueArn(name)
  }
  for (const fn of scenario.functions) {
    const dlq = fn.deadLetter ? failureQueue() : undefined
    const loopTopic = fn.snsLoop ? sim.sns.createTopic({ name: `loop-${fn.name}` }).topicArn : undefined
    sim.createFunction({ functionName: fn.name, timeout: fn.timeoutS, code: stressHandler(fn.name, 0), ...(dlq !== undefined ? { deadLetterConfig: { targetArn: dlq } } : {}) })
    variants.set(fn.name, 0)
    sim.putFunctionEventInvokeConfig({
      functionName: fn.name,
      maximumRetryAttempts: fn.maxRetry,
      destinationConfig: {
        ...(fn.onFailure ? { onFailure: { destination: failureQueue() } } : {}),
        ...(loopTopic !== undefined ? { onSuccess: { destination: loopTopic } } : {}),
      },
    })
    if (loopTopic !== undefined) sim.sns.subscribe({ topicArn: loopTopic, protocol: 'lambda', endpoint: sim.getFunctionConfiguration({ functionName: fn.name }).functionArn })
    if (fn.alias !== undefined) {
      sim.publishVersion({ functionName: fn.name })
      sim.updateFunctionCode({ functionName: fn.name, code: stressHandler(fn.name, 1) })
      variants.set(fn.name, 1)
      sim.publishVersion({ functionName: fn.name })
      sim.createAlias({
        functionName: fn.name,
        name: 'live',
        functionVersion: '1',
        ...(fn.alias.weightOnV2 > 0 ? { routingConfig: { additionalVersionWeights: { '2': fn.alias.weightOnV2 } } } : {}),
      })
      if (fn.alias.provisioned > 0) {
        control(violations, `putProvisionedConcurrencyConfig(${fn.name})`, () =>
          sim.putProvisionedConcurrencyConfig({ functionName: fn.name, qualifier: 'live', provisionedConcurrentExecutions: fn.alias!.provisioned }),
        )
      }
    }
    if (fn.reserved !== undefined) setReserved(fn.name, fn.reserved)
  }

  // The mapped queue.
  const processed = new Set<number>()
  let queueUrl: string | undefined
  let dlqUrl: string | undefined
  let mappingUuid: string | undefined
  if (scenario.queue !== undefined) {
    const q = scenario.queue
    dlqUrl = sim.sqs.createQueue({ queueName: 'jobs-dlq' }).queueUrl
    queueUrl = sim.sqs.createQueue({
      queueName: 'jobs',
      attributes: { VisibilityTimeout: String(q.visibilityS), RedrivePolicy: JSON.stringify({ deadLetterTargetArn: sim.sqs.queueArn('jobs-dlq'), maxReceiveCount: q.maxReceiveCount }) },
    }).queueUrl
    sim.createFunction({ functionName: 'consumer', timeout: q.consumerTimeoutS, code: consumerHandler(q.reportFailures, processed) })
    if (q.consumerReserved !== undefined) setReserved('consumer', q.consumerReserved)
    mappingUuid = sim.createEventSourceMapping({
      functionName: 'consumer',
      eventSourceArn: sim.sqs.queueArn('jobs'),
      batchSize: q.batchSize,
      ...(q.reportFailures ? { functionResponseTypes: ['ReportBatchItemFailures'] } : {}),
    }).uuid
  }

  // The timeline.
  const syncCalls: { behaviour: Behaviour; settled: boolean; result?: InvokeResult; error?: unknown; listenerReport?: boolean }[] = []
  const acceptedIds: string[] = []
  const loads: ReturnType<Simulation['generateLoad']>[] = []
  let sent = 0
  let driveError: unknown
  const startMs = sim.nowMs
  // Nothing a handler does may escape as a process-level rejection or exception.
  const escaped = (error: unknown): void => void violations.push(`process-level ${describe(error)}`)
  process.on('unhandledRejection', escaped)
  process.on('uncaughtException', escaped)
  try {
    for (const step of scenario.steps) {
      const target = startMs + step.atMs
      if (sim.nowMs < target) await drive(() => sim.advance(target - sim.nowMs))
      const qualifier = 'alias' in step && step.alias ? { qualifier: 'live' } : {}
      switch (step.kind) {
        case 'sync': {
          const call: (typeof syncCalls)[number] = { behaviour: step.behaviour, settled: false }
          syncCalls.push(call)
          sim.invoke({ functionName: step.fn, ...qualifier, payload: { behaviour: step.behaviour } }).then(
            (result) => Object.assign(call, { settled: true, result }),
            (error: unknown) => {
              // The drive this call ran stopped for the listener's report: that is its one answer.
              if (isListenerReport(error)) {
                listenerReports++
                call.listenerReport = true
              } else call.error = error
              call.settled = true
            },
          )
          break
        }
        case 'event':
        case 'huge-event':
        case 'empty-event': {
          const payload = step.kind === 'event' ? { payload: { behaviour: step.behaviour } } : step.kind === 'huge-event' ? { payload: { behaviour: 'ok', pad: 'p'.repeat(LARGE_EVENT) } } : {}
          const result = await drive(() => sim.invoke({ functionName: step.fn, ...qualifier, invocationType: 'Event', ...payload }))
          if (result === undefined) break
          if (result.statusCode === 202) {
            if (result.requestId === undefined) violations.push('a 202 without a request id')
            else acceptedIds.push(result.requestId)
          } else if (step.kind !== 'huge-event' && result.error?.name !== 'TooManyRequestsException') {
            violations.push(`an Event invoke answered ${result.statusCode} ${result.error?.name ?? ''}`)
          }
          break
        }
        case 'sqs':
          for (const behaviour of step.records) sim.sqs.sendMessage({ queueUrl: queueUrl!, messageBody: JSON.stringify({ i: sent++, behaviour }) })
          break
        case 'sqs-oversized':
          // Over SQS's largest message: refused with SQS's error, nothing enqueued.
          if (control(violations, 'an oversized sendMessage', () => sim.sqs.sendMessage({ queueUrl: queueUrl!, messageBody: JSON.stringify({ i: -1, behaviour: 'ok', pad: 'p'.repeat(LARGE_EVENT) }) }))) {
            violations.push('an oversized SQS message was accepted')
          }
          break
        case 'load':
          loads.push(sim.generateLoad({ functionName: step.fn, ...qualifier, payload: { behaviour: step.behaviour === 'huge-response' ? 'ok' : step.behaviour }, pattern: { kind: 'burst', count: step.count } }))
          break
        case 'update-configuration':
          control(violations, `updateFunctionConfiguration(${step.fn})`, () => sim.updateFunctionConfiguration({ functionName: step.fn, timeout: step.timeoutS }))
          break
        case 'update-code': {
          const variant = (variants.get(step.fn) ?? 0) + 1
          if (control(violations, `updateFunctionCode(${step.fn})`, () => sim.updateFunctionCode({ functionName: step.fn, code: stressHandler(step.fn, variant) }))) variants.set(step.fn, variant)
          break
        }
        case 'alias-weight':
          control(violations, `updateAlias(${step.fn})`, () =>
            sim.updateAlias({ functionName: step.fn, name: 'live', routingConfig: { additionalVersionWeights: step.weightOnV2 > 0 ? { '2': step.weightOnV2 } : {} } }),
          )
          break
        case 'reserved':
          setReserved(step.fn, step.value)
          break
        case 'update-mapping':
          // A mapping mid-update refuses another update (ResourceInUseException), as on AWS.
          control(violations, `updateEventSourceMapping(${step.batchSize}, ${step.enabled})`, () => sim.updateEventSourceMapping({ uuid: mappingUuid!, batchSize: step.batchSize, enabled: step.enabled }))
          break
        case 'bad-call':
          await badCall(sim, step.fn, step.call, violations)
          break
      }
    }
    // Twice when the listener's report stopped the first.
    if ((await drive(() => sim.runUntilIdle().then(() => true))) === undefined) await sim.runUntilIdle()
  } catch (error) {
    driveError = error
    violations.push(`the run threw ${describe(error)}`)
  }
  // Let the sync callers' continuations run (their drives are done).
  await new Promise<void>((resolve) => setImmediate(resolve))
  process.off('unhandledRejection', escaped)
  process.off('uncaughtException', escaped)

  // Everything released: no environment left busy, no concurrency held.
  if (driveError === undefined) {
    const held = sim.environments().filter((e) => e.state === 'busy' || e.state === 'initializing')
    if (held.length > 0) violations.push(`after the run ${held.length} environment(s) still ${held.map((e) => `${e.functionName}:${e.state}`).join(', ')}`)
    if (sim.concurrentExecutions() !== 0) violations.push(`after the run ${sim.concurrentExecutions()} concurrent executions still held`)
  }

  if (listenerReports !== (listenerThrew ? 1 : 0)) violations.push(`the throwing listener ${listenerThrew ? 'threw' : 'did not throw'}; ${listenerReports} listener-threw report(s)`)

  const events = sim.events()
  if (driveError === undefined) checkConservation(events, acceptedIds, violations)
  for (const e of events) if (e.type === 'handler.escaped') violations.push(`a handler escaped the simulation: ${JSON.stringify(e).slice(0, 200)}`)
  const faulted = new Set(events.flatMap((e) => (e.type === 'fault.injected' ? [e.requestId] : [])))

  // Sync invokes: each answered once, with a status (function errors are data, not rejections).
  syncCalls.forEach((call, i) => {
    if (!call.settled) violations.push(`sync invoke #${i} never settled`)
    else if (call.listenerReport === true) return
    else if (call.error !== undefined) violations.push(`sync invoke #${i} rejected: ${describe(call.error)}`)
    else if (typeof call.result?.statusCode !== 'number') violations.push(`sync invoke #${i} answered without a status`)
    else if (call.result.statusCode === 200 && !faulted.has(call.result.requestId ?? '')) {
      const wrong = misclassified(call.behaviour, call.result)
      if (wrong !== undefined) violations.push(`sync invoke #${i} (${call.behaviour}): ${wrong}`)
    }
  })

  // Load runs: every arrival has an outcome.
  loads.forEach((run, i) => {
    const s = run.stats
    if (!run.finished || s.inFlight !== 0) violations.push(`load #${i} unfinished: ${JSON.stringify(s)}`)
    if (s.sent !== run.plannedArrivals || s.succeeded + s.failed + s.throttled !== s.sent) violations.push(`load #${i} outcomes do not add up: ${JSON.stringify(s)} of ${run.plannedArrivals}`)
  })

  // The mapped queue: processed, dead-lettered or still queued.
  if (queueUrl !== undefined && dlqUrl !== undefined && driveError === undefined) {
    const indexOf = (body: string): number => (JSON.parse(body) as { i: number }).i
    const queued = new Set(sim.sqs.peekMessages(queueUrl).map((m) => indexOf(m.body)))
    const dead = new Set(sim.sqs.peekMessages(dlqUrl).map((m) => indexOf(m.body)))
    for (let i = 0; i < sent; i++) {
      if (!processed.has(i) && !queued.has(i) && !dead.has(i)) violations.push(`SQS message ${i} was lost: not processed, not in the DLQ, not in the queue`)
    }
  }

  const count = (type: SimEvent['type']): number => events.filter((e) => e.type === type).length
  return {
    eventLogHash: eventLogHash(sim),
    summary: {
      events: events.length,
      started: count('invocation.started'),
      accepted: count('async.accepted'),
      finished: count('async.finished'),
      recursionStopped: count('invocation.recursionStopped'),
      processed: processed.size,
      mappingChanges: count('eventSourceMapping.changed'),
      sync: syncCalls.length,
      endMs: sim.nowMs - startMs,
    },
    violations,
    replayLine: sim.replayLine(),
  }
}

/** Every accepted event, per delivered copy, finishes exactly once; failed deliveries are counted. */
export function checkConservation(events: readonly SimEvent[], acceptedIds: readonly string[], violations: string[]): void {
  const accepted = new Set<string>()
  const finished = new Map<string, number>()
  const copies = new Set<string>()
  const deliveryFailures = new Set<string>()
  for (const e of events) {
    if (e.type === 'async.accepted') accepted.add(e.requestId)
    else if (e.type === 'async.attempt' || e.type === 'async.retryScheduled') copies.add(`${e.requestId}#${e.copy}`)
    else if (e.type === 'async.deliveryFailed') deliveryFailures.add(e.requestId)
    else if (e.type === 'async.finished') {
      const key = `${e.requestId}#${e.copy}`
      copies.add(key)
      finished.set(key, (finished.get(key) ?? 0) + 1)
    }
  }
  for (const id of acceptedIds) if (!accepted.has(id)) violations.push(`202 for ${id} without async.accepted`)
  for (const id of accepted) if (!finished.has(`${id}#0`)) violations.push(`accepted event ${id} never finished`)
  for (const key of copies) {
    const n = finished.get(key) ?? 0
    if (n !== 1) violations.push(`event copy ${key} finished ${n} times`)
  }
  for (const e of events) {
    if (e.type !== 'async.finished' || e.status !== 'failed') continue
    for (const delivery of [e.destination, e.deadLetter]) {
      if (delivery === undefined || delivery.ok) continue
      // The SNS loop ends when its message outgrows SNS's limit: a counted failure, not a drop.
      if (delivery.arn.includes(':sns:') && deliveryFailures.has(e.requestId)) continue
      // Every destination and DLQ of a scenario exists: a delivery that fails is a drop.
      violations.push(`event ${e.requestId} was not delivered to ${delivery.arn}: ${delivery.reason ?? '(no reason)'}${deliveryFailures.has(e.requestId) ? '' : ' (and no async.deliveryFailed)'}`)
    }
  }
}

/** Behaviours whose invocation fails at once with a function error (not a timeout). */
const FAILS_AT_ONCE: ReadonlySet<Behaviour> = new Set<Behaviour>([
  'throw-error',
  'throw-string',
  'throw-number',
  'throw-null',
  'throw-undefined',
  'throw-object',
  'reject-non-error',
  'circular',
  'huge-response',
  'exit',
  'throw-error-with-throwing-message',
  'throw-proxy',
  'thenable-then-throws',
])

/** What is wrong with a 200 answer to a handler that behaved so (no fault planned on it), if anything. */
export function misclassified(behaviour: Behaviour, result: InvokeResult): string | undefined {
  const errorType = (result.payload as { errorType?: unknown } | null)?.errorType
  // The scenario handlers are not `async` functions, so Node's runtime treats them as callback
  // style: a promise that never settles ends with `null` once the event loop drains. Any answer will do.
  if (behaviour === 'never-settles') return undefined
  if (behaviour === 'ok' || behaviour === 'slow' || behaviour === 'recurse') {
    return result.functionError === undefined ? undefined : `expected success, got a function error ${String(errorType)}`
  }
  if (result.functionError !== 'Unhandled') return `expected a function error, got success ${result.payloadJson.slice(0, 80)}`
  const timedOut = errorType === 'Sandbox.Timedout'
  if (FAILS_AT_ONCE.has(behaviour) && timedOut) return 'reported as a timeout'
  if (!FAILS_AT_ONCE.has(behaviour) && !timedOut) return `expected Sandbox.Timedout, got ${String(errorType)}`
  return undefined
}

/** Makes one of the issue's plain mistakes: it must be refused with a coded error carrying the replay line. */
async function badCall(sim: Simulation, functionName: string, call: BadCall, violations: string[]): Promise<void> {
  const metricQuery = { metricName: 'Invocations' as const, dimensions: { FunctionName: functionName }, statistics: ['Sum' as const] }
  const calls: Record<BadCall, () => unknown> = {
    'load-ramp-step-0': () => sim.generateLoad({ functionName, pattern: { kind: 'ramp', fromRatePerSecond: 1, toRatePerSecond: 5, duration: '2s', stepEvery: 0 } }),
    'load-rate-1e9': () => sim.generateLoad({ functionName, pattern: { kind: 'constant', ratePerSecond: 1e9, duration: '1s' } }),
    'metrics-period-0': () => sim.metrics?.getMetricStatistics({ ...metricQuery, period: 0 }),
    'metrics-period-negative': () => sim.metrics?.getMetricStatistics({ ...metricQuery, period: -60 }),
    'advance-2e53': () => sim.advance(2 ** 53),
    'invoke-payload-function': () => sim.invoke({ functionName, payload: () => 'a function' }),
    'invoke-payload-and-json': () => sim.invoke({ functionName, payload: { a: 1 }, payloadJson: '{"a":2}' } as Parameters<Simulation['invoke']>[0]),
    'metrics-percentile-p101': () => sim.metrics?.getMetricStatistics({ metricName: 'Duration', dimensions: { FunctionName: functionName }, extendedStatistics: ['p101'] } as Parameters<NonNullable<Simulation['metrics']>['getMetricStatistics']>[0]),
  }
  try {
    await calls[call]()
    violations.push(`bad call ${call} was accepted`)
  } catch (error) {
    const coded = error instanceof SimulationError ? error.message.includes('replay: ') : error instanceof AwsError
    if (!coded) violations.push(`bad call ${call} threw ${describe(error)} (not a coded error with the replay line)`)
  }
}
