/**
 * The pollers of event source mappings: one per mapping, made, reconfigured and stopped as the
 * control plane reports its mappings (`EventSourcePollers`). It sits above the services it reads
 * (`aws/sqs`) and the invoke path it calls, and is handed to the control plane through a callback at
 * construction (see `simulation/compose.ts`).
 *
 * The SQS service tells it, through a callback given to the service at construction, when a
 * message becomes visible in a queue (`messageVisible`); the pollers of that queue wake up.
 */
import type { SqsService } from '../aws/sqs/service.js'
import type { KinesisService } from '../aws/kinesis/service.js'
import type { DynamoDbService } from '../aws/dynamodb/service.js'
import type { DeliveryRouter } from '../lambda/invoke/delivery.js'
import type { Kernel } from '../kernel/kernel.js'
import type { EventSourceKind, EventSourceMapping, EventSourcePollers } from '../model/event-source-mapping.js'
import type { EventBus } from '../observability/bus.js'
import type { FaultPlan } from '../lambda/invoke/fault-plan.js'
import type { InvocationEngine } from '../lambda/invoke/invocation-engine.js'
import type { SyncInvoker } from '../lambda/invoke/sync-invoke.js'
import { SqsPoller } from './sqs-poller.js'
import { StreamPoller } from './stream-poller.js'
import { dynamoDbSource, kinesisSource } from './stream-records.js'

export interface EventSourcesParts {
  readonly kernel: Kernel
  readonly bus: EventBus
  readonly sqs: SqsService
  readonly invoker: SyncInvoker
  readonly engine: InvocationEngine
  readonly region: string
  /** Streams (Kinesis, DynamoDB Streams) and where their on-failure records go. */
  readonly kinesis: KinesisService
  readonly dynamodb: DynamoDbService
  readonly router: DeliveryRouter
  /** The `faults` option's plan, when it holds one: its batch entries reach the pollers. */
  readonly faults?: FaultPlan | undefined
}

export class EventSources implements EventSourcePollers {
  /** Pollers by mapping UUID. */
  private readonly sqsPollers = new Map<string, SqsPoller>()
  /** SQS pollers by queue ARN (several mappings may read one queue). */
  private readonly byQueue = new Map<string, SqsPoller[]>()
  /** Stream pollers by mapping UUID, and by stream ARN. */
  private readonly streamPollers = new Map<string, StreamPoller>()
  private readonly byStream = new Map<string, StreamPoller[]>()

  constructor(private readonly parts: EventSourcesParts) {}

  sourceExists(kind: EventSourceKind, arn: string): boolean {
    if (kind === 'sqs') return this.parts.sqs.hasQueue(arn)
    if (kind === 'kinesis') return this.parts.kinesis.hasStream(arn)
    return this.parts.dynamodb.hasStream(arn)
  }

  mappingChanged(mapping: EventSourceMapping): void {
    if (mapping.kind !== 'sqs') {
      this.streamMappingChanged(mapping)
      return
    }
    let poller = this.sqsPollers.get(mapping.uuid)
    if (mapping.state === 'Deleting') {
      if (poller === undefined) return
      poller.configure(mapping)
      this.sqsPollers.delete(mapping.uuid)
      const list = this.byQueue.get(mapping.eventSourceArn) ?? []
      const rest = list.filter((p) => p !== poller)
      if (rest.length === 0) this.byQueue.delete(mapping.eventSourceArn)
      else this.byQueue.set(mapping.eventSourceArn, rest)
      return
    }
    if (poller === undefined) {
      poller = new SqsPoller(mapping, this.parts)
      this.sqsPollers.set(mapping.uuid, poller)
      const list = this.byQueue.get(mapping.eventSourceArn)
      if (list === undefined) this.byQueue.set(mapping.eventSourceArn, [poller])
      else list.push(poller)
      return
    }
    poller.configure(mapping)
  }

  /** From the SQS service: a message of the queue `queueArn` is (or will be) visible at `atMs`. */
  messageVisible(queueArn: string, atMs: number): void {
    const pollers = this.byQueue.get(queueArn)
    if (pollers === undefined) return
    for (const poller of pollers) poller.messageVisible(atMs)
  }

  /** From the Kinesis or DynamoDB service: the stream `streamArn` has new records. */
  recordsAdded(streamArn: string): void {
    const pollers = this.byStream.get(streamArn)
    if (pollers === undefined) return
    for (const poller of pollers) poller.recordsAdded()
  }

  private streamMappingChanged(mapping: EventSourceMapping): void {
    let poller = this.streamPollers.get(mapping.uuid)
    const arn = mapping.eventSourceArn
    if (mapping.state === 'Deleting') {
      if (poller === undefined) return
      poller.configure(mapping)
      this.streamPollers.delete(mapping.uuid)
      const rest = (this.byStream.get(arn) ?? []).filter((p) => p !== poller)
      if (rest.length === 0) this.byStream.delete(arn)
      else this.byStream.set(arn, rest)
      return
    }
    if (poller !== undefined) {
      poller.configure(mapping)
      return
    }
    const { kinesis, dynamodb, region } = this.parts
    const source = mapping.kind === 'kinesis' ? kinesisSource(kinesis, arn, region) : dynamoDbSource(dynamodb, arn)
    poller = new StreamPoller(mapping, source, this.parts)
    this.streamPollers.set(mapping.uuid, poller)
    const list = this.byStream.get(arn)
    if (list === undefined) this.byStream.set(arn, [poller])
    else list.push(poller)
  }

  /** @internal The stream poller of a mapping (tests, inspection). */
  streamPoller(uuid: string): StreamPoller | undefined {
    return this.streamPollers.get(uuid)
  }

  /** @internal The poller of a mapping (tests, inspection). */
  sqsPoller(uuid: string): SqsPoller | undefined {
    return this.sqsPollers.get(uuid)
  }
}
