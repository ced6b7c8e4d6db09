/**
 * The Lambda API's control plane as the facade answers it: functions, versions and aliases,
 * permissions, concurrency and asynchronous settings, event source mappings, recursion, function
 * URLs, tags, code signing, layers and runtime management — synchronous, instant, each a verb of
 * the part compose.ts built for it. `Simulation` extends this class, so these are its verbs; they
 * live apart because the facade's other concerns (time, the data plane, the services, observation)
 * fill a file of their own.
 */
import type { CreateFunctionInput, FunctionLookupInput, ListFunctionsInput, UpdateFunctionCodeInput, UpdateFunctionConfigurationInput } from '../lambda/control/function-schemas.js'
import { parseAws } from '../config/aws-validation.js'
import { getFunctionRecursionConfigSchema, putFunctionRecursionConfigSchema } from '../lambda/control/recursion-config-schemas.js'
import type { FunctionConfiguration } from '../model/function-record.js'
import type {
  CreateFunctionUrlConfigInput,
  FunctionUrlConfig,
  FunctionUrlLookupInput,
  ListFunctionUrlConfigsInput,
  UpdateFunctionUrlConfigInput,
} from '../lambda/urls/function-url-configs.js'
import type { GetFunctionOutput, ListFunctionsOutput } from '../lambda/control/function-registry.js'
import type { AliasConfiguration, AliasLookupInput, CreateAliasInput, ListAliasesInput, ListAliasesOutput, UpdateAliasInput } from '../lambda/control/aliases.js'
import type { AddPermissionInput, GetPolicyInput, RemovePermissionInput } from '../lambda/control/permissions.js'
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
import type { ListVersionsByFunctionInput, ListVersionsByFunctionOutput, PublishVersionInput } from '../lambda/control/versions.js'
import type { AccountSettings } from '../lambda/control/account-settings.js'
import { checkTags, type ListTagsInput, type TagResourceInput, type UntagResourceInput } from '../lambda/control/tags.js'
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
import type { LayersListItem, LayerVersion, LayerVersionsListItem, RegisteredLayerContent } from '../lambda/control/layers.js'
import type {
  AddLayerVersionPermissionInput,
  LayerVersionByArnInput,
  LayerVersionLookupInput,
  ListLayersInput,
  ListLayerVersionsInput,
  PublishLayerVersionInput,
  RemoveLayerVersionPermissionInput,
} from '../lambda/control/layer-schemas.js'
import type { SimulationParts } from './compose.js'
import { checkRestoreRoleAccess, checkRevokeRoleAccess, requestOf } from './facade-input.js'

/** Hands a simulation's parts to its control-plane verbs; called once, by its constructor. */
export let attachControlPlane: (owner: LambdaControlPlane, parts: SimulationParts) => void

export abstract class LambdaControlPlane {
  /** `seed=… decisions=…`, for errors that need to name the run. */
  abstract replayLine(): string

  // The parts of each simulation, in an ECMAScript private field: the declarations show it only as
  // `#private`, so SimulationParts stays out of the class's public type (a TypeScript field's type
  // would not). Not in a module-level WeakMap, as before: the parts point back at the simulation (its
  // key), and V8's scavenger keeps an entry whose value reaches its key alive while the table is in
  // the old generation — every abandoned simulation outlived each minor GC that way (issue 19).
  #parts: SimulationParts | undefined

  static {
    attachControlPlane = (owner, parts) => {
      owner.#parts = parts
    }
  }

  private get lambdaParts(): SimulationParts {
    return this.#parts as SimulationParts
  }

  // ---------------------------------------------------------------- control plane

  /** `CreateFunction`: AWS's validation, defaults and errors; returns the configuration. */
  createFunction(input: CreateFunctionInput): FunctionConfiguration {
    input = requestOf(input)
    // Tags as TagResource checks them: the model's map constraints, no `aws:` keys, at most 50.
    if (input.tags !== undefined) checkTags(input.tags)
    return this.lambdaParts.registry.createFunction(input)
  }

  /**
   * The SDK bridge's `CreateFunction` (what `LambdaClient` reaches): as `createFunction`, and the
   * function goes through the state machine under `functionStates: { scope: 'sdk' }` too.
   */
  createFunctionThroughSdk(input: CreateFunctionInput): FunctionConfiguration {
    input = requestOf(input)
    if (input.tags !== undefined) checkTags(input.tags)
    return this.lambdaParts.registry.createFunction(input, 'sdk')
  }

  /** `GetFunction`. */
  getFunction(input: FunctionLookupInput): GetFunctionOutput {
    return this.lambdaParts.registry.getFunction(input)
  }

  /** `GetFunctionConfiguration`. */
  getFunctionConfiguration(input: FunctionLookupInput): FunctionConfiguration {
    return this.lambdaParts.registry.getFunctionConfiguration(input)
  }

  /** `UpdateFunctionConfiguration`: only the given fields change; environments are replaced. */
  updateFunctionConfiguration(input: UpdateFunctionConfigurationInput): FunctionConfiguration {
    return this.lambdaParts.registry.updateFunctionConfiguration(input)
  }

  /** `UpdateFunctionCode`: new invocations run the new code in new environments. */
  updateFunctionCode(input: UpdateFunctionCodeInput): FunctionConfiguration {
    return this.lambdaParts.registry.updateFunctionCode(input)
  }

  /** `DeleteFunction`. */
  deleteFunction(input: FunctionLookupInput): void {
    this.lambdaParts.registry.deleteFunction(input)
  }

  /** `ListFunctions`, sorted by name, paged with `marker` / `maxItems` (default 50). */
  listFunctions(input: ListFunctionsInput = {}): ListFunctionsOutput {
    return this.lambdaParts.registry.listFunctions(input)
  }

  // ---------------------------------------------------------------- versions and aliases

  /** `PublishVersion`: snapshots `$LATEST`; returns the newest version when nothing changed. */
  publishVersion(input: PublishVersionInput): FunctionConfiguration {
    return this.lambdaParts.versions.publishVersion(input)
  }

  /** `ListVersionsByFunction`: `$LATEST` first, then 1, 2, … */
  listVersionsByFunction(input: ListVersionsByFunctionInput): ListVersionsByFunctionOutput {
    return this.lambdaParts.versions.listVersionsByFunction(input)
  }

  /** `CreateAlias`, optionally with `routingConfig.additionalVersionWeights`. */
  createAlias(input: CreateAliasInput): AliasConfiguration {
    return this.lambdaParts.aliases.createAlias(input)
  }

  /** `GetAlias`. */
  getAlias(input: AliasLookupInput): AliasConfiguration {
    return this.lambdaParts.aliases.getAlias(input)
  }

  /** `UpdateAlias`: omitted fields keep their values; `routingConfig: { additionalVersionWeights: {} }` removes routing. */
  updateAlias(input: UpdateAliasInput): AliasConfiguration {
    return this.lambdaParts.aliases.updateAlias(input)
  }

  /** `DeleteAlias`. */
  deleteAlias(input: AliasLookupInput): void {
    this.lambdaParts.aliases.deleteAlias(input)
  }

  /** `ListAliases`, sorted by name, optionally only those routing to `functionVersion`. */
  listAliases(input: ListAliasesInput): ListAliasesOutput {
    return this.lambdaParts.aliases.listAliases(input)
  }

  // ---------------------------------------------------------------- permissions

  /** `AddPermission`: a statement in the resource-based policy of the function, a version or an alias. */
  addPermission(input: AddPermissionInput): { statement: string } {
    return this.lambdaParts.permissions.addPermission(input)
  }

  /** `RemovePermission`. */
  removePermission(input: RemovePermissionInput): void {
    this.lambdaParts.permissions.removePermission(input)
  }

  /** `GetPolicy`: the policy document (a JSON string) and its revision. */
  getPolicy(input: GetPolicyInput): { policy: string; revisionId: string } {
    return this.lambdaParts.permissions.getPolicy(input)
  }

  // ---------------------------------------------------------------- concurrency configuration

  /** `PutFunctionConcurrency`: reserve concurrency for a function (0 throttles every invocation). */
  putFunctionConcurrency(input: PutFunctionConcurrencyInput): { reservedConcurrentExecutions: number } {
    return this.lambdaParts.concurrencyConfig.putFunctionConcurrency(input)
  }

  /** `GetFunctionConcurrency`: `{}` when the function has no reservation. */
  getFunctionConcurrency(input: FunctionOnlyInput): { reservedConcurrentExecutions?: number } {
    return this.lambdaParts.concurrencyConfig.getFunctionConcurrency(input)
  }

  /** `DeleteFunctionConcurrency`. */
  deleteFunctionConcurrency(input: FunctionOnlyInput): void {
    this.lambdaParts.concurrencyConfig.deleteFunctionConcurrency(input)
  }

  /** `PutProvisionedConcurrencyConfig`: on a published version or alias; READY after the allocation delay. */
  putProvisionedConcurrencyConfig(input: PutProvisionedConcurrencyConfigInput): ProvisionedConcurrencyConfigOutput {
    return this.lambdaParts.concurrencyConfig.putProvisionedConcurrencyConfig(input)
  }

  /** `GetProvisionedConcurrencyConfig`. */
  getProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): ProvisionedConcurrencyConfigOutput {
    return this.lambdaParts.concurrencyConfig.getProvisionedConcurrencyConfig(input)
  }

  /** `DeleteProvisionedConcurrencyConfig`. */
  deleteProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): void {
    this.lambdaParts.concurrencyConfig.deleteProvisionedConcurrencyConfig(input)
  }

  /** `ListProvisionedConcurrencyConfigs`. */
  listProvisionedConcurrencyConfigs(input: ListProvisionedConcurrencyConfigsInput): ListProvisionedConcurrencyConfigsOutput {
    return this.lambdaParts.concurrencyConfig.listProvisionedConcurrencyConfigs(input)
  }

  // ---------------------------------------------------------------- asynchronous invocation configuration

  /** `PutFunctionEventInvokeConfig`: replaces the whole configuration of a qualifier. */
  putFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput {
    return this.lambdaParts.eventInvokeConfig.putFunctionEventInvokeConfig(input)
  }

  /** `UpdateFunctionEventInvokeConfig`: changes only the given fields. */
  updateFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput {
    return this.lambdaParts.eventInvokeConfig.updateFunctionEventInvokeConfig(input)
  }

  /** `GetFunctionEventInvokeConfig`. */
  getFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): FunctionEventInvokeConfigOutput {
    return this.lambdaParts.eventInvokeConfig.getFunctionEventInvokeConfig(input)
  }

  /** `DeleteFunctionEventInvokeConfig`. */
  deleteFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): void {
    this.lambdaParts.eventInvokeConfig.deleteFunctionEventInvokeConfig(input)
  }

  /** `ListFunctionEventInvokeConfigs`. */
  listFunctionEventInvokeConfigs(input: ListFunctionEventInvokeConfigsInput): { functionEventInvokeConfigs: FunctionEventInvokeConfigOutput[]; nextMarker?: string } {
    return this.lambdaParts.eventInvokeConfig.listFunctionEventInvokeConfigs(input)
  }

  // ---------------------------------------------------------------- event source mappings

  /** `CreateEventSourceMapping`: an SQS queue, Kinesis stream or DynamoDB stream polled for the function (name, ARN, version or alias); `Creating`, then `Enabled` (or `Disabled`). */
  createEventSourceMapping(input: CreateEventSourceMappingInput): EventSourceMappingConfiguration {
    return this.lambdaParts.eventSourceMappings.createEventSourceMapping(input)
  }

  /** `GetEventSourceMapping` by UUID. */
  getEventSourceMapping(input: EventSourceMappingLookupInput): EventSourceMappingConfiguration {
    return this.lambdaParts.eventSourceMappings.getEventSourceMapping(input)
  }

  /** `UpdateEventSourceMapping`: only the given settings change; `enabled` pauses or resumes polling. */
  updateEventSourceMapping(input: UpdateEventSourceMappingInput): EventSourceMappingConfiguration {
    return this.lambdaParts.eventSourceMappings.updateEventSourceMapping(input)
  }

  /** `DeleteEventSourceMapping`: answers with the mapping in state `Deleting`; it is gone a moment later. */
  deleteEventSourceMapping(input: EventSourceMappingLookupInput): EventSourceMappingConfiguration {
    return this.lambdaParts.eventSourceMappings.deleteEventSourceMapping(input)
  }

  /** `ListEventSourceMappings`, optionally by `eventSourceArn` and / or `functionName`, paged with `marker` / `maxItems` (at most 100). */
  listEventSourceMappings(input: ListEventSourceMappingsInput = {}): ListEventSourceMappingsOutput {
    return this.lambdaParts.eventSourceMappings.listEventSourceMappings(input)
  }

  /** `PutFunctionRecursionConfig`: `Terminate` (default) stops a function's 17th invocation by the same event; `Allow` lets loops run. */
  putFunctionRecursionConfig(input: { functionName: string; recursiveLoop: 'Allow' | 'Terminate' }): { recursiveLoop: 'Allow' | 'Terminate' } {
    const parsed = parseAws(putFunctionRecursionConfigSchema, input)
    const record = this.lambdaParts.registry.resolve(parsed.functionName).record
    record.recursiveLoop = parsed.recursiveLoop
    return { recursiveLoop: record.recursiveLoop }
  }

  /**
   * Takes away an execution role's permission to write to a resource (a destination or DLQ ARN;
   * `*` wildcards allowed): deliveries from functions with that role then fail, as they would
   * without `sqs:SendMessage` / `sns:Publish` / `lambda:InvokeFunction` / `events:PutEvents`.
   */
  revokeRoleAccess(input: { roleArn: string; resourceArn: string }): void {
    const checked = checkRevokeRoleAccess(input, () => this.replayLine())
    this.lambdaParts.roleAccess.revoke(checked.roleArn, checked.resourceArn)
  }

  /** Gives back what `revokeRoleAccess` took (for one role, or all). */
  restoreRoleAccess(input: { roleArn?: string } = {}): void {
    this.lambdaParts.roleAccess.restore(checkRestoreRoleAccess(input, () => this.replayLine()).roleArn)
  }

  /** `GetFunctionRecursionConfig`. */
  getFunctionRecursionConfig(input: { functionName: string }): { recursiveLoop: 'Allow' | 'Terminate' } {
    return { recursiveLoop: this.lambdaParts.registry.resolve(parseAws(getFunctionRecursionConfigSchema, input).functionName).record.recursiveLoop }
  }

  // ---------------------------------------------------------------- function URLs

  /**
   * `CreateFunctionUrlConfig`: an HTTPS endpoint for the function (or one alias) that `sim.fetch`
   * reaches at the returned `functionUrl`. `authType: 'NONE'` still needs a resource-based policy
   * granting `*` `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` (see docs/http.md).
   */
  createFunctionUrlConfig(input: CreateFunctionUrlConfigInput): FunctionUrlConfig {
    return this.lambdaParts.functionUrls.createFunctionUrlConfig(input)
  }

  /** `GetFunctionUrlConfig`. */
  getFunctionUrlConfig(input: FunctionUrlLookupInput): FunctionUrlConfig {
    return this.lambdaParts.functionUrls.getFunctionUrlConfig(input)
  }

  /** `UpdateFunctionUrlConfig`: only the given fields change (`cors` is replaced whole). */
  updateFunctionUrlConfig(input: UpdateFunctionUrlConfigInput): FunctionUrlConfig {
    return this.lambdaParts.functionUrls.updateFunctionUrlConfig(input)
  }

  /** `DeleteFunctionUrlConfig`: the URL stops answering; a new one gets a new address. */
  deleteFunctionUrlConfig(input: FunctionUrlLookupInput): void {
    this.lambdaParts.functionUrls.deleteFunctionUrlConfig(input)
  }

  /** `ListFunctionUrlConfigs`: the function's URLs (its own and its aliases'). */
  listFunctionUrlConfigs(input: ListFunctionUrlConfigsInput): { functionUrlConfigs: FunctionUrlConfig[]; nextMarker?: string } {
    return this.lambdaParts.functionUrls.listFunctionUrlConfigs(input)
  }

  // ---------------------------------------------------------------- account settings and tags

  /** `GetAccountSettings`: AWS's code-size quotas, the account's concurrency (less reservations) and what functions use. */
  getAccountSettings(): AccountSettings {
    return this.lambdaParts.accountSettings.getAccountSettings()
  }

  /** `TagResource`: adds (or overwrites) tags on a function (unqualified ARN), event source mapping or code signing config. */
  tagResource(input: TagResourceInput): void {
    this.lambdaParts.tags.tagResource(requestOf(input))
  }

  /** `UntagResource`: removes the named tag keys (absent keys are ignored). */
  untagResource(input: UntagResourceInput): void {
    this.lambdaParts.tags.untagResource(requestOf(input))
  }

  /** `ListTags`: a resource's tags (`{}` when it has none). */
  listTags(input: ListTagsInput): { tags: Record<string, string> } {
    return this.lambdaParts.tags.listTags(requestOf(input))
  }

  // ---------------------------------------------------------------- code signing (stored, not enforced)

  /** `CreateCodeSigningConfig`: allowed signing profiles and the policy for unsigned code (`Warn` by default). */
  createCodeSigningConfig(input: CreateCodeSigningConfigInput): { codeSigningConfig: CodeSigningConfig } {
    return this.lambdaParts.codeSigningConfigs.createCodeSigningConfig(input)
  }

  /** `GetCodeSigningConfig`. */
  getCodeSigningConfig(input: CodeSigningConfigLookupInput): { codeSigningConfig: CodeSigningConfig } {
    return this.lambdaParts.codeSigningConfigs.getCodeSigningConfig(input)
  }

  /** `UpdateCodeSigningConfig`: only the given members change. */
  updateCodeSigningConfig(input: UpdateCodeSigningConfigInput): { codeSigningConfig: CodeSigningConfig } {
    return this.lambdaParts.codeSigningConfigs.updateCodeSigningConfig(input)
  }

  /** `DeleteCodeSigningConfig`: refused while a function uses the config. */
  deleteCodeSigningConfig(input: CodeSigningConfigLookupInput): void {
    this.lambdaParts.codeSigningConfigs.deleteCodeSigningConfig(input)
  }

  /** `ListCodeSigningConfigs`, in creation order, paged with `marker` / `maxItems`. */
  listCodeSigningConfigs(input: ListCodeSigningConfigsInput = {}): { codeSigningConfigs: CodeSigningConfig[]; nextMarker?: string } {
    return this.lambdaParts.codeSigningConfigs.listCodeSigningConfigs(input)
  }

  /** `ListFunctionsByCodeSigningConfig`: the unqualified ARNs of the functions that use it. */
  listFunctionsByCodeSigningConfig(input: ListFunctionsByCodeSigningConfigInput): { functionArns: string[]; nextMarker?: string } {
    return this.lambdaParts.codeSigningConfigs.listFunctionsByCodeSigningConfig(input)
  }

  /** `PutFunctionCodeSigningConfig`: attaches a config to a function. */
  putFunctionCodeSigningConfig(input: PutFunctionCodeSigningConfigInput): { codeSigningConfigArn: string; functionName: string } {
    return this.lambdaParts.codeSigningConfigs.putFunctionCodeSigningConfig(input)
  }

  /** `GetFunctionCodeSigningConfig`: `{}` for a function without a config. */
  getFunctionCodeSigningConfig(input: FunctionCodeSigningLookupInput): { codeSigningConfigArn?: string; functionName?: string } {
    return this.lambdaParts.codeSigningConfigs.getFunctionCodeSigningConfig(input)
  }

  /** `DeleteFunctionCodeSigningConfig`. */
  deleteFunctionCodeSigningConfig(input: FunctionCodeSigningLookupInput): void {
    this.lambdaParts.codeSigningConfigs.deleteFunctionCodeSigningConfig(input)
  }

  // ---------------------------------------------------------------- layers (stored, sized and answered; not loaded)

  /**
   * `PublishLayerVersion`: version 1, 2, … of `layerName`. `content` is the archive (`{ zipFile }`,
   * sized from its central directory), a declared package (`{ zippedBytes, unzippedBytes }`), a
   * folder (`{ directory }`) or content registered for S3 (`{ s3Bucket: 'lambda-sim', s3Key }`).
   */
  publishLayerVersion(input: PublishLayerVersionInput): LayerVersion {
    return this.lambdaParts.layers.publishLayerVersion(input)
  }

  /** `GetLayerVersion`. */
  getLayerVersion(input: LayerVersionLookupInput): LayerVersion {
    return this.lambdaParts.layers.getLayerVersion(input)
  }

  /** `GetLayerVersionByArn`. */
  getLayerVersionByArn(input: LayerVersionByArnInput): LayerVersion {
    return this.lambdaParts.layers.getLayerVersionByArn(input)
  }

  /** `ListLayers`: each layer with its latest version matching `compatibleRuntime` / `compatibleArchitecture`. */
  listLayers(input: ListLayersInput = {}): { layers: LayersListItem[]; nextMarker?: string } {
    return this.lambdaParts.layers.listLayers(input)
  }

  /** `ListLayerVersions`: newest first. */
  listLayerVersions(input: ListLayerVersionsInput): { layerVersions: LayerVersionsListItem[]; nextMarker?: string } {
    return this.lambdaParts.layers.listLayerVersions(input)
  }

  /** `DeleteLayerVersion`: functions that reference the version keep it. */
  deleteLayerVersion(input: LayerVersionLookupInput): void {
    this.lambdaParts.layers.deleteLayerVersion(input)
  }

  /** `AddLayerVersionPermission`. */
  addLayerVersionPermission(input: AddLayerVersionPermissionInput): { statement: string; revisionId: string } {
    return this.lambdaParts.layers.addLayerVersionPermission(input)
  }

  /** `GetLayerVersionPolicy`. */
  getLayerVersionPolicy(input: LayerVersionLookupInput): { policy: string; revisionId: string } {
    return this.lambdaParts.layers.getLayerVersionPolicy(input)
  }

  /** `RemoveLayerVersionPermission`. */
  removeLayerVersionPermission(input: RemoveLayerVersionPermissionInput): void {
    this.lambdaParts.layers.removeLayerVersionPermission(input)
  }

  /**
   * Stores layer content as the S3 object `lambda-sim/<key>`, for `PublishLayerVersionCommand`'s
   * `Content: { S3Bucket, S3Key }` (returned): an archive, a declared size or a folder.
   */
  registerLayerContent(key: string, content: RegisteredLayerContent): { S3Bucket: string; S3Key: string } {
    return this.lambdaParts.layers.registerLayerContent(key, content)
  }

  // ---------------------------------------------------------------- runtime management

  /** `PutRuntimeManagementConfig`: `Auto`, `FunctionUpdate`, or `Manual` with a `runtimeVersionArn`, per version. */
  putRuntimeManagementConfig(input: PutRuntimeManagementConfigInput): RuntimeManagementConfig {
    return this.lambdaParts.runtimeManagement.putRuntimeManagementConfig(input)
  }

  /** `GetRuntimeManagementConfig`: `Auto` until one is put. */
  getRuntimeManagementConfig(input: GetRuntimeManagementConfigInput): RuntimeManagementConfig {
    return this.lambdaParts.runtimeManagement.getRuntimeManagementConfig(input)
  }
}
