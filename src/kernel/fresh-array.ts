/**
 * Empty arrays that V8 never allocates in the old generation.
 *
 * An array literal (`[]`) has an allocation site, and V8 pretenures a site — allocates its later
 * arrays straight in the old generation — once most of its arrays outlive minor collections
 * (allocation-site pretenuring). A simulation's arrays live as long as the simulation, so in a
 * process that keeps one simulation for long that is right; but a property test makes thousands of
 * short-lived simulations, and an old array holding young objects (events, closures, environments)
 * keeps them — and through them the whole dropped simulation — alive through every minor
 * collection until a full one: each dropped simulation was copied, promoted and marked (issue 19,
 * docs/performance.md, fresh runs). A copy of an empty array is the same packed empty array, made
 * without a site (`Array.of()` is too, but costs ≈ 250 ns a call through its generic path; a copy
 * ≈ 15 ns). Use it for arrays a simulation part keeps in a field.
 */
export function freshArray<T>(): T[] {
  return NO_ITEMS.slice() as T[]
}

/** Never written: only copied. */
const NO_ITEMS: readonly never[] = []
