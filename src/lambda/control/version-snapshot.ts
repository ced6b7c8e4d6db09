/**
 * A version as it runs: a snapshot of a configuration and its code, with the settings the runtime
 * reads (milliseconds, the variables Lambda sets) worked out once. `$LATEST` gets a new snapshot on
 * every update; `PublishVersion` takes one.
 */
import type { AccountScope } from '../../model/arn.js'
import type { StoredCode } from '../../model/code.js'
import type { FunctionConfiguration, FunctionSettings, FunctionVersion } from '../../model/function-record.js'
import type { FunctionStore } from './function-store.js'
import { usesLegacyNodeApi } from '../../model/runtimes.js'

/** `2024-01-01T00:00:00.000+0000`, the form Lambda's LastModified takes. */
export function lambdaTimestamp(atMs: number): string {
  const ms = Math.floor(atMs)
  // Formatting a Date is a few microseconds; every fresh simulation stamps its functions at the
  // same start instant, so the last answer is kept (issue 19).
  if (ms !== lastStamp.ms) lastStamp = { ms, text: new Date(ms).toISOString().replace('Z', '+0000') }
  return lastStamp.text
}

let lastStamp = { ms: Number.NaN, text: '' }

/** A runnable snapshot of a configuration and code, with a fresh generation. */
export function snapshotVersion(store: FunctionStore, configuration: FunctionConfiguration, code: StoredCode, model: FunctionSettings['model']): FunctionVersion {
  return {
    functionName: configuration.functionName,
    version: configuration.version,
    configuration,
    code,
    settings: settingsOf(store.scope, configuration, model),
    generation: store.nextGeneration(),
  }
}

export function settingsOf(scope: AccountScope, configuration: FunctionConfiguration, model: FunctionSettings['model']): FunctionSettings {
  const runtime = configuration.runtime
  return {
    timeoutMs: configuration.timeout * 1000,
    memoryMB: configuration.memorySize,
    memoryLimitInMB: String(configuration.memorySize),
    runtime,
    legacyApi: usesLegacyNodeApi(runtime),
    logGroupName: configuration.loggingConfig.logGroup,
    logFormat: configuration.loggingConfig.logFormat,
    applicationLogLevel: configuration.loggingConfig.applicationLogLevel as FunctionSettings['applicationLogLevel'],
    systemLogLevel: configuration.loggingConfig.systemLogLevel as FunctionSettings['systemLogLevel'],
    environmentVariables: {
      ...(configuration.environment?.variables ?? {}),
      AWS_REGION: scope.region,
      AWS_DEFAULT_REGION: scope.region,
      AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: configuration.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(configuration.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: configuration.version,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: configuration.loggingConfig.logGroup,
      _HANDLER: configuration.handler,
      LAMBDA_TASK_ROOT: '/var/task',
      LAMBDA_RUNTIME_DIR: '/var/runtime',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      // Advanced logging controls: with the JSON log format Lambda tells the runtime (and logging
      // libraries such as Powertools Logger) the format and the application log level.
      ...(configuration.loggingConfig.logFormat === 'JSON'
        ? { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: configuration.loggingConfig.applicationLogLevel ?? 'INFO' }
        : {}),
    },
    model,
  }
}
