/**
 * `@aws-lambda-powertools/batch`, unchanged, inside the simulation: handlers as the library's docs
 * show them (`processPartialResponse` with a `BatchProcessor` or `SqsFifoPartialProcessorAsync`),
 * their module scope as an init factory, fed SQS batches built with `sqsEvent`.
 */
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch'
import { Logger } from '@aws-lambda-powertools/logger'
import type { SQSBatchResponse, SQSHandler, SQSRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, sqsEvent, type Simulation } from '../../src/index.js'

interface Order {
  readonly orderId: number
  readonly fail?: boolean
}

/** The docs' SQS handler: a record handler that takes 200 ms (a timer) and throws for bad orders. */
function createOrders(sim: Simulation, options: { inParallel?: boolean; throwOnFullBatchFailure?: boolean } = {}): void {
  sim.createFunction({
    functionName: 'orders',
    timeout: 30,
    environment: { variables: { POWERTOOLS_SERVICE_NAME: 'orders' } },
    code: {
      init: () => {
        const processor = new BatchProcessor(EventType.SQS)
        const logger = new Logger()

        const recordHandler = async (record: SQSRecord): Promise<void> => {
          const item = JSON.parse(record.body) as Order
          await new Promise((resolve) => setTimeout(resolve, 200))
          if (item.fail) throw new Error(`order ${item.orderId} failed`)
          logger.info('Processed item', { item })
        }

        const handler: SQSHandler = async (event, context) =>
          processPartialResponse(event, recordHandler, processor, {
            context,
            ...(options.inParallel === false ? { processInParallel: false } : {}),
            ...(options.throwOnFullBatchFailure === false ? { throwOnFullBatchFailure: false } : {}),
          })
        return handler
      },
    },
  })
}

const batch = (orders: readonly Order[], queue = 'orders') => sqsEvent(orders.map((order, i) => ({ body: { ...order }, messageId: `m-${i + 1}` })), { queue })

describe('ecosystem/powertools-batch', () => {
  it('processPartialResponse reports the failing records in batchItemFailures; the others were processed', async () => {
    const sim = createSimulation({ seed: 1 })
    createOrders(sim)
    const event = batch([{ orderId: 1 }, { orderId: 2, fail: true }, { orderId: 3 }, { orderId: 4, fail: true }, { orderId: 5 }])
    const t0 = sim.nowMs
    const result = await sim.invoke({ functionName: 'orders', payload: event })
    expect(result.functionError).toBeUndefined()
    expect(result.payload as SQSBatchResponse).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }, { itemIdentifier: 'm-4' }] })
    // The processed ones were logged by the record handler, in the function's log.
    const processed = sim.logs
      .events({ requestId: result.requestId ?? '' })
      .filter((e) => e.message.includes('Processed item'))
      .map((e) => (JSON.parse(e.message) as { item: Order }).item.orderId)
    expect(processed.sort()).toEqual([1, 3, 5])
    // In parallel (the default): five 200 ms records took 200 virtual ms, not 1 s.
    expect(sim.nowMs - t0).toBeGreaterThanOrEqual(200)
    expect(sim.nowMs - t0).toBeLessThan(1_000)
  })

  it('processInParallel: false runs the records one after another, on the virtual clock', async () => {
    const sim = createSimulation({ seed: 2 })
    createOrders(sim, { inParallel: false })
    const orders = Array.from({ length: 10 }, (_, i) => ({ orderId: i, fail: i % 3 === 0 }))
    const t0 = sim.nowMs
    const wall = performance.now()
    const result = await sim.invoke({ functionName: 'orders', payload: batch(orders) })
    expect((result.payload as SQSBatchResponse).batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-1', 'm-4', 'm-7', 'm-10'])
    expect(sim.nowMs - t0).toBeGreaterThanOrEqual(2_000)
    expect(performance.now() - wall).toBeLessThan(2_000)
  })

  it('a fully failed batch: FullBatchFailureError (the invocation fails), or every record reported with throwOnFullBatchFailure: false', async () => {
    const sim = createSimulation({ seed: 3 })
    createOrders(sim)
    const allBad = batch([{ orderId: 1, fail: true }, { orderId: 2, fail: true }])
    const failed = await sim.invoke({ functionName: 'orders', payload: allBad })
    expect(failed.functionError).toBe('Unhandled')
    expect(JSON.parse(failed.payloadJson ?? '{}')).toMatchObject({ errorType: 'FullBatchFailureError' })

    const lenient = createSimulation({ seed: 3 })
    createOrders(lenient, { throwOnFullBatchFailure: false })
    const reported = await lenient.invoke({ functionName: 'orders', payload: allBad })
    expect(reported.payload).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] })
  })

  it('FIFO: SqsFifoPartialProcessorAsync stops at the first failure and reports it and every later record', async () => {
    const sim = createSimulation({ seed: 4 })
    sim.createFunction({
      functionName: 'fifo',
      code: {
        init: () => {
          const processor = new SqsFifoPartialProcessorAsync()
          const seen: number[] = []
          const recordHandler = async (record: SQSRecord): Promise<void> => {
            const payload = JSON.parse(record.body) as Order
            await new Promise((resolve) => setTimeout(resolve, 50))
            if (payload.fail) throw new Error('bad')
            seen.push(payload.orderId)
          }
          const handler: SQSHandler = async (event, context) => {
            const response = await processPartialResponse(event, recordHandler, processor, {
              context,
            })
            console.log(`processed ${seen.splice(0).join(',')}`)
            return response
          }
          return handler
        },
      },
    })
    const event = sqsEvent(
      [1, 2, 3, 4].map((orderId) => ({ body: { orderId, fail: orderId === 2 }, messageId: `f-${orderId}`, messageGroupId: 'g' })),
      { queue: 'orders.fifo' },
    )
    const result = await sim.invoke({ functionName: 'fifo', payload: event })
    expect(result.payload).toEqual({ batchItemFailures: [{ itemIdentifier: 'f-2' }, { itemIdentifier: 'f-3' }, { itemIdentifier: 'f-4' }] })
    expect(sim.logs.text({ requestId: result.requestId ?? '' })).toMatch(/INFO\tprocessed 1$/m)
  })

  it('same seed, same event log', async () => {
    const run = async (): Promise<string> => {
      const sim = createSimulation({ seed: 'batch', recordEvents: true })
      createOrders(sim)
      const orders = Array.from({ length: 8 }, (_, i) => ({ orderId: i, fail: i % 3 === 1 }))
      await Promise.all([0, 1, 2].map((n) => sim.invoke({ functionName: 'orders', payload: batch(orders.slice(n, n + 4), `orders-${n}`) })))
      return `${sim.eventLogText()}\n${sim.logs.text()}`
    }
    const first = await run()
    expect(first).toContain('Processed item')
    expect(await run()).toBe(first)
  })
})
