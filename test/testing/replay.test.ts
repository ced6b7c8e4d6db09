import { describe, expect, it } from 'vitest'
import type { LambdaContext, Simulation } from '../../src/index.js'
import { eventLogHash, formatReplayLine, replay, type Scenario } from '../../src/testing/index.js'

/** Three async events through a function with a modelled, random compute time; counts the runs. */
const scenario: Scenario<{ orders?: number }> = async (sim: Simulation, { orders = 3 }) => {
  let runs = 0
  sim.createFunction({
    functionName: 'work',
    memorySize: 1769, // one full vCPU: modelled compute takes its wall time
    timeout: 10,
    model: { computeMs: { dist: 'uniform', min: 5, max: 500 } },
    code: async (_event: unknown, context: LambdaContext) => {
      runs++
      await context.sleep(10)
    },
  })
  for (let i = 0; i < orders; i++) await sim.invoke({ functionName: 'work', invocationType: 'Event', payload: { i } })
  await sim.runUntilIdle()
  if (runs !== orders) throw new Error(`${runs} runs for ${orders} events`)
}

describe('replay', () => {
  it('replay - the same line gives the same run, byte for byte; another plan, another run', async () => {
    const line = 'seed=21 decisions=seeded faults=[{"functionName":"work","invocation":2,"fault":"error"}] inputs={"orders":3}'
    const first = await replay(line, scenario)
    const second = await replay(line, scenario)
    expect(first.replayLine).toBe(line)
    expect(eventLogHash(second.sim)).toBe(eventLogHash(first.sim))
    expect(first.failed).toBe(true)
    expect(String(first.failure)).toBe('Error: 4 runs for 3 events')
    const other = await replay(line.replace('"invocation":2', '"invocation":3'), scenario)
    expect(eventLogHash(other.sim)).not.toBe(eventLogHash(first.sim))
  })

  it('replay - recorded decisions in the line are replayed (and drive the run)', async () => {
    const fast = formatReplayLine({ seed: 1, decisions: [{ kind: 'invoke.compute', value: 0 }], inputs: { orders: 1 } })
    const slow = formatReplayLine({ seed: 1, decisions: [{ kind: 'invoke.compute', value: 0.999 }], inputs: { orders: 1 } })
    const a = await replay(fast, scenario)
    const b = await replay(slow, scenario)
    expect([a.failed, b.failed]).toEqual([false, false])
    expect(a.sim.decisions()[0]).toEqual({ kind: 'invoke.compute', value: 0 })
    const durationOf = (sim: Simulation) => sim.events().find((e) => e.type === 'invocation.completed')?.atMs ?? 0
    expect(durationOf(b.sim) - durationOf(a.sim)).toBeGreaterThan(400)
    expect(eventLogHash((await replay(slow, scenario)).sim)).toBe(eventLogHash(b.sim))
  })

  it('replay - takes the parsed form too, passes the setup to the scenario, and reports `false` as a failure', async () => {
    const seen: unknown[] = []
    const result = await replay({ seed: 'abc', faults: [{ invocation: 1, fault: 'crash' }], inputs: { x: 1 } }, (sim, inputs, setup) => {
      seen.push(inputs, setup, sim.seed)
      return false
    })
    expect(seen).toEqual([{ x: 1 }, { seed: 'abc', decisions: undefined, faults: [{ invocation: 1, fault: 'crash' }] }, 'abc'])
    expect(result.failed).toBe(true)
    expect(String(result.failure)).toBe('Error: the scenario returned false')
    expect(result.replayLine).toBe('seed="abc" decisions=seeded faults=[{"invocation":1,"fault":"crash"}] inputs={"x":1}')
  })

  it('replay - simulation options apply to the run (recordEvents is on unless turned off)', async () => {
    const result = await replay('seed=2 decisions=seeded', (sim) => sim.createFunction({ functionName: 'f', code: async () => 1 }), { recordEvents: false, region: 'eu-west-1' })
    expect(result.sim.region).toBe('eu-west-1')
    expect(() => result.sim.events()).toThrow(/recordEvents: true/)
  })
})
