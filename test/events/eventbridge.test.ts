import type { ScheduledEvent } from 'aws-lambda'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { eventBridgeEvent, scheduledEvent } from '../../src/index.js'
import { ISO_SECONDS, UUID } from '../support/shape.js'

describe('events/eventbridge', () => {
  it('eventBridgeEvent - the envelope sim.eventBridge builds; detail-type typed as the literal given', () => {
    const event = eventBridgeEvent({ source: 'shop.orders', detailType: 'Order Placed', detail: { orderId: 7 }, resources: ['arn:aws:s3:::shop'], at: Date.UTC(2024, 4, 1, 12, 0, 0, 999) })
    expectTypeOf(event['detail-type']).toEqualTypeOf<'Order Placed'>()
    expectTypeOf(event.detail).toEqualTypeOf<{ orderId: number }>()
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'Order Placed',
      source: 'shop.orders',
      account: '123456789012',
      time: '2024-05-01T12:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::shop'],
      detail: { orderId: 7 },
    })
    expect(event.time).toMatch(ISO_SECONDS)
    expect(eventBridgeEvent({ source: 's', detailType: 'T', detail: {}, replayName: 'replay-1', id: 'e-1' })).toMatchObject({ id: 'e-1', 'replay-name': 'replay-1', resources: [] })
  })

  it('scheduledEvent - what a scheduled rule sends: Scheduled Event from aws.events, the rule ARN, empty detail', () => {
    const event = scheduledEvent({ rule: 'nightly', at: '2024-03-01T02:00:00.750Z' })
    expectTypeOf(event).toExtend<ScheduledEvent>()
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(UUID),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2024-03-01T02:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
      detail: {},
    })
    expect(scheduledEvent({ rule: 'arn:aws:events:eu-west-1:111122223333:rule/hourly' })).toMatchObject({ region: 'eu-west-1', account: '111122223333', resources: ['arn:aws:events:eu-west-1:111122223333:rule/hourly'] })
  })
})
