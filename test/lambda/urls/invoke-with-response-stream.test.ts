/**
 * InvokeWithResponseStream through the real LambdaClient: the SDK decodes our event stream into
 * PayloadChunk and InvokeComplete events.
 */
import { InvokeCommand, InvokeWithResponseStreamCommand, type InvokeWithResponseStreamResponseEvent } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { awslambda } from '../../../src/index.js'
import { simulatedLambda } from '../../sdk/lambda-client.js'

async function collect(stream: AsyncIterable<InvokeWithResponseStreamResponseEvent> | undefined) {
  const chunks: Buffer[] = []
  let complete: unknown
  for await (const event of stream ?? []) {
    if (event.PayloadChunk?.Payload !== undefined) chunks.push(Buffer.from(event.PayloadChunk.Payload))
    if (event.InvokeComplete !== undefined) complete = event.InvokeComplete
  }
  return { text: Buffer.concat(chunks).toString('utf8'), complete }
}

describe('lambda/urls - InvokeWithResponseStream through LambdaClient', () => {
  it('a streaming handler: its bytes, its content type, then InvokeComplete', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction(
      'stream',
      awslambda.streamifyResponse(async (_event, responseStream) => {
        responseStream.setContentType('text/plain')
        responseStream.write('one ')
        responseStream.end('two')
      }) as never,
    )
    const output = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'stream', LogType: 'Tail' }))
    expect(output.StatusCode).toBe(200)
    expect(output.ResponseStreamContentType).toBe('text/plain')
    expect(output.ExecutedVersion).toBe('$LATEST')
    const { text, complete } = await collect(output.EventStream)
    expect(text).toBe('one two')
    expect(complete).toMatchObject({ LogResult: expect.any(String) })
  })

  it('Invoke (not streaming) of a streaming handler answers the bytes it wrote, its prelude framed as on Lambda', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction(
      'plain',
      awslambda.streamifyResponse(async (_event, responseStream) => {
        responseStream.write('one ')
        responseStream.end('two')
      }) as never,
    )
    await createFunction(
      'framed',
      awslambda.streamifyResponse(async (_event, responseStream) => {
        awslambda.HttpResponseStream.from(responseStream, { statusCode: 201 }).end('made')
      }) as never,
    )
    const plain = await client.send(new InvokeCommand({ FunctionName: 'plain' }))
    expect(Buffer.from(plain.Payload ?? []).toString('utf8')).toBe('one two')
    const framed = await client.send(new InvokeCommand({ FunctionName: 'framed' }))
    expect(Buffer.from(framed.Payload ?? []).toString('utf8')).toBe(`{"statusCode":201}${'\u0000'.repeat(8)}made`)
  })

  it('DryRun: 204 and an event stream with no events (the handler does not run)', async () => {
    const { client, createFunction } = simulatedLambda()
    let runs = 0
    await createFunction(
      'dry',
      awslambda.streamifyResponse(async (_event, responseStream) => {
        runs++
        responseStream.end('ran')
      }) as never,
    )
    const output = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'dry', InvocationType: 'DryRun' }))
    expect(output.StatusCode).toBe(204)
    expect(await collect(output.EventStream)).toEqual({ text: '', complete: undefined })
    expect(runs).toBe(0)
  })

  it('a buffered handler: its JSON; a function error: ErrorCode and ErrorDetails', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('plain', async () => ({ ok: true }))
    await createFunction('failing', async () => {
      throw new TypeError('bad')
    })
    expect((await collect((await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'plain' }))).EventStream)).text).toBe('{"ok":true}')
    const failed = await collect((await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'failing' }))).EventStream)
    expect(failed.text).toBe('')
    expect(failed.complete).toMatchObject({ ErrorCode: 'Unhandled' })
    expect(JSON.parse((failed.complete as { ErrorDetails: string }).ErrorDetails)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad' })
  })
})
