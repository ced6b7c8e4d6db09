/**
 * EventBridge scheduled-rule events (`ScheduledEvent`): what a rule with a `rate(…)` or `cron(…)`
 * schedule sends its Lambda target each time it fires.
 *
 * The simulated EventBridge runs scheduled rules itself (`putRule({ scheduleExpression })`, see
 * docs/schedules.md) and sends this same shape (aws/eventbridge/scheduled-event.ts); the builder is
 * for invoking a handler without a rule (on the virtual clock, e.g. after `sim.advance('5m')` with `{ sim }`).
 */
import type { ScheduledEvent } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { scheduledEventOf } from '../aws/eventbridge/scheduled-event.js'
import { derivedUuid, parseInput, resolveScope, resourceRef, scopeFields } from './common.js'

const BUILDER = 'scheduledEvent'

const schema = schemaOnFirstUse(() => z
  .object({
    /** The rule's name or ARN (default `my-schedule`). */
    rule: z.string().min(1).optional(),
    /** Default: derived from the rule and the time. */
    id: z.string().optional(),
    ...scopeFields,
  })
  .strict())

export type ScheduledEventInput = z.input<typeof schema>

/**
 * The event a scheduled EventBridge rule sends when it fires.
 *
 * @example
 * const event = scheduledEvent({ rule: 'nightly', at: '2024-03-01T02:00:00Z' })
 * // event['detail-type'] === 'Scheduled Event', event.source === 'aws.events', event.detail → {}
 * // event.resources → ['arn:aws:events:us-east-1:123456789012:rule/nightly'], event.time === '2024-03-01T02:00:00Z'
 *
 * Gotchas: `time` has no milliseconds (EventBridge's format).
 */
export function scheduledEvent(input: ScheduledEventInput = {}): ScheduledEvent<Record<string, never>> {
  const parsed = parseInput(BUILDER, schema, input)
  const scope = resolveScope(BUILDER, parsed)
  const rule = resourceRef(BUILDER, 'rule', parsed.rule ?? 'my-schedule', 'events', scope, (region, accountId, name) => `arn:aws:events:${region}:${accountId}:rule/${name}`)
  return scheduledEventOf({ id: parsed.id ?? derivedUuid(BUILDER, rule.arn, scope.atMs), accountId: rule.accountId, region: rule.region, ruleArn: rule.arn, timeMs: scope.atMs })
}
