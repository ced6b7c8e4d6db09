/**
 * An execution environment: one sandbox that runs one invocation at a time, keeps module-scope
 * state between invocations, and is eventually reclaimed.
 *
 * Lifecycle: `initializing` → `busy` ⇄ `idle` → `gone`. A timeout or crash *resets* it: the
 * runtime restarts, so the next invocation runs init again (module state is lost; the environment
 * and its log stream remain).
 */
import type { FrozenWait, Task } from '../kernel/kernel.js'
import type { StoredHandler } from './code.js'
import { freshArray } from '../kernel/fresh-array.js'

/**
 * The code running in an environment now (an invocation whose handler started, or its init): what
 * work left over from an earlier invocation joins when it resumes (a wait it makes, a line it logs).
 */
export interface EnvironmentOccupant {
  readonly task: Task
  log(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL', message: string, raw?: boolean): void
}

export type EnvironmentState = 'initializing' | 'busy' | 'idle' | 'gone'

export class ExecutionEnvironment {
  state: EnvironmentState = 'initializing'
  /** The handler produced by init; `undefined` until init succeeds, and again after a reset. */
  handler: StoredHandler | undefined = undefined
  lastUsedAtMs: number
  invocationCount = 0
  /** Work a finished invocation left pending; it resumes on the next invocation (freeze/thaw). */
  frozen: FrozenWait[] = freshArray()
  /** The invocation (or init) running in it now, if any. */
  occupant: EnvironmentOccupant | undefined = undefined
  /**
   * Bumped when the runtime is killed (a reset after a timeout or crash): code of an earlier
   * runtime never runs again, so work it would still make is dropped.
   */
  runtimeGeneration = 0
  /** Scheduled idle-reclaim event, cancelled when the environment is used again. */
  idleReclaim: object | undefined = undefined
  /** Reclaim as soon as the current invocation ends (the function changed, or it is too old). */
  retireReason: 'max-lifetime' | 'function-updated' | 'function-deleted' | 'deprovisioned' | undefined = undefined
  /**
   * For a provisioned-concurrency environment: the qualifier (alias or version) whose provisioned
   * concurrency it belongs to. It serves only invocations through that qualifier.
   */
  provisionedFor: string | undefined = undefined
  /** Kept by the log store: this environment's stream, found once instead of by name per invocation. */
  logStoreSlot: unknown = undefined

  constructor(
    readonly environmentId: string,
    readonly functionName: string,
    readonly version: string,
    /** Bumped by every code/configuration update of the function; older environments retire. */
    readonly generation: number,
    readonly logGroupName: string,
    readonly logStreamName: string,
    readonly createdAtMs: number,
  ) {
    this.lastUsedAtMs = createdAtMs
  }

  get initialized(): boolean {
    return this.handler !== undefined
  }

  private variablesCache: Readonly<Record<string, string>> | undefined
  private processEnvCache: Record<string, string> | undefined = undefined

  /**
   * The process environment as code in this environment sees it: the function's variables plus
   * the per-environment ones Lambda sets (log stream, initialization type).
   */
  variables(functionVariables: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
    if (this.variablesCache !== undefined) return this.variablesCache
    // The same keys in the same order as `{ ...functionVariables, … }`, ≈ 6 times faster: V8 copies
    // this many properties by spread through a slow path (≈ 2 µs, once per fresh environment). Keys
    // are validated names (a letter first), so assigning cannot reach `__proto__`.
    const variables: Record<string, string> = Object.assign({}, functionVariables)
    variables['AWS_LAMBDA_LOG_STREAM_NAME'] = this.logStreamName
    variables['AWS_LAMBDA_INITIALIZATION_TYPE'] = this.provisionedFor === undefined ? 'on-demand' : 'provisioned-concurrency'
    this.variablesCache = variables
    return variables
  }

  /**
   * `process.env` as this environment's code sees it: its variables plus the execution role's
   * (fake) credentials and the runtime API's address. Mutable: what code writes stays here, as it
   * stays in the environment's process on Lambda, until the runtime restarts (`resetProcess`).
   */
  processEnvironment(functionVariables: Readonly<Record<string, string>>): Record<string, string> {
    this.processEnvCache ??= { ...this.variables(functionVariables), ...LAMBDA_PROCESS_VARIABLES }
    return this.processEnvCache
  }

  /** The runtime restarted (a timeout or crash reset the environment): a fresh process environment. */
  resetProcess(): void {
    this.processEnvCache = undefined
  }
}

/** [SIM] What Lambda sets besides the function's configuration: fake credentials of the execution role, the runtime API. */
const LAMBDA_PROCESS_VARIABLES: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: 'ASIALAMBDASIMULATED1',
  AWS_SECRET_ACCESS_KEY: 'lambda-sim/fake-secret-access-key/execution-role',
  AWS_SESSION_TOKEN: 'lambda-sim-fake-session-token',
  AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
}

/** Log stream names look like `2024/01/01/[$LATEST]e6f4a0c4241adcd70c262d34c0bbc85c`. */
export function logStreamName(createdAtMs: number, version: string, hex32: string): string {
  const dayNumber = Math.floor(createdAtMs / DAY_MS)
  // Formatting a Date is a few microseconds, and most environments start on the day the one before did (issue 19).
  if (dayNumber !== lastDay.number) lastDay = { number: dayNumber, text: new Date(Math.floor(createdAtMs)).toISOString().slice(0, 10).replace(/-/g, '/') }
  return `${lastDay.text}/[${version}]${hex32}`
}

const DAY_MS = 86_400_000
let lastDay = { number: Number.NaN, text: '' }
