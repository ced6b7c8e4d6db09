import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LambdaContext, Simulation } from '../../src/index.js'
import {
  assertSimProperty,
  decisionListArbitrary,
  eventLogHash,
  faultPlanArbitrary,
  parseReplayLine,
  replay,
  seedArbitrary,
  SimPropertyFailure,
  simProperty,
} from '../../src/testing/index.js'

/** A function that answers `ok` after 20 ms; the scenario invokes it `calls` times. */
async function invokeTimes(sim: Simulation, calls: number): Promise<(string | undefined)[]> {
  sim.createFunction({ functionName: 'f', code: async (_e: unknown, context: LambdaContext) => (await context.sleep(20), 'ok') })
  const errors: (string | undefined)[] = []
  for (let i = 0; i < calls; i++) errors.push((await sim.invoke({ functionName: 'f' })).functionError)
  return errors
}

async function caught(promise: Promise<unknown>): Promise<SimPropertyFailure> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(SimPropertyFailure)
    return error as SimPropertyFailure
  }
  throw new Error('expected the property to fail')
}

describe('property', () => {
  it('assertSimProperty - passes quietly when the property holds, each case on a fresh simulation', async () => {
    const seeds = new Set<number | string>()
    await assertSimProperty(
      { seed: seedArbitrary, calls: fc.integer({ min: 1, max: 3 }) },
      async (sim, { calls }) => {
        seeds.add(sim.seed)
        expect(sim.events().filter((e) => e.type === 'function.created')).toEqual([]) // nothing left from another case
        expect(await invokeTimes(sim, calls)).toEqual(Array(calls).fill(undefined))
      },
      { fastCheck: { seed: 1, numRuns: 30 } },
    )
    expect(seeds.size).toBeGreaterThan(10)
  })

  it('assertSimProperty - reports the shrunk counterexample with its replay line, event log hash and fast-check seed', async () => {
    const failure = await caught(
      assertSimProperty(
        { faults: faultPlanArbitrary({ functionName: 'f', kinds: ['error', 'crash', 'throttle'], maxInvocation: 6 }), calls: fc.integer({ min: 1, max: 6 }) },
        async (sim, { calls }) => {
          const errors = await invokeTimes(sim, calls)
          if (errors.some((e) => e !== undefined)) throw new Error(`${errors.filter((e) => e !== undefined).length} of ${calls} calls failed`)
        },
        { seed: 3, fastCheck: { seed: 99, numRuns: 100 } },
      ),
    )
    expect(failure.counterexample).toEqual({ faults: [{ functionName: 'f', invocation: 1, fault: 'error' }], calls: 1 })
    expect(failure.replayLine).toBe('seed=3 decisions=seeded faults=[{"functionName":"f","invocation":1,"fault":"error"}] inputs={"calls":1}')
    expect(failure.message).toBe(
      [
        `Property failed after ${failure.numRuns} run${failure.numRuns === 1 ? '' : 's'} (shrunk ${failure.numShrinks} time${failure.numShrinks === 1 ? '' : 's'}): 1 of 1 calls failed`,
        `  replay: ${failure.replayLine}`,
        `  fast-check: { seed: 99, path: ${JSON.stringify(failure.fastCheck.path)} }`,
      ].join('\n'),
    )
    expect(failure.reproduced).toBe(true)
    expect(String(failure.cause)).toBe('Error: 1 of 1 calls failed')
    expect(failure.eventLogHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('assertSimProperty - the failure replays from its line alone to the same event log', async () => {
    const scenario = async (sim: Simulation, { calls }: { calls: number }) => {
      const errors = await invokeTimes(sim, calls)
      if (errors.includes('Unhandled')) throw new Error('a call failed')
    }
    const failure = await caught(
      assertSimProperty({ faults: faultPlanArbitrary({ functionName: 'f', kinds: ['timeout'] }), calls: fc.integer({ min: 1, max: 4 }) }, scenario, { fastCheck: { seed: 5 } }),
    )
    const again = await replay(failure.replayLine, scenario)
    expect(again.failed).toBe(true)
    expect(eventLogHash(again.sim)).toBe(failure.eventLogHash)
  })

  it('assertSimProperty - recorded decisions are part of the line', async () => {
    const failure = await caught(
      assertSimProperty(
        { decisions: decisionListArbitrary(['invoke.compute']) },
        async (sim) => {
          sim.createFunction({ functionName: 'f', memorySize: 1769, model: { computeMs: { dist: 'uniform', min: 0, max: 1000 } }, code: async () => 'ok' })
          const startMs = sim.nowMs
          await sim.invoke({ functionName: 'f' })
          return sim.nowMs - startMs < 700
        },
        { fastCheck: { seed: 11 } },
      ),
    )
    expect(failure.counterexample).toEqual({ decisions: [{ kind: 'invoke.compute', value: 0.7 }] })
    expect(parseReplayLine(failure.replayLine).decisions).toEqual([{ kind: 'invoke.compute', value: 0.7 }])
    expect(failure.cause).toEqual(new Error('the scenario returned false'))
  })

  it('assertSimProperty - says so when the line does not reproduce the failure (state shared between runs)', async () => {
    let runsSoFar = 0
    const failure = await caught(
      assertSimProperty(
        { n: fc.integer({ min: 0, max: 10 }) },
        () => {
          runsSoFar++
          if (runsSoFar === 3) throw new Error('third run')
        },
        { fastCheck: { seed: 1, numRuns: 10 } },
      ),
    )
    expect(failure.reproduced).toBe(false)
    expect(failure.message).toMatch(/warning: running the replay line again passed/)
  })

  it('simProperty - with fc.assert, the shrunk case’s error (fast-check’s cause) ends with its replay line', async () => {
    const property = simProperty({ faults: faultPlanArbitrary({ functionName: 'f', kinds: ['crash'] }) }, async (sim) => {
      const [error] = await invokeTimes(sim, 1)
      expect(error).toBeUndefined()
    })
    const failed = (params: fc.Parameters<unknown>) => fc.assert(property, { seed: 2, numRuns: 50, ...params }).then(() => undefined, (e: unknown) => e as Error)
    const line = 'replay: seed=0 decisions=seeded faults=[{"functionName":"f","invocation":1,"fault":"crash"}]'
    const error = await failed({})
    expect(error?.message).toContain('Counterexample: [{"faults":[{"functionName":"f","invocation":1,"fault":"crash"}]}]')
    expect((error?.cause as Error).message.endsWith(`\n  ${line}`)).toBe(true)
    expect((await failed({ includeErrorInReport: true }))?.message).toContain(line)
  })
})
