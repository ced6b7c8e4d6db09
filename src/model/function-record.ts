/**
 * What the simulation knows about one function: its configuration as AWS reports it, its code,
 * and the normalised settings the runtime uses (integer-free milliseconds, units last).
 */
import type { NodeRuntime, PerformanceModel } from '../config/function-schemas.js'
import type { FunctionCode } from './code.js'

/** `GetFunctionConfiguration`'s shape (camelCase). */
export interface FunctionConfiguration {
  readonly functionName: string
  readonly functionArn: string
  readonly runtime: NodeRuntime
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
  readonly state: 'Active'
  readonly lastUpdateStatus: 'Successful'
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
  readonly runtime: NodeRuntime
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

export interface FunctionRecord {
  readonly functionName: string
  readonly functionArn: string
  configuration: FunctionConfiguration
  code: FunctionCode
  settings: FunctionSettings
  tags: Record<string, string>
  /** Bumped by every update; environments of an older generation are retired. */
  generation: number
}
