/**
 * Amazon EventBridge Scheduler as the simulation's users call it (`sim.scheduler`): schedules and
 * schedule groups, with the shapes of its API in camelCase (dates as `Date`). `SchedulerService`
 * implements it; `SchedulerClient` reaches the same verbs through the SDK bridge.
 */
import type { DeliveryResult } from '../../lambda/invoke/delivery.js'

export type ScheduleState = 'ENABLED' | 'DISABLED'

export interface ScheduleRetryPolicy {
  /** 60–86400 (default 86400): how long after its scheduled time an invocation is still retried. */
  readonly maximumEventAgeInSeconds?: number
  /** 0–185 (default 185). */
  readonly maximumRetryAttempts?: number
}

export interface ScheduleTarget {
  /** A Lambda function, SQS queue, SNS topic or EventBridge bus ARN (templated targets). */
  readonly arn: string
  /** [SIM] Checked for its form only: the simulation does not evaluate what the role may do. */
  readonly roleArn: string
  /** The payload; `<aws.scheduler.scheduled-time>` and the other context attributes are replaced. */
  readonly input?: string
  readonly retryPolicy?: ScheduleRetryPolicy
  /** A standard SQS queue that receives the dead-letter event once retries are exhausted. */
  readonly deadLetterConfig?: { readonly arn?: string }
  /** For a FIFO queue target. */
  readonly sqsParameters?: { readonly messageGroupId?: string }
  /** For an event bus target: the event's `detail-type` and `source`. */
  readonly eventBridgeParameters?: { readonly detailType: string; readonly source: string }
}

export interface FlexibleTimeWindow {
  readonly mode: 'OFF' | 'FLEXIBLE'
  /** 1–1440, with `FLEXIBLE`: the invocation happens within this many minutes after the scheduled time. */
  readonly maximumWindowInMinutes?: number
}

export interface ScheduleInput {
  readonly name: string
  /** `default` when absent. */
  readonly groupName?: string
  /** `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` or `cron(minutes hours day-of-month month day-of-week year)`. */
  readonly scheduleExpression: string
  /** IANA zone the expression is read in (`UTC` when absent). */
  readonly scheduleExpressionTimezone?: string
  /** A Date or epoch milliseconds. Ignored by one-time schedules. */
  readonly startDate?: Date | number
  readonly endDate?: Date | number
  readonly description?: string
  readonly state?: ScheduleState
  readonly flexibleTimeWindow: FlexibleTimeWindow
  readonly target: ScheduleTarget
  /** `DELETE`: the schedule deletes itself after its last invocation. */
  readonly actionAfterCompletion?: 'NONE' | 'DELETE'
  /** [SIM] Stored and answered; nothing is encrypted. */
  readonly kmsKeyArn?: string
  /** [SIM] Accepted and ignored. */
  readonly clientToken?: string
}

export interface Schedule {
  readonly arn: string
  readonly name: string
  readonly groupName: string
  readonly scheduleExpression: string
  readonly scheduleExpressionTimezone?: string
  readonly startDate?: Date
  readonly endDate?: Date
  readonly description?: string
  readonly state: ScheduleState
  readonly creationDate: Date
  readonly lastModificationDate: Date
  readonly kmsKeyArn?: string
  /** With the retry policy's defaults filled in. */
  readonly target: ScheduleTarget & { readonly retryPolicy: Required<ScheduleRetryPolicy> }
  readonly flexibleTimeWindow: FlexibleTimeWindow
  readonly actionAfterCompletion: 'NONE' | 'DELETE'
}

export interface ScheduleSummary {
  readonly arn: string
  readonly name: string
  readonly groupName: string
  readonly state: ScheduleState
  readonly creationDate: Date
  readonly lastModificationDate: Date
  readonly target: { readonly arn: string }
}

export interface ScheduleGroup {
  readonly arn: string
  readonly name: string
  readonly state: 'ACTIVE'
  readonly creationDate: Date
  readonly lastModificationDate: Date
}

/** One attempt to invoke a schedule's target, as the simulation recorded it. */
export interface SchedulerInvocation {
  readonly scheduleArn: string
  readonly targetArn: string
  /** The nominal time (`<aws.scheduler.scheduled-time>`), ISO-8601 without milliseconds. */
  readonly scheduledTime: string
  /** Virtual time of the attempt (later than the scheduled time inside a flexible window, or on a retry). */
  readonly atMs: number
  /** 1 for the first attempt. */
  readonly attempt: number
  readonly executionId: string
  readonly result: DeliveryResult
  /** After the last failed attempt: the dead-letter queue's delivery, or `undefined` when there is none. */
  readonly deadLetter?: { readonly arn: string; readonly result: DeliveryResult; readonly exhaustedRetryCondition: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' }
}

export interface ScheduleTag {
  readonly key: string
  readonly value: string
}

export interface PageInput {
  /** 1–100. */
  readonly maxResults?: number
  readonly nextToken?: string
}

export interface SchedulerApi {
  createSchedule(input: ScheduleInput): { scheduleArn: string }
  getSchedule(input: { name: string; groupName?: string }): Schedule
  /** Replaces the whole schedule (members left out take their defaults), as AWS does. */
  updateSchedule(input: ScheduleInput): { scheduleArn: string }
  deleteSchedule(input: { name: string; groupName?: string; clientToken?: string }): void
  /** Name order. */
  listSchedules(input?: PageInput & { groupName?: string; namePrefix?: string; state?: ScheduleState }): { schedules: ScheduleSummary[]; nextToken?: string }
  createScheduleGroup(input: { name: string; tags?: ScheduleTag[]; clientToken?: string }): { scheduleGroupArn: string }
  getScheduleGroup(input: { name: string }): ScheduleGroup
  /** Deletes the group and its schedules. [SIM] At once (AWS: `DELETING`, then gone). */
  deleteScheduleGroup(input: { name: string; clientToken?: string }): void
  listScheduleGroups(input?: PageInput & { namePrefix?: string }): { scheduleGroups: ScheduleGroup[]; nextToken?: string }
  /** Tags a schedule group (the one taggable Scheduler resource). */
  tagResource(input: { resourceArn: string; tags: ScheduleTag[] }): void
  untagResource(input: { resourceArn: string; tagKeys: string[] }): void
  listTagsForResource(input: { resourceArn: string }): { tags: ScheduleTag[] }
  /** Every attempt to invoke a target, in order. */
  invocations(): readonly SchedulerInvocation[]
}
