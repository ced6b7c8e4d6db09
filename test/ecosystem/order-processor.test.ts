/**
 * An order processor written as it would be for Lambda, unchanged: AWS SDK v3 clients created at
 * module scope with default settings (region and credentials from the environment), a synchronous
 * `InvokeCommand` to a pricing function, a `SendMessageCommand` to a queue, an asynchronous
 * `InvokeCommand` to an audit function. The handler's world answers the SDK's HTTP requests from
 * the simulation (no port, no client configuration): throttles, the SDK's own retries, timeouts
 * and recursion behave as on Lambda, on the virtual clock.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type Simulation, type SimulationOptions } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

interface Order {
  readonly orderId: string
  readonly items: number
}

/** The order processor's module: clients at module scope, the handler below them. */
function orderProcessorModule() {
  const lambda = new LambdaClient({})
  const sqs = new SQSClient({})
  return async (order: Order) => {
    const priced = await lambda.send(new InvokeCommand({ FunctionName: process.env['PRICING_FUNCTION'], Payload: JSON.stringify(order) }))
    const price = JSON.parse(new TextDecoder().decode(priced.Payload)) as { total: number; errorMessage?: string }
    if (priced.FunctionError !== undefined) throw new Error(`pricing failed: ${price.errorMessage}`)
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: process.env['QUEUE_URL'], MessageBody: JSON.stringify({ orderId: order.orderId, total: price.total }) }))
    await lambda.send(new InvokeCommand({ FunctionName: process.env['AUDIT_FUNCTION'], InvocationType: 'Event', Payload: JSON.stringify({ orderId: order.orderId }) }))
    return { orderId: order.orderId, total: price.total, messageId: sent.MessageId, pricedAt: Date.now() - T0 }
  }
}

interface Shop {
  readonly sim: Simulation
  readonly queueUrl: string
  readonly audited: string[]
}

/** The shop: a pricing function (`pricingMs` of work), an audit function, a queue, the order processor. */
function createShop(options: SimulationOptions & { pricingMs?: number; processorTimeout?: number; auditFails?: boolean } = {}): Shop {
  const { pricingMs = 120, processorTimeout = 10, auditFails = false, ...simOptions } = options
  const sim = createSimulation({ seed: 1, ...simOptions })
  const queueUrl = sim.sqs.createQueue({ queueName: 'priced-orders' }).queueUrl
  const audited: string[] = []
  sim.createFunction({
    functionName: 'pricing',
    timeout: 30,
    code: async (order: Order, context) => {
      await context.sleep(pricingMs)
      return { total: order.items * 25 }
    },
  })
  sim.createFunction({
    functionName: 'audit',
    code: async (event: { orderId: string }) => {
      audited.push(`${event.orderId}@${Date.now() - T0}`)
      if (auditFails) throw new Error('audit store unavailable')
    },
  })
  sim.createFunction({
    functionName: 'order-processor',
    timeout: processorTimeout,
    environment: { variables: { PRICING_FUNCTION: 'pricing', AUDIT_FUNCTION: 'audit', QUEUE_URL: queueUrl } },
    code: { init: orderProcessorModule },
  })
  return { sim, queueUrl, audited }
}

function queued(shop: Shop): unknown[] {
  return shop.sim.sqs.receiveMessage({ queueUrl: shop.queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => JSON.parse(m.body))
}

describe('ecosystem: an order processor with AWS SDK v3 clients at module scope', () => {
  it('happy path: the callee’s result is used, the message is in the queue, the audit is queued', async () => {
    const shop = createShop()
    const result = await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-1', items: 4 } })
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toMatchObject({ orderId: 'o-1', total: 100, pricedAt: 120 })
    expect(queued(shop)).toEqual([{ orderId: 'o-1', total: 100 }])
    await shop.sim.runUntilIdle()
    expect(shop.audited).toEqual(['o-1@120'])
  })

  it('a slow callee: the caller waits on virtual time (the SDK’s own timers are virtual too), not real time', async () => {
    const shop = createShop({ pricingMs: 8_000, processorTimeout: 30 })
    const wallStart = performance.now()
    const result = await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-2', items: 1 } })
    expect(result.payload).toMatchObject({ total: 25, pricedAt: 8_000 })
    expect(performance.now() - wallStart).toBeLessThan(5_000)
  })

  it('throttled: pricing with reserved concurrency 0 → TooManyRequestsException after the SDK’s 3 attempts, backed off in virtual time', async () => {
    const shop = createShop({ recordEvents: true })
    shop.sim.putFunctionConcurrency({ functionName: 'pricing', reservedConcurrentExecutions: 0 })
    const wallStart = performance.now()
    const result = await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-3', items: 2 } })
    const error = JSON.parse(result.payloadJson ?? '{}') as { errorType: string; errorMessage: string }
    expect(result.functionError).toBe('Unhandled')
    expect(error.errorType).toBe('TooManyRequestsException')
    expect(error.errorMessage).toContain('Rate Exceeded')
    // Three attempts, each throttled; the SDK waited between them on the virtual clock.
    const throttles = shop.sim.events().filter((e) => e.type === 'invocation.throttled' && e.functionName === 'pricing')
    expect(throttles).toHaveLength(3)
    const times = throttles.map((e) => e.atMs - T0)
    expect(times[0]).toBe(0)
    expect(times[2]).toBeGreaterThan(times[0] as number)
    expect(shop.sim.nowMs - T0).toBe(times[2])
    expect(performance.now() - wallStart).toBeLessThan(5_000)
    expect(queued(shop)).toEqual([])
  })

  it('busy: pricing at its reserved concurrency of 1 is throttled; the SDK’s retry succeeds once it is free', async () => {
    const shop = createShop({ pricingMs: 300, recordEvents: true })
    shop.sim.putFunctionConcurrency({ functionName: 'pricing', reservedConcurrentExecutions: 1 })
    // Another caller holds pricing's one slot for 300 ms from t=0; the order comes at t=10.
    await shop.sim.invoke({ functionName: 'pricing', invocationType: 'Event', payload: { orderId: 'warm-up', items: 1 } })
    await shop.sim.advance(10)
    const result = await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-4', items: 3 } })
    expect(result.functionError).toBeUndefined()
    const events = shop.sim.events()
    const throttled = events.filter((e) => e.type === 'invocation.throttled' && e.functionName === 'pricing')
    const started = events.filter((e) => e.type === 'invocation.started' && e.functionName === 'pricing').map((e) => e.atMs - T0)
    expect(throttled.length).toBeGreaterThanOrEqual(1)
    // The order's pricing ran after the other caller's (t ≥ 300), on a retry of the SDK.
    expect(started[0]).toBe(0)
    expect(started[1]).toBeGreaterThanOrEqual(300)
    expect(throttled[0]?.atMs).toBe(T0 + 10)
    expect(result.payload).toMatchObject({ total: 75, pricedAt: (started[1] as number) + 300 })
  })

  it('retries of the asynchronous invoke: a failing audit is retried twice by Lambda’s async queue', async () => {
    const shop = createShop({ auditFails: true })
    await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-5', items: 1 } })
    await shop.sim.runUntilIdle()
    // The first attempt at once, then Lambda's retries after about one and two more minutes.
    expect(shop.audited).toHaveLength(3)
    const at = shop.audited.map((entry) => Number(entry.split('@')[1]))
    expect(at[0]).toBe(120)
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(60_000)
    expect((at[2] as number) - (at[1] as number)).toBeGreaterThanOrEqual(120_000)
  })

  it('timeout: pricing slower than the processor’s timeout — the processor times out, nothing is queued, pricing still completes', async () => {
    const shop = createShop({ pricingMs: 5_000, processorTimeout: 3, recordEvents: true })
    const result = await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-6', items: 1 } })
    expect(JSON.parse(result.payloadJson ?? '{}')).toMatchObject({ errorType: 'Sandbox.Timedout' })
    expect(shop.sim.nowMs - T0).toBe(3_000)
    await shop.sim.runUntilIdle()
    const pricing = shop.sim.events().filter((e) => e.type === 'invocation.completed' && e.functionName === 'pricing')
    expect(pricing.map((e) => [e.atMs - T0, e.type === 'invocation.completed' ? e.status : ''])).toEqual([[5_000, 'success']])
    expect(queued(shop)).toEqual([])
  })

  it('recursion: an order processor that (by mistake) prices through itself is stopped after 16 hops', async () => {
    const shop = createShop({ recordEvents: true })
    shop.sim.updateFunctionConfiguration({ functionName: 'order-processor', environment: { variables: { PRICING_FUNCTION: 'order-processor', AUDIT_FUNCTION: 'audit', QUEUE_URL: shop.queueUrl } } })
    const result = await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-7', items: 1 } })
    expect(result.functionError).toBe('Unhandled')
    // The innermost hop's SDK raised RecursiveInvocationException; every caller above failed on it in turn.
    expect(shop.sim.events().some((e) => e.type === 'invocation.recursionStopped')).toBe(true)
    expect(JSON.parse(result.payloadJson ?? '{}').errorMessage).toContain('pricing failed')
  })

  it('same seed ⇒ same event log, throttles and the SDK’s jittered retries included', async () => {
    const run = async (): Promise<string> => {
      const shop = createShop({ pricingMs: 300, recordEvents: true, seed: 42 })
      shop.sim.putFunctionConcurrency({ functionName: 'pricing', reservedConcurrentExecutions: 1 })
      await shop.sim.invoke({ functionName: 'pricing', invocationType: 'Event', payload: { orderId: 'warm-up', items: 1 } })
      await shop.sim.advance(10)
      await shop.sim.invoke({ functionName: 'order-processor', payload: { orderId: 'o-8', items: 2 } })
      await shop.sim.runUntilIdle()
      return shop.sim.eventLogText()
    }
    const first = await run()
    expect(first).toContain('invocation.throttled')
    expect(await run()).toBe(first)
  })

  it('handlerWorld: false — SDK calls inside handlers are not answered: the handler waits on the real network, and the drive ends with handler-escaped', async () => {
    // A real server that accepts and never answers, standing in for the network (hermetic, never done).
    const sockets: Socket[] = []
    const server = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const sim = createSimulation({ seed: 9, handlerWorld: false })
      sim.createFunction({
        functionName: 'unanswered',
        code: async () => {
          // Explicit settings: without the world, process.env inside handlers is the test's own.
          const lambda = new LambdaClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'AKIA', secretAccessKey: 'x' }, maxAttempts: 1 })
          return (await lambda.send(new InvokeCommand({ FunctionName: 'other' }))).StatusCode
        },
      })
      const failure = await sim.invoke({ functionName: 'unanswered' }).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(SimulationError)
      expect((failure as SimulationError).code).toBe('handler-escaped')
    } finally {
      for (const socket of sockets) socket.destroy()
      server.close()
    }
  })
})
