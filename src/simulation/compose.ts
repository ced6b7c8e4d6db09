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
import { createIdFactory } from '../kernel/ids.js'
import { Kernel } from '../kernel/kernel.js'
import { Prng } from '../kernel/prng.js'
import { ConcurrencyPools, RateWindow } from '../model/concurrency.js'
import type { EventSourcePollers } from '../model/event-source-mapping.js'
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
import { LayerService } from '../lambda/control/layers.js'
import { FunctionStates } from '../lambda/control/function-states.js'
import { PermissionService } from '../lambda/control/permissions.js'
import { VersionService } from '../lambda/control/versions.js'
import { AccountSettingsService } from '../lambda/control/account-settings.js'
import { CodeSigningConfigService } from '../lambda/control/code-signing-configs.js'
import { RuntimeManagementService } from '../lambda/control/runtime-management.js'
import { TagService } from '../lambda/control/tags.js'
import { AsyncInvoker } from '../lambda/invoke/async-invoke.js'
import { DeliveryRouter, type InvokeAsync } from '../lambda/invoke/delivery.js'
import { FaultPlan } from '../lambda/invoke/fault-plan.js'
import { InvocationEngine, type NestedInvoker } from '../lambda/invoke/invocation-engine.js'
import { RoleAccess } from '../lambda/invoke/role-access.js'
import { SyncInvoker, type AcceptAsync } from '../lambda/invoke/sync-invoke.js'
import { LoadGenerator } from '../lambda/load/load.js'
import { AutoScalingService } from '../aws/auto-scaling/service.js'
import { EventBridgeService } from '../aws/eventbridge/service.js'
import { SnsService } from '../aws/sns/service.js'
import { SqsService } from '../aws/sqs/service.js'
import { KinesisService } from '../aws/kinesis/service.js'
import { DynamoDbService } from '../aws/dynamodb/service.js'
import { EventSources } from '../event-sources/event-sources.js'
import type { AwsRequestAnswerer } from '../runtime/world/aws-http.js'
import { installHandlerWorld } from '../runtime/world/install.js'
import type { SdkBackend } from '../sdk/backend.js'
import { answerHandlerRequest } from '../sdk/request-handler.js'
import { answerTraced } from '../sdk/trace-propagation.js'
import { Tracer } from '../observability/tracer.js'
import type { NormalizedOptions } from './options.js'

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
  readonly eventBridge: EventBridgeService
  readonly autoScaling: AutoScalingService
  readonly tracer: Tracer
}

/**
 * Builds a simulation's parts from its normalised options; `replayLine` names the run in errors,
 * `backend` is the facade (the SDK bridge answers handlers' AWS requests through it, once driven).
 */
export function composeSimulation(o: NormalizedOptions, replayLine: () => string, backend: SdkBackend): SimulationParts {
  if (o.handlerWorld) installHandlerWorld()
  // Kernel: time, randomness, ids.
  const root = Prng.fromSeed(o.seed)
  const decider = new Decider(root, o.decisions, o.recordDecisions)
  const ids = createIdFactory(root.fork('ids'))
  const kernel = new Kernel(o.startMs, o.kernelLimits, replayLine)
  const scope = { region: o.region, accountId: o.accountId }

  // Observability: the record every part writes to.
  // A listener's error is contained by the bus and reported at the drive (`listener-error.ts`).
  const bus = new EventBus((thrown, event) => kernel.interruptDrive(listenerThrewError(kernel, thrown, event), false))
  const logs = new LogStore(bus, o.logRetention)
  const metrics = o.metrics ? new MetricStore(bus, o.startMs, () => kernel.nowMs, o.metricTiers) : undefined
  const eventLog = o.recordEvents
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
  const recorder = o.recordTimeline ? new RunRecorder(bus, o.startMs) : undefined
  // Tracing: its sampling draws come from a stream of their own (made on first use), so no other draw moves.
  const samplingStream = (): (() => number) => {
    const prng = root.fork('xray-sampling')
    return () => prng.next()
  }
  const tracer = new Tracer(o.tracing, () => kernel.nowMs, samplingStream, o.region, o.accountId)
  const faults = o.faults.length > 0 ? new FaultPlan(o.faults, bus, () => kernel.nowMs) : undefined

  // Lambda: environments, then the control plane, then the invoke path.
  const environments = new EnvironmentManager(kernel, bus, ids, { idleTimeoutMs: o.idleTimeoutMs, maxLifetimeMs: o.maxLifetimeMs })
  const store = new FunctionStore(scope)
  const codeRegistry = new CodeRegistry(replayLine)
  const provisioner: Provisioner = {
    provision: (target, provisionedFor, done) => engine.provisionEnvironment(target, provisionedFor, done),
    live: (functionName, provisionedFor, version) => environments.provisioned(functionName, provisionedFor, version),
    deprovision: (functionName, provisionedFor, version, count) => environments.deprovision(functionName, provisionedFor, version, count),
  }
  const concurrencyConfig = new ConcurrencyConfigService(store, kernel, bus, o.accountConcurrency, o.provisionedReadyDelayMs, provisioner)
  const functionStates = new FunctionStates(store, kernel, ids, o.functionStateDelays, environments)
  const versions = new VersionService(store, kernel, bus, ids, environments, functionStates)
  // Layers draw their revision ids from a stream of their own: using layers shifts no other id.
  const layers = new LayerService(scope, kernel, createIdFactory(root.fork('layers')), replayLine)
  const registry = new FunctionRegistry(store, kernel, bus, ids, environments, versions, functionStates, (code) => codeRegistry.declaredSize(code), layers)
  const aliases = new AliasService(store, kernel, bus, ids, (record, alias) => concurrencyConfig.aliasRetargeted(record, alias.name))
  const permissions = new PermissionService(store, kernel, bus, ids)
  const eventInvokeConfig = new EventInvokeConfigService(store, kernel, bus)
  // The pollers (src/event-sources/) sit above the control plane: a forward callback.
  const pollers: EventSourcePollers = {
    sourceExists: (kind, arn) => eventSources.sourceExists(kind, arn),
    mappingChanged: (mapping) => eventSources.mappingChanged(mapping),
  }
  const eventSourceMappings = new EventSourceMappingService(store, kernel, bus, ids, pollers)
  const accountSettings = new AccountSettingsService(store, o.accountConcurrency)
  // Code signing configs draw their ids from a stream of their own: creating one shifts no other id.
  const codeSigningConfigs = new CodeSigningConfigService(store, kernel, createIdFactory(root.fork('code-signing')), (arn, tags) => tagService.setCodeSigningConfigTags(arn, tags))
  const tagService = new TagService(store, scope, {
    eventSourceMapping: (uuid) => void eventSourceMappings.getEventSourceMapping({ uuid }),
    codeSigningConfig: (arn) => codeSigningConfigs.requireConfig(arn),
  })
  const runtimeManagement = new RuntimeManagementService(store)

  const pools = new ConcurrencyPools(o.scaling)
  const nestedInvoker: NestedInvoker = (task, input, lineage) => invoker.invokeFromHandler(task, input, lineage)
  // A handler's SDK request (caught at the HTTP layer): the SDK bridge answers it, and its `Invoke`
  // is the handler's nested invoke (as `context.lambda.invoke` is), not a drive.
  const answerAwsRequest: AwsRequestAnswerer = (handlerScope, request) =>
    answerTraced(tracer, handlerScope, request, () => answerHandlerRequest(backend, request, (input) => handlerScope.invokeFunction(input)))
  // `Math.random()` of handler code (an SDK's retry jitter): a stream of its own, so a run replays.
  const handlerPrng = root.fork('handler-random')
  const handlerRandom = (): number => handlerPrng.next()
  const engine = new InvocationEngine(
    kernel,
    bus,
    decider,
    ids,
    environments,
    { escapePolicy: o.escapePolicy, handlerWorld: o.handlerWorld, billing: o.billing },
    pools,
    concurrencyConfig,
    { logObserver: logs.enabled ? logs : undefined, metricObserver: withRecorder(metrics, recorder), faults, nestedInvoker, answerAwsRequest, handlerRandom, tracer },
  )
  const routingDraw = (): number => decider.decide('alias-routing')
  const acceptAsync: AcceptAsync = (functionName, qualifier, payloadJson, requestId, lineage, traceHeader) =>
    asyncInvoker.accept(functionName, qualifier, payloadJson, requestId, lineage, traceHeader)
  const invoker = new SyncInvoker(
    kernel,
    store,
    engine,
    routingDraw,
    (record, qualifier, caller) => permissions.checkInvoke(record, qualifier, caller),
    new RateWindow(o.accountConcurrency.accountLimit * 10),
    bus,
    o.asyncPayloadLimitBytes,
    acceptAsync,
  )
  // Destinations and dead-letter queues are delivered by ARN to whichever service owns it.
  const router = new DeliveryRouter()
  const roleAccess = new RoleAccess()
  const asyncInvoker = new AsyncInvoker(kernel, bus, store, engine, decider, router, routingDraw, { duplicateProbability: o.asyncDuplicateProbability }, roleAccess, faults)
  const load = new LoadGenerator(kernel, invoker, engine, decider)

  // The other AWS services.
  const invokeAsync: InvokeAsync = (functionArn, payloadJson, lineage, traceHeader) => asyncInvoker.acceptFromService(functionArn, payloadJson, lineage, traceHeader)
  // A message visible in a queue wakes the pollers of that queue (built below: a forward callback).
  const sqs = new SqsService(kernel, ids, scope, (queueArn, atMs) => eventSources.messageVisible(queueArn, atMs), tracer)
  // A record written to a stream wakes the pollers of that stream (a forward callback too).
  const kinesis = new KinesisService(kernel, scope, (streamArn) => eventSources.recordsAdded(streamArn))
  const dynamodb = new DynamoDbService(kernel, scope, (streamArn) => eventSources.recordsAdded(streamArn))
  const sns = new SnsService(kernel, ids, scope, router, invokeAsync, tracer)
  const eventBridge = new EventBridgeService(kernel, ids, scope, router, invokeAsync, tracer)
  router.register(asyncInvoker)
  router.register(sqs)
  router.register(sns)
  router.register(eventBridge)
  // The pollers of event source mappings: above the services they read and the invoke path.
  const eventSources = new EventSources({ kernel, bus, sqs, invoker, engine, region: o.region, faults, kinesis, dynamodb, router })
  const autoScaling = new AutoScalingService(kernel, bus, concurrencyConfig, metrics, createIdFactory(root.fork('autoscaling')), o)

  return {
    kernel,
    bus,
    decider,
    logs,
    metrics,
    eventLog,
    recorder,
    environments,
    pools,
    codeRegistry,
    registry,
    layers,
    versions,
    aliases,
    permissions,
    concurrencyConfig,
    eventInvokeConfig,
    eventSourceMappings,
    accountSettings,
    tags: tagService,
    codeSigningConfigs,
    runtimeManagement,
    eventSources,
    invoker,
    load,
    roleAccess,
    sqs,
    kinesis,
    dynamodb,
    sns,
    eventBridge,
    autoScaling,
    tracer,
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
