/**
 * The report's known scenario: a weighted alias, throttles under reserved concurrency, an
 * asynchronous function that fails and is retried, a timeout, and log lines — small enough to
 * count by hand, the same for every seed-1 run.
 */
import { createSimulation, type InitContext, type LambdaContext, type Simulation, type SimulationOptions } from '../../src/index.js'

export async function knownScenario(options: SimulationOptions = {}): Promise<Simulation> {
  const sim = createSimulation({ seed: 1, recordTimeline: true, ...options })
  sim.createFunction({
    functionName: 'api',
    timeout: 1,
    code: {
      init: async (init: InitContext) => {
        await init.sleep(250)
        console.log('connected')
        return async (event: { slow?: boolean }, context: LambdaContext) => {
          console.log('handling', JSON.stringify(event))
          await context.sleep(event.slow === true ? 2000 : 120)
          return { ok: true }
        }
      },
    },
  })
  sim.publishVersion({ functionName: 'api' })
  sim.updateFunctionConfiguration({ functionName: 'api', memorySize: 256 })
  sim.publishVersion({ functionName: 'api' })
  sim.createAlias({ functionName: 'api', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.25 } } })
  sim.putFunctionConcurrency({ functionName: 'api', reservedConcurrentExecutions: 3 })
  sim.createFunction({
    functionName: 'worker',
    code: async (event: { fail?: boolean }, context: LambdaContext) => {
      await context.sleep(50)
      if (event.fail === true) throw new Error('worker failed on purpose')
      return 'done'
    },
  })
  // 40 requests over 2 s through the alias, 5 at once at the start: some are throttled.
  sim.generateLoad({ functionName: 'api', qualifier: 'live', pattern: { kind: 'constant', ratePerSecond: 20, duration: '2s' } })
  sim.generateLoad({ functionName: 'api', qualifier: 'live', pattern: { kind: 'burst', count: 5 } })
  await sim.advance('3s')
  // One timeout on the unqualified function.
  await sim.invoke({ functionName: 'api', payload: { slow: true } }).catch(() => undefined)
  // Asynchronous: two succeed, one fails and is retried twice.
  await sim.invoke({ functionName: 'worker', invocationType: 'Event', payload: {} })
  await sim.invoke({ functionName: 'worker', invocationType: 'Event', payload: {} })
  await sim.invoke({ functionName: 'worker', invocationType: 'Event', payload: { fail: true } })
  await sim.runUntilIdle()
  await sim.advance('15m')
  return sim
}
