import type { S3EventRecord } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { s3Event } from '../../src/index.js'
import { ISO_MS, shapeOf, type ShapeOf } from '../support/shape.js'

describe('events/s3', () => {
  it('s3Event - an ObjectCreated:Put record with every S3EventRecord field; size and eTag from the body', () => {
    const record = s3Event([{ bucket: 'uploads', key: 'photos/cat 1.jpg', body: 'hello' }], { at: Date.UTC(2024, 0, 1, 0, 0, 0, 250) }).Records[0] as S3EventRecord
    const object = { key: 'string', size: 'number', eTag: 'string', sequencer: 'string' } as const satisfies ShapeOf<S3EventRecord['s3']['object']>
    expect(shapeOf(record)).toEqual({
      eventVersion: 'string',
      eventSource: 'string',
      awsRegion: 'string',
      eventTime: 'string',
      eventName: 'string',
      userIdentity: { principalId: 'string' },
      requestParameters: { sourceIPAddress: 'string' },
      responseElements: { 'x-amz-request-id': 'string', 'x-amz-id-2': 'string' },
      s3: { s3SchemaVersion: 'string', configurationId: 'string', bucket: { name: 'string', ownerIdentity: { principalId: 'string' }, arn: 'string' }, object },
    } satisfies ShapeOf<S3EventRecord>)
    expect(record).toMatchObject({ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1', eventTime: '2024-01-01T00:00:00.250Z', eventName: 'ObjectCreated:Put' })
    expect(record.eventTime).toMatch(ISO_MS)
    expect(record.s3.bucket).toMatchObject({ name: 'uploads', arn: 'arn:aws:s3:::uploads' })
    expect(record.s3.object).toMatchObject({ key: 'photos/cat+1.jpg', size: 5, eTag: '5d41402abc4b2a76b9719d911017c592' })
    expect(record.responseElements['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/)
  })

  it('s3Event - keys are URL-encoded as S3 sends them; sequencers grow with time; removals carry no size or eTag', () => {
    const event = s3Event([
      { bucket: 'b', key: 'a/b c+d=é.txt', size: 10, eTag: 'e', versionId: 'v1', at: 1000 },
      { bucket: 'b', key: 'a/b c+d=é.txt', eventName: 'ObjectRemoved:Delete', at: 2000 },
    ])
    const [put, removed] = event.Records as [S3EventRecord, S3EventRecord]
    expect(put.s3.object).toMatchObject({ key: 'a/b+c%2Bd%3D%C3%A9.txt', size: 10, eTag: 'e', versionId: 'v1' })
    expect(decodeURIComponent(put.s3.object.key.replace(/\+/g, ' '))).toBe('a/b c+d=é.txt')
    expect(removed.eventName).toBe('ObjectRemoved:Delete')
    expect(Object.keys(removed.s3.object).sort()).toEqual(['key', 'sequencer'])
    expect(BigInt(`0x${removed.s3.object.sequencer}`)).toBeGreaterThan(BigInt(`0x${put.s3.object.sequencer}`))
  })
})
