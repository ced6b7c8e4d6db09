/**
 * Work made by code whose own invocation (or init) has already ended: the `.then` of a sleep the
 * handler did not await, frozen with the environment and resumed during a later invocation of it.
 * On Lambda such code simply runs inside whatever invocation the process serves now, so here:
 *
 * - a wait it makes belongs to the invocation running in the environment now (it holds that
 *   invocation's completion back no more than any other fire-and-forget work would), or starts
 *   frozen when none runs;
 * - a line it logs goes to the running invocation's log (with that invocation's request id);
 * - if its runtime was killed since (a timeout or crash reset the environment) or the environment
 *   is gone, nothing it asks for ever happens: it gets promises that never settle — never a
 *   rejection, so no catch or finally block of a dead runtime runs.
 */
import type { Kernel } from '../kernel/kernel.js'
import type { ExecutionEnvironment } from '../model/environment.js'
import type { LogLevel } from '../observability/events.js'

const noop = (): void => {}

/** A promise that never settles, made fresh (a shared one would keep every reaction ever attached to it). */
export function neverSettles<T>(): Promise<T> {
  return new Promise<T>(noop)
}

/** The runtime that made the work still lives in the environment. */
function runtimeAlive(env: ExecutionEnvironment, runtimeGeneration: number): boolean {
  return env.state !== 'gone' && env.runtimeGeneration === runtimeGeneration
}

export function sleepAfterEnd(kernel: Kernel, env: ExecutionEnvironment, runtimeGeneration: number, ms: number): Promise<void> {
  if (!runtimeAlive(env, runtimeGeneration)) return neverSettles()
  const occupant = env.occupant
  if (occupant !== undefined && !occupant.task.ended) return kernel.sleep(occupant.task, ms)
  return kernel.frozenSleep(ms, env.frozen)
}

/** `external` after the end: joins the running invocation; with none running it is dropped (see deviations.md). */
export function externalAfterEnd<T>(kernel: Kernel, env: ExecutionEnvironment, runtimeGeneration: number, work: PromiseLike<T>): Promise<T> {
  const occupant = env.occupant
  if (!runtimeAlive(env, runtimeGeneration) || occupant === undefined || occupant.task.ended) return neverSettles()
  return kernel.external(occupant.task, work)
}

/** A line logged after the end goes to the running invocation's log; with none running it is dropped. */
export function logAfterEnd(env: ExecutionEnvironment, runtimeGeneration: number, self: object, level: LogLevel, message: string, raw?: boolean): void {
  if (!runtimeAlive(env, runtimeGeneration)) return
  const occupant = env.occupant
  if (occupant !== undefined && occupant !== self) occupant.log(level, message, raw)
}
