import { describe, expect, it } from 'vitest'
import { powerTune, type LambdaContext } from '../../src/index.js'

/** 1 vCPU-second of work plus 100 ms of waiting on I/O. */
const handler = async (_event: unknown, context: LambdaContext): Promise<string> => {
  await context.compute(1000)
  await context.sleep(100)
  return 'ok'
}

describe('powerTune', () => {
  it('runs the same workload per memory size and names the cheapest and the fastest', async () => {
    const report = await powerTune({
      memorySizes: [128, 1769, 3008],
      function: { functionName: 'work', timeout: 60, code: handler },
      workload: async (sim, functionName) => {
        for (let i = 0; i < 5; i++) await sim.invoke({ functionName })
      },
      simulation: { billInit: false },
    })
    expect(report.results.map((r) => [r.memorySizeMB, r.invocations])).toEqual([[128, 5], [1769, 5], [3008, 5]])
    const [small, oneVcpu, big] = report.results
    // 1,769 MB buys one vCPU: 1,000 ms of compute + 100 ms of sleep. 128 MB gets 128/1769 of it.
    expect(oneVcpu?.averageDurationMs).toBeCloseTo(1100, 6)
    expect(small?.averageDurationMs).toBeCloseTo(1000 / (128 / 1769) + 100, 0)
    // Single-threaded work gains nothing above one vCPU.
    expect(big?.averageDurationMs).toBeCloseTo(1100, 6)
    // Cost per invocation: 1.769 GB-ish × 1.1 s vs 0.125 GB × 13.92 s: the small size pays less for the I/O wait.
    // 1,769 MB: 5 × ($0.0000002 + 1769/1024 × 1.1 × $0.0000166667) / 5
    expect(oneVcpu?.usdPerInvocation).toBeCloseTo(0.0000002 + (1769 / 1024) * 1.1 * 0.0000166667, 11)
    expect(report.cheapest.memorySizeMB).toBe(128)
    expect(report.fastest.memorySizeMB).toBe(1769) // ties with 3,008 on time; cheaper
  })

  it('is deterministic and refuses an empty sweep', async () => {
    const input = {
      memorySizes: [256, 512],
      function: { functionName: 'work', timeout: 60, code: handler },
      workload: async (sim: import('../../src/index.js').Simulation, functionName: string) => {
        await Promise.all([1, 2, 3].map(() => sim.invoke({ functionName })))
      },
    }
    expect(await powerTune(input)).toEqual(await powerTune(input))
    await expect(powerTune({ ...input, memorySizes: [] })).rejects.toThrow(/memorySizes is empty/)
  })
})
