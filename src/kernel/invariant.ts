import { SimulationError } from './simulation-error.js'

/** Assertions stay on in production: a broken invariant is a bug in lambda-sim, never a user error. */
export function invariant(condition: unknown, what: string, fields: Record<string, unknown> = {}): asserts condition {
  if (!condition) {
    throw new SimulationError('invariant', `lambda-sim invariant broken: ${what} ${JSON.stringify(fields)}`, 'n/a (internal bug)', fields)
  }
}
