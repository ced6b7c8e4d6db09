/**
 * What the simulation knows about one function: its configuration as AWS reports it, its code,
 * and the normalised settings the runtime uses (integer-free milliseconds, units last).
 */
import type { Runtime } from './runtimes.js'
import type { PerformanceModel } from './performance-model.js'
import type { Alias } from './alias.js'
import type { EventInvokeConfig } from './async-config.js'
import type { ProvisionedConcurrencyConfig } from './concurrency-config.js'
import type { PolicyDocument } from './policy.js'
import type { StoredCode } from './code.js'

/** The function's state (`Failed` and `Inactive` are not simulated). */
export type FunctionState = 'Pending' | 'Active'
/** The last update's status (`Failed` is not simulated). */
export type LastUpdateStatus = 'InProgress' | 'Successful'

/** `GetFunctionConfiguration`'s shape (camelCase). */
export interface FunctionConfiguration {
  readonly functionName: string
  readonly functionArn: string
  readonly runtime: Runtime
  readonly role: string
  readonly handler: string
  readonly codeSize: number
  readonly description: string
  readonly timeout: number
  readonly memorySize: number
  readonly lastModified: string
  readonly codeSha256: string
  readonly version: string
  readonly environment?: { readonly variables: Readonly<Record<string, string>> }
  readonly tracingConfig: { readonly mode: 'Active' | 'PassThrough' }
  readonly revisionId: string
  readonly layers?: readonly { readonly arn: string; readonly codeSize: number }[]
  /** `Pending` from CreateFunction until the function is ready (see `function-states.ts`), then `Active`. */
  readonly state: FunctionState
  /** While `Pending`: `The function is being created.` */
  readonly stateReason?: string
  /** While `Pending`: `Creating`. */
  readonly stateReasonCode?: string
  /**
   * `InProgress` from an update until it is applied, then `Successful`. Absent while the function is
   * `Pending` after CreateFunction: AWS first sets it to `Successful` when creation completes.
   */
  readonly lastUpdateStatus?: LastUpdateStatus
  readonly lastUpdateStatusReason?: string
  readonly lastUpdateStatusReasonCode?: string
  readonly packageType: 'Zip'
  readonly architectures: readonly ('x86_64' | 'arm64')[]
  readonly ephemeralStorage: { readonly size: number }
  readonly deadLetterConfig?: { readonly targetArn?: string }
  readonly loggingConfig: {
    readonly logFormat: 'Text' | 'JSON'
    readonly logGroup: string
    readonly applicationLogLevel?: string
    readonly systemLogLevel?: string
  }
}

/** The runtime's view of a function version. */
export interface FunctionSettings {
  readonly timeoutMs: number
  readonly memoryMB: number
  /** `context.memoryLimitInMB`: the memory size as text (made once, not per invocation). */
  readonly memoryLimitInMB: string
  readonly runtime: Runtime
  /** nodejs22.x and earlier: callbacks, `context.succeed/fail/done`. */
  readonly legacyApi: boolean
  readonly logGroupName: string
  readonly logFormat: 'Text' | 'JSON'
  /** JSON format: application lines below this level are not written (default INFO). */
  readonly applicationLogLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL' | undefined
  /** JSON format: platform lines are left out at WARN. */
  readonly systemLogLevel: 'DEBUG' | 'INFO' | 'WARN' | undefined
  /** User variables plus the ones Lambda sets. */
  readonly environmentVariables: Readonly<Record<string, string>>
  readonly model: PerformanceModel
}

/**
 * One runnable version of a function: `$LATEST` (replaced by every update) or a published number
 * (immutable). Invocations and execution environments belong to a version.
 */
export interface FunctionVersion {
  readonly functionName: string
  /** `$LATEST` or `1`, `2`, … */
  readonly version: string
  readonly configuration: FunctionConfiguration
  readonly code: StoredCode
  readonly settings: FunctionSettings
  /** Unique per code + configuration snapshot: environments built for another one are not reused. */
  readonly generation: number
}

export interface FunctionRecord {
  readonly functionName: string
  readonly functionArn: string
  /** `$LATEST`: replaced (with a new generation) by every code or configuration update. */
  latest: FunctionVersion
  /**
   * While an update is `InProgress` (the state machine, `function-states.ts`): the `$LATEST`
   * snapshot invocations still run, as on AWS; `undefined` otherwise.
   */
  serving?: FunctionVersion
  /** The state machine applies to this function (`functionStates` option, and its `scope`). */
  timedStates?: boolean
  /** Published versions by number; numbers are never reused, even after a delete. */
  readonly versions: Map<string, FunctionVersion>
  lastPublishedNumber: number
  /** The `$LATEST` generation last published: publishing again without a change is a no-op. */
  publishedGeneration: number | undefined
  readonly aliases: Map<string, Alias>
  tags: Record<string, string>
  /** `PutFunctionConcurrency`; `undefined` when the function uses unreserved concurrency. */
  reservedConcurrency: number | undefined
  /** Provisioned concurrency by version number or alias name. */
  readonly provisioned: Map<string, ProvisionedConcurrencyConfig>
  /** Asynchronous invocation settings by qualifier (`$LATEST` for the unqualified function). */
  readonly eventInvokeConfigs: Map<string, EventInvokeConfig>
  /** `PutFunctionRecursionConfig`: stop recursive loops (`Terminate`, the default) or let them run. */
  recursiveLoop: 'Allow' | 'Terminate'
  /** Resource-based policy statements by qualifier (`''` for the unqualified function). */
  readonly policies: Map<string, PolicyDocument>
}
