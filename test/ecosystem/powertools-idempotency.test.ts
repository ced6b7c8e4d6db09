/**
 * `@aws-lambda-powertools/idempotency`, unchanged, inside the simulation. DynamoDB is not
 * simulated, so the persistence layer is the library's documented extension point: a subclass of
 * `BasePersistenceLayer` (the README: "You can also bring your own persistence layer by extending
 * the `BasePersistenceLayer` class"), in memory, with the DynamoDB layer's conditional put. Its
 * table is shared by every execution environment, as a DynamoDB table is; each environment builds
 * its own layer at module scope (the init factory's body).
 *
 * The library reads the clock itself — `Date.now()` for a record's expiry and in-progress expiry,
 * `context.getRemainingTimeInMillis()` for how long a call may hold its lock — so records expire
 * on the simulation's clock: `await sim.advance(...)` past the TTL and the handler runs again.
 */
import { IdempotencyConfig, IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError, IdempotencyRecordStatus, makeIdempotent } from '@aws-lambda-powertools/idempotency'
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware'
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence'
import type { IdempotencyRecordOptions } from '@aws-lambda-powertools/idempotency/types'
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import middy from '@middy/core'
import type { Context, SQSBatchResponse, SQSHandler, SQSRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, sqsEvent, type InvokeResult, type Simulation } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

/** A key-value table shared by all environments (DynamoDB's role). */
type Table = Map<string, IdempotencyRecordOptions>

/** Bring your own persistence layer: in memory, with the DynamoDB layer's put condition. */
class InMemoryPersistenceLayer extends BasePersistenceLayer {
  constructor(private readonly table: Table) {
    super()
  }

  /** A round trip to the table: 5 ms (a timer, so virtual). */
  private roundTrip(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 5))
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    await this.roundTrip()
    const item = this.table.get(idempotencyKey)
    if (item === undefined) throw new IdempotencyItemNotFoundError()
    return new IdempotencyRecord(item)
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    await this.roundTrip()
    const existing = this.table.get(record.idempotencyKey)
    const now = Date.now()
    // The DynamoDB layer's condition: the key does not exist, or it expired, or it is in progress
    // and its in-progress expiry has passed.
    const free =
      existing === undefined ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.status === IdempotencyRecordStatus.INPROGRESS && existing.inProgressExpiryTimestamp !== undefined && existing.inProgressExpiryTimestamp < now)
    if (!free) {
      throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${record.idempotencyKey}`, new IdempotencyRecord(existing))
    }
    this.table.set(record.idempotencyKey, {
      idempotencyKey: record.idempotencyKey,
      status: record.getStatus(),
      ...(record.expiryTimestamp !== undefined ? { expiryTimestamp: record.expiryTimestamp } : {}),
      ...(record.inProgressExpiryTimestamp !== undefined ? { inProgressExpiryTimestamp: record.inProgressExpiryTimestamp } : {}),
      ...(record.payloadHash !== undefined ? { payloadHash: record.payloadHash } : {}),
    })
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    await this.roundTrip()
    const existing = this.table.get(record.idempotencyKey)
    this.table.set(record.idempotencyKey, {
      ...existing,
      idempotencyKey: record.idempotencyKey,
      status: record.getStatus(),
      ...(record.expiryTimestamp !== undefined ? { expiryTimestamp: record.expiryTimestamp } : {}),
      responseData: record.getResponse(),
    })
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    await this.roundTrip()
    this.table.delete(record.idempotencyKey)
  }
}

interface Order {
  readonly orderId: number
  readonly amount: number
}
interface Payment {
  readonly paymentId: string
  readonly orderId: number
  readonly chargedAt: string
}

/** The payment provider the handler calls: the side effect idempotency must not repeat. */
interface Provider {
  readonly charges: Order[]
  /** How long each charge takes, by call number (default 100 ms). */
  readonly delays: number[]
}

/** The README's `makeIdempotent` handler, its module scope as an init factory. */
function createPayments(sim: Simulation, table: Table, provider: Provider, options: { timeout?: number; expiresAfterSeconds?: number } = {}): void {
  sim.createFunction({
    functionName: 'payments',
    timeout: options.timeout ?? 10,
    code: {
      init: () => {
        // ---- module scope ----
        const persistenceStore = new InMemoryPersistenceLayer(table)
        const config = new IdempotencyConfig({ expiresAfterSeconds: options.expiresAfterSeconds ?? 60 })

        const myHandler = async (event: Order, context: Context): Promise<Payment> => {
          const delay = provider.delays[provider.charges.length] ?? 100
          provider.charges.push(event)
          await new Promise((resolve) => setTimeout(resolve, delay))
          return { paymentId: `pay-${context.awsRequestId.slice(0, 8)}`, orderId: event.orderId, chargedAt: new Date().toISOString() }
        }

        return makeIdempotent(myHandler, {
          persistenceStore,
          config,
        })
      },
    },
  })
}

/** A caller that repeats a payment after a while (a client retrying), so the repeat starts later. */
function createCheckout(sim: Simulation): void {
  sim.createFunction({
    functionName: 'checkout',
    timeout: 60,
    code: async (event: { afterMs: number; order: Order }, context) => {
      await context.sleep(event.afterMs)
      return context.lambda.invoke({ functionName: 'payments', payload: event.order })
    },
  })
}

const errorType = (result: InvokeResult): unknown => (JSON.parse(result.payloadJson ?? '{}') as { errorType?: unknown }).errorType

describe('ecosystem/powertools-idempotency', () => {
  it('a repeat within the TTL returns the stored result without running the handler; past the TTL (virtual) it runs again', async () => {
    const sim = createSimulation({ seed: 1 })
    const table: Table = new Map()
    const provider: Provider = { charges: [], delays: [] }
    createPayments(sim, table, provider, { expiresAfterSeconds: 60 })
    const order = { orderId: 1, amount: 42 }
    const wall = performance.now()

    const first = await sim.invoke({ functionName: 'payments', payload: order })
    const payment = first.payload as Payment
    expect(payment.orderId).toBe(1)
    // The handler's clock is the simulation's: the put (5 ms) and the charge (100 ms) took virtual time.
    expect(payment.chargedAt).toBe('2024-01-01T00:00:00.105Z')
    expect(provider.charges).toHaveLength(1)
    // The record: COMPLETED, expiring 60 s after it was written, in the simulation's epoch seconds.
    const [record] = [...table.values()]
    expect(record?.status).toBe('COMPLETED')
    expect(record?.expiryTimestamp).toBe(Math.floor((T0 + 110) / 1000) + 60)
    expect(record?.responseData).toEqual(payment)

    // 30 s later, and again at 59 s: the stored result, the handler not run (no second charge).
    await sim.advance('30s')
    const repeat = await sim.invoke({ functionName: 'payments', payload: order })
    expect(repeat.payload).toEqual(payment)
    await sim.advance(29_000 - (sim.nowMs - T0 - 30_000))
    expect((await sim.invoke({ functionName: 'payments', payload: order })).payload).toEqual(payment)
    expect(provider.charges).toHaveLength(1)
    // Another order is not affected.
    expect(((await sim.invoke({ functionName: 'payments', payload: { orderId: 2, amount: 1 } })).payload as Payment).orderId).toBe(2)
    expect(provider.charges).toHaveLength(2)

    // Past the TTL: the record has expired on the virtual clock; the handler runs again.
    await sim.advance('2s')
    const again = await sim.invoke({ functionName: 'payments', payload: order })
    expect(again.payload).not.toEqual(payment)
    expect((again.payload as Payment).chargedAt.startsWith('2024-01-01T00:01:0')).toBe(true)
    expect(provider.charges.map((c) => c.orderId)).toEqual([1, 2, 1])

    // And a week later, still in a blink.
    await sim.advance('7d')
    await sim.invoke({ functionName: 'payments', payload: order })
    expect(provider.charges).toHaveLength(4)
    expect(performance.now() - wall).toBeLessThan(5_000)
  })

  it('the lock of a call in progress: a concurrent repeat is refused; when the call times out, its lock expires with the remaining time it had', async () => {
    const sim = createSimulation({ seed: 2 })
    const table: Table = new Map()
    // The first charge hangs for 30 s (past the 3 s timeout); later ones take 100 ms.
    const provider: Provider = { charges: [], delays: [30_000] }
    createPayments(sim, table, provider, { timeout: 3 })
    const order = { orderId: 7, amount: 10 }

    createCheckout(sim)
    // The first call, and a repeat 1 s into it (from another function, so it starts at 1 s).
    const [timedOut, viaCheckout] = await Promise.all([
      sim.invoke({ functionName: 'payments', payload: order }),
      sim.invoke({ functionName: 'checkout', payload: { afterMs: 1_000, order } }),
    ])
    // In progress in another environment: the library refused the repeat.
    const concurrent = viaCheckout.payload as InvokeResult
    expect(errorType(concurrent)).toBe('IdempotencyAlreadyInProgressError')
    expect(provider.charges).toHaveLength(1)
    const [lock] = [...table.values()]
    expect(lock?.status).toBe('INPROGRESS')
    // saveInProgress stored now + context.getRemainingTimeInMillis(): the end of the first
    // call's 3 s timeout.
    expect(lock?.inProgressExpiryTimestamp).toBe(T0 + 3_000)

    expect(errorType(timedOut)).toBe('Sandbox.Timedout')
    expect(sim.nowMs - T0).toBe(3_000)
    // The lock is still there (the runtime was killed before it could delete it)...
    expect([...table.values()][0]?.status).toBe('INPROGRESS')
    // ...but its in-progress expiry has passed: a retry runs the handler.
    await sim.advance('1ms')
    const retry = await sim.invoke({ functionName: 'payments', payload: order })
    expect(retry.functionError).toBeUndefined()
    expect((retry.payload as Payment).orderId).toBe(7)
    expect(provider.charges).toHaveLength(2)
    expect([...table.values()][0]?.status).toBe('COMPLETED')
    // The timed-out runtime was killed: its 30 s charge never completes, never overwrites the record.
    await sim.advance('1m')
    expect(provider.charges).toHaveLength(2)
    expect([...table.values()][0]?.responseData).toEqual(retry.payload)
  })

  it('useLocalCache: each execution environment keeps its own cache (module scope), and cached records expire on the virtual clock too', async () => {
    const sim = createSimulation({ seed: 5 })
    const table: Table = new Map()
    let runs = 0
    const puts: number[] = []
    class CountingLayer extends InMemoryPersistenceLayer {
      protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
        puts.push(Date.now() - T0)
        return super._putRecord(record)
      }
    }
    sim.createFunction({
      functionName: 'cached',
      code: {
        init: () => {
          const persistenceStore = new CountingLayer(table)
          const config = new IdempotencyConfig({ useLocalCache: true, expiresAfterSeconds: 120 })
          return makeIdempotent(
            async (event: Order, _context: Context): Promise<number> => {
              runs++
              return event.orderId * 10
            },
            { persistenceStore, config },
          )
        },
      },
    })
    const call = async (): Promise<unknown> => (await sim.invoke({ functionName: 'cached', payload: { orderId: 4, amount: 1 } })).payload
    expect(await call()).toBe(40)
    expect(puts).toEqual([0])
    // Warm, within the TTL: answered from the environment's cache, the table not even asked.
    await sim.advance('1m')
    expect(await call()).toBe(40)
    expect(puts).toEqual([0])
    // Past the TTL (virtual): the cached record has expired; the handler runs again.
    await sim.advance('61s')
    expect(await call()).toBe(40)
    expect(runs).toBe(2)
    expect(puts).toEqual([0, 121_010])
  })

  it('a failing handler deletes its record: the next call runs again', async () => {
    const sim = createSimulation({ seed: 3 })
    const table: Table = new Map()
    let calls = 0
    sim.createFunction({
      functionName: 'flaky',
      code: {
        init: () => {
          const persistenceStore = new InMemoryPersistenceLayer(table)
          return makeIdempotent(
            async (_event: Order, _context: Context): Promise<string> => {
              calls++
              await new Promise((resolve) => setTimeout(resolve, 10))
              if (calls === 1) throw new Error('provider unavailable')
              return 'ok'
            },
            { persistenceStore },
          )
        },
      },
    })
    const failed = await sim.invoke({ functionName: 'flaky', payload: { orderId: 1, amount: 1 } })
    expect(failed.functionError).toBe('Unhandled')
    expect(table.size).toBe(0)
    expect((await sim.invoke({ functionName: 'flaky', payload: { orderId: 1, amount: 1 } })).payload).toBe('ok')
    expect((await sim.invoke({ functionName: 'flaky', payload: { orderId: 1, amount: 1 } })).payload).toBe('ok')
    expect(calls).toBe(2)
  })

  it('the middy middleware (makeHandlerIdempotent) with an event key: the same TTL rules on the virtual clock', async () => {
    const sim = createSimulation({ seed: 4 })
    const table: Table = new Map()
    let runs = 0
    sim.createFunction({
      functionName: 'api',
      code: {
        init: () => {
          const persistenceStore = new InMemoryPersistenceLayer(table)
          const config = new IdempotencyConfig({ eventKeyJmesPath: 'orderId', expiresAfterSeconds: 300 })
          return middy(async (event: Order & { note: string }): Promise<string> => {
            runs++
            return `${event.orderId}:${event.note}:${new Date().toISOString()}`
          }).use(makeHandlerIdempotent({ persistenceStore, config }))
        },
      },
    })
    const call = async (note: string): Promise<unknown> => (await sim.invoke({ functionName: 'api', payload: { orderId: 3, amount: 5, note } })).payload
    const first = await call('a')
    expect(first).toBe('3:a:2024-01-01T00:00:00.005Z')
    await sim.advance('4m')
    // Same key (orderId), a different note: the stored result.
    expect(await call('b')).toBe(first)
    await sim.advance('1m')
    expect(await call('c')).toMatch(/^3:c:2024-01-01T00:05:00\.\d{3}Z$/)
    expect(runs).toBe(2)
  })

  it('with Batch: a redelivered SQS batch does not process again the records that succeeded, until their records expire', async () => {
    const sim = createSimulation({ seed: 6 })
    const table: Table = new Map()
    const processed: string[] = []
    const failOnce = new Set(['m-2'])
    sim.createFunction({
      functionName: 'orders',
      code: {
        init: () => {
          // Module scope, as the Powertools docs combine the two utilities.
          const processor = new BatchProcessor(EventType.SQS)
          const persistenceStore = new InMemoryPersistenceLayer(table)
          const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'messageId', expiresAfterSeconds: 300 })

          const recordHandler = async (record: SQSRecord): Promise<void> => {
            await new Promise((resolve) => setTimeout(resolve, 50))
            if (failOnce.delete(record.messageId)) throw new Error(`${record.messageId} failed`)
            processed.push(`${record.messageId}@${Math.round((Date.now() - T0) / 1000)}s`)
          }
          const processIdempotently = makeIdempotent(recordHandler, {
            persistenceStore,
            config: idempotencyConfig,
          })

          const handler: SQSHandler = async (event, context) => {
            idempotencyConfig.registerLambdaContext(context)
            return processPartialResponse(event, processIdempotently, processor, {
              context,
            })
          }
          return handler
        },
      },
    })
    const batch = (): ReturnType<typeof sqsEvent> => sqsEvent(['a', 'b', 'c'].map((body, i) => ({ body, messageId: `m-${i + 1}` })), { queue: 'orders' })

    const first = await sim.invoke({ functionName: 'orders', payload: batch() })
    expect(first.payload as SQSBatchResponse).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] })
    // The queue redelivers the whole batch after the visibility timeout (30 s): only m-2 runs.
    await sim.advance('30s')
    const again = await sim.invoke({ functionName: 'orders', payload: batch() })
    expect(again.payload).toEqual({ batchItemFailures: [] })
    expect(processed).toEqual(['m-1@0s', 'm-3@0s', 'm-2@30s'])
    // Within the 5 minute TTL, still nothing; after it (virtual), the same messages are processed again.
    await sim.advance('4m')
    await sim.invoke({ functionName: 'orders', payload: batch() })
    expect(processed).toHaveLength(3)
    await sim.advance('2m')
    await sim.invoke({ functionName: 'orders', payload: batch() })
    expect(processed.slice(3).sort()).toEqual(['m-1@390s', 'm-2@390s', 'm-3@390s'])
  })

  it('same seed, same event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 'idempotency', recordEvents: true })
      const provider: Provider = { charges: [], delays: [5_000] }
      createPayments(sim, new Map(), provider, { timeout: 2, expiresAfterSeconds: 10 })
      createCheckout(sim)
      await Promise.all([
        sim.invoke({ functionName: 'payments', payload: { orderId: 1, amount: 1 } }),
        ...[1, 1, 2].map((orderId) => sim.invoke({ functionName: 'checkout', payload: { afterMs: 500, order: { orderId, amount: 1 } } })),
      ])
      await sim.advance('3s')
      await Promise.all([1, 2].map((orderId) => sim.invoke({ functionName: 'payments', payload: { orderId, amount: 1 } })))
      await sim.advance('20s')
      await sim.invoke({ functionName: 'payments', payload: { orderId: 2, amount: 1 } })
      return `${sim.eventLogText()}\n${JSON.stringify(provider.charges)}`
    }
    const first = await run()
    expect(first).toContain('IdempotencyAlreadyInProgressError')
    expect(await run()).toBe(first)
  })
})
