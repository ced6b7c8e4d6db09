import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'

// The error payload / `Invoke Error` line memos (4b18f07, 6da1219) keep what a few stack texts
// rendered to, in module state shared by every simulation of the process. Whatever was rendered
// before must not show: each render is compared with the same render in a module instance that has
// rendered nothing (a fresh import), over errors that share stack texts but differ in what the
// memos must not conflate — name, message, a code, fields of their own, DEL, the dialect.

type Module = typeof import('../../src/runtime/error-payload.js')

async function freshModule(): Promise<Module> {
  vi.resetModules()
  return import('../../src/runtime/error-payload.js')
}

interface Spec {
  readonly stack: number
  readonly name: string
  readonly message: string
  readonly code: string | undefined
  readonly field: boolean
}

/** A few stack texts (more than the memos keep), one with DEL and one with a Node frame. */
const STACKS = [
  'Error: down\n    at handler (/tmp/memo-a/index.js:2:9)',
  'Error: down\n    at handler (/tmp/memo-a/index.js:2:9)\n    at init (/tmp/memo-a/index.js:9:1)',
  'Error: d\x7Fwn\n    at h (/tmp/memo-b/x.js:1:1)',
  'TypeError: other\n    at g (/tmp/memo-c/y.js:3:3)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
  'Error: down\n    at k (/tmp/memo-d/z.js:4:4)',
  'Error: down\n    at m (/tmp/memo-e/w.js:5:5)',
]

const spec = fc.record({
  stack: fc.integer({ min: 0, max: STACKS.length - 1 }),
  name: fc.constantFrom('Error', 'TypeError', 'Custom\x7F'),
  message: fc.constantFrom('down', 'd\x7Fwn', 'other /tmp/memo-a/p'),
  code: fc.option(fc.constantFrom('E1', 'E2'), { nil: undefined }),
  field: fc.boolean(),
})

function thrown(s: Spec): Error {
  const error = new Error(s.message)
  error.name = s.name
  Object.defineProperty(error, 'stack', { value: STACKS[s.stack], writable: true, configurable: true, enumerable: false })
  if (s.code !== undefined) Object.assign(error, { code: s.code })
  if (s.field) Object.assign(error, { retryable: true })
  return error
}

function renders(m: Module, s: Spec): unknown {
  return { legacy: m.errorPayloadLegacy(thrown(s)), v4: m.errorPayloadV4(thrown(s)), line: m.invokeErrorLogMessage(thrown(s)) }
}

describe('runtime/error payload memos (a render reads as a fresh one would)', () => {
  it('any sequence of errors sharing stack texts renders each as a module that rendered nothing before', async () => {
    const shared = await freshModule()
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 12 }), async (specs) => {
        for (const s of specs) expect(renders(shared, s)).toEqual(renders(await freshModule(), s))
      }),
      { numRuns: 40, seed: 19 },
    )
  })

  it('a repeated error is read as a fresh one is: the same properties, in the same order, each time', async () => {
    const m = await freshModule()
    const reads = (): string[] => {
      const seen: string[] = []
      const error = new Error('down')
      Object.defineProperty(error, 'stack', { value: STACKS[0], configurable: true })
      const spy = new Proxy(error, {
        get(target, key, receiver) {
          seen.push(String(key))
          return Reflect.get(target, key, receiver) as unknown
        },
      })
      m.errorPayloadLegacy(spy)
      m.errorPayloadV4(spy)
      m.invokeErrorLogMessage(spy)
      return seen
    }
    const first = reads()
    expect(first).toContain('stack')
    expect(reads()).toEqual(first)
  })
})
