/**
 * A scenario for `lambda-sim run` (docs/seeing-a-run.md): which memory size should `thumbnail` have?
 *
 *   npx lambda-sim run examples/scenarios/power-tuning.ts --report run.html
 *
 * The run itself is 200 invocations at 1,024 MB. `powerTuning` then sweeps the same workload over
 * five memory sizes (a fresh seeded simulation each) and the report draws duration and cost per
 * size: CPU-bound work gets faster up to one vCPU (1,769 MB) and no faster after it.
 *
 * In your own project the types come from 'lambda-sim'; here they are the source's.
 */
import type { CreateFunctionInput, LambdaContext, Simulation } from '../../src/index.js'

const thumbnail: CreateFunctionInput = {
  functionName: 'thumbnail',
  memorySize: 1024,
  timeout: 60,
  code: async (_event: unknown, context: LambdaContext) => {
    await context.compute(400) // 400 ms of one vCPU's work: resizing
    await context.sleep(50) // writing the result to S3
    return 'ok'
  },
}

/** The same workload for the run and for every size of the sweep: 200 requests, 10 at a time. */
async function workload(sim: Simulation, functionName: string): Promise<void> {
  for (let wave = 0; wave < 20; wave++) {
    await Promise.all(Array.from({ length: 10 }, () => sim.invoke({ functionName })))
    await sim.advance('1s')
  }
}

export default {
  title: 'Power tuning: thumbnail at 128 MB to 3,008 MB',
  description: '400 ms of CPU and 50 ms of waiting per request; the run at 1,024 MB, then the sweep.',
  options: { seed: 5 },
  powerTuning: { memorySizes: [128, 512, 1024, 1769, 3008], function: thumbnail, workload },
  async run(sim: Simulation) {
    sim.createFunction(thumbnail)
    await workload(sim, thumbnail.functionName)
  },
}
