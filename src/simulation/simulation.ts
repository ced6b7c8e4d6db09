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
import type { Trace } from '../observability/trace-types.js'
import { parseDurationMs, type DurationInput } from '../config/duration.js'
import { checkVirtualTime } from '../config/virtual-time.js'
import { SimulationError } from '../kernel/simulation-error.js'
import type { Decision } from '../kernel/decisions.js'
import type { Kernel } from '../kernel/kernel.js'
import { DriveQueue } from '../kernel/drive-queue.js'
import { currentScope } from '../runtime/world/scope.js'
import type { SimEvent, SimEventOf, SimEventType } from '../observability/events.js'
import type { LogStore } from '../observability/log-store.js'
import type { MetricStore } from '../observability/metrics.js'
import type { LoadRun, LoadSpec } from '../lambda/load/load.js'
import type { InvokeInput, InvokeResult } from '../lambda/invoke/sync-invoke.js'
import type { FunctionCode } from '../runtime/handler-types.js'
import type { CodeUploadOperation, DeclaredCodeSize } from '../lambda/control/code-registry.js'
import type { AutoScalingApi } from '../aws/auto-scaling/api.js'
import type { HttpApiGatewayApi, RestApiGatewayApi } from '../aws/api-gateway/api.js'
import type { CloudFrontApi } from '../aws/cloudfront/api.js'
import type { ElbApi } from '../aws/elb/api.js'
import type { EventBridgeApi } from '../aws/eventbridge/api.js'
import type { SchedulerApi } from '../aws/scheduler/api.js'
import type { S3Api } from '../aws/s3/api.js'
import { codePackageBytes } from '../aws/s3/code-packages.js'
import { CODE_BUCKET } from '../lambda/control/code-registry.js'
import type { SnsApi } from '../aws/sns/api.js'
import type { SqsApi } from '../aws/sqs/api.js'
import type { KinesisApi } from '../aws/kinesis/api.js'
import type { DynamoDbApi } from '../aws/dynamodb/api.js'
import { simulatedClientConfig, type SimulatedClientConfig, type SimulatedClientOptions } from '../sdk/request-handler.js'
import type { SdkBackend } from '../sdk/backend.js'
import { composeSimulation, type SimulationParts } from './compose.js'
import { attachControlPlane, LambdaControlPlane } from './lambda-control-plane.js'
import { normalizeOptions, type NormalizedOptions, type SimulationOptions } from './options.js'
import { runCost } from './run-cost.js'
import { billedInvocationsOf, type BilledInvocation, type CostQuery, type CostReport } from '../observability/cost.js'
import type { RunRecorder } from '../observability/run-recorder.js'
import { DOOR_TIMEOUT, hostNotFound, type DoorContext, type DoorRequest, type DoorResponse } from '../http/door.js'
import { fetchThroughDoors, redirectModeOf, toDoorRequest, type FetchInput } from '../http/fetch-bridge.js'
import { awaitOutsideWork } from '../http/outside-work.js'
import { checkClientOptions, checkCodeSource, checkFunctionNameFilter, checkListener } from './facade-input.js'

/** The door timeout's event does nothing: reaching its instant is the point. */
const noop = (): void => {}

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

export class Simulation extends LambdaControlPlane implements SdkBackend {
  /** The seed this run uses: pass it back to `createSimulation` to reproduce the run. */
  readonly seed: number | string
  readonly region: string
  readonly accountId: string
  /** CloudWatch-like logs: groups, streams and lines, derived from the event stream. */
  readonly logs: LogStore
  /** CloudWatch metrics (`AWS/Lambda`), derived from the event stream (`metrics: false` turns them off). */
  readonly metrics: MetricStore | undefined
  // The AWS services are built on first use (compose.ts): a simulation that never touches one does not pay for it.
  /** In-memory Amazon SQS on the virtual clock (destinations, DLQs, and your own queues). */
  get sqs(): SqsApi {
    return this.parts.sqs
  }
  /** In-memory Amazon Kinesis Data Streams: shards, sequence numbers, iterators (event source mappings read them). */
  get kinesis(): KinesisApi {
    return this.parts.kinesis
  }
  /** In-memory DynamoDB tables with streams of INSERT / MODIFY / REMOVE records (event source mappings read them). */
  get dynamodb(): DynamoDbApi {
    return this.parts.dynamodb
  }
  /** In-memory Amazon SNS: topics fan out to queues and (asynchronously) to functions. */
  get sns(): SnsApi {
    return this.parts.sns
  }
  /** In-memory Amazon S3: buckets, objects, multipart uploads, and notifications that invoke functions. */
  get s3(): S3Api {
    return this.parts.s3
  }
  /** In-memory Amazon EventBridge: buses, rules with event patterns, targets. */
  get eventBridge(): EventBridgeApi {
    return this.parts.eventBridge
  }
  /** Amazon EventBridge Scheduler: one-time and recurring schedules (time zones, flexible windows, retries, DLQ) on the virtual clock. */
  get scheduler(): SchedulerApi {
    return this.parts.scheduler
  }
  /** Application Auto Scaling for provisioned concurrency: scalable targets, target tracking, scheduled actions. */
  get autoScaling(): AutoScalingApi {
    return this.parts.autoScaling
  }
  /** Amazon API Gateway REST APIs with Lambda proxy integrations; `sim.fetch` reaches a stage at `https://<id>.execute-api.<region>.amazonaws.com/<stage>/`. */
  get apiGateway(): RestApiGatewayApi {
    return this.parts.apiGateway.rest
  }
  /** Amazon API Gateway HTTP APIs (routes, payload format 1.0 or 2.0); `sim.fetch` reaches them at their `apiEndpoint`. */
  get apiGatewayV2(): HttpApiGatewayApi {
    return this.parts.apiGateway.http
  }
  /** Application Load Balancers (Elastic Load Balancing v2) with Lambda targets; `sim.fetch` reaches each at `http://<dNSName>/` (or `https://` for an HTTPS listener). */
  get elb(): ElbApi {
    return this.parts.elb
  }
  /** Amazon CloudFront distributions running Lambda@Edge functions; `sim.fetch` reaches each at `https://<domainName>`. */
  get cloudFront(): CloudFrontApi {
    return this.parts.cloudFront
  }

  private readonly options: NormalizedOptions
  private readonly parts: SimulationParts
  private readonly kernel: Kernel
  /** Drive calls run one after another; each waits for the previous one. */
  private readonly drives: DriveQueue

  constructor(options: SimulationOptions = {}) {
    super()
    this.options = normalizeOptions(options)
    const o = this.options
    this.seed = o.seed
    this.region = o.region
    this.accountId = o.accountId
    this.parts = composeSimulation(o, () => this.replayLine(), this)
    attachControlPlane(this, this.parts)
    this.kernel = this.parts.kernel
    this.drives = new DriveQueue(this.kernel)
    this.logs = this.parts.logs
    this.metrics = this.parts.metrics
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
    let ms: number
    try {
      ms = parseDurationMs(duration, 'advance', this.replayLine())
    } catch (error) {
      return Promise.reject(error)
    }
    // Checked when the drive starts (earlier drives move the clock): it may not pass 9000-01-01.
    return this.drive(() => this.kernel.run({ untilMs: checkVirtualTime(this.kernel.nowMs + ms, 'advance', this.replayLine()) }))
  }

  /** Runs until nothing is left to do (background work such as idle reclaim does not count). */
  runUntilIdle(): Promise<void> {
    return this.drive(() => this.kernel.run({ untilIdle: true }))
  }

  /**
   * A handler called a driving verb of its own simulation: it would wait for the drive that runs
   * it — a deadlock. The call rejects, and the drive running the handler ends with the same error
   * (a misuse, reported to whoever drives) once the handler settles.
   */
  private refuseDriveFromHandler(): SimulationError | undefined {
    // The kernel's flag first: a field, where the scope is an async-context lookup.
    if (!this.kernel.isRunning || currentScope() === undefined) return undefined
    const error = this.kernel.error(
      'reentrant-drive',
      'sim.invoke/advance/runUntilIdle was called from inside a handler, while the simulation runs that handler: it would wait for itself. ' +
        'Inside a handler, invoke through context.lambda (or an AWS SDK client made with sim.clientConfig()).',
    )
    this.kernel.interruptDrive(error, false)
    return error
  }

  private drive<T>(work: () => Promise<T>): Promise<T> {
    const reentry = this.refuseDriveFromHandler()
    if (reentry !== undefined) return Promise.reject(reentry)
    // Start after the caller's synchronous code and the microtask drain, so callers that reach us
    // through several awaits, like SDK middleware, still start at the same virtual instant.
    return this.drives.run(work)
  }

  // ---------------------------------------------------------------- data plane

  /**
   * `Invoke`. Resolves when the invocation completes on the virtual clock (driving it as needed).
   * Function errors and AWS's refusals are data in the result (`functionError`, `error`); it
   * rejects only on misuse of the library or a handler escaping the simulation.
   */
  invoke(input: InvokeInput): Promise<InvokeResult> {
    // Before anything is submitted: from inside a handler, nothing of the call may happen.
    const reentry = this.refuseDriveFromHandler()
    if (reentry !== undefined) return Promise.reject(reentry)
    let submitted
    try {
      submitted = this.parts.invoker.submit(input)
    } catch (error) {
      return Promise.reject(error)
    }
    if ('immediate' in submitted) return Promise.resolve(submitted.immediate)
    const pending = submitted.pending
    // `drive` without its re-entry check (made above, before anything was submitted), and with
    // callbacks from the kernel: no promise per call but the one returned.
    return this.drives.runThen<InvokeResult>((done, failed) => {
      const answer = (): void => {
        if (pending.result !== undefined) return done(pending.result)
        pending.abandon()
        failed(this.kernel.error('invariant', 'the simulation ran out of events before the invocation completed'))
      }
      if (pending.isDone()) answer()
      else
        this.kernel.runThen({ stop: pending.stop }, answer, (error) => {
          pending.abandon()
          failed(error)
        })
    })
  }

  /**
   * An HTTP request to a simulated front door — a function URL, an API Gateway stage, a load
   * balancer, a CloudFront distribution — answered with the `Response` a client would get, as
   * `fetch` would: `await sim.fetch(functionUrl + 'items?id=1', { method: 'POST', body })`. The
   * virtual clock runs until the response is ready. A host no door serves fails as fetch fails on
   * an unknown host (`TypeError: fetch failed`, cause `ENOTFOUND`). Redirects are followed as
   * fetch follows them (`redirect: 'manual'` answers the 3xx itself).
   */
  async fetch(input: FetchInput, init?: RequestInit): Promise<Response> {
    const reentry = this.refuseDriveFromHandler()
    if (reentry !== undefined) throw reentry
    let request: DoorRequest
    try {
      request = await toDoorRequest(input, init)
    } catch (error) {
      // What fetch itself refuses (no URL, a GET with a body…) is a misuse of the library, named with the run.
      throw new SimulationError('invalid-argument', `fetch: ${error instanceof Error ? error.message : String(error)}`, this.replayLine())
    }
    return fetchThroughDoors(request, redirectModeOf(input, init), (next) => this.#answerAtDoor(next))
  }

  /** The door serving the request's host answers it; the doors' context runs their invocations. */
  #answerAtDoor(request: DoorRequest): Promise<DoorResponse> {
    const door = this.parts.doors.find(request.url.hostname)
    if (door === undefined) return Promise.reject(hostNotFound(request.url.hostname))
    return door.handle(request, (this.#doorContext ??= this.#makeDoorContext()))
  }

  /** The doors' context: made by the first request at a door (a property test's thousands of simulations never make one). */
  #doorContext: DoorContext | undefined = undefined

  #makeDoorContext(): DoorContext {
    const sim = this
    return {
      invoke: (input, options) => sim.#invokeForDoor(input, options?.timeoutMs),
      outside: (what, work) => awaitOutsideWork(sim.kernel, what, work),
      forward: (request) => sim.#answerAtDoor(request),
      get nowMs(): number {
        return sim.kernel.nowMs
      },
    }
  }

  /**
   * A door's synchronous invocation, driven like `invoke`, that stops at the door's integration
   * timeout (counted from the request's arrival) if the function has not answered by then.
   */
  #invokeForDoor(input: InvokeInput, timeoutMs: number | undefined): Promise<InvokeResult | typeof DOOR_TIMEOUT> {
    let submitted
    try {
      submitted = this.parts.invoker.submit(input)
    } catch (error) {
      return Promise.reject(error)
    }
    if ('immediate' in submitted) return Promise.resolve(submitted.immediate)
    const pending = submitted.pending
    const deadlineMs = timeoutMs === undefined ? Number.POSITIVE_INFINITY : this.kernel.nowMs + timeoutMs
    return this.drives.runThen<InvokeResult | typeof DOOR_TIMEOUT>((done, failed) => {
      const kernel = this.kernel
      // A foreground event at the deadline moves the clock there if nothing else does; cancelled once answered.
      const timer = Number.isFinite(deadlineMs) && deadlineMs > kernel.nowMs ? kernel.schedule(deadlineMs, noop, undefined) : undefined
      const answer = (): void => {
        if (timer !== undefined) kernel.cancel(timer)
        if (pending.result !== undefined) return done(pending.result)
        if (kernel.nowMs >= deadlineMs) return done(DOOR_TIMEOUT)
        pending.abandon()
        failed(kernel.error('invariant', 'the simulation ran out of events before the invocation completed'))
      }
      if (pending.isDone() || kernel.nowMs >= deadlineMs) answer()
      else
        kernel.runThen({ stop: () => pending.result !== undefined || kernel.nowMs >= deadlineMs }, answer, (error) => {
          if (timer !== undefined) kernel.cancel(timer)
          pending.abandon()
          failed(error)
        })
    })
  }

  /**
   * Starts traffic on the virtual clock (constant, Poisson, burst, steps, ramp, or replayed
   * arrivals). Drive it with `advance` / `runUntilIdle`; read the counts from the returned run.
   */
  generateLoad(spec: LoadSpec): LoadRun {
    return this.parts.load.start(spec)
  }

  /** Environments running invocations now (account-wide, or one function's). */
  concurrentExecutions(functionName?: string): number {
    checkFunctionNameFilter(functionName, 'concurrentExecutions', () => this.replayLine())
    return functionName === undefined ? this.parts.pools.inUse : this.parts.pools.inUseBy(functionName)
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
    checkClientOptions(options, () => this.replayLine())
    return simulatedClientConfig(this, options ?? {})
  }

  /**
   * Registers function code for use through the AWS SDK, where a closure cannot travel: pass the
   * returned `{ ZipFile }` as `Code` to `CreateFunctionCommand` (or spread it into
   * `UpdateFunctionCodeCommand`), or name it as `Code: { S3Bucket: 'lambda-sim', S3Key: name }`.
   * Registering a name again replaces its code. `size` (`{ zippedBytes, unzippedBytes }`) declares
   * the package's size: `CodeSize` reports `zippedBytes`, and AWS's limits apply (a direct upload
   * over ~50 MB, more than 250 MB unzipped).
   */
  registerCode(name: string, code: FunctionCode, size?: DeclaredCodeSize): { ZipFile: Uint8Array } {
    return this.parts.codeRegistry.register(name, code, size)
  }

  /**
   * The code a `Code.ZipFile` token or a `lambda-sim` S3 object names (what the SDK bridge reads
   * for `CreateFunction` / `UpdateFunctionCode`); AWS's bad-archive or S3 error otherwise.
   */
  registeredCode(
    source: { readonly zipFile: Uint8Array; readonly operation?: CodeUploadOperation } | { readonly s3Bucket: string; readonly s3Key: string },
  ): FunctionCode {
    checkCodeSource(source, () => this.replayLine())
    const registry = this.parts.codeRegistry
    if ('zipFile' in source) return registry.fromZipFile(source.zipFile, source.operation)
    // A package uploaded to a bucket of `sim.s3` (a registered token's bytes) reads as a ZipFile would.
    const uploaded = source.s3Bucket === CODE_BUCKET ? undefined : codePackageBytes(this.parts.s3, source.s3Bucket, source.s3Key)
    return uploaded !== undefined ? registry.fromZipFile(uploaded) : registry.fromS3(source.s3Bucket, source.s3Key)
  }

  // ---------------------------------------------------------------- observation

  /** Subscribes to one event type (or `'*'` for all); returns the unsubscribe function. */
  on<T extends SimEventType | '*'>(type: T, listener: (event: T extends SimEventType ? SimEventOf<T> : SimEvent) => void): () => void {
    checkListener(type, listener, () => this.replayLine())
    return this.parts.bus.on(type, listener)
  }

  /** Every event so far (requires `recordEvents: true`). */
  events(): SimEvent[] {
    return this.eventsFor('events()')
  }

  private eventsFor(verb: string): SimEvent[] {
    if (this.parts.eventLog === undefined) {
      const also = verb === 'cost()' ? ' (or recordTimeline: true)' : ''
      throw new SimulationError('invalid-argument', `${verb} needs createSimulation({ recordEvents: true })${also}`, this.replayLine())
    }
    return this.parts.eventLog.list()
  }

  /**
   * @internal The compact record of the run `renderReport` reads; `reader` names the caller in
   * the error thrown when the simulation was created without `recordTimeline: true`.
   */
  timelineRecorder(reader: string): RunRecorder {
    if (this.parts.recorder === undefined) {
      throw new SimulationError('invalid-argument', `${reader} needs createSimulation({ recordTimeline: true }): the run was not recorded`, this.replayLine())
    }
    return this.parts.recorder
  }

  /**
   * The X-Ray-like traces recorded so far (docs/traces.md): for each sampled invocation an
   * `AWS::Lambda` segment and an `AWS::Lambda::Function` segment with `Initialization`,
   * `Invocation`, `Overhead` and the handler's AWS calls as subsegments, grouped by trace id.
   * `toPerfettoTrace(sim.traces())` opens in Perfetto's UI. Throws when nothing can have been
   * sampled: `tracing` is off and no invocation was sampled (no function with Mode `Active` ran).
   * `limit` keeps the first traces only (by their first sampled attempt): a million traced
   * invocations would not fit one JSON file.
   */
  traces(options: { limit?: number } = {}): Trace[] {
    if (typeof options !== 'object' || options === null) {
      throw new SimulationError('invalid-argument', `traces(): options must be an object such as { limit: 1000 }, not ${String(options)}`, this.replayLine())
    }
    const limit = options.limit ?? Infinity
    if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw new SimulationError('invalid-argument', `traces(): limit must be a positive integer, not ${String(limit)}`, this.replayLine())
    }
    if (!this.options.tracing && this.parts.tracer.size === 0) {
      throw new SimulationError(
        'invalid-argument',
        "traces(): no invocation was sampled. Create the simulation with { tracing: true } to trace every invocation, or give functions tracingConfig: { mode: 'Active' } (sampled by X-Ray's default rule: 1 per second, then 5 %)",
        this.replayLine(),
      )
    }
    return this.parts.tracer.traces(limit)
  }

  /** The event log as JSON lines: equal for equal seeds, byte for byte. */
  eventLogText(): string {
    if (this.parts.eventLog === undefined) {
      throw new SimulationError('invalid-argument', 'eventLogText() needs createSimulation({ recordEvents: true })', this.replayLine())
    }
    return this.parts.eventLog.toJsonLines()
  }

  /**
   * The bill of the run in USD from the recorded events (requires `recordEvents: true`): requests,
   * duration GB-s by architecture and memory (init included, as billed since Aug 2025), provisioned
   * concurrency, ephemeral storage above 512 MB; data transfer left out. See docs/cost.md.
   */
  cost(query: CostQuery = {}): CostReport {
    const { registry, aliases, eventLog, recorder } = this.parts
    // Without the event log, the run recorder's rows (`recordTimeline`) hold what the bill needs.
    const input =
      eventLog === undefined && recorder !== undefined
        ? { invocations: recorder.billedInvocations(), provisionedChanges: recorder.provisionedChanges }
        : costInputOf(this.eventsFor('cost()'))
    return runCost(query, {
      region: this.region,
      nowMs: this.kernel.nowMs,
      replay: this.replayLine(),
      ...input,
      configuration: (functionName, qualifier) => registry.getFunctionConfiguration({ functionName, qualifier }),
      aliasVersion: (functionName, name) => aliases.getAlias({ functionName, name }).functionVersion,
    })
  }

  /** Every random decision made so far; pass as `decisions` to replay them. */
  decisions(): Decision[] {
    return this.parts.decider.log()
  }

  /** Execution environments alive now, oldest first. */
  environments(functionName?: string): EnvironmentInfo[] {
    checkFunctionNameFilter(functionName, 'environments', () => this.replayLine())
    return this.parts.environments.list(functionName).map((env) => ({
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

function costInputOf(events: readonly SimEvent[]): { invocations: Iterable<BilledInvocation>; provisionedChanges: readonly SimEvent[] } {
  return { invocations: billedInvocationsOf(events), provisionedChanges: events }
}
