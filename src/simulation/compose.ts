/**
 * The composition root: builds every part of one simulation in dependency order, lower layers
 * first, each given what it needs in its constructor. Nothing is assigned afterwards.
 *
 * Four calls go "up" against construction order: the engine runs a handler's nested
 * `context.lambda.invoke` through the Invoke API built after it, the concurrency configuration
 * asks the engine (built after it) to provision environments, SNS / EventBridge invoke
 * functions through the asynchronous queue that delivers to them, and the handler's world hands
 * the AWS SDK requests of handler code to the SDK bridge over the facade (`answerAwsRequest`). Two
 * more belong to event source mappings: the control plane tells the pollers (`event-sources/`, built
 * last) of its mappings, and SQS tells them when a message becomes visible. Each receives a callback here,
 * at construction, that forwards to the part once it exists; none is called before this function
 * returns (they run only when the simulation is driven).
 */
import { Decider } from '../kernel/decisions.js'
import { createIdFactory, type IdFactory } from '../kernel/ids.js'
import { Kernel } from '../kernel/kernel.js'
import { Prng } from '../kernel/prng.js'
import { ConcurrencyPools, RateWindow } from '../model/concurrency.js'
import type { EventSourcePollers } from '../model/event-source-mapping.js'
import type { FunctionVersion } from '../model/function-record.js'
import { policyAllows } from '../model/policy.js'
import type { DestinationCheck } from '../aws/s3/notifications.js'
import { EventBus } from '../observability/bus.js'
import { EventLog } from '../observability/event-log.js'
import { listenerThrewError } from './listener-error.js'
import { LogStore } from '../observability/log-store.js'
import { MetricStore } from '../observability/metrics.js'
import { RunRecorder } from '../observability/run-recorder.js'
import type { InvocationObserver } from '../observability/invocation-facts.js'
import { EnvironmentManager } from '../lambda/environments/environments.js'
import { AliasService } from '../lambda/control/aliases.js'
import { CodeRegistry } from '../lambda/control/code-registry.js'
import { ConcurrencyConfigService, type Provisioner } from '../lambda/control/concurrency-config.js'
import { EventInvokeConfigService } from '../lambda/control/event-invoke-config.js'
import { EventSourceMappingService } from '../lambda/control/event-source-mappings.js'
import { FunctionRegistry } from '../lambda/control/function-registry.js'
import { FunctionStore } from '../lambda/control/function-store.js'
import { LayerService, type FunctionLayer, type FunctionLayerResolver } from '../lambda/control/layers.js'
import { FunctionStates } from '../lambda/control/function-states.js'
import { PermissionService } from '../lambda/control/permissions.js'
import { VersionService } from '../lambda/control/versions.js'
import { AccountSettingsService } from '../lambda/control/account-settings.js'
import { CodeSigningConfigService } from '../lambda/control/code-signing-configs.js'
import { RuntimeManagementService } from '../lambda/control/runtime-management.js'
import { TagService } from '../lambda/control/tags.js'
import { AsyncInvoker } from '../lambda/invoke/async-invoke.js'
import { DeliveryRouter, type DeliveryTarget, type InvokeAsync } from '../lambda/invoke/delivery.js'
import { FaultPlan } from '../lambda/invoke/fault-plan.js'
import { InvocationEngine, type NestedInvoker } from '../lambda/invoke/invocation-engine.js'
import { RoleAccess } from '../lambda/invoke/role-access.js'
import { SyncInvoker, type AcceptAsync } from '../lambda/invoke/sync-invoke.js'
import { LoadGenerator } from '../lambda/load/load.js'
import { FunctionUrlService } from '../lambda/urls/function-url-configs.js'
import { FunctionUrlDoor } from '../lambda/urls/function-url-door.js'
import { AlbDoor } from '../aws/elb/alb-door.js'
import { ElbService } from '../aws/elb/service.js'
import { AutoScalingService } from '../aws/auto-scaling/service.js'
import { ApiGatewayService } from '../aws/api-gateway/service.js'
import { CloudFrontService } from '../aws/cloudfront/service.js'
import { EventBridgeService } from '../aws/eventbridge/service.js'
import { SchedulerService } from '../aws/scheduler/service.js'
import { S3Service } from '../aws/s3/service.js'
import { SnsService } from '../aws/sns/service.js'
import { SqsService } from '../aws/sqs/service.js'
import { KinesisService } from '../aws/kinesis/service.js'
import { DynamoDbService } from '../aws/dynamodb/service.js'
import { EventSources } from '../event-sources/event-sources.js'
import { DoorRegistry } from '../http/door.js'
import type { AwsRequestAnswerer } from '../runtime/world/aws-http.js'
import { installHandlerWorld } from '../runtime/world/install.js'
import type { SdkBackend } from '../sdk/backend.js'
import { answerHandlerRequest } from '../sdk/request-handler.js'
import { answerTraced } from '../sdk/trace-propagation.js'
import { answerDoorFromHandler } from './handler-doors.js'
import { NO_LINEAGE } from '../model/lineage.js'
import { Tracer } from '../observability/tracer.js'
import type { NormalizedOptions } from './options.js'
import { fieldClosure } from '../kernel/field-closure.js'

/** Every part of one simulation; the facade holds them and answers through them. */
export interface SimulationParts {
  readonly kernel: Kernel
  readonly bus: EventBus
  readonly decider: Decider
  readonly logs: LogStore
  readonly metrics: MetricStore | undefined
  readonly eventLog: EventLog | undefined
  /** The report's record of the run (`recordTimeline`). */
  readonly recorder: RunRecorder | undefined
  readonly environments: EnvironmentManager
  readonly pools: ConcurrencyPools
  readonly codeRegistry: CodeRegistry
  readonly registry: FunctionRegistry
  readonly layers: LayerService
  readonly versions: VersionService
  readonly aliases: AliasService
  readonly permissions: PermissionService
  readonly concurrencyConfig: ConcurrencyConfigService
  readonly eventInvokeConfig: EventInvokeConfigService
  readonly eventSourceMappings: EventSourceMappingService
  readonly accountSettings: AccountSettingsService
  readonly tags: TagService
  readonly codeSigningConfigs: CodeSigningConfigService
  readonly runtimeManagement: RuntimeManagementService
  readonly eventSources: EventSources
  readonly invoker: SyncInvoker
  readonly load: LoadGenerator
  readonly roleAccess: RoleAccess
  readonly sqs: SqsService
  readonly kinesis: KinesisService
  readonly dynamodb: DynamoDbService
  readonly sns: SnsService
  readonly s3: S3Service
  readonly eventBridge: EventBridgeService
  readonly scheduler: SchedulerService
  readonly autoScaling: AutoScalingService
  /** Function URLs (their configurations); each URL's host is a door of `sim.fetch`. */
  readonly functionUrls: FunctionUrlService
  /** Application Load Balancers with Lambda targets; each load balancer's DNS name is a door of `sim.fetch`. */
  readonly elb: ElbService
  /** API Gateway's REST and HTTP APIs; their `execute-api` hosts are a front door. */
  readonly apiGateway: ApiGatewayService
  /** CloudFront distributions (Lambda@Edge); each one's host is a front door. */
  readonly cloudFront: CloudFrontService
  readonly tracer: Tracer
  /** The HTTP front doors `sim.fetch` routes to (function URLs, API Gateway, load balancers, CloudFront). */
  readonly doors: DoorRegistry
}

/**
 * Builds a simulation's parts from its normalised options; `replayLine` names the run in errors,
 * `backend` is the facade (the SDK bridge answers handlers' AWS requests through it, once driven).
 */
export function composeSimulation(o: NormalizedOptions, replayLine: () => string, backend: SdkBackend): SimulationParts {
  return new SimulationWiring(o, replayLine, backend)
}

/**
 * The parts, wired. What every invocation needs (kernel, stores, environments, the function
 * registry, the invoke path) is built here, in dependency order. The rest — the AWS services, the
 * pollers, auto scaling, the control-plane services an invocation never touches, the asynchronous
 * queue and the load generator — is built on first use, behind a getter: a property test makes
 * thousands of simulations that each create one function and invoke it once, and building (then
 * collecting) twenty services none of them uses was most of its cost (issue 19). Building later
 * changes nothing a run shows: no part draws from a shared stream or schedules an event when it is
 * built (those with ids of their own fork their stream by label, which depends on the seed alone),
 * and a part that only reacts to others' objects (the pollers to mappings, auto scaling to its
 * targets) has none to react to before it exists.
 */
class SimulationWiring implements SimulationParts, FunctionLayerResolver {
  readonly kernel: Kernel
  readonly bus: EventBus
  readonly decider: Decider
  readonly logs: LogStore
  readonly metrics: MetricStore | undefined
  readonly eventLog: EventLog | undefined
  readonly recorder: RunRecorder | undefined
  readonly environments: EnvironmentManager
  readonly pools: ConcurrencyPools
  readonly codeRegistry: CodeRegistry
  readonly registry: FunctionRegistry
  readonly versions: VersionService
  readonly permissions: PermissionService
  readonly concurrencyConfig: ConcurrencyConfigService
  readonly invoker: SyncInvoker
  readonly tracer: Tracer
  private readonly engine: InvocationEngine
  private readonly store: FunctionStore
  private readonly ids: IdFactory
  private readonly root: Prng
  private readonly faults: FaultPlan | undefined

  // Built on first use (see the class comment).
  private layersMade: LayerService | undefined = undefined
  private aliasesMade: AliasService | undefined = undefined
  private eventInvokeConfigMade: EventInvokeConfigService | undefined = undefined
  private eventSourceMappingsMade: EventSourceMappingService | undefined = undefined
  private accountSettingsMade: AccountSettingsService | undefined = undefined
  private tagsMade: TagService | undefined = undefined
  private codeSigningConfigsMade: CodeSigningConfigService | undefined = undefined
  private runtimeManagementMade: RuntimeManagementService | undefined = undefined
  private eventSourcesMade: EventSources | undefined = undefined
  private loadMade: LoadGenerator | undefined = undefined
  private roleAccessMade: RoleAccess | undefined = undefined
  private asyncInvokerMade: AsyncInvoker | undefined = undefined
  private routerMade: DeliveryRouter | undefined = undefined
  private sqsMade: SqsService | undefined = undefined
  private kinesisMade: KinesisService | undefined = undefined
  private dynamodbMade: DynamoDbService | undefined = undefined
  private snsMade: SnsService | undefined = undefined
  private s3Made: S3Service | undefined = undefined
  private eventBridgeMade: EventBridgeService | undefined = undefined
  private schedulerMade: SchedulerService | undefined = undefined
  private autoScalingMade: AutoScalingService | undefined = undefined
  private functionUrlsMade: FunctionUrlService | undefined = undefined
  private elbMade: ElbService | undefined = undefined
  private apiGatewayMade: ApiGatewayService | undefined = undefined
  private cloudFrontMade: CloudFrontService | undefined = undefined
  readonly doors = new DoorRegistry()

  constructor(
    private readonly o: NormalizedOptions,
    private readonly replayLine: () => string,
    backend: SdkBackend,
  ) {
    if (o.handlerWorld) installHandlerWorld()
    // Kernel: time, randomness, ids.
    const root = (this.root = Prng.fromSeed(o.seed))
    const decider = (this.decider = new Decider(root, o.decisions, o.recordDecisions))
    const ids = (this.ids = createIdFactory(root.fork('ids')))
    const kernel = (this.kernel = new Kernel(o.startMs, o.kernelLimits, replayLine))

    // Observability: the record every part writes to.
    // A listener's error is contained by the bus and reported at the drive (`listener-error.ts`).
    const bus = (this.bus = new EventBus((thrown, event) => kernel.interruptDrive(listenerThrewError(kernel, thrown, event), false)))
    const logs = (this.logs = new LogStore(bus, o.logRetention))
    const metrics = (this.metrics = o.metrics ? new MetricStore(bus, o.startMs, () => kernel.nowMs, o.metricTiers) : undefined)
    this.eventLog = o.recordEvents
      ? new EventLog(bus, o.eventLogMax, (max) => {
          // The log can no longer be compared or replayed against: the simulation stops, loudly.
          const error = kernel.error(
            'event-log-limit',
            `more than ${max} recorded events (limits.eventLogMax): the event log is incomplete, so this simulation is now unusable — ` +
              'every later drive and every read of the log throws this error. Raise limits.eventLogMax, or leave recordEvents off for long runs.',
          )
          kernel.interruptDrive(error, true)
          return error
        })
      : undefined
    const recorder = (this.recorder = o.recordTimeline ? new RunRecorder(bus, o.startMs) : undefined)
    // Tracing: its sampling draws come from a stream of their own (made on first use), so no other draw moves.
    const samplingStream = (): (() => number) => {
      const prng = root.fork('xray-sampling')
      return () => prng.next()
    }
    const tracer = (this.tracer = new Tracer(o.tracing, () => kernel.nowMs, samplingStream, o.region, o.accountId))
    const faults = (this.faults = o.faults.length > 0 ? new FaultPlan(o.faults, bus, () => kernel.nowMs) : undefined)

    // Lambda: environments, then the control plane, then the invoke path.
    const environments = (this.environments = new EnvironmentManager(kernel, bus, ids, { idleTimeoutMs: o.idleTimeoutMs, maxLifetimeMs: o.maxLifetimeMs }))
    const store = (this.store = new FunctionStore({ region: o.region, accountId: o.accountId }))
    const codeRegistry = (this.codeRegistry = new CodeRegistry(replayLine))
    const provisioner = new EngineProvisioner(environments)
    const concurrencyConfig = (this.concurrencyConfig = new ConcurrencyConfigService(store, kernel, bus, o.accountConcurrency, o.provisionedReadyDelayMs, provisioner))
    const functionStates = new FunctionStates(store, kernel, ids, o.functionStateDelays, environments)
    const versions = (this.versions = new VersionService(store, kernel, bus, ids, environments, functionStates))
    // Layers (built on first use) are resolved through `layersFor` below.
    this.registry = new FunctionRegistry(store, kernel, bus, ids, environments, versions, functionStates, (code) => codeRegistry.declaredSize(code), this)
    const permissions = (this.permissions = new PermissionService(store, kernel, bus, ids))

    const pools = (this.pools = new ConcurrencyPools(o.scaling))
    const nestedInvoker: NestedInvoker = (task, input, lineage) => invoker.invokeFromHandler(task, input, lineage)
    // A handler's SDK request (caught at the HTTP layer): the SDK bridge answers it, and its `Invoke`
    // is the handler's nested invoke (as `context.lambda.invoke` is), not a drive.
    // A request to a front door's host (a function URL, an API Gateway stage, a load balancer) is
    // answered by the door, its invocations nested in the handler's and its integration timeout a
    // timer of the handler's (handler-doors.ts).
    const answerAwsRequest: AwsRequestAnswerer = (handlerScope, request) =>
      answerDoorFromHandler(this.doors, request, {
        kernel: handlerScope.kernel,
        task: handlerScope.task,
        // A plain HTTP request carries no X-Ray header: the callee starts a trace of its own and no
        // lineage (AWS's loop detection watches SQS, SNS, S3 and Invoke, not HTTP endpoints).
        invokeFunction: (input) => nestedInvoker(handlerScope.task, input, NO_LINEAGE),
      }) ??
      answerTraced(tracer, handlerScope, request, () => answerHandlerRequest(backend, request, (input) => handlerScope.invokeFunction(input)))
    // `Math.random()` of handler code (an SDK's retry jitter): a stream of its own (made on first use), so a run replays.
    let handlerPrng: Prng | undefined
    const handlerRandom = (): number => (handlerPrng ??= root.fork('handler-random')).next()
    const engine = (this.engine = new InvocationEngine(
      kernel,
      bus,
      decider,
      ids,
      environments,
      { escapePolicy: o.escapePolicy, handlerWorld: o.handlerWorld, billing: o.billing },
      pools,
      concurrencyConfig,
      { logObserver: logs.enabled ? logs : undefined, metricObserver: withRecorder(metrics, recorder), faults, nestedInvoker, answerAwsRequest, handlerRandom, tracer },
    ))
    provisioner.engine = engine
    const acceptAsync: AcceptAsync = (functionName, qualifier, payloadJson, requestId, lineage, traceHeader) =>
      this.asyncInvoker.accept(functionName, qualifier, payloadJson, requestId, lineage, traceHeader)
    const invoker = (this.invoker = new SyncInvoker(
      kernel,
      store,
      engine,
      (): number => decider.decide('alias-routing'),
      (record, qualifier, caller) => permissions.checkInvoke(record, qualifier, caller),
      new RateWindow(o.accountConcurrency.accountLimit * 10),
      bus,
      o.asyncPayloadLimitBytes,
      acceptAsync,
    ))
  }

  /** `FunctionLayerResolver` for the registry: a configuration without layers needs no layer service. */
  layersFor(requested: readonly string[] | undefined, current: readonly FunctionLayer[] | undefined, codeUnzippedBytes: number): readonly FunctionLayer[] | undefined {
    if (requested === undefined && (current === undefined || current.length === 0)) return current
    return this.layers.layersFor(requested, current, codeUnzippedBytes)
  }

  get layers(): LayerService {
    // Layers draw their revision ids from a stream of their own: using layers shifts no other id.
    return (this.layersMade ??= new LayerService(this.store.scope, this.kernel, createIdFactory(this.root.fork('layers')), this.replayLine))
  }

  get aliases(): AliasService {
    const concurrencyConfig = this.concurrencyConfig
    return (this.aliasesMade ??= new AliasService(this.store, this.kernel, this.bus, this.ids, (record, alias) => concurrencyConfig.aliasRetargeted(record, alias.name)))
  }

  get eventInvokeConfig(): EventInvokeConfigService {
    return (this.eventInvokeConfigMade ??= new EventInvokeConfigService(this.store, this.kernel, this.bus))
  }

  get eventSourceMappings(): EventSourceMappingService {
    if (this.eventSourceMappingsMade !== undefined) return this.eventSourceMappingsMade
    // The pollers (src/event-sources/) sit above the control plane: a forward callback.
    const pollers: EventSourcePollers = {
      sourceExists: (kind, arn) => this.eventSources.sourceExists(kind, arn),
      mappingChanged: (mapping) => this.eventSources.mappingChanged(mapping),
    }
    return (this.eventSourceMappingsMade = new EventSourceMappingService(this.store, this.kernel, this.bus, this.ids, pollers))
  }

  get accountSettings(): AccountSettingsService {
    return (this.accountSettingsMade ??= new AccountSettingsService(this.store, this.o.accountConcurrency))
  }

  get codeSigningConfigs(): CodeSigningConfigService {
    // Code signing configs draw their ids from a stream of their own: creating one shifts no other id.
    return (this.codeSigningConfigsMade ??= new CodeSigningConfigService(this.store, this.kernel, createIdFactory(this.root.fork('code-signing')), (arn, tags) =>
      this.tags.setCodeSigningConfigTags(arn, tags),
    ))
  }

  get tags(): TagService {
    return (this.tagsMade ??= new TagService(this.store, this.store.scope, {
      eventSourceMapping: (uuid) => void this.eventSourceMappings.getEventSourceMapping({ uuid }),
      codeSigningConfig: (arn) => this.codeSigningConfigs.requireConfig(arn),
    }))
  }

  get runtimeManagement(): RuntimeManagementService {
    return (this.runtimeManagementMade ??= new RuntimeManagementService(this.store))
  }

  get roleAccess(): RoleAccess {
    return (this.roleAccessMade ??= new RoleAccess())
  }

  get load(): LoadGenerator {
    return (this.loadMade ??= new LoadGenerator(this.kernel, this.invoker, this.engine, this.decider))
  }

  /** The asynchronous queue (`invocationType: 'Event'`, and what SNS and EventBridge deliver to functions). */
  private get asyncInvoker(): AsyncInvoker {
    const decider = this.decider
    return (this.asyncInvokerMade ??= new AsyncInvoker(
      this.kernel,
      this.bus,
      this.store,
      this.engine,
      decider,
      this.router,
      (): number => decider.decide('alias-routing'),
      { duplicateProbability: this.o.asyncDuplicateProbability },
      this.roleAccess,
      this.faults,
    ))
  }

  /**
   * Destinations and dead-letter queues are delivered by ARN to whichever service owns it, asked in
   * this order: each target is built when the router first asks it (its `accepts` reads the ARN alone).
   */
  private get router(): DeliveryRouter {
    if (this.routerMade !== undefined) return this.routerMade
    const router = (this.routerMade = new DeliveryRouter())
    router.register(lazyTarget(() => this.asyncInvoker))
    router.register(lazyTarget(() => this.sqs))
    router.register(lazyTarget(() => this.sns))
    router.register(lazyTarget(() => this.eventBridge))
    router.register(lazyTarget(() => this.s3))
    return router
  }

  /** A function of another service invoked through the asynchronous queue that delivers to it. */
  private readonly invokeAsync: InvokeAsync = fieldClosure<InvokeAsync>((functionArn, payloadJson, lineage, traceHeader) =>
    this.asyncInvoker.acceptFromService(functionArn, payloadJson, lineage, traceHeader),
  )

  get sqs(): SqsService {
    // A message visible in a queue wakes the pollers of that queue; without pollers, no mapping reads it.
    return (this.sqsMade ??= new SqsService(this.kernel, this.ids, this.store.scope, (queueArn, atMs) => this.eventSourcesMade?.messageVisible(queueArn, atMs), this.tracer))
  }

  get kinesis(): KinesisService {
    // A record written to a stream wakes the pollers of that stream (none before the first mapping).
    return (this.kinesisMade ??= new KinesisService(this.kernel, this.store.scope, (streamArn) => this.eventSourcesMade?.recordsAdded(streamArn)))
  }

  get dynamodb(): DynamoDbService {
    return (this.dynamodbMade ??= new DynamoDbService(this.kernel, this.store.scope, (streamArn) => this.eventSourcesMade?.recordsAdded(streamArn)))
  }

  get sns(): SnsService {
    return (this.snsMade ??= new SnsService(this.kernel, this.ids, this.store.scope, this.router, this.invokeAsync, this.tracer))
  }

  get s3(): S3Service {
    // S3 draws its ids (uploads, request ids) from a stream of its own: using S3 shifts no other id.
    const destinationProblem: DestinationCheck = (kind, arn, bucket) =>
      kind === 'lambda' ? s3InvokeProblem(this.store, arn, bucket) : kind === 'queue' ? (this.sqs.hasQueue(arn) ? undefined : 'The destination queue does not exist') : this.snsTopicProblem(arn)
    return (this.s3Made ??= new S3Service(this.kernel, createIdFactory(this.root.fork('s3')), this.store.scope, this.router, this.invokeAsync, destinationProblem, this.tracer))
  }

  private snsTopicProblem(topicArn: string): string | undefined {
    try {
      this.sns.getTopicAttributes({ topicArn })
      return undefined
    } catch {
      return 'The destination topic does not exist'
    }
  }

  get eventBridge(): EventBridgeService {
    return (this.eventBridgeMade ??= new EventBridgeService(this.kernel, this.ids, this.store.scope, this.router, this.invokeAsync, this.tracer))
  }

  get scheduler(): SchedulerService {
    if (this.schedulerMade !== undefined) return this.schedulerMade
    // Execution ids and flexible-window offsets come from streams of their own: schedules move no other draw.
    const flexible = this.root.fork('scheduler-flexible-window')
    return (this.schedulerMade = new SchedulerService({
      kernel: this.kernel,
      ids: createIdFactory(this.root.fork('scheduler')),
      random: () => flexible.next(),
      router: this.router,
      invokeAsync: this.invokeAsync,
      scope: this.store.scope,
      startMs: this.o.startMs,
    }))
  }

  /** The pollers of event source mappings: above the services they read and the invoke path. */
  get eventSources(): EventSources {
    return (this.eventSourcesMade ??= new EventSources({
      kernel: this.kernel,
      bus: this.bus,
      sqs: this.sqs,
      invoker: this.invoker,
      engine: this.engine,
      region: this.o.region,
      faults: this.faults,
      kinesis: this.kinesis,
      dynamodb: this.dynamodb,
      router: this.router,
    }))
  }

  get elb(): ElbService {
    if (this.elbMade !== undefined) return this.elbMade
    // Ids and DNS names, and the door's trace ids, come from streams of their own.
    const service = (this.elbMade = new ElbService(this.store.scope, () => this.kernel.nowMs, createIdFactory(this.root.fork('elb')), this.store))
    this.doors.register(new AlbDoor(service, createIdFactory(this.root.fork('elb-requests'))))
    return service
  }

  get functionUrls(): FunctionUrlService {
    if (this.functionUrlsMade !== undefined) return this.functionUrlsMade
    // URL ids, and the doors' request and trace ids, come from streams of their own.
    const service = (this.functionUrlsMade = new FunctionUrlService(this.store, this.kernel, this.bus, createIdFactory(this.root.fork('function-urls'))))
    this.doors.register(new FunctionUrlDoor(service, this.store.scope, this.bus, createIdFactory(this.root.fork('function-url-requests'))))
    return service
  }

  get autoScaling(): AutoScalingService {
    return (this.autoScalingMade ??= new AutoScalingService(this.kernel, this.bus, this.concurrencyConfig, this.metrics, createIdFactory(this.root.fork('autoscaling')), this.o))
  }

  get apiGateway(): ApiGatewayService {
    if (this.apiGatewayMade !== undefined) return this.apiGatewayMade
    // Its ids come from a stream of its own; its `execute-api` hosts become a door of `sim.fetch`.
    const service = (this.apiGatewayMade = new ApiGatewayService(this.store.scope, () => this.kernel.nowMs, this.root.fork('api-gateway'), this.bus))
    this.doors.register(service.door)
    return service
  }

  get cloudFront(): CloudFrontService {
    if (this.cloudFrontMade !== undefined) return this.cloudFrontMade
    const registry = this.registry
    const doors = this.doors
    // Its ids come from a stream of its own; its distributions' hosts become doors of `sim.fetch`.
    const service = (this.cloudFrontMade = new CloudFrontService(
      () => this.kernel.nowMs,
      this.root.fork('cloudfront'),
      this.o.accountId,
      (functionName, version) => {
        try {
          return registry.getFunctionConfiguration({ functionName, qualifier: version })
        } catch {
          return undefined
        }
      },
      { resolves: (host) => doors.find(host) !== undefined },
    ))
    doors.register(service)
    return service
  }
}

/**
 * Why S3 may not invoke a function for a bucket, or `undefined` when it may: the function exists
 * and the invoked qualifier's resource-based policy lets `s3.amazonaws.com` invoke it on the
 * bucket's behalf (`$LATEST` shares the unqualified function's policy).
 */
function s3InvokeProblem(store: FunctionStore, functionArn: string, bucket: string): string | undefined {
  try {
    const ref = store.refOf(functionArn)
    const { record } = store.resolve(ref)
    const qualifier = ref.qualifier === undefined || ref.qualifier === '$LATEST' ? '' : ref.qualifier
    const caller = { principal: 's3.amazonaws.com', sourceArn: `arn:aws:s3:::${bucket}`, sourceAccount: store.scope.accountId }
    if (policyAllows(record.policies.get(qualifier), caller, 'lambda:InvokeFunction')) return undefined
  } catch {
    // A function that does not exist cannot be validated either.
  }
  return `Not authorized to invoke function [${functionArn}]`
}

/** A delivery target built when the router first asks it whether it owns an ARN. */
function lazyTarget(target: () => DeliveryTarget): DeliveryTarget {
  return new LazyTarget(target)
}

/**
 * A class, not an object literal: V8 pretenured the literal (old generation), and its closures kept
 * a dropped simulation alive until a full collection — most of the retry story's GC (issue 19).
 */
class LazyTarget implements DeliveryTarget {
  constructor(private readonly target: () => DeliveryTarget) {}
  accepts(arn: string): boolean {
    return this.target().accepts(arn)
  }
  deliver(arn: string, message: Parameters<DeliveryTarget['deliver']>[1]): ReturnType<DeliveryTarget['deliver']> {
    return this.target().deliver(arn, message)
  }
}

/** The metric store's observer, and the run recorder beside it when there is one (the engine tells one observer of metrics). */
function withRecorder(metrics: MetricStore | undefined, recorder: RunRecorder | undefined): InvocationObserver | undefined {
  if (recorder === undefined) return metrics
  if (metrics === undefined) return recorder
  return {
    invocationStarted(facts) {
      metrics.invocationStarted(facts)
      recorder.invocationStarted(facts)
    },
    invocationCompleted(facts) {
      metrics.invocationCompleted(facts)
      recorder.invocationCompleted(facts)
    },
  }
}

/**
 * The control plane's `Provisioner`: environments from the manager, provisioning through the engine
 * (built after the concurrency service, so set once it exists).
 *
 * A class instance, not an object literal of arrow functions: V8 moves a literal's allocation site to
 * the old generation once its objects outlive minor collections (allocation-site pretenuring), and an
 * old object holding the constructor's arrows kept their whole context — every part of the
 * simulation — alive through every minor collection after the simulation was dropped. A property test
 * drops thousands of them (docs/performance.md, fresh runs).
 */
class EngineProvisioner implements Provisioner {
  engine: InvocationEngine | undefined = undefined

  constructor(private readonly environments: EnvironmentManager) {}

  provision(target: FunctionVersion, provisionedFor: string, done: (ok: boolean, reason?: string) => void): void {
    ;(this.engine as InvocationEngine).provisionEnvironment(target, provisionedFor, done)
  }

  live(functionName: string, provisionedFor: string, version?: string): { readonly version: string }[] {
    return this.environments.provisioned(functionName, provisionedFor, version)
  }

  deprovision(functionName: string, provisionedFor: string, version?: string, count?: number): void {
    this.environments.deprovision(functionName, provisionedFor, version, count)
  }
}
