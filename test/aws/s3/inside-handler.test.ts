// S3Client inside a handler: its requests reach the simulation's S3 through the handler's world
// (HTTP caught in-process), bodies both ways, S3's errors as the SDK's exception classes.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'

describe('S3Client inside a handler', () => {
  it('reads and writes objects, lists, and gets NoSuchKey as the SDK class', async () => {
    const sim = createSimulation({ seed: 51 })
    sim.s3.createBucket({ bucket: 'reports' })
    sim.s3.putObject({ bucket: 'reports', key: 'in/2024.csv', body: 'a,b\n1,2\n', contentType: 'text/csv' })
    sim.createFunction({
      functionName: 'summarise',
      timeout: 10,
      code: async () => {
        const s3 = new S3Client({})
        const input = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'in/2024.csv' }))
        const text = (await input.Body?.transformToString()) ?? ''
        await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'out/2024.txt', Body: `${text.trim().split('\n').length - 1} rows` }))
        const head = await s3.send(new HeadObjectCommand({ Bucket: 'reports', Key: 'out/2024.txt' }))
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'out/' }))
        let missing = ''
        try {
          await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'nope' }))
        } catch (error) {
          missing = error instanceof NoSuchKey ? 'NoSuchKey' : String(error)
        }
        return { contentType: input.ContentType, size: head.ContentLength, keys: listed.Contents?.map((c) => c.Key), missing }
      },
    })
    const result = await sim.invoke({ functionName: 'summarise' })
    expect(result.payload).toEqual({ contentType: 'text/csv', size: 6, keys: ['out/2024.txt'], missing: 'NoSuchKey' })
    expect(Buffer.from(sim.s3.getObject({ bucket: 'reports', key: 'out/2024.txt' }).body).toString()).toBe('1 rows')
  })
})
