/**
 * Execution environments over time: warm reuse (most recently used first), idle reclaim, maximum
 * lifetime, and retirement when the function changes. Reclaim events are *background* events: they
 * happen when time passes them, but never keep `runUntilIdle()` going on their own.
 */
import type { IdFactory } from '../kernel/ids.js'
import type { Kernel } from '../kernel/kernel.js'
import { ExecutionEnvironment, logStreamName } from '../model/environment.js'
import type { FunctionVersion } from '../model/function-record.js'
import type { EventBus } from '../observability/bus.js'
import type { EnvironmentReclaimReason } from '../observability/events.js'

export interface EnvironmentTimings {
  /** Idle time after which an environment is reclaimed (Infinity: never). */
  readonly idleTimeoutMs: number
  /** Age after which an environment is reclaimed once idle (Infinity: never). */
  readonly maxLifetimeMs: number
}

export class EnvironmentManager {
  /** Idle environments per function version; the last element is the most recently used. */
  private readonly idleByKey = new Map<string, ExecutionEnvironment[]>()
  private readonly liveByFunction = new Map<string, Set<ExecutionEnvironment>>()

  constructor(
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
    private readonly timings: EnvironmentTimings,
  ) {}

  /** A warm environment for this function version, most recently used first; `undefined` if none. */
  acquireWarm(target: FunctionVersion): ExecutionEnvironment | undefined {
    const idle = this.idleByKey.get(keyOf(target.functionName, target.version))
    if (idle === undefined) return undefined
    const nowMs = this.kernel.nowMs
    while (idle.length > 0) {
      const env = idle.pop() as ExecutionEnvironment
      if (env.generation !== target.generation) {
        this.reclaim(env, 'function-updated')
        continue
      }
      if (nowMs - env.createdAtMs >= this.timings.maxLifetimeMs) {
        this.reclaim(env, 'max-lifetime')
        continue
      }
      if (env.idleReclaim !== undefined) {
        this.kernel.cancel(env.idleReclaim)
        env.idleReclaim = undefined
      }
      env.state = 'busy'
      return env
    }
    return undefined
  }

  /** A fresh environment (a cold start); it emits `environment.created`. */
  create(target: FunctionVersion): ExecutionEnvironment {
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
    let live = this.liveByFunction.get(target.functionName)
    if (live === undefined) {
      live = new Set()
      this.liveByFunction.set(target.functionName, live)
    }
    live.add(env)
    if (Number.isFinite(this.timings.maxLifetimeMs)) {
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
    const key = keyOf(env.functionName, env.version)
    let idle = this.idleByKey.get(key)
    if (idle === undefined) {
      idle = []
      this.idleByKey.set(key, idle)
    }
    idle.push(env)
    if (Number.isFinite(this.timings.idleTimeoutMs)) {
      env.idleReclaim = this.kernel.schedule(nowMs + this.timings.idleTimeoutMs, (e: ExecutionEnvironment) => this.onIdleTimeout(e), env, true)
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

  /** Environments alive now (for inspection and tests), oldest first. */
  list(functionName?: string): ExecutionEnvironment[] {
    const out: ExecutionEnvironment[] = []
    for (const [name, live] of this.liveByFunction) {
      if (functionName === undefined || name === functionName) out.push(...live)
    }
    return out.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.environmentId < b.environmentId ? -1 : 1))
  }

  private onIdleTimeout(env: ExecutionEnvironment): void {
    env.idleReclaim = undefined
    if (env.state === 'idle') this.reclaim(env, 'idle')
  }

  private onLifetimeOver(env: ExecutionEnvironment): void {
    if (env.state === 'gone') return
    if (env.state === 'idle') this.reclaim(env, 'max-lifetime')
    else env.retireReason ??= 'max-lifetime'
  }

  private reclaim(env: ExecutionEnvironment, reason: EnvironmentReclaimReason): void {
    if (env.state === 'gone') return
    if (env.state === 'idle') {
      const idle = this.idleByKey.get(keyOf(env.functionName, env.version))
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

function keyOf(functionName: string, version: string): string {
  return `${functionName}:${version}`
}
