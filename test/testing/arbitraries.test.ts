import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSimulation, type FaultSpec } from '../../src/index.js'
import { arrivalScheduleArbitrary, decisionListArbitrary, faultPlanArbitrary, seedArbitrary } from '../../src/testing/index.js'

/** The shrunk counterexample of a property that fails when `fails` says so. */
function shrunk<T>(arbitrary: fc.Arbitrary<T>, fails: (value: T) => boolean, seed = 1): T {
  const details = fc.check(
    fc.property(arbitrary, (value) => !fails(value)),
    { seed, numRuns: 500 },
  )
  expect(details.failed, 'the property should have failed').toBe(true)
  return (details.counterexample as [T])[0]
}

describe('arbitraries', () => {
  describe('faultPlanArbitrary', () => {
    it('generates plans createSimulation accepts, within the bounds given', () => {
      fc.assert(
        fc.property(faultPlanArbitrary({ functionName: ['a', 'b'], maxFaults: 4, maxInvocation: 6, maxAttempt: 2 }), (plan) => {
          expect(plan.length).toBeLessThanOrEqual(4)
          for (const spec of plan) {
            expect(['a', 'b']).toContain(spec.functionName)
            expect(spec.invocation).toBeGreaterThanOrEqual(1)
            expect(spec.invocation).toBeLessThanOrEqual(6)
            expect(spec.attempt ?? 1).toBeLessThanOrEqual(2)
            if (spec.fault === 'duplicate') expect(spec.attempt).toBeUndefined()
          }
          expect(() => createSimulation({ seed: 1, faults: plan })).not.toThrow()
        }),
        { seed: 3, numRuns: 200 },
      )
    })

    it('shrinks to the fewest, earliest, simplest faults: one entry, invocation 1, attempt 1, first kind that still fails', () => {
      // Fails whenever some fault falls on invocation 3 or later.
      expect(shrunk(faultPlanArbitrary({ functionName: 'orders', maxInvocation: 8 }), (plan) => plan.some((f) => f.invocation >= 3))).toEqual([
        { functionName: 'orders', invocation: 3, fault: 'duplicate' },
      ])
      // Fails when two different attempts fail: two entries, attempt numbers as small as they can be.
      const twoAttempts = (plan: FaultSpec[]) => new Set(plan.filter((f) => f.fault === 'timeout').map((f) => f.attempt ?? 1)).size >= 2
      expect(shrunk(faultPlanArbitrary({ kinds: ['error', 'timeout'] }), twoAttempts)).toEqual([
        { invocation: 1, fault: 'timeout' },
        { invocation: 1, attempt: 2, fault: 'timeout' },
      ])
    })

    it('kinds - only the kinds given, shrinking toward the first', () => {
      const plan = shrunk(faultPlanArbitrary({ kinds: ['throttle', 'crash'] }), (p) => p.length > 0)
      expect(plan).toEqual([{ invocation: 1, fault: 'throttle' }])
      expect(() => faultPlanArbitrary({ kinds: [] })).toThrow(/kinds must be some of error, timeout, crash, throttle, duplicate/)
      expect(() => faultPlanArbitrary({ maxInvocation: 0 })).toThrow(/maxInvocation must be an integer ≥ 1, got 0/)
    })
  })

  describe('arrivalScheduleArbitrary', () => {
    it('generates offsets in order, within the bounds given', () => {
      fc.assert(
        fc.property(arrivalScheduleArbitrary({ minArrivals: 2, maxArrivals: 6, maxOffsetMs: 100 }), (offsets) => {
          expect(offsets.length).toBeGreaterThanOrEqual(2)
          expect(offsets.length).toBeLessThanOrEqual(6)
          offsets.forEach((offset, i) => {
            expect(offset).toBeGreaterThanOrEqual(i === 0 ? 0 : (offsets[i - 1] as number))
            expect(offset).toBeLessThanOrEqual(100)
          })
        }),
        { seed: 4, numRuns: 200 },
      )
    })

    it('shrinks to fewer arrivals, earlier', () => {
      expect(shrunk(arrivalScheduleArbitrary({ maxArrivals: 8 }), (offsets) => offsets.length >= 3)).toEqual([0, 0, 0])
      expect(shrunk(arrivalScheduleArbitrary({ maxArrivals: 8 }), (offsets) => (offsets.at(-1) ?? 0) > 5_000)).toEqual([5_001])
      // Two arrivals less than 100 ms apart, but not at the same instant: the pair moves toward 0.
      const close = (offsets: number[]) => offsets.some((offset, i) => i > 0 && offset - (offsets[i - 1] as number) > 0 && offset - (offsets[i - 1] as number) < 100)
      expect(shrunk(arrivalScheduleArbitrary({ maxArrivals: 8, maxOffsetMs: 1_000 }), close)).toEqual([0, 1])
      expect(() => arrivalScheduleArbitrary({ minArrivals: 3, maxArrivals: 2 })).toThrow(/maxArrivals \(2\) < minArrivals \(3\)/)
    })
  })

  describe('decisionListArbitrary', () => {
    it('generates decisions of the given kinds with values in [0, 1) on the resolution grid', () => {
      fc.assert(
        fc.property(decisionListArbitrary(['cold-start.init', 'alias-routing'], { resolution: 100, maxLength: 5 }), (decisions) => {
          expect(decisions.length).toBeLessThanOrEqual(5)
          for (const { kind, value } of decisions) {
            expect(['cold-start.init', 'alias-routing']).toContain(kind)
            expect(value).toBeGreaterThanOrEqual(0)
            expect(value).toBeLessThan(1)
            expect(Math.round(value * 100)).toBeCloseTo(value * 100, 9)
          }
        }),
        { seed: 5, numRuns: 200 },
      )
    })

    it('shrinks to fewer decisions, values toward 0, the first kind', () => {
      expect(shrunk(decisionListArbitrary(['a', 'b']), (d) => d.some((x) => x.value >= 0.5))).toEqual([{ kind: 'a', value: 0.5 }])
      expect(() => decisionListArbitrary([])).toThrow(/name at least one decision kind/)
    })
  })

  it('seedArbitrary - non-negative integers, shrinking toward 0', () => {
    expect(shrunk(seedArbitrary, (seed) => seed > 1000)).toBe(1001)
    fc.assert(fc.property(seedArbitrary, (seed) => Number.isInteger(seed) && seed >= 0 && seed <= 0x7fff_ffff), { seed: 6 })
  })
})
