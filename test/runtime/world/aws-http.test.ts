import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { InvokeCommand, LambdaClient, ListFunctionsCommand, TooManyRequestsException } from '@aws-sdk/client-lambda'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError } from '../../../src/index.js'
import { awsServiceLabel, isAwsHost } from '../../../src/runtime/world/aws-http.js'

const T0 = Date.UTC(2024, 0, 1)
const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes)

describe('runtime/world/aws-http', () => {
  it('which hosts are AWS endpoints, and how a service is named', () => {
    for (const host of ['lambda.us-east-1.amazonaws.com', 'sqs.eu-west-1.amazonaws.com', 'lambda-fips.us-east-1.amazonaws.com', 'lambda.us-east-1.api.aws', 'sts.amazonaws.com', 'lambda.cn-north-1.amazonaws.com.cn']) {
      expect(isAwsHost(host), host).toBe(true)
    }
    for (const host of ['localhost', '127.0.0.1', 'example.com', 'amazonaws.com.example.org']) expect(isAwsHost(host), host).toBe(false)
    expect(awsServiceLabel('dynamodb.us-east-1.amazonaws.com')).toBe('DynamoDB (dynamodb.us-east-1.amazonaws.com)')
    expect(awsServiceLabel('my-bucket.s3.us-east-1.amazonaws.com')).toBe('S3 (my-bucket.s3.us-east-1.amazonaws.com)')
    expect(awsServiceLabel('123456789012.ddb.us-east-1.amazonaws.com')).toBe('DynamoDB (123456789012.ddb.us-east-1.amazonaws.com)')
  })

  it('SDK clients with default settings, made at module scope (init) and in the handler, are answered at the current virtual instant', async () => {
    const sim = createSimulation({ seed: 1 })
    const queueUrl = sim.sqs.createQueue({ queueName: 'orders' }).queueUrl
    const topicArn = sim.sns.createTopic({ name: 'news' }).topicArn
    sim.createFunction({
      functionName: 'clients',
      code: {
        init: async () => {
          const lambda = new LambdaClient({})
          // A call at module scope, in the init phase.
          const atInit = (await lambda.send(new ListFunctionsCommand({}))).Functions?.map((f) => f.FunctionName)
          return async () => {
            const sqs = new SQSClient({})
            const sns = new SNSClient({})
            const events = new EventBridgeClient({})
            const before = Date.now()
            const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'order-1' }))
            const published = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello' }))
            const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{}' }] }))
            const listed = (await lambda.send(new ListFunctionsCommand({}))).Functions?.length
            return {
              atInit,
              listed,
              messageId: typeof sent.MessageId,
              publishedId: typeof published.MessageId,
              failed: put.FailedEntryCount,
              elapsed: Date.now() - before,
              region: await sqs.config.region(),
            }
          }
        },
      },
    })
    const result = await sim.invoke({ functionName: 'clients' })
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toEqual({ atInit: ['clients'], listed: 1, messageId: 'string', publishedId: 'string', failed: 0, elapsed: 0, region: 'us-east-1' })
    const received = sim.sqs.receiveMessage({ queueUrl, maxNumberOfMessages: 10 }).messages.map((m) => m.body)
    expect(received).toEqual(['order-1'])
  })

  it('a synchronous InvokeCommand is a nested invoke: the caller waits on virtual time for the callee', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({
      functionName: 'callee',
      code: async (event: { n: number }, context) => {
        await context.sleep(300)
        return { doubled: event.n * 2 }
      },
    })
    sim.createFunction({
      functionName: 'caller',
      code: async () => {
        const lambda = new LambdaClient({})
        const started = Date.now()
        const out = await lambda.send(new InvokeCommand({ FunctionName: 'callee', Payload: JSON.stringify({ n: 21 }) }))
        return { status: out.StatusCode, payload: JSON.parse(text(out.Payload)), waited: Date.now() - started, version: out.ExecutedVersion }
      },
    })
    const wallStart = performance.now()
    const result = await sim.invoke({ functionName: 'caller' })
    expect(result.payload).toEqual({ status: 200, payload: { doubled: 42 }, waited: 300, version: '$LATEST' })
    expect(performance.now() - wallStart).toBeLessThan(5_000)
  })

  it('a throttled Invoke is TooManyRequestsException; the SDK’s own retries back off on virtual time', async () => {
    const sim = createSimulation({ seed: 3 })
    sim.createFunction({ functionName: 'busy', code: async () => 'never' })
    sim.putFunctionConcurrency({ functionName: 'busy', reservedConcurrentExecutions: 0 })
    sim.createFunction({
      functionName: 'caller',
      timeout: 30,
      code: async () => {
        const lambda = new LambdaClient({})
        const started = Date.now()
        try {
          await lambda.send(new InvokeCommand({ FunctionName: 'busy' }))
          return 'invoked'
        } catch (error) {
          const e = error as TooManyRequestsException
          return { name: e.name, isThrottle: e instanceof TooManyRequestsException, status: e.$metadata.httpStatusCode, attempts: e.$metadata.attempts, reason: e.Reason, waited: Date.now() - started }
        }
      },
    })
    const wallStart = performance.now()
    const result = await sim.invoke({ functionName: 'caller' })
    const payload = result.payload as { name: string; isThrottle: boolean; status: number; attempts: number; reason: string; waited: number }
    expect(payload).toMatchObject({ name: 'TooManyRequestsException', isThrottle: true, status: 429, attempts: 3, reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' })
    // Two backoffs (the SDK's throttling base is 500 ms, with jitter) passed on the virtual clock…
    expect(payload.waited).toBeGreaterThan(0)
    // …and not on the real one.
    expect(performance.now() - wallStart).toBeLessThan(5_000)
  })

  it('InvocationType Event queues an asynchronous invocation (202) at once', async () => {
    const sim = createSimulation({ seed: 4 })
    const seen: unknown[] = []
    sim.createFunction({ functionName: 'worker', code: async (event: unknown) => void seen.push(event) })
    sim.createFunction({
      functionName: 'caller',
      code: async () => {
        const out = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: 'worker', InvocationType: 'Event', Payload: JSON.stringify({ job: 1 }) }))
        return { status: out.StatusCode, at: Date.now() - T0 }
      },
    })
    expect((await sim.invoke({ functionName: 'caller' })).payload).toEqual({ status: 202, at: 0 })
    await sim.runUntilIdle()
    expect(seen).toEqual([{ job: 1 }])
  })

  it('recursion: a function that invokes itself through the SDK is stopped after 16 hops (RecursiveInvocationException)', async () => {
    const sim = createSimulation({ seed: 5 })
    sim.createFunction({
      functionName: 'loop',
      timeout: 60,
      code: async (event: { depth: number }) => {
        const lambda = new LambdaClient({})
        try {
          const out = await lambda.send(new InvokeCommand({ FunctionName: 'loop', Payload: JSON.stringify({ depth: event.depth + 1 }) }))
          return JSON.parse(text(out.Payload))
        } catch (error) {
          return { stoppedAt: event.depth, error: (error as Error).name }
        }
      },
    })
    const result = await sim.invoke({ functionName: 'loop', payload: { depth: 0 } })
    expect(result.payload).toEqual({ stoppedAt: 16, error: 'RecursiveInvocationException' })
  })

  it('fetch() to an AWS endpoint inside a handler is answered too', async () => {
    const sim = createSimulation({ seed: 6 })
    sim.createFunction({
      functionName: 'fetcher',
      code: async () => {
        const response = await fetch('https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/')
        const body = (await response.json()) as { Functions: Array<{ FunctionName: string }> }
        return { status: response.status, names: body.Functions.map((f) => f.FunctionName) }
      },
    })
    expect((await sim.invoke({ functionName: 'fetcher' })).payload).toEqual({ status: 200, names: ['fetcher'] })
  })

  it('a service lambda-sim does not simulate is an escape whose message names the service', async () => {
    const sim = createSimulation({ seed: 7 })
    sim.createFunction({
      functionName: 'dynamo',
      code: async () => {
        await fetch('https://dynamodb.us-east-1.amazonaws.com/', { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' }, body: '{}' }).catch(() => undefined)
        return 'done'
      },
    })
    const failure = await sim.invoke({ functionName: 'dynamo' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(SimulationError)
    expect((failure as SimulationError).code).toBe('handler-escaped')
    expect((failure as Error).message).toContain('DynamoDB (dynamodb.us-east-1.amazonaws.com), an AWS service lambda-sim does not simulate')
  })

  it('a request to any other host is real network: an escape naming the URL', async () => {
    const sim = createSimulation({ seed: 8 })
    sim.createFunction({
      functionName: 'web',
      code: async () => {
        await fetch('http://127.0.0.1:9/status').catch(() => undefined)
        return 'done'
      },
    })
    const failure = await sim.invoke({ functionName: 'web' }).catch((error: unknown) => error)
    expect((failure as SimulationError).code).toBe('handler-escaped')
    expect((failure as Error).message).toContain('a network request: GET http://127.0.0.1:9/status')
  })

  it('a client pointed elsewhere (a custom endpoint, e.g. LocalStack) inside context.external reaches that server', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ Functions: [{ FunctionName: 'from-the-real-server' }] }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const sim = createSimulation({ seed: 12 })
      sim.createFunction({
        functionName: 'elsewhere',
        code: async (_event: unknown, context) => {
          const lambda = new LambdaClient({ endpoint })
          const listed = await context.external(lambda.send(new ListFunctionsCommand({})))
          return listed.Functions?.map((f) => f.FunctionName)
        },
      })
      expect((await sim.invoke({ functionName: 'elsewhere' })).payload).toEqual(['from-the-real-server'])
    } finally {
      server.close()
    }
  })

  it('the same request outside every handler is not intercepted (the real network)', async () => {
    createSimulation({ seed: 9 })
    // Port 9 (discard) refuses: the real fetch fails, no simulation answers.
    await expect(fetch('http://127.0.0.1:9/status')).rejects.toThrow()
  })

  it('Math.random inside a handler draws from the seeded stream: the same seed gives the same draws', async () => {
    const draws = async (seed: number): Promise<unknown> => {
      const sim = createSimulation({ seed })
      sim.createFunction({ functionName: 'dice', code: async () => [Math.random(), Math.random()] })
      return (await sim.invoke({ functionName: 'dice' })).payload
    }
    expect(await draws(10)).toEqual(await draws(10))
    expect(await draws(10)).not.toEqual(await draws(11))
  })
})
