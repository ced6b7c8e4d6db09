import { Console } from 'node:console'
import { describe, expect, it, vi } from 'vitest'
import { createSimulation } from '../../../src/index.js'

/** The application lines of a log, as `requestId | LEVEL | message` (raw lines as they are). */
function appLines(sim: ReturnType<typeof createSimulation>): string[] {
  return sim.logs
    .events()
    .map((e) => e.message)
    .filter((m) => !/^(START|END|REPORT|INIT_START|INIT_REPORT) /.test(m))
    .map((m) => (/^\d{4}-\d\d-\d\dT/.test(m) ? m.split('\t').slice(1).join(' | ') : m))
}

describe('runtime/world/console', () => {
  it('console.* in init and handler (across awaits) lands in the function log, at its level, by default', async () => {
    const sim = createSimulation({ seed: 1 })
    const real = vi.spyOn(process.stdout, 'write')
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
    expect(appLines(sim)).toEqual([
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

  it('a library’s own Console on stdout/stderr, and process.stdout.write, land in the log as raw lines', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({
      functionName: 'lib',
      code: {
        init: () => {
          // As Powertools' logger does: its own Console over the process streams, made at module scope.
          const own = new Console({ stdout: process.stdout, stderr: process.stderr })
          return async () => {
            own.log(JSON.stringify({ level: 'INFO', message: 'from a library' }))
            own.error('to stderr')
            process.stdout.write('two\nlines\n')
            return 'ok'
          }
        },
      },
    })
    await sim.invoke({ functionName: 'lib' })
    expect(appLines(sim)).toEqual(['{"level":"INFO","message":"from a library"}', 'to stderr', 'two', 'lines'])
  })

  it('output of the test itself, outside handlers, still reaches the real streams', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.createFunction({ functionName: 'quiet', code: async () => 'ok' })
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    console.log('from the test')
    await sim.invoke({ functionName: 'quiet' })
    expect(spy).toHaveBeenCalledWith('from the test')
    expect(sim.logs.events().some((e) => e.message.includes('from the test'))).toBe(false)
    spy.mockRestore()
  })

  it('handlerWorld: false - handler lines go to the real console, not the function log', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    const sim = createSimulation({ seed: 4, handlerWorld: false })
    sim.createFunction({ functionName: 'p', code: async () => console.log('to stdout') })
    await sim.invoke({ functionName: 'p' })
    expect(sim.logs.events().some((e) => e.message.includes('to stdout'))).toBe(false)
    expect(spy).toHaveBeenCalledWith('to stdout')
    spy.mockRestore()
  })
})
