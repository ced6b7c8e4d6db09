/**
 * A scenario for `lambda-sim run` (docs/seeing-a-run.md): five minutes of traffic on one function
 * with a reserved concurrency of 20, and a one-minute spike of 300 requests a second in the middle.
 *
 *   npx lambda-sim run examples/scenarios/cold-starts-and-throttles.ts --report run.html
 *
 * In the report: the quiet first two minutes need two environments (two cold starts); the spike opens
 * environments up to the reservation (a column of cold starts), and what does not fit is throttled
 * (HTTP 429, ReservedFunctionConcurrentInvocationLimitExceeded); every 40th request throws. After
 * the spike the environments stay warm and idle.
 *
 * In your own project the type comes from 'lambda-sim'; here it is the source's.
 */
import type { InitContext, LambdaContext, Simulation, SimulationOptions } from '../../src/index.js'

const options: SimulationOptions = { seed: 7 }

export default {
  title: 'Cold starts and throttles: a spike against a reserved concurrency of 20',
  description: '10 requests/s for 2 minutes, 300/s for 1 minute, 10/s for 2 minutes; 512 MB, 250 ms of init, ~120 ms per request.',
  options,
  // The virtual time the run covers: the progress bar's ETA.
  duration: '5m',
  async run(sim: Simulation) {
    sim.createFunction({
      functionName: 'api',
      memorySize: 512,
      timeout: 3,
      code: {
        init: async (init: InitContext) => {
          await init.sleep(250) // module scope: clients, configuration
          return async (event: { n: number }, context: LambdaContext) => {
            await context.sleep(100 + (event.n % 5) * 10) // the request's work
            if (event.n % 40 === 39) throw new Error(`request ${event.n} failed`)
            return { ok: true }
          }
        },
      },
    })
    sim.putFunctionConcurrency({ functionName: 'api', reservedConcurrentExecutions: 20 })
    const load = sim.generateLoad({
      functionName: 'api',
      payload: (n: number) => ({ n }),
      pattern: {
        kind: 'steps',
        steps: [
          { ratePerSecond: 10, duration: '2m' },
          { ratePerSecond: 300, duration: '1m' },
          { ratePerSecond: 10, duration: '2m' },
        ],
      },
    })
    await sim.advance('5m')
    await sim.runUntilIdle()
    return load.stats
  },
}
