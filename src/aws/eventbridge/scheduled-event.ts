/**
 * The event a scheduled EventBridge rule sends its targets each time it fires — one shape for the
 * simulated rule (service.ts) and the `scheduledEvent` builder of `lambda-sim` (events/ imports it:
 * events/ sits above the services).
 */
import { isoSeconds } from '../../model/zoned-time.js'

export interface ScheduledEventShape {
  readonly version: '0'
  readonly id: string
  readonly 'detail-type': 'Scheduled Event'
  readonly source: 'aws.events'
  readonly account: string
  /** The scheduled instant, ISO-8601 without milliseconds (EventBridge's format). */
  readonly time: string
  readonly region: string
  /** The rule's ARN. */
  readonly resources: string[]
  readonly detail: Record<string, never>
}

export function scheduledEventOf(input: { id: string; accountId: string; region: string; ruleArn: string; timeMs: number }): ScheduledEventShape {
  return {
    version: '0',
    id: input.id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: input.accountId,
    time: isoSeconds(input.timeMs),
    region: input.region,
    resources: [input.ruleArn],
    detail: {},
  }
}
