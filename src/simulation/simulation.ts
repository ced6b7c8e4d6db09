/**
 * The facade: one object that owns a virtual clock, a seeded PRNG and a set of simulated Lambda
 * functions. Control-plane calls are synchronous and instant; `invoke`, `advance` and
 * `runUntilIdle` drive the clock.
 *
 * @example
 * const sim = createSimulation({ seed: 42 })
 * sim.createFunction({ functionName: 'hello', code: async (event, context) => {
 *   await context.sleep(120)
 *   return { hello: event.name }
 * } })
 * const result = await sim.invoke({ functionName: 'hello', payload: { name: 'world' } })
 * // result.payload → { hello: 'world' }, 120 ms of virtual time later
 *
 * Gotchas: handlers must wait with `context.sleep`, not `setTimeout`; real I/O goes through
 * `context.external`. Calls made in the same tick start at the same virtual instant.
 */
import type { CreateFunctionInput, FunctionLookupInput, ListFunctionsInput, UpdateFunctionCodeInput, UpdateFunctionConfigurationInput } from '../lambda/control/function-schemas.js'
import { parseDurationMs, type DurationInput } from '../config/duration.js'
import { awsErrors } from '../errors/lambda-error.js'
import { SimulationError } from '../kernel/simulation-error.js'
import { Decider, type Decision } from '../kernel/decisions.js'
import { createIdFactory } from '../kernel/ids.js'
import { Kernel } from '../kernel/kernel.js'
import { Prng } from '../kernel/prng.js'
import { ConcurrencyPools, RateWindow } from '../model/concurrency.js'
import { nextMacrotask } from '../kernel/realtime.js'
import type { FunctionConfiguration } from '../model/function-record.js'
import { EventBus } from '../observability/bus.js'
import { EventLog } from '../observability/event-log.js'
import type { SimEvent, SimEventOf, SimEventType } from '../observability/events.js'
import { LogStore } from '../observability/log-store.js'
import { MetricStore } from '../observability/metrics.js'
import { LoadGenerator, type LoadRun, type LoadSpec } from '../lambda/load/load.js'
import { AsyncInvoker } from '../lambda/invoke/async-invoke.js'
import { DeliveryRouter, type DeliveryResult } from '../lambda/invoke/delivery.js'
import { RoleAccess } from '../lambda/invoke/role-access.js'
import { SqsService } from '../aws/sqs/service.js'
import { SnsService } from '../aws/sns/service.js'
import { EventBridgeService } from '../aws/eventbridge/service.js'
import { EnvironmentManager } from '../lambda/environments/environments.js'
import { FunctionRegistry, type GetFunctionOutput, type ListFunctionsOutput } from '../lambda/control/function-registry.js'
import { FunctionStore } from '../lambda/control/function-store.js'
import { AliasService, type AliasConfiguration, type AliasLookupInput, type CreateAliasInput, type ListAliasesInput, type ListAliasesOutput, type UpdateAliasInput } from '../lambda/control/aliases.js'
import { PermissionService, type AddPermissionInput, type GetPolicyInput, type RemovePermissionInput } from '../lambda/control/permissions.js'
import {
  ConcurrencyConfigService,
  type FunctionOnlyInput,
  type ListProvisionedConcurrencyConfigsInput,
  type ListProvisionedConcurrencyConfigsOutput,
  type ProvisionedConcurrencyConfigOutput,
  type ProvisionedConcurrencyLookupInput,
  type PutFunctionConcurrencyInput,
  type PutProvisionedConcurrencyConfigInput,
} from '../lambda/control/concurrency-config.js'
import {
  EventInvokeConfigService,
  type FunctionEventInvokeConfigLookupInput,
  type FunctionEventInvokeConfigOutput,
  type ListFunctionEventInvokeConfigsInput,
  type PutFunctionEventInvokeConfigInput,
} from '../lambda/control/event-invoke-config.js'
import { VersionService, type ListVersionsByFunctionInput, type ListVersionsByFunctionOutput, type PublishVersionInput } from '../lambda/control/versions.js'
import { InvocationEngine } from '../lambda/invoke/invocation-engine.js'
import { FaultPlan } from '../lambda/invoke/fault-plan.js'
import { SyncInvoker, type InvokeInput, type InvokeResult } from '../lambda/invoke/sync-invoke.js'
import {
  AutoScalingService,
  type DeleteScalingPolicyInput,
  type DeleteScheduledActionInput,
  type DeregisterScalableTargetInput,
  type DescribeScalableTargetsInput,
  type DescribeScalingActivitiesInput,
  type DescribeScalingPoliciesInput,
  type DescribeScheduledActionsInput,
  type PutScalingPolicyInput,
  type PutScheduledActionInput,
  type RegisterScalableTargetInput,
  type ScalableTarget,
  type ScalingActivity,
  type ScalingPolicy,
  type ScheduledAction,
} from '../aws/auto-scaling/service.js'
import { normalizeOptions, type NormalizedOptions, type SimulationOptions } from './options.js'
import type { FunctionCode } from '../runtime/handler-types.js'
import { codeRegistryOf } from '../lambda/control/code-registry.js'
import { simulatedClientConfig, type SimulatedClientConfig, type SimulatedClientOptions } from '../sdk/request-handler.js'

/** A snapshot of one execution environment, for inspection. */
export interface EnvironmentInfo {
  readonly environmentId: string
  readonly functionName: string
  readonly version: string
  readonly state: 'initializing' | 'busy' | 'idle' | 'gone'
  readonly initialized: boolean
  readonly createdAtMs: number
  readonly lastUsedAtMs: number
  readonly invocationCount: number
  readonly logStreamName: string
  /** For a provisioned-concurrency environment: the alias or version it belongs to. */
  readonly provisionedFor?: string
}

export class Simulation {
  /** The seed this run uses: pass it back to `createSimulation` to reproduce the run. */
  readonly seed: number | string
  readonly region: string
  readonly accountId: string
  /** CloudWatch-like logs: groups, streams and lines, derived from the event stream. */
  readonly logs: LogStore
  /** CloudWatch metrics (`AWS/Lambda`), derived from the event stream (`metrics: false` turns them off). */
  readonly metrics: MetricStore | undefined
  /** In-memory Amazon SQS on the virtual clock (destinations, DLQs, and your own queues). */
  readonly sqs: SqsService
  /** In-memory Amazon SNS: topics fan out to queues and (asynchronously) to functions. */
  readonly sns: SnsService
  /** In-memory Amazon EventBridge: buses, rules with event patterns, targets. */
  readonly eventBridge: EventBridgeService

  private readonly options: NormalizedOptions
  private readonly kernel: Kernel
  private readonly bus = new EventBus()
  private readonly decider: Decider
  private readonly eventLog: EventLog | undefined
  private readonly environmentManager: EnvironmentManager
  private readonly registry: FunctionRegistry
  private readonly invoker: SyncInvoker
  private readonly versions: VersionService
  private readonly aliases: AliasService
  private readonly permissions: PermissionService
  private readonly concurrencyConfig: ConcurrencyConfigService
  private readonly eventInvokeConfig: EventInvokeConfigService
  private readonly pools: ConcurrencyPools
  private readonly load: LoadGenerator
  /** Where Lambda sends destination records and dead letters: the simulated services by ARN. */
  private readonly router: DeliveryRouter
  private readonly roleAccess = new RoleAccess()
  private readonly autoScaling: AutoScalingService
  /** Drive calls run one after another; each waits for the previous one. */
  private driveChain: Promise<unknown> = Promise.resolve()

  constructor(options: SimulationOptions = {}) {
    this.options = normalizeOptions(options)
    const o = this.options
    this.seed = o.seed
    this.region = o.region
    this.accountId = o.accountId
    const root = Prng.fromSeed(o.seed)
    this.decider = new Decider(root, o.decisions, o.recordDecisions)
    const ids = createIdFactory(root.fork('ids'))
    this.kernel = new Kernel(o.startMs, o.kernelLimits, () => this.replayLine())
    this.logs = new LogStore(this.bus, o.logRetention)
    this.metrics = o.metrics ? new MetricStore(this.bus, o.startMs, () => this.kernel.nowMs) : undefined
    this.eventLog = o.recordEvents
      ? new EventLog(this.bus, o.eventLogMax, (max) => this.kernel.error('event-log-limit', `more than ${max} recorded events (limits.eventLogMax)`))
      : undefined
    this.environmentManager = new EnvironmentManager(this.kernel, this.bus, ids, {
      idleTimeoutMs: o.idleTimeoutMs,
      maxLifetimeMs: o.maxLifetimeMs,
    })
    const store = new FunctionStore({ region: o.region, accountId: o.accountId })
    this.concurrencyConfig = new ConcurrencyConfigService(store, this.kernel, this.bus, o.accountConcurrency, o.provisionedReadyDelayMs)
    this.pools = new ConcurrencyPools(o.scaling)
    const engine = new InvocationEngine(
      this.kernel,
      this.bus,
      this.decider,
      ids,
      this.environmentManager,
      { escapePolicy: o.escapePolicy, captureConsole: o.captureConsole, billing: o.billing },
      this.pools,
      this.concurrencyConfig,
    )
    if (this.logs.enabled) engine.logObserver = this.logs
    if (this.metrics !== undefined) engine.metricObserver = this.metrics
    const environments = this.environmentManager
    this.concurrencyConfig.provisioner = {
      provision: (target, provisionedFor, done) => engine.provisionEnvironment(target, provisionedFor, done),
      live: (functionName, provisionedFor, version) => environments.provisioned(functionName, provisionedFor, version),
      deprovision: (functionName, provisionedFor, version, count) => environments.deprovision(functionName, provisionedFor, version, count),
    }
    this.registry = new FunctionRegistry(store, this.kernel, this.bus, ids, this.environmentManager)
    this.permissions = new PermissionService(store, this.kernel, this.bus, ids)
    this.invoker = new SyncInvoker(
      this.kernel,
      store,
      engine,
      () => this.decider.decide('alias-routing'),
      (record, qualifier, caller) => this.permissions.checkInvoke(record, qualifier, caller),
      new RateWindow(o.accountConcurrency.accountLimit * 10),
      this.bus,
      o.asyncPayloadLimitBytes,
    )
    this.router = new DeliveryRouter()
    const asyncInvoker = new AsyncInvoker(this.kernel, this.bus, store, engine, this.decider, this.router, () => this.decider.decide('alias-routing'), {
      duplicateProbability: o.asyncDuplicateProbability,
    }, this.roleAccess)
    this.router.register(asyncInvoker)
    if (o.faults.length > 0) {
      const plan = new FaultPlan(o.faults, this.bus, () => this.kernel.nowMs)
      engine.faults = plan
      asyncInvoker.faults = plan
    }
    this.invoker.acceptAsync = (functionName, qualifier, payloadJson, requestId, lineage) => asyncInvoker.accept(functionName, qualifier, payloadJson, requestId, lineage)
    engine.nestedInvoker = (task, input, lineage) => this.invoker.invokeFromHandler(task, input, lineage)
    const scope = { region: o.region, accountId: o.accountId }
    const invokeAsync = (functionArn: string, payloadJson: string, lineage: number): DeliveryResult =>
      asyncInvoker.acceptFromService(functionArn, payloadJson, lineage)
    this.sqs = new SqsService(this.kernel, ids, scope)
    this.router.register(this.sqs)
    this.sns = new SnsService(this.kernel, ids, scope, this.router, invokeAsync)
    this.router.register(this.sns)
    this.eventBridge = new EventBridgeService(this.kernel, ids, scope, this.router, invokeAsync)
    this.router.register(this.eventBridge)
    this.load = new LoadGenerator(this.kernel, this.invoker, engine, this.decider)
    this.versions = new VersionService(store, this.registry, this.kernel, this.bus, ids, this.environmentManager)
    this.aliases = new AliasService(store, this.kernel, this.bus, ids)
    this.eventInvokeConfig = new EventInvokeConfigService(store, this.kernel, this.bus)
    this.aliases.retargeted = (record, alias) => this.concurrencyConfig.aliasRetargeted(record, alias.name)
    this.autoScaling = new AutoScalingService(this.kernel, this.bus, this.concurrencyConfig, this.metrics, createIdFactory(root.fork('autoscaling')), o)
  }

  // ---------------------------------------------------------------- time

  /** Virtual now, epoch milliseconds. */
  get nowMs(): number {
    return this.kernel.nowMs
  }

  /** Virtual now as a Date. */
  get now(): Date {
    return new Date(Math.floor(this.kernel.nowMs))
  }

  /** Runs everything due in the next `duration` (ms, or `'250ms'`, `'3s'`, `'5m'`, `'2h'`), in order. */
  advance(duration: DurationInput): Promise<void> {
    const ms = parseDurationMs(duration, 'advance', this.replayLine())
    return this.drive(() => this.kernel.run({ untilMs: this.kernel.nowMs + ms }))
  }

  /** Runs until nothing is left to do (background work such as idle reclaim does not count). */
  runUntilIdle(): Promise<void> {
    return this.drive(() => this.kernel.run({ untilIdle: true }))
  }

  private drive<T>(work: () => Promise<T>): Promise<T> {
    // Start after the caller's synchronous code (and a macrotask turn, so callers that reach us
    // through several awaits, like SDK middleware, still start at the same virtual instant).
    const run = this.driveChain.then(async () => {
      await nextMacrotask()
      return work()
    })
    this.driveChain = run.catch(() => undefined)
    return run
  }

  // ---------------------------------------------------------------- control plane

  /** `CreateFunction`: AWS's validation, defaults and errors; returns the configuration. */
  createFunction(input: CreateFunctionInput): FunctionConfiguration {
    return this.registry.createFunction(input)
  }

  /** `GetFunction`. */
  getFunction(input: FunctionLookupInput): GetFunctionOutput {
    return this.registry.getFunction(input)
  }

  /** `GetFunctionConfiguration`. */
  getFunctionConfiguration(input: FunctionLookupInput): FunctionConfiguration {
    return this.registry.getFunctionConfiguration(input)
  }

  /** `UpdateFunctionConfiguration`: only the given fields change; environments are replaced. */
  updateFunctionConfiguration(input: UpdateFunctionConfigurationInput): FunctionConfiguration {
    return this.registry.updateFunctionConfiguration(input)
  }

  /** `UpdateFunctionCode`: new invocations run the new code in new environments. */
  updateFunctionCode(input: UpdateFunctionCodeInput): FunctionConfiguration {
    return this.registry.updateFunctionCode(input)
  }

  /** `DeleteFunction`. */
  deleteFunction(input: FunctionLookupInput): void {
    this.registry.deleteFunction(input)
  }

  /** `ListFunctions`, sorted by name, paged with `marker` / `maxItems` (default 50). */
  listFunctions(input: ListFunctionsInput = {}): ListFunctionsOutput {
    return this.registry.listFunctions(input)
  }

  // ---------------------------------------------------------------- versions and aliases

  /** `PublishVersion`: snapshots `$LATEST`; returns the newest version when nothing changed. */
  publishVersion(input: PublishVersionInput): FunctionConfiguration {
    return this.versions.publishVersion(input)
  }

  /** `ListVersionsByFunction`: `$LATEST` first, then 1, 2, … */
  listVersionsByFunction(input: ListVersionsByFunctionInput): ListVersionsByFunctionOutput {
    return this.versions.listVersionsByFunction(input)
  }

  /** `CreateAlias`, optionally with `routingConfig.additionalVersionWeights`. */
  createAlias(input: CreateAliasInput): AliasConfiguration {
    return this.aliases.createAlias(input)
  }

  /** `GetAlias`. */
  getAlias(input: AliasLookupInput): AliasConfiguration {
    return this.aliases.getAlias(input)
  }

  /** `UpdateAlias`: omitted fields keep their values; `routingConfig: { additionalVersionWeights: {} }` removes routing. */
  updateAlias(input: UpdateAliasInput): AliasConfiguration {
    return this.aliases.updateAlias(input)
  }

  /** `DeleteAlias`. */
  deleteAlias(input: AliasLookupInput): void {
    this.aliases.deleteAlias(input)
  }

  /** `ListAliases`, sorted by name, optionally only those routing to `functionVersion`. */
  listAliases(input: ListAliasesInput): ListAliasesOutput {
    return this.aliases.listAliases(input)
  }

  // ---------------------------------------------------------------- permissions

  /** `AddPermission`: a statement in the resource-based policy of the function, a version or an alias. */
  addPermission(input: AddPermissionInput): { statement: string } {
    return this.permissions.addPermission(input)
  }

  /** `RemovePermission`. */
  removePermission(input: RemovePermissionInput): void {
    this.permissions.removePermission(input)
  }

  /** `GetPolicy`: the policy document (a JSON string) and its revision. */
  getPolicy(input: GetPolicyInput): { policy: string; revisionId: string } {
    return this.permissions.getPolicy(input)
  }

  // ---------------------------------------------------------------- concurrency configuration

  /** `PutFunctionConcurrency`: reserve concurrency for a function (0 throttles every invocation). */
  putFunctionConcurrency(input: PutFunctionConcurrencyInput): { reservedConcurrentExecutions: number } {
    return this.concurrencyConfig.putFunctionConcurrency(input)
  }

  /** `GetFunctionConcurrency`: `{}` when the function has no reservation. */
  getFunctionConcurrency(input: FunctionOnlyInput): { reservedConcurrentExecutions?: number } {
    return this.concurrencyConfig.getFunctionConcurrency(input)
  }

  /** `DeleteFunctionConcurrency`. */
  deleteFunctionConcurrency(input: FunctionOnlyInput): void {
    this.concurrencyConfig.deleteFunctionConcurrency(input)
  }

  /** `PutProvisionedConcurrencyConfig`: on a published version or alias; READY after the allocation delay. */
  putProvisionedConcurrencyConfig(input: PutProvisionedConcurrencyConfigInput): ProvisionedConcurrencyConfigOutput {
    return this.concurrencyConfig.putProvisionedConcurrencyConfig(input)
  }

  /** `GetProvisionedConcurrencyConfig`. */
  getProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): ProvisionedConcurrencyConfigOutput {
    return this.concurrencyConfig.getProvisionedConcurrencyConfig(input)
  }

  /** `DeleteProvisionedConcurrencyConfig`. */
  deleteProvisionedConcurrencyConfig(input: ProvisionedConcurrencyLookupInput): void {
    this.concurrencyConfig.deleteProvisionedConcurrencyConfig(input)
  }

  /** `ListProvisionedConcurrencyConfigs`. */
  listProvisionedConcurrencyConfigs(input: ListProvisionedConcurrencyConfigsInput): ListProvisionedConcurrencyConfigsOutput {
    return this.concurrencyConfig.listProvisionedConcurrencyConfigs(input)
  }

  // ---------------------------------------------------------------- asynchronous invocation configuration

  /** `PutFunctionEventInvokeConfig`: replaces the whole configuration of a qualifier. */
  putFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput {
    return this.eventInvokeConfig.putFunctionEventInvokeConfig(input)
  }

  /** `UpdateFunctionEventInvokeConfig`: changes only the given fields. */
  updateFunctionEventInvokeConfig(input: PutFunctionEventInvokeConfigInput): FunctionEventInvokeConfigOutput {
    return this.eventInvokeConfig.updateFunctionEventInvokeConfig(input)
  }

  /** `GetFunctionEventInvokeConfig`. */
  getFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): FunctionEventInvokeConfigOutput {
    return this.eventInvokeConfig.getFunctionEventInvokeConfig(input)
  }

  /** `DeleteFunctionEventInvokeConfig`. */
  deleteFunctionEventInvokeConfig(input: FunctionEventInvokeConfigLookupInput): void {
    this.eventInvokeConfig.deleteFunctionEventInvokeConfig(input)
  }

  /** `ListFunctionEventInvokeConfigs`. */
  listFunctionEventInvokeConfigs(input: ListFunctionEventInvokeConfigsInput): { functionEventInvokeConfigs: FunctionEventInvokeConfigOutput[]; nextMarker?: string } {
    return this.eventInvokeConfig.listFunctionEventInvokeConfigs(input)
  }

  // ---------------------------------------------------------------- application auto scaling

  /**
   * Application Auto Scaling `RegisterScalableTarget` (`resourceId: 'function:<name>:<alias-or-version>'`):
   * moves the provisioned concurrency into `[minCapacity, maxCapacity]`.
   */
  registerScalableTarget(input: RegisterScalableTargetInput): { scalableTargetARN: string } {
    return this.autoScaling.registerScalableTarget(input)
  }

  /** `DeregisterScalableTarget`: also deletes its policies and scheduled actions; capacity stays. */
  deregisterScalableTarget(input: DeregisterScalableTargetInput): void {
    this.autoScaling.deregisterScalableTarget(input)
  }

  /** `DescribeScalableTargets`. */
  describeScalableTargets(input: DescribeScalableTargetsInput = {}): { scalableTargets: ScalableTarget[] } {
    return this.autoScaling.describeScalableTargets(input)
  }

  /** `PutScalingPolicy` (target tracking on `LambdaProvisionedConcurrencyUtilization`), evaluated every virtual minute. */
  putScalingPolicy(input: PutScalingPolicyInput): { policyARN: string; alarms: ScalingPolicy['alarms'] } {
    return this.autoScaling.putScalingPolicy(input)
  }

  /** `DeleteScalingPolicy`. */
  deleteScalingPolicy(input: DeleteScalingPolicyInput): void {
    this.autoScaling.deleteScalingPolicy(input)
  }

  /** `DescribeScalingPolicies`. */
  describeScalingPolicies(input: DescribeScalingPoliciesInput = {}): { scalingPolicies: ScalingPolicy[] } {
    return this.autoScaling.describeScalingPolicies(input)
  }

  /** `PutScheduledAction` (`at(…)`, `rate(…)`, `cron(…)`, UTC, on the virtual clock). */
  putScheduledAction(input: PutScheduledActionInput): void {
    this.autoScaling.putScheduledAction(input)
  }

  /** `DeleteScheduledAction`. */
  deleteScheduledAction(input: DeleteScheduledActionInput): void {
    this.autoScaling.deleteScheduledAction(input)
  }

  /** `DescribeScheduledActions`. */
  describeScheduledActions(input: DescribeScheduledActionsInput = {}): { scheduledActions: ScheduledAction[] } {
    return this.autoScaling.describeScheduledActions(input)
  }

  /** `DescribeScalingActivities`, newest first; times are virtual epoch ms. */
  describeScalingActivities(input: DescribeScalingActivitiesInput = {}): { scalingActivities: ScalingActivity[] } {
    return this.autoScaling.describeScalingActivities(input)
  }

  /** `PutFunctionRecursionConfig`: `Terminate` (default) stops recursive loops after 16 hops; `Allow` lets them run. */
  putFunctionRecursionConfig(input: { functionName: string; recursiveLoop: 'Allow' | 'Terminate' }): { recursiveLoop: 'Allow' | 'Terminate' } {
    if (input.recursiveLoop !== 'Allow' && input.recursiveLoop !== 'Terminate') {
      throw awsErrors.validation([
        `Value '${String(input.recursiveLoop)}' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Allow, Terminate]`,
      ])
    }
    const record = this.registry.resolve(input.functionName).record
    record.recursiveLoop = input.recursiveLoop
    return { recursiveLoop: record.recursiveLoop }
  }

  /**
   * Takes away an execution role's permission to write to a resource (a destination or DLQ ARN;
   * `*` wildcards allowed): deliveries from functions with that role then fail, as they would
   * without `sqs:SendMessage` / `sns:Publish` / `lambda:InvokeFunction` / `events:PutEvents`.
   */
  revokeRoleAccess(input: { roleArn: string; resourceArn: string }): void {
    this.roleAccess.revoke(input.roleArn, input.resourceArn)
  }

  /** Gives back what `revokeRoleAccess` took (for one role, or all). */
  restoreRoleAccess(input: { roleArn?: string } = {}): void {
    this.roleAccess.restore(input.roleArn)
  }

  /** `GetFunctionRecursionConfig`. */
  getFunctionRecursionConfig(input: { functionName: string }): { recursiveLoop: 'Allow' | 'Terminate' } {
    return { recursiveLoop: this.registry.resolve(input.functionName).record.recursiveLoop }
  }

  // ---------------------------------------------------------------- data plane

  /**
   * `Invoke`. Resolves when the invocation completes on the virtual clock (driving it as needed).
   * Function errors and AWS's refusals are data in the result (`functionError`, `error`); it
   * rejects only on misuse of the library or a handler escaping the simulation.
   */
  invoke(input: InvokeInput): Promise<InvokeResult> {
    let submitted
    try {
      submitted = this.invoker.submit(input)
    } catch (error) {
      return Promise.reject(error)
    }
    if ('immediate' in submitted) return Promise.resolve(submitted.immediate)
    const pending = submitted.pending
    return this.drive(async () => {
      if (!pending.isDone()) await this.kernel.run({ stop: () => pending.isDone() })
      if (!pending.isDone()) {
        throw this.kernel.error('invariant', 'the simulation ran out of events before the invocation completed')
      }
      return pending.result
    })
  }

  /**
   * Starts traffic on the virtual clock (constant, Poisson, burst, steps, ramp, or replayed
   * arrivals). Drive it with `advance` / `runUntilIdle`; read the counts from the returned run.
   */
  generateLoad(spec: LoadSpec): LoadRun {
    return this.load.start(spec)
  }

  /** Environments running invocations now (account-wide, or one function's). */
  concurrentExecutions(functionName?: string): number {
    return functionName === undefined ? this.pools.inUse : this.pools.inUseBy(functionName)
  }

  // ---------------------------------------------------------------- the AWS SDK

  /**
   * A configuration for AWS SDK v3 clients that answers from this simulation, in-process.
   * `caller` is who the client calls as (checked by `Invoke` against resource-based policies).
   *
   * @example
   * const lambda = new LambdaClient(sim.clientConfig())
   * await lambda.send(new CreateFunctionCommand({ FunctionName: 'f', Role: role, Code: sim.registerCode('f', handler) }))
   * const { Payload } = await lambda.send(new InvokeCommand({ FunctionName: 'f' })) // on the virtual clock
   *
   * Gotchas: retries are off unless `retries: true` — the SDK would retry a throttle after a
   * real-time backoff while the virtual clock stands still, and hide it. See docs/sdk.md.
   */
  clientConfig(options: SimulatedClientOptions = {}): SimulatedClientConfig {
    return simulatedClientConfig(this, options)
  }

  /**
   * Registers function code for use through the AWS SDK, where a closure cannot travel: pass the
   * returned `{ ZipFile }` as `Code` to `CreateFunctionCommand` (or spread it into
   * `UpdateFunctionCodeCommand`), or name it as `Code: { S3Bucket: 'lambda-sim', S3Key: name }`.
   * Registering a name again replaces its code.
   */
  registerCode(name: string, code: FunctionCode): { ZipFile: Uint8Array } {
    return codeRegistryOf(this).register(name, code)
  }

  // ---------------------------------------------------------------- observation

  /** Subscribes to one event type (or `'*'` for all); returns the unsubscribe function. */
  on<T extends SimEventType | '*'>(type: T, listener: (event: T extends SimEventType ? SimEventOf<T> : SimEvent) => void): () => void {
    return this.bus.on(type, listener)
  }

  /** Every event so far (requires `recordEvents: true`). */
  events(): SimEvent[] {
    if (this.eventLog === undefined) {
      throw new SimulationError('invalid-argument', 'events() needs createSimulation({ recordEvents: true })', this.replayLine())
    }
    return this.eventLog.list()
  }

  /** The event log as JSON lines: equal for equal seeds, byte for byte. */
  eventLogText(): string {
    if (this.eventLog === undefined) {
      throw new SimulationError('invalid-argument', 'eventLogText() needs createSimulation({ recordEvents: true })', this.replayLine())
    }
    return this.eventLog.toJsonLines()
  }

  /** Every random decision made so far; pass as `decisions` to replay them. */
  decisions(): Decision[] {
    return this.decider.log()
  }

  /** Execution environments alive now, oldest first. */
  environments(functionName?: string): EnvironmentInfo[] {
    return this.environmentManager.list(functionName).map((env) => ({
      environmentId: env.environmentId,
      functionName: env.functionName,
      version: env.version,
      state: env.state,
      initialized: env.initialized,
      createdAtMs: env.createdAtMs,
      lastUsedAtMs: env.lastUsedAtMs,
      invocationCount: env.invocationCount,
      logStreamName: env.logStreamName,
      ...(env.provisionedFor !== undefined ? { provisionedFor: env.provisionedFor } : {}),
    }))
  }

  /**
   * `seed=… decisions=… [faults=…]`: what reproduces this run (with the same calls).
   * `parseReplayLine` in `lambda-sim/testing` reads it back.
   */
  replayLine(): string {
    const recorded = this.options.decisions
    const line = `seed=${JSON.stringify(this.seed)} decisions=${recorded === undefined ? 'seeded' : JSON.stringify(recorded)}`
    return this.options.faults.length === 0 ? line : `${line} faults=${JSON.stringify(this.options.faults)}`
  }
}

/** Creates a simulation. Same options (seed included) ⇒ the same run, byte for byte. */
export function createSimulation(options: SimulationOptions = {}): Simulation {
  return new Simulation(options)
}
