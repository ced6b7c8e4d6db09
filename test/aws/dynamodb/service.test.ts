import { describe, expect, it } from 'vitest'
import { createSimulation, DynamoDbError } from '../../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

describe('sim.dynamodb', () => {
  it('a table with a stream: INSERT / MODIFY / REMOVE records with the images the view type asks for', async () => {
    const sim = createSimulation({ startTime: T0 })
    const { tableDescription } = sim.dynamodb.createTable({
      tableName: 'Orders',
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      streamSpecification: { streamEnabled: true, streamViewType: 'NEW_AND_OLD_IMAGES' },
    })
    expect(tableDescription.latestStreamArn).toBe('arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000')
    const streamArn = tableDescription.latestStreamArn as string
    sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { S: 'a' }, n: { N: '1' } } })
    await sim.advance(1500)
    sim.dynamodb.updateItem({ tableName: 'Orders', key: { id: { S: 'a' } }, attributeUpdates: { n: { Action: 'ADD', Value: { N: '2' } } } })
    // A write that changes nothing writes no record.
    sim.dynamodb.putItem({ tableName: 'Orders', item: { id: { S: 'a' }, n: { N: '3' } } })
    sim.dynamodb.deleteItem({ tableName: 'Orders', key: { id: { S: 'a' } } })
    sim.dynamodb.deleteItem({ tableName: 'Orders', key: { id: { S: 'a' } } })
    const { records } = sim.dynamodb.streamRecords({ streamArn })
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    const [insert, modify, remove] = records
    expect(insert?.dynamodb).toMatchObject({ Keys: { id: { S: 'a' } }, NewImage: { id: { S: 'a' }, n: { N: '1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES', ApproximateCreationDateTime: T0 / 1000 })
    expect(insert?.dynamodb.OldImage).toBeUndefined()
    expect(modify?.dynamodb).toMatchObject({ OldImage: { n: { N: '1' } }, NewImage: { n: { N: '3' } }, ApproximateCreationDateTime: Math.floor((T0 + 1500) / 1000) })
    expect(remove?.dynamodb.NewImage).toBeUndefined()
    expect(remove?.dynamodb.OldImage).toEqual({ id: { S: 'a' }, n: { N: '3' } })
    expect(insert?.eventSource).toBe('aws:dynamodb')
    expect(insert?.awsRegion).toBe('us-east-1')
    for (let i = 1; i < records.length; i++) expect(BigInt(records[i]?.dynamodb.SequenceNumber ?? '') > BigInt(records[i - 1]?.dynamodb.SequenceNumber ?? '')).toBe(true)
    expect(insert?.dynamodb.SizeBytes).toBeGreaterThan(0)
  })

  it('KEYS_ONLY, NEW_IMAGE and OLD_IMAGE carry only what they name', () => {
    const sim = createSimulation({ startTime: T0 })
    const images: Record<string, unknown[]> = {}
    for (const view of ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE'] as const) {
      const name = `T_${view}`
      const arn = sim.dynamodb.createTable({ tableName: name, keySchema: [{ attributeName: 'pk', keyType: 'HASH' }, { attributeName: 'sk', keyType: 'RANGE' }], streamSpecification: { streamViewType: view } })
        .tableDescription.latestStreamArn as string
      sim.dynamodb.putItem({ tableName: name, item: { pk: { S: 'p' }, sk: { N: '1' }, v: { S: 'x' } } })
      sim.dynamodb.putItem({ tableName: name, item: { pk: { S: 'p' }, sk: { N: '1' }, v: { S: 'y' } } })
      images[view] = sim.dynamodb.streamRecords({ streamArn: arn }).records.map((r) => Object.keys(r.dynamodb).filter((k) => k.endsWith('Image') || k === 'Keys').sort())
    }
    expect(images['KEYS_ONLY']).toEqual([['Keys'], ['Keys']])
    expect(images['NEW_IMAGE']).toEqual([['Keys', 'NewImage'], ['Keys', 'NewImage']])
    expect(images['OLD_IMAGE']).toEqual([['Keys'], ['Keys', 'OldImage']])
  })

  it('answers misuse with AWS exception names and messages', () => {
    const sim = createSimulation({ startTime: T0 })
    sim.dynamodb.createTable({ tableName: 'Tbl', keySchema: [{ attributeName: 'id', keyType: 'HASH' }] })
    expect(() => sim.dynamodb.createTable({ tableName: 'Tbl', keySchema: [{ attributeName: 'id', keyType: 'HASH' }] })).toThrow(new DynamoDbError('ResourceInUseException', 'Table already exists: Tbl'))
    expect(() => sim.dynamodb.putItem({ tableName: 'Nope', item: { id: { S: 'a' } } })).toThrow('Requested resource not found')
    expect(() => sim.dynamodb.putItem({ tableName: 'Tbl', item: { other: { S: 'a' } } })).toThrow('One or more parameter values were invalid: Missing the key id in the item')
    expect(() => sim.dynamodb.getItem({ tableName: 'Tbl', key: { id: { S: 'a' }, x: { S: 'b' } } })).toThrow('The provided key element does not match the schema')
    expect(sim.dynamodb.getItem({ tableName: 'Tbl', key: { id: { S: 'a' } } })).toEqual({})
    expect(sim.dynamodb.describeTable({ tableName: 'Tbl' }).table.latestStreamArn).toBeUndefined()
    const arn = sim.dynamodb.updateTable({ tableName: 'Tbl', streamSpecification: { streamEnabled: true, streamViewType: 'KEYS_ONLY' } }).tableDescription.latestStreamArn as string
    expect(sim.dynamodb.hasStream(arn)).toBe(true)
    expect(() => sim.dynamodb.streamRecords({ streamArn: `${arn}x` })).toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }))
  })
})
