/**
 * Execution environments over time: warm reuse (most recently used first), idle reclaim, maximum
 * lifetime, and retirement when the function changes. Reclaim events are *background* events: they
 * happen when time passes them, but never keep `runUntilIdle()` going on their own.
 */
import type { IdFactory } from '../../kernel/ids.js'
import { invariant } from '../../kernel/invariant.js'
import type { Kernel } from '../../kernel/kernel.js'
import { ExecutionEnvironment, logStreamName } from '../../model/environment.js'
import type { FunctionVersion } from '../../model/function-record.js'
import type { EventBus } from '../../observability/bus.js'
import type { EnvironmentReclaimReason } from '../../observability/events.js'
import { freshArray } from '../../kernel/fresh-array.js'
import { fieldClosure } from '../../kernel/field-closure.js'

export interface EnvironmentTimings {
  /** Idle time after which an environment is reclaimed (Infinity: never). */
  readonly idleTimeoutMs: number
  /** Age after which an environment is reclaimed once idle (Infinity: never). */
  readonly maxLifetimeMs: number
}

export class EnvironmentManager {
  /**
   * Idle environments by function, then by version (or `version#pc:qualifier` for provisioned
   * ones); the last element is the most recently used. Two lookups with strings that already
   * exist, so finding a warm environment builds no key.
   */
  private readonly idleByFunction = new Map<string, Map<string, ExecutionEnvironment[]>>()
  private readonly liveByFunction = new Map<string, Set<ExecutionEnvironment>>()

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly timings: EnvironmentTimings,
  ) {}

  /** True when a warm environment would be found (stale ones are reclaimed on the way). */
  hasWarm(target: FunctionVersion, provisionedFor?: string): boolean {
    return this.peekWarm(target, provisionedFor) !== undefined
  }

  /**
   * The warm environment `acquireWarm` would take, left idle (stale ones on the way are reclaimed);
   * `takeWarm` then takes it, at the same instant, without looking again.
   */
  peekWarm(target: FunctionVersion, provisionedFor?: string): ExecutionEnvironment | undefined {
    const idle = this.idleList(target.functionName, target.version, provisionedFor, false)
    if (idle === undefined) return undefined
    while (idle.length > 0) {
      const env = idle[idle.length - 1] as ExecutionEnvironment
      if (this.isStale(env, target)) {
        idle.pop()
        this.reclaim(env, env.generation !== target.generation ? 'function-updated' : 'max-lifetime')
        continue
      }
      return env
    }
    return undefined
  }

  /** Takes the environment `peekWarm` just returned (the most recently used of its idle list). */
  takeWarm(env: ExecutionEnvironment): ExecutionEnvironment {
    const idle = this.idleList(env.functionName, env.version, env.provisionedFor, false) as ExecutionEnvironment[]
    if (idle[idle.length - 1] !== env) invariant(false, 'takeWarm takes the environment peekWarm returned', { environmentId: env.environmentId })
    idle.pop()
    env.state = 'busy'
    return env
  }

  private idleList(functionName: string, version: string, provisionedFor: string | undefined, create: boolean): ExecutionEnvironment[] | undefined {
    // The list asked for last: one invocation asks three times (warm?, take, release). Lists are never removed.
    if (functionName === this.lastFunctionName && version === this.lastVersion && provisionedFor === this.lastProvisionedFor) return this.lastList
    const list = this.lookUpIdleList(functionName, version, provisionedFor, create)
    if (list !== undefined) {
      this.lastFunctionName = functionName
      this.lastVersion = version
      this.lastProvisionedFor = provisionedFor
      this.lastList = list
    }
    return list
  }

  private lastFunctionName: string | undefined = undefined
  private lastVersion: string | undefined = undefined
  private lastProvisionedFor: string | undefined = undefined
  private lastList: ExecutionEnvironment[] | undefined = undefined

  private lookUpIdleList(functionName: string, version: string, provisionedFor: string | undefined, create: boolean): ExecutionEnvironment[] | undefined {
    let byVersion = this.idleByFunction.get(functionName)
    if (byVersion === undefined) {
      if (!create) return undefined
      byVersion = new Map()
      this.idleByFunction.set(functionName, byVersion)
    }
    const key = versionKey(version, provisionedFor)
    let idle = byVersion.get(key)
    if (idle === undefined && create) {
      idle = freshArray()
      byVersion.set(key, idle)
    }
    return idle
  }

  private isStale(env: ExecutionEnvironment, target: FunctionVersion): boolean {
    return env.generation !== target.generation || (env.provisionedFor === undefined && this.kernel.nowMs - env.createdAtMs >= this.timings.maxLifetimeMs)
  }

  /**
   * A warm environment for this function version, most recently used first; `undefined` if none.
   * With `provisionedFor`, only that qualifier's provisioned environments are considered.
   */
  acquireWarm(target: FunctionVersion, provisionedFor?: string): ExecutionEnvironment | undefined {
    const idle = this.idleList(target.functionName, target.version, provisionedFor, false)
    if (idle === undefined) return undefined
    while (idle.length > 0) {
      const env = idle.pop() as ExecutionEnvironment
      if (this.isStale(env, target)) {
        this.reclaim(env, env.generation !== target.generation ? 'function-updated' : 'max-lifetime')
        continue
      }
      // Its idle-reclaim event stays scheduled: when it fires it sees the later use and moves on.
      env.state = 'busy'
      return env
    }
    return undefined
  }

  /**
   * A fresh environment; it emits `environment.created`. With `provisionedFor` it belongs to that
   * qualifier's provisioned concurrency (initialised ahead of traffic, never idle-reclaimed).
   */
  create(target: FunctionVersion, provisionedFor?: string): ExecutionEnvironment {
    const version = target.version
    const nowMs = this.kernel.nowMs
    const environmentId = this.ids.hex32()
    const env = new ExecutionEnvironment(
      environmentId,
      target.functionName,
      version,
      target.generation,
      target.settings.logGroupName,
      logStreamName(nowMs, version, environmentId),
      nowMs,
    )
    env.provisionedFor = provisionedFor
    let live = this.liveByFunction.get(target.functionName)
    if (live === undefined) {
      live = new Set()
      this.liveByFunction.set(target.functionName, live)
    }
    live.add(env)
    if (Number.isFinite(this.timings.maxLifetimeMs) && provisionedFor === undefined) {
      this.kernel.schedule(nowMs + this.timings.maxLifetimeMs, (e: ExecutionEnvironment) => this.onLifetimeOver(e), env, true)
    }
    this.bus.emit({
      type: 'environment.created',
      atMs: nowMs,
      environmentId,
      functionName: target.functionName,
      version,
      logGroupName: env.logGroupName,
      logStreamName: env.logStreamName,
      runtime: target.settings.runtime,
      initializationType: provisionedFor === undefined ? 'on-demand' : 'provisioned-concurrency',
      ...(provisionedFor !== undefined ? { provisionedFor } : {}),
      logFormat: target.settings.logFormat,
      ...(target.settings.systemLogLevel !== undefined ? { systemLogLevel: target.settings.systemLogLevel } : {}),
    })
    return env
  }

  /** The invocation is over: the environment becomes idle (or is reclaimed if it must retire). */
  release(env: ExecutionEnvironment): void {
    if (env.state === 'gone') return
    if (env.retireReason !== undefined) {
      this.reclaim(env, env.retireReason)
      return
    }
    const nowMs = this.kernel.nowMs
    env.state = 'idle'
    env.lastUsedAtMs = nowMs
    ;(this.idleList(env.functionName, env.version, env.provisionedFor, true) as ExecutionEnvironment[]).push(env)
    // At most one reclaim event per environment: a warm environment reused a thousand times a
    // second would otherwise schedule (and cancel) a thousand of them.
    if (Number.isFinite(this.timings.idleTimeoutMs) && env.provisionedFor === undefined && env.idleReclaim === undefined) {
      env.idleReclaim = this.kernel.schedule(nowMs + this.timings.idleTimeoutMs, this.onIdleTimeout, env, true)
    }
  }

  /** The environment failed to initialise: it is discarded. */
  discard(env: ExecutionEnvironment): void {
    this.reclaim(env, 'init-failed')
  }

  /**
   * Retires a function's environments (all, or one version's): idle ones now, busy ones when their
   * invocation ends.
   */
  retireAll(functionName: string, reason: 'function-updated' | 'function-deleted', version?: string): void {
    const live = this.liveByFunction.get(functionName)
    if (live === undefined) return
    for (const env of [...live]) {
      if (version !== undefined && env.version !== version) continue
      if (env.state === 'idle') this.reclaim(env, reason)
      else env.retireReason = reason
    }
  }

  /**
   * Retires provisioned environments of a qualifier (of one version, or all): idle ones now, busy
   * ones when their invocation ends. `count` limits how many (idle ones go first).
   */
  deprovision(functionName: string, provisionedFor: string, version?: string, count = Number.POSITIVE_INFINITY): void {
    const candidates = this.provisioned(functionName, provisionedFor, version).sort((a, b) => Number(a.state !== 'idle') - Number(b.state !== 'idle'))
    for (const env of candidates.slice(0, count)) {
      if (env.state === 'idle') this.reclaim(env, 'deprovisioned')
      else env.retireReason = 'deprovisioned'
    }
  }

  /** Live provisioned environments of a qualifier (optionally of one version) that are not retiring. */
  provisioned(functionName: string, provisionedFor: string, version?: string): ExecutionEnvironment[] {
    const out: ExecutionEnvironment[] = []
    for (const env of this.liveByFunction.get(functionName) ?? []) {
      if (env.provisionedFor === provisionedFor && env.retireReason === undefined && (version === undefined || env.version === version)) out.push(env)
    }
    return out
  }

  /** Environments alive now (for inspection and tests), oldest first. */
  list(functionName?: string): ExecutionEnvironment[] {
    const out: ExecutionEnvironment[] = []
    for (const [name, live] of this.liveByFunction) {
      if (functionName === undefined || name === functionName) out.push(...live)
    }
    return out.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.environmentId < b.environmentId ? -1 : 1))
  }

  private readonly onIdleTimeout = fieldClosure((env: ExecutionEnvironment): void => {
    env.idleReclaim = undefined
    if (env.state !== 'idle') return // busy: its release schedules the next check
    const dueMs = env.lastUsedAtMs + this.timings.idleTimeoutMs
    if (this.kernel.nowMs >= dueMs) this.reclaim(env, 'idle')
    else env.idleReclaim = this.kernel.schedule(dueMs, this.onIdleTimeout, env, true)
  })

  private onLifetimeOver(env: ExecutionEnvironment): void {
    if (env.state === 'gone') return
    if (env.state === 'idle') this.reclaim(env, 'max-lifetime')
    else env.retireReason ??= 'max-lifetime'
  }

  private reclaim(env: ExecutionEnvironment, reason: EnvironmentReclaimReason): void {
    if (env.state === 'gone') return
    if (env.state === 'idle') {
      const idle = this.idleList(env.functionName, env.version, env.provisionedFor, false)
      const index = idle?.indexOf(env) ?? -1
      if (idle !== undefined && index >= 0) idle.splice(index, 1)
    }
    if (env.idleReclaim !== undefined) {
      this.kernel.cancel(env.idleReclaim)
      env.idleReclaim = undefined
    }
    env.state = 'gone'
    env.handler = undefined
    // Work frozen in a reclaimed environment never resumes, as on Lambda.
    env.frozen = []
    this.liveByFunction.get(env.functionName)?.delete(env)
    this.bus.emit({
      type: 'environment.reclaimed',
      atMs: this.kernel.nowMs,
      environmentId: env.environmentId,
      functionName: env.functionName,
      reason,
      invocationCount: env.invocationCount,
    })
  }
}

function versionKey(version: string, provisionedFor: string | undefined): string {
  return provisionedFor === undefined ? version : `${version}#pc:${provisionedFor}`
}
