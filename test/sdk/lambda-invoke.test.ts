import { readFile } from 'node:fs/promises'
import {
  AddPermissionCommand,
  CreateAliasCommand,
  InvokeAsyncCommand,
  InvokeCommand,
  LambdaClient,
  LambdaServiceException,
  PublishVersionCommand,
  PutFunctionConcurrencyCommand,
  TooManyRequestsException,
  UpdateFunctionCodeCommand,
  InvalidRequestContentException,
  RequestTooLargeException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { SimulationError, type LambdaContext } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'
import { ARN, json, rejection, simulatedLambda, text } from './lambda-client.js'

const START = Date.UTC(2024, 0, 1)

describe('lambda-invoke', () => {
  it('Invoke - RequestResponse answers 200 with the function result, the request id and the executed version', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('echo', async (event: unknown, context: LambdaContext) => {
      await context.sleep(120)
      return { event, requestId: context.awsRequestId, version: context.functionVersion }
    })
    const response = await client.send(new InvokeCommand({ FunctionName: 'echo', Payload: JSON.stringify({ id: 7 }) }))
    expect(response.StatusCode).toBe(200)
    expect(response.$metadata.httpStatusCode).toBe(200)
    expect(response.FunctionError).toBeUndefined()
    expect(response.ExecutedVersion).toBe('$LATEST')
    expect(json(response.Payload)).toEqual({ event: { id: 7 }, requestId: response.$metadata.requestId, version: '$LATEST' })
    expect(sim.nowMs - START).toBe(120) // the invocation ran on the virtual clock
  })

  it('Invoke - LogType Tail returns the base64 tail of the log: START, the function lines, END, REPORT', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('chatty', async (event: unknown, context: LambdaContext) => {
      context.log('working on', event)
      await context.sleep(30)
      return 'ok'
    })
    const response = await client.send(new InvokeCommand({ FunctionName: 'chatty', Payload: '{"n":1}', LogType: 'Tail' }))
    const lines = decodeLogResult(response.LogResult).trimEnd().split('\n')
    const requestId = response.$metadata.requestId
    expect(lines.map((line) => line.split(/[ \t]/)[0])).toEqual(['INIT_START', 'START', '2024-01-01T00:00:00.000Z', 'END', 'REPORT'])
    expect(lines[1]).toBe(`START RequestId: ${requestId} Version: $LATEST`)
    expect(lines[2]).toBe(`2024-01-01T00:00:00.000Z\t${requestId}\tINFO\tworking on { n: 1 }`)
    expect(lines[3]).toBe(`END RequestId: ${requestId}`)
    expect(lines[4]).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\tDuration: 30\\.00 ms\tBilled Duration: 30 ms\tMemory Size: 128 MB\t`))
    const withoutTail = await client.send(new InvokeCommand({ FunctionName: 'chatty' }))
    expect(withoutTail.LogResult).toBeUndefined()
  })

  it('Invoke - Event answers 202 at once; the function runs on the virtual clock, and runUntilIdle shows its retries', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    const attempts: { atMs: number; requestId: string }[] = []
    await createFunction('flaky', async (event: unknown, context: LambdaContext) => {
      attempts.push({ atMs: sim.nowMs - START, requestId: context.awsRequestId })
      await context.sleep(50)
      if (attempts.length < 3) throw new Error(`attempt ${attempts.length} failed`)
      return 'done'
    })
    const accepted = await client.send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event', Payload: '{}' }))
    expect(accepted.StatusCode).toBe(202)
    expect(accepted.$metadata.httpStatusCode).toBe(202)
    expect(text(accepted.Payload)).toBe('')
    await sim.runUntilIdle()
    // AWS retries a failed event after 1 minute, then after 2 more, with the same request id.
    expect(attempts.map((attempt) => attempt.atMs)).toEqual([0, 60_050, 180_100])
    expect(new Set(attempts.map((attempt) => attempt.requestId))).toEqual(new Set([accepted.$metadata.requestId]))
  })

  it('Invoke - DryRun answers 204 and runs nothing', async () => {
    const { client, createFunction } = simulatedLambda()
    let runs = 0
    await createFunction('f', async () => ++runs)
    const response = await client.send(new InvokeCommand({ FunctionName: 'f', InvocationType: 'DryRun' }))
    expect(response.StatusCode).toBe(204)
    expect(runs).toBe(0)
  })

  it('InvokeAsync - the deprecated API queues an Event invocation (202)', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    const received: unknown[] = []
    await createFunction('sink', async (event: unknown) => void received.push(event))
    const response = await client.send(new InvokeAsyncCommand({ FunctionName: 'sink', InvokeArgs: new TextEncoder().encode('{"legacy":true}') }))
    expect(response.Status).toBe(202)
    expect(received).toEqual([])
    await sim.runUntilIdle()
    expect(received).toEqual([{ legacy: true }])
  })

  it('Invoke - a function error is a 200 with X-Amz-Function-Error: Unhandled and the error payload', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('risky', async () => {
      throw new TypeError('bad input')
    })
    const response = await client.send(new InvokeCommand({ FunctionName: 'risky', Payload: '{}' }))
    expect(response.StatusCode).toBe(200)
    expect(response.FunctionError).toBe('Unhandled')
    expect(json(response.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' })
  })

  it('Invoke - a timeout is a function error with AWS’s Sandbox.Timedout payload', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('slow', async (event: unknown, context: LambdaContext) => context.sleep(5_000), { Timeout: 1 })
    const response = await client.send(new InvokeCommand({ FunctionName: 'slow' }))
    expect(response.FunctionError).toBe('Unhandled')
    expect(json(response.Payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${response.$metadata.requestId} Error: Task timed out after 1.00 seconds`,
    })
  })

  it('Invoke - payload bytes travel unchanged both ways (multi-byte UTF-8)', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('mirror', async (event: { text: string }) => ({ reversed: [...event.text].reverse().join('') }))
    const request = new TextEncoder().encode(JSON.stringify({ text: 'añb€😀' }))
    const response = await client.send(new InvokeCommand({ FunctionName: 'mirror', Payload: request }))
    expect(response.Payload).toBeInstanceOf(Uint8Array)
    expect([...(response.Payload as Uint8Array)]).toEqual([...new TextEncoder().encode('{"reversed":"😀€bña"}')])
  })

  it('Invoke - a payload that is not JSON is refused with InvalidRequestContentException (400)', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', async () => 'never')
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: 'f', Payload: new Uint8Array([0xff, 0x00, 0x41]) })))
    expect(error).toBeInstanceOf(InvalidRequestContentException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /)
  })

  it('Invoke - a payload over 6 MB is refused with RequestTooLargeException (413)', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', async () => 'never')
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: 'f', Payload: JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) }) })))
    expect(error).toBeInstanceOf(RequestTooLargeException)
    expect(error.$metadata.httpStatusCode).toBe(413)
    expect(error.message).toBe('Request must be smaller than 6291456 bytes for the InvokeFunction operation')
  })

  it('Invoke - ClientContext (base64 JSON) reaches context.clientContext', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('ctx', async (event: unknown, context: LambdaContext) => context.clientContext)
    const clientContext = { client: { app_title: 'shop' }, custom: { tenant: 'a' } }
    const response = await client.send(
      new InvokeCommand({ FunctionName: 'ctx', ClientContext: Buffer.from(JSON.stringify(clientContext)).toString('base64') }),
    )
    expect(json(response.Payload)).toEqual(clientContext)
  })

  it('Invoke - Qualifier and alias routing: ExecutedVersion is the version that ran', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    const answerVersion = async (event: unknown, context: LambdaContext) => `v${context.functionVersion}`
    await createFunction('checkout', answerVersion)
    await client.send(new PublishVersionCommand({ FunctionName: 'checkout' }))
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'checkout', Publish: true, ...sim.registerCode('checkout-v2', answerVersion) }))
    await client.send(new CreateAliasCommand({ FunctionName: 'checkout', Name: 'live', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.5 } } }))

    const byVersion = await client.send(new InvokeCommand({ FunctionName: 'checkout', Qualifier: '1' }))
    expect([byVersion.ExecutedVersion, json(byVersion.Payload)]).toEqual(['1', 'v1'])
    const byArn = await client.send(new InvokeCommand({ FunctionName: `${ARN}:checkout:2` }))
    expect([byArn.ExecutedVersion, json(byArn.Payload)]).toEqual(['2', 'v2'])

    const executed = new Map<string, number>()
    for (let i = 0; i < 40; i++) {
      const response = await client.send(new InvokeCommand({ FunctionName: 'checkout', Qualifier: 'live' }))
      expect(json(response.Payload)).toBe(`v${response.ExecutedVersion}`)
      executed.set(response.ExecutedVersion ?? '?', (executed.get(response.ExecutedVersion ?? '?') ?? 0) + 1)
    }
    expect([...executed.keys()].sort()).toEqual(['1', '2'])
  })

  it('Invoke - reserved concurrency 0 throttles: TooManyRequestsException (429) with its Reason', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('off', async () => 'never')
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'off', ReservedConcurrentExecutions: 0 }))
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: 'off' })))
    expect(error).toBeInstanceOf(TooManyRequestsException)
    expect(error.name).toBe('TooManyRequestsException')
    expect(error.message).toBe('Rate Exceeded.')
    expect(error['Reason']).toBe('ReservedFunctionConcurrentInvocationLimitExceeded')
    expect(error['Type']).toBe('User')
    expect(error.$metadata.httpStatusCode).toBe(429)
    expect(error.$metadata).toMatchObject({ attempts: 1 }) // no SDK retry hid the throttle
  })

  it('Invoke - five sends in the same tick start at the same virtual instant and compete for concurrency', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('narrow', async (event: unknown, context: LambdaContext) => context.sleep(100))
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'narrow', ReservedConcurrentExecutions: 2 }))
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.send(new InvokeCommand({ FunctionName: 'narrow' }))))
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2)
    const throttles = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as TooManyRequestsException] : []))
    expect(throttles.map((error) => [error.constructor, error.Reason])).toEqual(
      Array.from({ length: 3 }, () => [TooManyRequestsException, 'ReservedFunctionConcurrentInvocationLimitExceeded']),
    )
    expect(sim.nowMs - START).toBe(100)
  })

  it('Invoke - a caller from another account is denied without a policy statement, allowed with one', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('private', async () => 'secret')
    const partner = new LambdaClient(sim.clientConfig({ caller: { principal: '111122223333' } }))
    const denied = await rejection(partner.send(new InvokeCommand({ FunctionName: 'private' })))
    expect(denied).toBeInstanceOf(LambdaServiceException)
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    expect(denied.message).toBe(
      `User: arn:aws:iam::111122223333:root is not authorized to perform: lambda:InvokeFunction on resource: ${ARN}:private because no resource-based policy allows the lambda:InvokeFunction action`,
    )
    // A dry run checks the permission too.
    expect((await rejection(partner.send(new InvokeCommand({ FunctionName: 'private', InvocationType: 'DryRun' })))).name).toBe('AccessDeniedException')

    await client.send(new AddPermissionCommand({ FunctionName: 'private', StatementId: 'partner', Action: 'lambda:InvokeFunction', Principal: '111122223333' }))
    const allowed = await partner.send(new InvokeCommand({ FunctionName: 'private' }))
    expect(json(allowed.Payload)).toBe('secret')
  })

  it('Invoke - an unknown function is ResourceNotFoundException (404) with AWS’s message', async () => {
    const { client } = simulatedLambda()
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: 'nope' })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.message).toBe(`Function not found: ${ARN}:nope`)
    expect(error.$metadata.httpStatusCode).toBe(404)
  })

  it('Invoke - a handler escaping the simulation rejects send with the SimulationError itself', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('leaky', async () => {
      // Real file I/O: the simulation cannot see it end.
      await readFile(__filename)
      return 'never seen'
    })
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: 'leaky' })))
    expect(error).toBeInstanceOf(SimulationError)
    expect((error as unknown as SimulationError).code).toBe('handler-escaped')
  })
})

