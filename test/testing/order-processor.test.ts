import { describe, expect, it } from 'vitest'
import type { FaultSpec, LambdaContext, Simulation } from '../../src/index.js'
import {
  arrivalScheduleArbitrary,
  assertSimProperty,
  eventLogHash,
  faultPlanArbitrary,
  parseReplayLine,
  playArrivals,
  replay,
  SimPropertyFailure,
  type PropertyScenario,
} from '../../src/testing/index.js'

// The story of docs/testing.md: an order processor, invoked asynchronously once per order, charges
// a payment ledger. Lambda delivers an event at least once and retries a failed attempt, so the
// handler may run more than once for one order. A property over fault plans and arrival schedules
// finds the double charge and shrinks it to one order and one fault.

interface OrderEvent {
  readonly orderId: string
  readonly amountCents: number
}

/** The payment provider, outside the function: what it charged is the truth. */
class PaymentLedger {
  readonly charges: { orderId: string; amountCents: number }[] = []
  charge(orderId: string, amountCents: number): void {
    this.charges.push({ orderId, amountCents })
  }
  timesCharged(orderId: string): number {
    return this.charges.filter((c) => c.orderId === orderId).length
  }
}

/** A table of processed order ids with a conditional write (like DynamoDB's attribute_not_exists). */
class ProcessedOrders {
  private readonly ids = new Set<string>()
  /** true when this call recorded the id; false when it was already there. */
  putIfAbsent(orderId: string): boolean {
    if (this.ids.has(orderId)) return false
    this.ids.add(orderId)
    return true
  }
  has(orderId: string): boolean {
    return this.ids.has(orderId)
  }
}

type Processor = (ledger: PaymentLedger, processed: ProcessedOrders) => (event: OrderEvent, context: LambdaContext) => Promise<unknown>

/** Charges every event it gets: a second delivery, or a retry after the charge, charges again. */
const naiveProcessor: Processor = (ledger) => async (event, context) => {
  await context.sleep(30) // load the order
  ledger.charge(event.orderId, event.amountCents)
  await context.sleep(20) // write the receipt
  return { orderId: event.orderId, status: 'charged' }
}

/** Checks, then charges, then records: two copies running at once both pass the check. */
const checkThenChargeProcessor: Processor = (ledger, processed) => async (event, context) => {
  if (processed.has(event.orderId)) return { orderId: event.orderId, status: 'already charged' }
  await context.sleep(30)
  ledger.charge(event.orderId, event.amountCents)
  processed.putIfAbsent(event.orderId)
  await context.sleep(20)
  return { orderId: event.orderId, status: 'charged' }
}

/** Claims the order id with a conditional write first; only the claimant charges. */
const idempotentProcessor: Processor = (ledger, processed) => async (event, context) => {
  await context.sleep(30)
  if (!processed.putIfAbsent(event.orderId)) return { orderId: event.orderId, status: 'already charged' }
  ledger.charge(event.orderId, event.amountCents)
  await context.sleep(20)
  return { orderId: event.orderId, status: 'charged' }
}

const arbitraries = {
  faults: faultPlanArbitrary({ functionName: 'orders', maxInvocation: 4, maxFaults: 4 }),
  arrivals: arrivalScheduleArbitrary({ maxArrivals: 4, maxOffsetMs: 5_000 }),
}
type Values = { faults: FaultSpec[]; arrivals: number[] }

/** Every order is charged exactly once, whatever the faults and the arrival times. */
function chargedExactlyOnce(processor: Processor): PropertyScenario<Values> {
  return async (sim: Simulation, { arrivals }) => {
    const ledger = new PaymentLedger()
    sim.createFunction({ functionName: 'orders', timeout: 3, code: processor(ledger, new ProcessedOrders()) })
    const orderIds = arrivals.map((_, i) => `order-${i + 1}`)
    await playArrivals(sim, arrivals, (i) => sim.invoke({ functionName: 'orders', invocationType: 'Event', payload: { orderId: orderIds[i], amountCents: 1_250 } }))
    await sim.runUntilIdle()
    for (const orderId of orderIds) {
      const times = ledger.timesCharged(orderId)
      if (times !== 1) throw new Error(`${orderId} was charged ${times} times`)
    }
  }
}

async function failureOf(processor: Processor): Promise<SimPropertyFailure> {
  try {
    await assertSimProperty(arbitraries, chargedExactlyOnce(processor), { fastCheck: { seed: 20_240_101, numRuns: 150 } })
  } catch (error) {
    if (error instanceof SimPropertyFailure) return error
    throw error
  }
  throw new Error('expected the property to fail')
}

describe('order processor (testing kit story)', () => {
  it('naive processor - the property finds the double charge and shrinks it to one order and one duplicate delivery', async () => {
    const failure = await failureOf(naiveProcessor)
    expect(failure.counterexample).toEqual({ faults: [{ functionName: 'orders', invocation: 1, fault: 'duplicate' }], arrivals: [0] })
    expect(failure.replayLine).toBe('seed=0 decisions=seeded faults=[{"functionName":"orders","invocation":1,"fault":"duplicate"}] inputs={"arrivals":[0]}')
    expect(failure.message.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^Property failed after \d+ runs? \(shrunk \d+ times?\): order-1 was charged 2 times$/),
      `  replay: ${failure.replayLine}`,
    ])
    expect(failure.reproduced).toBe(true)

    // The line alone reproduces the failing run, byte for byte.
    const again = await replay(failure.replayLine, chargedExactlyOnce(naiveProcessor))
    expect(again.failed).toBe(true)
    expect(String(again.failure)).toMatch(/order-1 was charged 2 times/)
    expect(eventLogHash(again.sim)).toBe(failure.eventLogHash)
    expect(again.sim.events().filter((e) => e.type === 'fault.injected')).toHaveLength(1)
  })

  it('naive processor - a retry after a partial failure charges twice too (duplicates left out of the plan)', async () => {
    try {
      await assertSimProperty(
        { ...arbitraries, faults: faultPlanArbitrary({ functionName: 'orders', kinds: ['error', 'crash', 'timeout', 'throttle'] }) },
        chargedExactlyOnce(naiveProcessor),
        { fastCheck: { seed: 7, numRuns: 150 } },
      )
      expect.unreachable('the property should fail')
    } catch (error) {
      expect(error).toBeInstanceOf(SimPropertyFailure)
      const failure = error as SimPropertyFailure
      expect(failure.counterexample).toEqual({ faults: [{ functionName: 'orders', invocation: 1, fault: 'error' }], arrivals: [0] })
      expect(parseReplayLine(failure.replayLine).faults).toEqual([{ functionName: 'orders', invocation: 1, fault: 'error' }])
    }
  })

  it('check-then-charge processor - still double charges when two copies of one event run at once', async () => {
    const failure = await failureOf(checkThenChargeProcessor)
    expect(failure.counterexample).toEqual({ faults: [{ functionName: 'orders', invocation: 1, fault: 'duplicate' }], arrivals: [0] })
    const again = await replay(failure.replayLine, chargedExactlyOnce(checkThenChargeProcessor))
    // Both copies started at the same instant, in two environments.
    const starts = again.sim.events().filter((e) => e.type === 'invocation.started')
    expect(starts.map((e) => e.atMs)).toEqual([again.sim.events()[0]?.atMs, again.sim.events()[0]?.atMs])
    expect(new Set(starts.map((e) => (e.type === 'invocation.started' ? e.environmentId : ''))).size).toBe(2)
  })

  it('idempotent processor - every order is charged exactly once under the same faults and schedules', async () => {
    await assertSimProperty(arbitraries, chargedExactlyOnce(idempotentProcessor), { fastCheck: { seed: 20_240_101, numRuns: 150 } })
  })
})
