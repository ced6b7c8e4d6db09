/**
 * Amazon EventBridge as the simulation's users call it (`sim.eventBridge`): the service's verbs and
 * nothing of the machinery behind them. `EventBridgeService` implements it.
 */
import type { DeliveryResult } from '../../lambda/invoke/delivery.js'
import type { Lineage } from '../../model/lineage.js'

export interface EventBridgeTarget {
  readonly id: string
  readonly arn: string
  readonly input?: string
  readonly inputPath?: string
  /** [SIM] Stored and listed; lambda-sim does not check what the role may do. */
  readonly roleArn?: string
}

export interface EventBridgeRule {
  readonly name: string
  readonly arn: string
  readonly eventBusName: string
  /** Absent on a rule that only runs on a schedule. */
  readonly eventPattern?: string
  /** `rate(…)` or `cron(…)` (UTC), on the default bus only: the rule sends its targets a Scheduled Event. */
  readonly scheduleExpression?: string
  readonly state: 'ENABLED' | 'DISABLED'
  readonly description?: string
}

/** The event envelope rules match and targets receive. */
export interface EventBridgeEvent {
  readonly version: '0'
  readonly id: string
  readonly 'detail-type': string
  readonly source: string
  readonly account: string
  /** Virtual time, ISO-8601 without milliseconds. */
  readonly time: string
  readonly region: string
  readonly resources: readonly string[]
  readonly detail: unknown
}

export interface PutRuleInput {
  readonly name: string
  readonly eventBusName?: string
  readonly eventPattern?: string
  readonly scheduleExpression?: string
  readonly state?: 'ENABLED' | 'DISABLED'
  readonly description?: string
}

export interface EventBridgeTargetDelivery {
  readonly rule: string
  readonly targetId: string
  readonly arn: string
  readonly result: DeliveryResult
}

export interface EventBridgePutEvent {
  readonly event: EventBridgeEvent
  readonly eventBusName: string
  /** The `Lineage` of the message that put it (recursive loop detection; '' for none). */
  readonly lineage: Lineage
  readonly deliveries: readonly EventBridgeTargetDelivery[]
}

export interface PutEventsEntry {
  readonly source?: string
  readonly detailType?: string
  /** JSON text of an object. */
  readonly detail?: string
  readonly resources?: readonly string[]
  /** Name or ARN; default `default`. */
  readonly eventBusName?: string
  /** The event's `time` (a Date or epoch milliseconds); the virtual now when absent, as in AWS. */
  readonly time?: Date | number
}

export type PutEventsResultEntry = { eventId: string } | { errorCode: string; errorMessage: string }

export interface EventBridgeApi {
  createEventBus(input?: { name: string }): { eventBusArn: string }
  /** Idempotent. [SIM] The bus's rules and targets go with it. */
  deleteEventBus(input: { name: string }): void
  listEventBuses(): { eventBuses: { name: string; arn: string }[] }
  /** A bus by name or ARN (`default` when absent). */
  describeEventBus(input: { name?: string }): { name: string; arn: string }
  /**
   * Creates or replaces a rule (keeping its targets): an event pattern, a schedule expression
   * (`rate(5 minutes)`, `cron(0 12 * * ? *)`, UTC; default bus only), or both.
   */
  putRule(input?: PutRuleInput): { ruleArn: string }
  /** Idempotent for a missing rule; a rule with targets cannot be deleted. */
  deleteRule(input: { name: string; eventBusName?: string }): void
  describeRule(input: { name: string; eventBusName?: string }): EventBridgeRule
  enableRule(input: { name: string; eventBusName?: string }): void
  disableRule(input: { name: string; eventBusName?: string }): void
  /** [SIM] Creation order, one page. */
  listRules(input: { eventBusName?: string; namePrefix?: string }): { rules: EventBridgeRule[] }
  putTargets(input: { rule: string; eventBusName?: string; targets: EventBridgeTarget[] }): {
    failedEntryCount: number
    failedEntries: { targetId: string; errorCode: string; errorMessage: string }[]
  }
  removeTargets(input: { rule: string; eventBusName?: string; ids: string[] }): {
    failedEntryCount: number
    failedEntries: { targetId: string; errorCode: string; errorMessage: string }[]
  }
  listTargetsByRule(input: { rule: string; eventBusName?: string }): { targets: EventBridgeTarget[] }
  /**
   * Puts up to 10 events. Entries fail one by one (bad detail, unknown bus); the call itself fails
   * only on request-level problems.
   */
  putEvents(input: { entries: PutEventsEntry[] }): { failedEntryCount: number; entries: PutEventsResultEntry[] }
  /**
   * Every event put on the bus, in order, with what each target got. A scheduled rule's Scheduled
   * Events are here too (on the default bus), delivered to that rule's targets only.
   */
  events(busName?: string): readonly EventBridgePutEvent[]
}
