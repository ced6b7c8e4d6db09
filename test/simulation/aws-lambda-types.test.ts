import type { APIGatewayProxyHandlerV2, Context, Handler, SQSEvent, SQSHandler } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaContext } from '../../src/index.js'

describe('aws-lambda types', () => {
  it('createFunction - handlers typed with @types/aws-lambda run unchanged', async () => {
    const api: APIGatewayProxyHandlerV2 = async (event, context) => ({
      statusCode: 200,
      body: JSON.stringify({ path: event.rawPath, fn: context.functionName, left: context.getRemainingTimeInMillis() }),
    })
    const generic: Handler<{ n: number }, { doubled: number }> = async (event) => ({ doubled: event.n * 2 })
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'api', code: api })
    sim.createFunction({ functionName: 'generic', code: generic })
    const response = await sim.invoke({ functionName: 'api', payload: { rawPath: '/orders' } })
    expect(response.payload).toEqual({ statusCode: 200, body: JSON.stringify({ path: '/orders', fn: 'api', left: 3000 }) })
    expect((await sim.invoke({ functionName: 'generic', payload: { n: 21 } })).payload).toEqual({ doubled: 42 })
  })

  it('context - the simulated context satisfies the aws-lambda Context type', async () => {
    const seen: string[] = []
    const handler: SQSHandler = async (event: SQSEvent, context: Context) => {
      seen.push(`${event.Records.length}:${context.awsRequestId.length}:${typeof context.memoryLimitInMB}`)
    }
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({ functionName: 'sqs', code: handler })
    const result = await sim.invoke({ functionName: 'sqs', payload: { Records: [] } })
    expect(result.payload).toBeNull()
    expect(seen).toEqual(['0:36:string'])
    // Compile-time check: the simulation's context is assignable to aws-lambda's Context.
    const asAws = (c: LambdaContext): Context => c
    expect(typeof asAws).toBe('function')
  })
})
