import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError } from '../../src/index.js'
import { formatReplayLine, parseReplayLine, replayLineOf } from '../../src/testing/index.js'

describe('replay-line', () => {
  it('parseReplayLine - reads what sim.replayLine() writes: seed, seeded decisions', () => {
    expect(parseReplayLine(createSimulation({ seed: 42 }).replayLine())).toEqual({ seed: 42 })
    expect(parseReplayLine(createSimulation({ seed: 'checkout flow' }).replayLine())).toEqual({ seed: 'checkout flow' })
  })

  it('parseReplayLine - reads recorded decisions and a fault plan back exactly', () => {
    const decisions = [
      { kind: 'cold-start.init', value: 0.25 },
      { kind: 'async.duplicate', value: 0 },
    ]
    const faults = [
      { functionName: 'orders', invocation: 2, attempt: 3, fault: 'error' as const, errorMessage: 'card declined: try again later' },
      { invocation: 1, fault: 'duplicate' as const },
    ]
    const sim = createSimulation({ seed: 9, decisions, faults })
    expect(parseReplayLine(sim.replayLine())).toEqual({ seed: 9, decisions, faults })
  })

  it('parseReplayLine - finds the line inside an error message, and reads inputs', () => {
    const line = formatReplayLine({ seed: 3, faults: [{ invocation: 1, fault: 'crash' }], inputs: { arrivals: [0, 250], note: 'a "quoted" } value' } })
    const message = `Property failed after 4 runs: boom\n  replay: ${line}\n  fast-check: { seed: 1, path: "0" }`
    expect(parseReplayLine(message)).toEqual({ seed: 3, faults: [{ invocation: 1, fault: 'crash' }], inputs: { arrivals: [0, 250], note: 'a "quoted" } value' } })
  })

  it('formatReplayLine - writes the same text as the simulation and replayLineOf', () => {
    const sim = createSimulation({ seed: 5, faults: [{ functionName: 'f', invocation: 1, fault: 'timeout' }] })
    expect(formatReplayLine(parseReplayLine(sim.replayLine()))).toBe(sim.replayLine())
    expect(replayLineOf(sim, { arrivals: [0] })).toBe(`${sim.replayLine()} inputs={"arrivals":[0]}`)
    expect(replayLineOf(sim, {})).toBe(sim.replayLine())
  })

  it('parseReplayLine - rejects text that is not a replay line, saying why', () => {
    const why = (text: string): string => {
      try {
        parseReplayLine(text)
      } catch (error) {
        expect(error).toBeInstanceOf(SimulationError)
        return (error as Error).message.split('\n')[0] ?? ''
      }
      throw new Error('expected a rejection')
    }
    expect(why('nothing here')).toBe('[invalid-argument] parseReplayLine: not a replay line (no "seed=" in it): nothing here')
    expect(why('seed=7')).toMatch(/no "decisions=" after the seed/)
    expect(why('seed=[1] decisions=seeded')).toMatch(/seed must be a number or a string/)
    expect(why('seed=7 decisions=[{"kind":"x","value":2}]')).toMatch(/decisions: 0\.value Too big/)
    expect(why('seed=7 decisions=seeded faults=[{"invocation":0,"fault":"error"}]')).toMatch(/faults: 0\.invocation Too small/)
    expect(why('seed=7 decisions=[{"kind":')).toMatch(/decisions is not JSON/)
  })
})
