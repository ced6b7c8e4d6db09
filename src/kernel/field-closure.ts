/**
 * A closure kept in a field, allocated like any other closure.
 *
 * V8's parser pretenures a function literal assigned straight to a property (`this.x = () => …` —
 * what a class-field arrow compiles to here, `useDefineForClassFields` being off): until the code
 * that makes it is optimized, the closure is allocated in the old generation, where it holds `this`
 * — and through it a whole dropped simulation — alive through every minor collection until a full
 * one. A property test's first few thousand simulations, made while that code still runs
 * unoptimized, were each copied and promoted that way (issue 19, docs/performance.md, fresh runs).
 * A literal passed as an argument is not pretenured: `readonly x = fieldClosure(() => …)`.
 */
export function fieldClosure<F extends (...args: never[]) => unknown>(closure: F): F {
  return closure
}
