/**
 * A typed-array column grown by doubling (the run recorder's and the tracer's rows): `to`, a
 * larger array of the same kind, with `from`'s values at the front.
 */
export function grown<T extends { set(source: ArrayLike<number>): void }>(from: T, to: T): T {
  to.set(from as unknown as ArrayLike<number>)
  return to
}
