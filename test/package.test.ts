import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// `npm test` builds with tsup before vitest runs; these tests consume dist/ through the package's
// `exports` map, the way a user's project would.
const root = resolve(__dirname, '..')
let consumer: string

const script = `
  const sim = lib.createSimulation({ seed: 7 })
  sim.createFunction({ functionName: 'f', code: async (event, context) => { await context.sleep(50); return { twice: event.n * 2 } } })
  sim.invoke({ functionName: 'f', payload: { n: 21 } }).then((r) => {
    const hash = testing.eventLogHash
    // The testing kit's arbitraries come from fast-check, which tsup keeps external: it must load in both formats.
    const kit = typeof testing.faultPlanArbitrary({ functionName: 'f' }).filter
    console.log(JSON.stringify({ payload: r.payload, status: r.statusCode, at: sim.nowMs, hasHash: typeof hash, kit }))
  })
`

function run(args: string[]): { payload: unknown; status: number; at: number; hasHash: string; kit: string } {
  const out = execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return JSON.parse(out.trim()) as { payload: unknown; status: number; at: number; hasHash: string; kit: string }
}

describe('package', () => {
  beforeAll(() => {
    if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`')
    consumer = mkdtempSync(join(tmpdir(), 'lambda-sim-consumer-'))
    mkdirSync(join(consumer, 'node_modules'))
    symlinkSync(root, join(consumer, 'node_modules', 'lambda-sim'), 'dir')
  })

  it('require - the CommonJS build works through the exports map', () => {
    const result = run(['-e', `const lib = require('lambda-sim'); const testing = require('lambda-sim/testing'); ${script}`])
    expect(result).toEqual({ payload: { twice: 42 }, status: 200, at: Date.UTC(2024, 0, 1) + 50, hasHash: 'function', kit: 'function' })
  })

  it('import - the ESM build works through the exports map', () => {
    const result = run([
      '--input-type=module',
      '-e',
      `import * as lib from 'lambda-sim'; import * as testing from 'lambda-sim/testing'; ${script}`,
    ])
    expect(result).toEqual({ payload: { twice: 42 }, status: 200, at: Date.UTC(2024, 0, 1) + 50, hasHash: 'function', kit: 'function' })
  })

  it('exports - only "." and "./testing" (and package.json) are public', () => {
    expect(() => run(['-e', "require('lambda-sim/dist/index.cjs')"])).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/)
  })
})
