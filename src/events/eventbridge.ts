/**
 * EventBridge events as a rule's Lambda target receives them (`EventBridgeEvent`) — the same
 * envelope `sim.eventBridge.putEvents` builds: `version: '0'`, `id`, `detail-type`, `source`,
 * `account`, `time` (ISO-8601 without milliseconds), `region`, `resources` and `detail`.
 */
import type { EventBridgeEvent } from 'aws-lambda'
import { z } from 'zod'
import { schemaOnFirstUse } from '../config/schema-on-first-use.js'
import { derivedUuid, isoSeconds, parseInput, resolveScope, scopeFields } from './common.js'

const BUILDER = 'eventBridgeEvent'

const schema = schemaOnFirstUse(() => z
  .object({
    source: z.string().min(1),
    detailType: z.string().min(1),
    /** Any JSON object (EventBridge refuses other detail values). */
    detail: z.record(z.string(), z.unknown()),
    resources: z.array(z.string()).optional(),
    /** Default: derived from the event and the time. */
    id: z.string().optional(),
    /** Set on events an archive replays. */
    replayName: z.string().optional(),
    ...scopeFields,
  })
  .strict())

export type EventBridgeEventInput = z.input<typeof schema>

/**
 * An EventBridge event for a rule's target.
 *
 * @example
 * const event = eventBridgeEvent({ source: 'shop.orders', detailType: 'Order Placed', detail: { orderId: 7 } })
 * // event['detail-type'] === 'Order Placed' (typed as the literal), event.detail.orderId === 7
 *
 * Gotchas: `detail-type` is typed as the literal you pass, so the event fits an
 * `EventBridgeHandler<'Order Placed', …>`.
 */
export function eventBridgeEvent<const TDetailType extends string, TDetail extends object>(
  input: Omit<EventBridgeEventInput, 'detailType' | 'detail'> & { readonly detailType: TDetailType; readonly detail: TDetail },
): EventBridgeEvent<TDetailType, TDetail> {
  const parsed = parseInput(BUILDER, schema, input)
  const scope = resolveScope(BUILDER, parsed)
  return {
    version: '0',
    id: parsed.id ?? derivedUuid(BUILDER, parsed.source, parsed.detailType, parsed.detail, parsed.resources ?? [], scope),
    'detail-type': input.detailType,
    source: parsed.source,
    account: scope.accountId,
    time: isoSeconds(scope.atMs),
    region: scope.region,
    resources: [...(parsed.resources ?? [])],
    detail: parsed.detail as TDetail,
    ...(parsed.replayName !== undefined ? { 'replay-name': parsed.replayName } : {}),
  }
}
