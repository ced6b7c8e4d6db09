// A function that writes to the bucket that triggers it (S3Client inside the handler): S3 carries
// the invocation's Lineage with the event, so the loop stops after 16 hops (lambda-semantics §10.1).
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { S3Event } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type Simulation } from '../../../src/index.js'

function selfTriggering(sim: Simulation, recursiveLoop?: 'Allow') {
  sim.s3.createBucket({ bucket: 'loop-bucket' })
  const keys: string[] = []
  sim.createFunction({
    functionName: 'rewriter',
    code: async (event: S3Event) => {
      const key = event.Records[0]!.s3.object.key
      keys.push(key)
      // The handler's own guard (a real loop would have none).
      if (keys.length >= 40) return 'done'
      await new S3Client({}).send(new PutObjectCommand({ Bucket: 'loop-bucket', Key: `${key}x`, Body: 'again' }))
      return 'wrote'
    },
  })
  if (recursiveLoop !== undefined) sim.putFunctionRecursionConfig({ functionName: 'rewriter', recursiveLoop })
  sim.addPermission({ functionName: 'rewriter', statementId: 's3', action: 'lambda:InvokeFunction', principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::loop-bucket' })
  const arn = sim.getFunctionConfiguration({ functionName: 'rewriter' }).functionArn
  sim.s3.putBucketNotificationConfiguration({ bucket: 'loop-bucket', notificationConfiguration: { lambdaFunctionConfigurations: [{ lambdaFunctionArn: arn, events: ['s3:ObjectCreated:*'] }] } })
  return keys
}

describe('recursive loops through S3 (S3Client inside the handler)', () => {
  it('a function writing to the bucket that triggers it runs 16 times, then Lambda stops the loop', async () => {
    const sim = createSimulation({ seed: 41, recordEvents: true })
    const keys = selfTriggering(sim)
    sim.s3.putObject({ bucket: 'loop-bucket', key: 'k', body: 'first' })
    await sim.runUntilIdle()
    expect(keys).toHaveLength(16)
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toHaveLength(1)
    // The 17th write happened (it is S3's, not Lambda's); its event was not run.
    expect(sim.s3.listObjectsV2({ bucket: 'loop-bucket' }).keyCount).toBe(17)
  })

  it('RecursiveLoop Allow lets it run on', async () => {
    const sim = createSimulation({ seed: 42 })
    const keys = selfTriggering(sim, 'Allow')
    sim.s3.putObject({ bucket: 'loop-bucket', key: 'k', body: 'first' })
    await sim.runUntilIdle()
    expect(keys).toHaveLength(40)
  })
})
