import type { DynamoDBRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { dynamoDbStreamEvent, marshallItem } from '../../src/index.js'
import { shapeOf, type ShapeOf } from '../support/shape.js'

describe('events/dynamodb', () => {
  it('dynamoDbStreamEvent - an INSERT record with every DynamoDBRecord field', () => {
    const record = dynamoDbStreamEvent([{ keys: { pk: 'order#7' }, newImage: { pk: 'order#7', total: 42 } }], { table: 'orders', at: Date.UTC(2024, 0, 1, 0, 0, 9, 999) }).Records[0] as DynamoDBRecord
    expect(shapeOf(record)).toEqual({
      eventID: 'string',
      eventName: 'string',
      eventVersion: 'string',
      eventSource: 'string',
      awsRegion: 'string',
      dynamodb: {
        ApproximateCreationDateTime: 'number',
        Keys: { pk: { S: 'string' } },
        NewImage: { pk: { S: 'string' }, total: { N: 'string' } },
        SequenceNumber: 'string',
        SizeBytes: 'number',
        StreamViewType: 'string',
      },
      eventSourceARN: 'string',
    } satisfies ShapeOf<DynamoDBRecord>)
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:09.999',
      dynamodb: { ApproximateCreationDateTime: Date.UTC(2024, 0, 1, 0, 0, 9) / 1000, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    })
    expect(record.eventID).toMatch(/^[0-9a-f]{32}$/)
  })

  it('dynamoDbStreamEvent - eventName follows the images; the view type decides which images are sent; TTL removals name the service', () => {
    const items = [
      { keys: { id: 1 }, newImage: { id: 1, v: 'new' } },
      { keys: { id: 1 }, oldImage: { id: 1, v: 'old' }, newImage: { id: 1, v: 'new' } },
      { keys: { id: 1 }, oldImage: { id: 1, v: 'old' }, ttlRemoval: true },
    ]
    const both = dynamoDbStreamEvent(items).Records
    expect(both.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    expect(both.map((r) => Object.keys(r.dynamodb ?? {}).filter((k) => k.endsWith('Image')))).toEqual([['NewImage'], ['NewImage', 'OldImage'], ['OldImage']])
    expect(both[2]?.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' })
    expect(both[0]).not.toHaveProperty('userIdentity')
    const keysOnly = dynamoDbStreamEvent(items, { streamViewType: 'KEYS_ONLY' }).Records
    expect(keysOnly.every((r) => r.dynamodb?.NewImage === undefined && r.dynamodb?.OldImage === undefined)).toBe(true)
    const newOnly = dynamoDbStreamEvent(items, { streamViewType: 'NEW_IMAGE' }).Records
    expect(newOnly.map((r) => r.dynamodb?.OldImage)).toEqual([undefined, undefined, undefined])
    const sequence = both.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? '0'))
    expect(sequence[1]).toBeGreaterThan(sequence[0] as bigint)
  })

  it('marshallItem - every plain value in attribute-value form; what DynamoDB cannot store is refused', () => {
    expect(
      marshallItem({ s: 'x', n: 1.5, big: 10n, t: true, nul: null, b: new Uint8Array([1]), l: [1, 'a'], m: { k: 'v' }, ss: new Set(['a']), ns: new Set([1, 2]), bs: new Set([new Uint8Array([2])]), skipped: undefined }),
    ).toEqual({
      s: { S: 'x' },
      n: { N: '1.5' },
      big: { N: '10' },
      t: { BOOL: true },
      nul: { NULL: true },
      b: { B: 'AQ==' },
      l: { L: [{ N: '1' }, { S: 'a' }] },
      m: { M: { k: { S: 'v' } } },
      ss: { SS: ['a'] },
      ns: { NS: ['1', '2'] },
      bs: { BS: ['Ag=='] },
    })
    expect(() => marshallItem({ bad: Number.NaN })).toThrow(/item.bad: DynamoDB numbers must be finite/)
    expect(() => marshallItem({ empty: new Set() })).toThrow(/item.empty: DynamoDB sets cannot be empty/)
    expect(() => marshallItem({ mixed: new Set([1, 'a']) })).toThrow(/a set must hold only strings, only numbers or only bytes/)
    expect(() => marshallItem({ fn: () => 1 })).toThrow(/item.fn: cannot be stored in DynamoDB \(function\)/)
  })
})
