/**
 * How Lambda hands a message to another AWS service: an async-invocation destination, a dead-letter
 * queue, an SNS subscription, an EventBridge target. Each simulated service registers a handler for
 * its ARNs; a delivery to an ARN nobody owns (or that does not exist) fails, and the caller counts
 * the failure — nothing is lost silently.
 */
import type { Lineage } from '../../model/lineage.js'
import { freshArray } from '../../kernel/fresh-array.js'

/** An SQS/SNS-style message attribute. */
export interface MessageAttribute {
  readonly DataType: 'String' | 'Number' | 'Binary'
  readonly StringValue?: string
}

export interface OutboundMessage {
  /** The message body (a JSON document for records; the original event for a DLQ). */
  readonly body: string
  readonly attributes?: Readonly<Record<string, MessageAttribute>>
  /** EventBridge envelope fields, when the target is a bus. */
  readonly eventBridge?: { readonly source: string; readonly detailType: string; readonly resources: readonly string[] }
  /** SQS FIFO fields. */
  readonly messageGroupId?: string
  readonly messageDeduplicationId?: string
  /** The lineage of the request that produced this message (recursive loop detection): how often its event invoked each function. */
  readonly lineage?: Lineage
  /** The trace header it carries (SQS keeps it as `AWSTraceHeader`; a function invoked with it continues the trace). */
  readonly traceHeader?: string
  /** An SNS topic destination's `Subject` (S3 sends "Amazon S3 Notification"). */
  readonly subject?: string
  /** Where an S3 bucket destination writes the record: the object key in Lambda's layout. */
  readonly objectKey?: string
}

export type DeliveryResult = { readonly ok: true; readonly messageId?: string } | { readonly ok: false; readonly reason: string }

/**
 * How a service invokes a function asynchronously (an SNS subscription, an EventBridge target, an S3
 * notification), with the lineage of the request behind it ('' for none): Lambda counts the invocation.
 */
export type InvokeAsync = (functionArn: string, payloadJson: string, lineage: Lineage, traceHeader?: string) => DeliveryResult

/** A service that accepts messages for some ARNs. */
export interface DeliveryTarget {
  /** True when this service owns the ARN's service namespace (`sqs`, `sns`, `events`, `lambda`, `s3`). */
  accepts(arn: string): boolean
  deliver(arn: string, message: OutboundMessage): DeliveryResult
}

/** Routes a delivery to whichever registered service owns the ARN. */
export class DeliveryRouter {
  /** Not a literal: V8 pretenured `[]` here, and an old list kept a dropped simulation's targets alive through minor GCs (`fresh-array.ts`). */
  private readonly targets: DeliveryTarget[] = freshArray()

  register(target: DeliveryTarget): void {
    this.targets.push(target)
  }

  deliver(arn: string, message: OutboundMessage): DeliveryResult {
    const target = this.targets.find((candidate) => candidate.accepts(arn))
    if (target === undefined) return { ok: false, reason: `No simulated service accepts ${arn}` }
    return target.deliver(arn, message)
  }
}
