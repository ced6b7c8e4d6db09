/**
 * Amazon EventBridge as the simulation's users call it (`sim.eventBridge`): the service's verbs and
 * nothing of the machinery behind them. `EventBridgeService` implements it.
 */
import type { EventBridgePutEvent, EventBridgeRule, EventBridgeTarget, PutEventsEntry, PutEventsResultEntry } from './service.js'

export interface EventBridgeApi {
  createEventBus(input?: { name: string }): { eventBusArn: string }
  /** Idempotent. [SIM] The bus's rules and targets go with it. */
  deleteEventBus(input: { name: string }): void
  listEventBuses(): { eventBuses: { name: string; arn: string }[] }
  /** A bus by name or ARN (`default` when absent). */
  describeEventBus(input: { name?: string }): { name: string; arn: string }
  /** Creates or replaces a rule (keeping its targets). */
  putRule(input?: { name: string; eventBusName?: string; eventPattern: string; state?: 'ENABLED' | 'DISABLED'; description?: string }): {
    ruleArn: string
  }
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
  /** Every event put on the bus, in order, with what each target got. */
  events(busName?: string): readonly EventBridgePutEvent[]
}
