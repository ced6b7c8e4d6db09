/**
 * A scenario for `lambda-sim run` (docs/seeing-a-run.md): a canary release and asynchronous retries.
 *
 *   npx lambda-sim run examples/scenarios/weighted-alias-and-retries.ts --report run.html --trace run.json
 *
 * `checkout:live` sends 80 % of its traffic to version 1 and 20 % to version 2 (the canary): two
 * minutes at 20 requests a second, and the report shows the split by version. Meanwhile `charge`
 * is invoked asynchronously (`Event`) for 30 orders: every 5th order's card is declined twice
 * before it goes through, and order 29's always: Lambda retries them 1 minute, then 2 minutes after
 * a failed attempt, sends successes and failures to SQS destinations, and the report marks each retry.
 *
 * In your own project the types come from 'lambda-sim'; here they are the source's.
 */
import type { InitContext, LambdaContext, Simulation } from '../../src/index.js'

export default {
  title: 'A weighted alias (80/20 canary) and asynchronous retries',
  description: 'checkout:live → version 1 (80 %) and version 2 (20 %); charge invoked with Event, retried on failure, destinations on SQS.',
  options: { seed: 11 },
  duration: '4m',
  async run(sim: Simulation) {
    // A canary release: version 2 takes 20 % of the alias's traffic.
    const handler = (build: string, workMs: number) => ({
      init: async (init: InitContext) => {
        await init.sleep(180)
        return async (_event: unknown, context: LambdaContext) => {
          await context.sleep(workMs)
          return { build, version: context.functionVersion }
        }
      },
    })
    sim.createFunction({ functionName: 'checkout', memorySize: 1024, publish: true, code: handler('v1', 60) })
    sim.updateFunctionCode({ functionName: 'checkout', publish: true, code: handler('v2', 45) })
    sim.createAlias({ functionName: 'checkout', name: 'live', functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.2 } } })
    sim.generateLoad({ functionName: 'checkout', qualifier: 'live', pattern: { kind: 'constant', ratePerSecond: 20, duration: '2m' } })

    // Asynchronous invocations with retries and destinations.
    sim.sqs.createQueue({ queueName: 'charged' })
    sim.sqs.createQueue({ queueName: 'declined' })
    const attempts = new Map<number, number>()
    sim.createFunction({
      functionName: 'charge',
      memorySize: 256,
      architectures: ['arm64'],
      code: async (event: { order: number }, context: LambdaContext) => {
        const attempt = (attempts.get(event.order) ?? 0) + 1
        attempts.set(event.order, attempt)
        await context.sleep(80) // the payment provider
        const declined = event.order === 29 || (event.order % 5 === 0 && attempt <= 2)
        if (declined) throw new Error(`card declined (order ${event.order}, attempt ${attempt})`)
        return { order: event.order, charged: true }
      },
    })
    sim.putFunctionEventInvokeConfig({
      functionName: 'charge',
      destinationConfig: { onSuccess: { destination: sim.sqs.queueArn('charged') }, onFailure: { destination: sim.sqs.queueArn('declined') } },
    })
    for (let order = 0; order < 30; order++) {
      await sim.invoke({ functionName: 'charge', invocationType: 'Event', payload: { order } })
      await sim.advance('2s')
    }
    await sim.runUntilIdle()
  },
}
