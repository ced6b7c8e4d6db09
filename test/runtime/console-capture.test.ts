import { describe, expect, it, vi } from 'vitest'
import { createSimulation } from '../../src/index.js'

describe('console-capture', () => {
  it('captureConsole - console.* in init and handler (across awaits) lands in the function log, at its level', async () => {
    const real = vi.spyOn(process.stdout, 'write')
    const sim = createSimulation({ seed: 1, captureConsole: true })
    sim.createFunction({
      functionName: 'c',
      code: {
        init: async () => {
          console.log('module scope')
          return async (event: { n: number }, context) => {
            console.info('start', event.n)
            await context.sleep(5)
            console.warn('after the sleep')
            console.error(new Error('shown as text').message)
            return event.n
          }
        },
      },
    })
    const [a, b] = await Promise.all([sim.invoke({ functionName: 'c', payload: { n: 1 } }), sim.invoke({ functionName: 'c', payload: { n: 2 } })])
    const appLines = sim.logs.events().filter((e) => /^\d{4}-\d\d-\d\dT/.test(e.message))
    expect(appLines.map((e) => e.message.split('\t').slice(1).join(' | '))).toEqual([
      'undefined | INFO | module scope',
      'undefined | INFO | module scope',
      `${a?.requestId} | INFO | start 1`,
      `${b?.requestId} | INFO | start 2`,
      `${a?.requestId} | WARN | after the sleep`,
      `${a?.requestId} | ERROR | shown as text`,
      `${b?.requestId} | WARN | after the sleep`,
      `${b?.requestId} | ERROR | shown as text`,
    ])
    expect(real.mock.calls.some(([chunk]) => String(chunk).includes('module scope'))).toBe(false)
    real.mockRestore()
  })

  it('captureConsole - off by default: lines go to the real console, not the function log', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({ functionName: 'p', code: async () => console.log('to stdout') })
    await sim.invoke({ functionName: 'p' })
    expect(sim.logs.events().some((e) => e.message.includes('to stdout'))).toBe(false)
    expect(spy).toHaveBeenCalledWith('to stdout')
    spy.mockRestore()
  })
})
