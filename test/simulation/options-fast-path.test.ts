import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeOptions, simulationOptionsSchema, wellFormedSimple } from '../../src/simulation/options.js'

/** Values of each simple option's kind, near its edges, and of other kinds. */
const values = fc.constantFrom<unknown>(undefined, null, 0, -1, 1.5, 42, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '', 'seed', true, false, 'throw', 'fail-invocation', 'other', {}, [], { highResolution: false })
const keys = fc.constantFrom('seed', 'handlerWorld', 'metrics', 'recordEvents', 'tracing', 'recordTimeline', 'recordDecisions', 'billInit', 'logRetention', 'onEscape', 'region', 'limits', 'unknownKey')

describe('options', () => {
  it('wellFormedSimple - takes only options zod accepts and returns unchanged; normalizing either way gives the same', () => {
    fc.assert(
      fc.property(fc.dictionary(keys, values, { maxKeys: 5 }), (raw) => {
        const options = { ...raw }
        const simple = wellFormedSimple(options)
        if (simple === undefined) return
        const parsed = simulationOptionsSchema.safeParse(options)
        expect(parsed.success).toBe(true)
        expect(simple).toEqual(parsed.data)
        if (options['seed'] === undefined) return // a drawn seed differs between two calls
        // The slow path on the same options (a copy with an unknown prototype goes to zod).
        const slow = normalizeOptions(Object.assign(Object.create(Object.create(Object.prototype) as object) as object, options))
        expect(normalizeOptions(options)).toEqual(slow)
      }),
      { numRuns: 2_000 },
    )
  })

  it('wellFormedSimple - takes { seed } and leaves anything else to zod', () => {
    expect(wellFormedSimple({ seed: 1 })).toEqual({ seed: 1 })
    expect(wellFormedSimple({})).toEqual({})
    expect(wellFormedSimple({ seed: 1, region: 'eu-west-1' })).toBeUndefined()
    expect(wellFormedSimple({ seed: Number.NaN })).toBeUndefined()
    expect(wellFormedSimple(null)).toBeUndefined()
  })
})
