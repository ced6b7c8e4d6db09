// Deployment code that uploads its package to S3 and creates the function from it: the package is
// the token sim.registerCode returns, put in a bucket of sim.s3 like a zip.
import { CreateFunctionCommand, InvokeCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../../src/index.js'

const ROLE = 'arn:aws:iam::123456789012:role/lambda-role'

describe('code packages in sim.s3', () => {
  it('CreateFunction and UpdateFunctionCode with Code.S3Bucket / S3Key read the uploaded package', async () => {
    const sim = createSimulation({ seed: 61, functionStates: false })
    const s3 = new S3Client(sim.clientConfig())
    const lambda = new LambdaClient(sim.clientConfig())
    await s3.send(new CreateBucketCommand({ Bucket: 'deployments' }))
    await s3.send(new PutObjectCommand({ Bucket: 'deployments', Key: 'greeter/v1.zip', Body: sim.registerCode('greeter-v1', async () => 'hello v1').ZipFile }))
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'greeter', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { S3Bucket: 'deployments', S3Key: 'greeter/v1.zip' } }))
    const v1 = await lambda.send(new InvokeCommand({ FunctionName: 'greeter' }))
    expect(new TextDecoder().decode(v1.Payload)).toBe('"hello v1"')

    await s3.send(new PutObjectCommand({ Bucket: 'deployments', Key: 'greeter/v2.zip', Body: sim.registerCode('greeter-v2', async () => 'hello v2').ZipFile }))
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', S3Bucket: 'deployments', S3Key: 'greeter/v2.zip' }))
    const v2 = await lambda.send(new InvokeCommand({ FunctionName: 'greeter' }))
    expect(new TextDecoder().decode(v2.Payload)).toBe('"hello v2"')
  })

  it("Lambda's errors: a missing key, a missing bucket, an object that is not a package", async () => {
    const sim = createSimulation({ seed: 62 })
    sim.s3.createBucket({ bucket: 'deployments' })
    sim.s3.putObject({ bucket: 'deployments', key: 'not-a-zip.zip', body: 'PK nonsense' })
    const create = (bucket: string, key: string) => () =>
      sim.createFunction({ functionName: 'f', role: ROLE, runtime: 'nodejs22.x', handler: 'index.handler', code: sim.registeredCode({ s3Bucket: bucket, s3Key: key }) })
    expect(create('deployments', 'missing.zip')).toThrow('Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.')
    expect(create('no-such-bucket', 'a.zip')).toThrow('Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist')
    expect(create('deployments', 'not-a-zip.zip')).toThrow('Could not unzip uploaded file. Please check your file, then try to upload again.')
  })

  it("the lambda-sim bucket convention still names registered code without an upload", async () => {
    const sim = createSimulation({ seed: 63, functionStates: false })
    sim.registerCode('direct', async () => 'direct')
    const lambda = new LambdaClient(sim.clientConfig())
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'd', Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { S3Bucket: 'lambda-sim', S3Key: 'direct' } }))
    expect(new TextDecoder().decode((await lambda.send(new InvokeCommand({ FunctionName: 'd' }))).Payload)).toBe('"direct"')
  })
})
