/**
 * What the SDK bridge needs of a simulation: the Lambda API's verbs and the other services'
 * narrow interfaces. The facade (`Simulation`) implements it; the bridge sits below the facade and
 * knows it only through this interface, so `sim.clientConfig()` can build a request handler
 * without an import circle.
 */
import type { EventBridgeApi } from '../aws/eventbridge/api.js'
import type { KinesisApi } from '../aws/kinesis/api.js'
import type { SchedulerApi } from '../aws/scheduler/api.js'
import type { S3Api } from '../aws/s3/api.js'
import type { SnsApi } from '../aws/sns/api.js'
import type { SqsApi } from '../aws/sqs/api.js'
import type { AliasConfiguration, AliasLookupInput, CreateAliasInput, ListAliasesInput, ListAliasesOutput, UpdateAliasInput } from '../lambda/control/aliases.js'
import type {
  FunctionOnlyInput,
  ListProvisionedConcurrencyConfigsInput,
  ListProvisionedConcurrencyConfigsOutput,
  ProvisionedConcurrencyConfigOutput,
  ProvisionedConcurrencyLookupInput,
  PutFunctionConcurrencyInput,
  PutProvisionedConcurrencyConfigInput,
} from '../lambda/control/concurrency-config.js'
import type {
  FunctionEventInvokeConfigLookupInput,
  FunctionEventInvokeConfigOutput,
  ListFunctionEventInvokeConfigsInput,
  PutFunctionEventInvokeConfigInput,
} from '../lambda/control/event-invoke-config.js'
import type {
  CreateEventSourceMappingInput,
  EventSourceMappingConfiguration,
  EventSourceMappingLookupInput,
  ListEventSourceMappingsInput,
  ListEventSourceMappingsOutput,
  UpdateEventSourceMappingInput,
} from '../lambda/control/event-source-mappings.js'
import type { GetFunctionOutput, ListFunctionsOutput } from '../lambda/control/function-registry.js'
import type { CreateFunctionInput, FunctionLookupInput, ListFunctionsInput, UpdateFunctionCodeInput, UpdateFunctionConfigurationInput } from '../lambda/control/function-schemas.js'
import type { AddPermissionInput, GetPolicyInput, RemovePermissionInput } from '../lambda/control/permissions.js'
import type { ListVersionsByFunctionInput, ListVersionsByFunctionOutput, PublishVersionInput } from '../lambda/control/versions.js'
import type { AccountSettings } from '../lambda/control/account-settings.js'
import type { ListTagsInput, TagResourceInput, UntagResourceInput } from '../lambda/control/tags.js'
import type {
  CodeSigningConfig,
  CodeSigningConfigLookupInput,
  CreateCodeSigningConfigInput,
  FunctionCodeSigningLookupInput,
  ListCodeSigningConfigsInput,
  ListFunctionsByCodeSigningConfigInput,
  PutFunctionCodeSigningConfigInput,
  UpdateCodeSigningConfigInput,
} from '../lambda/control/code-signing-configs.js'
import type { GetRuntimeManagementConfigInput, PutRuntimeManagementConfigInput, RuntimeManagementConfig } from '../lambda/control/runtime-management.js'
import type { InvokeInput, InvokeResult } from '../lambda/invoke/sync-invoke.js'
import type { FunctionConfiguration } from '../model/function-record.js'
import type { FunctionCode } from '../runtime/handler-types.js'
import type { LayerApi } from '../lambda/control/layers.js'
import type { FunctionUrlApi } from '../lambda/urls/function-url-configs.js'

/** The layer verbs (`PublishLayerVersion`, …) come from `LayerApi`, the function URL verbs from `FunctionUrlApi`. */
export interface SdkBackend extends LayerApi, FunctionUrlApi {
  readonly seed: number | string
  readonly region: string
  readonly accountId: string
  readonly sqs: SqsApi
  readonly s3: S3Api
  readonly sns: SnsApi
  readonly eventBridge: EventBridgeApi
  readonly scheduler: SchedulerApi
  readonly kinesis: KinesisApi
  /** `seed=… decisions=…`, for errors that need to name the run. */
  replayLine(): string
  /** The code a `Code.ZipFile` token or a `lambda-sim` S3 object names; AWS's error otherwise. */
  registeredCode(
    source: { readonly zipFile: Uint8Array; readonly operation?: 'CreateFunction' | 'UpdateFunctionCode' } | { readonly s3Bucket: string; readonly s3Key: string },
  ): FunctionCode
  /** `CreateFunction`: AWS's validation, defaults and errors; returns the configuration. */
  createFunction(input: CreateFunctionInput): FunctionConfiguration
  /** `CreateFunction` as it arrives through the SDK bridge (`functionStates: { scope: 'sdk' }` applies to it). */
  createFunctionThroughSdk(input: CreateFunctionInput): FunctionConfiguration
  /** `GetFunction`. */
  getFunction(input: FunctionLookupInput): GetFunctionOutput
  /** `GetFunctionConfiguration`. */
  getFunctionConfiguration(input: FunctionLookupInput): FunctionConfiguration
  /** `UpdateFunctionConfiguration`: only the given fields change; environments are replaced. */
  updateFunctionConfiguration(input: UpdateFunctionConfigurationInput): FunctionConfiguration
  /** `UpdateFunctionCode`: new invocations run the new code in new environments. */
  updateFunctionCode(input: UpdateFunctionCodeInput): FunctionConfiguration
  /** `DeleteFunction`. */
  deleteFunction(input: FunctionLookupInput): void
  /** `ListFunctions`, sorted by name, paged with `marker` / `maxItems` (default 50). */
  listFunctions(input?: ListFunctionsInput): ListFunctionsOutput
  /** `PublishVersion`: snapshots `$LATEST`; returns the newest version when nothing changed. */
  publishVersion(input: PublishVersionInput): FunctionConfiguration
  /** `ListVersionsByFunction`: `$LATEST` first, then 1, 2, … */
  listVersionsByFunction(input: ListVersionsByFunctionInput): ListVersionsByFunctionOutput
  /** `CreateAlias`, optionally with `routingConfig.additionalVersionWeights`. */
  createAlias(input: CreateAliasInput): AliasConfiguration
  /** `GetAlias`. */
  getAlias(input: AliasLookupInput): AliasConfiguration
  /** `UpdateAlias`: omitted fields keep their values; `routingConfig: { additionalVersionWeights: {} }` removes routing. */
  updateAlias(input: UpdateAliasInput): AliasConfiguration
  /** `DeleteAlias`. */
  deleteAlias(input: AliasLookupInput): void
  /** `ListAliases`, sorted by name, optionally only those routing to `functionVersion`. */
  listAliases(input: ListAliasesInput): ListAliasesOutput
  /** `AddPermission`: a statement in the resource-based policy of the function, a version or an alias. */
  addPermission(input: AddPermissionInput): { statement: string }
  /** `RemovePermission`. */
  removePermission(input: RemovePermissionInput): void
  /** `GetPolicy`: the policy document (a JSON string) and its revision. */
  getPolicy(input: GetPolicyInput): { policy: string; revisionId: string }
  /** `PutFunctionConcurrency`: reserve concurrency for a function (0 throttles every invocation). */
  putFunctionConcurrency(input: PutFunctionConcurrencyInput): { reservedConcurrentExecutions: number }
  /** `GetFunctionConcurrency`: `{}` when the function has no reservation. */
  getFunctionConcurrency(input: FunctionOnlyInput): { reservedConcurrentExecutions?: number }
  /** `DeleteFunctionConcurrency`. */
  deleteFunctionConcurrency(input: FunctionOnlyInput): void
  /** `PutProvisionedConcurrencyConfig`: on a published version or alias; READY after the allocation delay. */
  putProvisionedConcurrencyConfig(input: PutProvisionedConcurrencyConfigInput): ProvisionedConcurrencyConfigOutput
  /** `GetProvisionedConcurrencyConfig`. */
  getProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): ProvisionedConcurrencyConfigOutput
  /** `DeleteProvisionedConcurrencyConfig`. */
  deleteProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): void
  /** `ListProvisionedConcurrencyConfigs`. */
  listProvisionedConcurrencyConfigs(input: ListProvisionedConcurrencyConfigsInput): ListProvisionedConcurrencyConfigsOutput
  /** `PutFunctionEventInvokeConfig`: replaces the whole configuration of a qualifier. */
  putFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput
  /** `UpdateFunctionEventInvokeConfig`: changes only the given fields. */
  updateFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput
  /** `GetFunctionEventInvokeConfig`. */
  getFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): FunctionEventInvokeConfigOutput
  /** `DeleteFunctionEventInvokeConfig`. */
  deleteFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): void
  /** `ListFunctionEventInvokeConfigs`. */
  listFunctionEventInvokeConfigs(input: ListFunctionEventInvokeConfigsInput): { functionEventInvokeConfigs: FunctionEventInvokeConfigOutput[]; nextMarker?: string }
  /** `CreateEventSourceMapping`: an SQS queue, Kinesis stream or DynamoDB stream polled for the function (name, ARN, version or alias); `Creating`, then `Enabled` (or `Disabled`). */
  createEventSourceMapping(input: CreateEventSourceMappingInput): EventSourceMappingConfiguration
  /** `GetEventSourceMapping` by UUID. */
  getEventSourceMapping(input: EventSourceMappingLookupInput): EventSourceMappingConfiguration
  /** `UpdateEventSourceMapping`: only the given settings change; `enabled` pauses or resumes polling. */
  updateEventSourceMapping(input: UpdateEventSourceMappingInput): EventSourceMappingConfiguration
  /** `DeleteEventSourceMapping`: answers with the mapping in state `Deleting`; it is gone a moment later. */
  deleteEventSourceMapping(input: EventSourceMappingLookupInput): EventSourceMappingConfiguration
  /** `ListEventSourceMappings`, optionally by `eventSourceArn` and / or `functionName`, paged with `marker` / `maxItems` (at most 100). */
  listEventSourceMappings(input?: ListEventSourceMappingsInput): ListEventSourceMappingsOutput
  /** `PutFunctionRecursionConfig`: `Terminate` (default) stops a function's 17th invocation by the same event; `Allow` lets loops run. */
  putFunctionRecursionConfig(input: { functionName: string; recursiveLoop: 'Allow' | 'Terminate' }): { recursiveLoop: 'Allow' | 'Terminate' }
  /** `GetFunctionRecursionConfig`. */
  getFunctionRecursionConfig(input: { functionName: string }): { recursiveLoop: 'Allow' | 'Terminate' }
  /** `GetAccountSettings`. */
  getAccountSettings(): AccountSettings
  /** `TagResource`. */
  tagResource(input: TagResourceInput): void
  /** `UntagResource`. */
  untagResource(input: UntagResourceInput): void
  /** `ListTags`. */
  listTags(input: ListTagsInput): { tags: Record<string, string> }
  /** `CreateCodeSigningConfig`. */
  createCodeSigningConfig(input: CreateCodeSigningConfigInput): { codeSigningConfig: CodeSigningConfig }
  /** `GetCodeSigningConfig`. */
  getCodeSigningConfig(input: CodeSigningConfigLookupInput): { codeSigningConfig: CodeSigningConfig }
  /** `UpdateCodeSigningConfig`. */
  updateCodeSigningConfig(input: UpdateCodeSigningConfigInput): { codeSigningConfig: CodeSigningConfig }
  /** `DeleteCodeSigningConfig`. */
  deleteCodeSigningConfig(input: CodeSigningConfigLookupInput): void
  /** `ListCodeSigningConfigs`. */
  listCodeSigningConfigs(input?: ListCodeSigningConfigsInput): { codeSigningConfigs: CodeSigningConfig[]; nextMarker?: string }
  /** `ListFunctionsByCodeSigningConfig`. */
  listFunctionsByCodeSigningConfig(input: ListFunctionsByCodeSigningConfigInput): { functionArns: string[]; nextMarker?: string }
  /** `PutFunctionCodeSigningConfig`. */
  putFunctionCodeSigningConfig(input: PutFunctionCodeSigningConfigInput): { codeSigningConfigArn: string; functionName: string }
  /** `GetFunctionCodeSigningConfig`. */
  getFunctionCodeSigningConfig(input: FunctionCodeSigningLookupInput): { codeSigningConfigArn?: string; functionName?: string }
  /** `DeleteFunctionCodeSigningConfig`. */
  deleteFunctionCodeSigningConfig(input: FunctionCodeSigningLookupInput): void
  /** `PutRuntimeManagementConfig`. */
  putRuntimeManagementConfig(input: PutRuntimeManagementConfigInput): RuntimeManagementConfig
  /** `GetRuntimeManagementConfig`. */
  getRuntimeManagementConfig(input: GetRuntimeManagementConfigInput): RuntimeManagementConfig
  /**
   * `Invoke`. Resolves when the invocation completes on the virtual clock (driving it as needed).
   * Function errors and AWS's refusals are data in the result (`functionError`, `error`); it
   * rejects only on misuse of the library or a handler escaping the simulation.
   */
  invoke(input: InvokeInput): Promise<InvokeResult>
}
