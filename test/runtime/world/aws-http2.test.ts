import http2 from 'node:http2'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError } from '../../../src/index.js'

/** One HTTP/2 request as `NodeHttp2Handler` makes it: status, headers and the body text. */
function request(origin: string, headers: Record<string, string>, body: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(origin)
    const stream = session.request({ ':method': 'POST', ':path': '/', ...headers })
    const chunks: Buffer[] = []
    let status = 0
    let contentType = ''
    stream.on('response', (h) => {
      status = Number(h[':status'])
      contentType = String(h['content-type'])
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      session.close()
      resolve({ status, contentType, body: Buffer.concat(chunks).toString('utf8') })
    })
    stream.on('error', reject)
    stream.end(body)
  })
}

describe('runtime/world/aws-http2', () => {
  it('inside a handler, http2 to an AWS endpoint is answered by the simulation (no socket)', async () => {
    const sim = createSimulation({ seed: 1 })
    sim.kinesis.createStream({ streamName: 'raw', shardCount: 1 })
    sim.createFunction({
      functionName: 'raw-http2',
      code: async () => request('https://kinesis.us-east-1.amazonaws.com', { 'x-amz-target': 'Kinesis_20131202.ListStreams', 'content-type': 'application/x-amz-json-1.1' }, '{}'),
    })
    const result = await sim.invoke({ functionName: 'raw-http2' })
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toMatchObject({ status: 200, contentType: 'application/x-amz-json-1.1' })
    expect(JSON.parse((result.payload as { body: string }).body)).toMatchObject({ StreamNames: ['raw'], HasMoreStreams: false })
  })

  it('an AWS service lambda-sim does not simulate, over HTTP/2, is an escape naming the service', async () => {
    const sim = createSimulation({ seed: 2 })
    sim.createFunction({
      functionName: 'dynamo-h2',
      code: async () => {
        await request('https://dynamodb.us-east-1.amazonaws.com', { 'x-amz-target': 'DynamoDB_20120810.GetItem' }, '{}').catch(() => undefined)
        return 'done'
      },
    })
    const failure = await sim.invoke({ functionName: 'dynamo-h2' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(SimulationError)
    expect((failure as SimulationError).code).toBe('handler-escaped')
    expect((failure as Error).message).toContain('DynamoDB (dynamodb.us-east-1.amazonaws.com), an AWS service lambda-sim does not simulate')
  })

  it('outside every handler, http2.connect is the real one', async () => {
    createSimulation({ seed: 3 }) // the handler's world is installed
    const server = http2.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('real')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as { port: number }
      expect(await request(`http://127.0.0.1:${port}`, {}, '')).toEqual({ status: 200, contentType: 'text/plain', body: 'real' })
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
