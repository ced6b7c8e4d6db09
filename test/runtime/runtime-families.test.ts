/**
 * The declared runtime decides what a failure looks like, though the handler is always a JS closure:
 * per family the error payload (fields and their order, read from the JSON text), the
 * FunctionError, the runtime's log lines, init failures and the timeout answer; through the facade
 * and through the real LambdaClient.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, type FunctionCode, type Runtime } from '../../src/index.js'
import { decodeLogResult } from '../../src/testing/index.js'
import { simulatedLambda, text } from '../sdk/lambda-client.js'

function raise(name: string, message: string, cause?: Error): never {
  const error = new Error(message, cause !== undefined ? { cause } : undefined)
  error.name = name
  throw error
}

/** A handler whose error has a frame of its own (`validate`) under the handler's. */
function validate(): never {
  return raise('ValueError', 'bad input')
}
const failing: FunctionCode = async () => validate()

/** The module scope fails as a missing dependency would. */
const failingInit = {
  init: (): never => raise('ModuleNotFoundError', "No module named 'requests'"),
} as unknown as FunctionCode

const sleeping: FunctionCode = async (_event: unknown, context: { sleep(ms: number): Promise<void> }) => {
  await context.sleep(5_000)
}

async function invokeWith(runtime: Runtime, code: FunctionCode, timeout?: number) {
  const sim = createSimulation({ seed: 3 })
  sim.createFunction({ functionName: 'f', runtime, handler: 'app.handler', code, ...(timeout !== undefined ? { timeout } : {}) })
  const result = await sim.invoke({ functionName: 'f', logType: 'Tail' })
  return { result, log: decodeLogResult(result.logResult) }
}

/** The JSON text's keys in order (nested objects too, depth first). */
const keysOf = (json: string): string[] => [...json.matchAll(/"([A-Za-z]+)":/g)].map((match) => match[1] as string)

describe('runtime families: error payloads', () => {
  it('nodejs - unchanged: errorType, errorMessage, trace, and the Invoke Error line', async () => {
    const { result, log } = await invokeWith('nodejs22.x', failing)
    expect(result.functionError).toBe('Unhandled')
    expect(keysOf(result.payloadJson)).toEqual(['errorType', 'errorMessage', 'trace'])
    expect(log).toContain('\tERROR\tInvoke Error \t{"errorType":"ValueError","errorMessage":"bad input","stack":["ValueError: bad input"')
  })

  it('python - errorMessage, errorType, requestId, stackTrace (outermost frame first), and the [ERROR] Traceback log', async () => {
    const { result, log } = await invokeWith('python3.13', failing)
    expect(result.functionError).toBe('Unhandled')
    expect(keysOf(result.payloadJson)).toEqual(['errorMessage', 'errorType', 'requestId', 'stackTrace'])
    const payload = JSON.parse(result.payloadJson) as { errorMessage: string; errorType: string; requestId: string; stackTrace: string[] }
    expect(payload.errorMessage).toBe('bad input')
    expect(payload.errorType).toBe('ValueError')
    expect(payload.requestId).toBe(result.requestId)
    expect(payload.stackTrace.at(-1)).toMatch(/^ {2}File ".*runtime-families\.test\.ts", line \d+, in raise\n$/)
    expect(payload.stackTrace.every((frame) => frame.startsWith('  File "') && !frame.includes('node:'))).toBe(true)
    const lines = log.split('\n')
    const at = lines.indexOf('[ERROR] ValueError: bad input')
    expect(at).toBeGreaterThan(0)
    expect(lines[at + 1]).toBe('Traceback (most recent call last):')
    expect(lines[at + 2]).toMatch(/^ {2}File ".*runtime-families\.test\.ts", line \d+, in /)
    expect(log).not.toContain('Invoke Error')
  })

  it('java - errorMessage, errorType, stackTrace, then cause; frames as fn(File:line)', async () => {
    const code: FunctionCode = async () => raise('java.lang.RuntimeException', 'outer', Object.assign(new Error('inner'), { name: 'java.io.IOException' }))
    const { result, log } = await invokeWith('java21', code)
    expect(result.functionError).toBe('Unhandled')
    expect(keysOf(result.payloadJson)).toEqual(['errorMessage', 'errorType', 'stackTrace', 'cause', 'errorMessage', 'errorType', 'stackTrace'])
    const payload = JSON.parse(result.payloadJson) as { errorType: string; stackTrace: string[]; cause: { errorType: string; errorMessage: string } }
    expect(payload.errorType).toBe('java.lang.RuntimeException')
    expect(payload.stackTrace[0]).toMatch(/^raise\(runtime-families\.test\.ts:\d+\)$/)
    expect(payload.cause).toMatchObject({ errorType: 'java.io.IOException', errorMessage: 'inner' })
    expect(log).toContain('outer: java.lang.RuntimeException\njava.lang.RuntimeException: outer\n\tat raise(runtime-families.test.ts:')
  })

  it('dotnet - errorType, errorMessage, stackTrace; frames as at fn() in file:line n', async () => {
    const { result } = await invokeWith('dotnet8', failing)
    expect(keysOf(result.payloadJson)).toEqual(['errorType', 'errorMessage', 'stackTrace'])
    const payload = JSON.parse(result.payloadJson) as { stackTrace: string[] }
    expect(payload.stackTrace[0]).toMatch(/^at raise\(\) in .*runtime-families\.test\.ts:line \d+$/)
  })

  it('ruby - errorMessage, errorType as Function<Name>, stackTrace; the runtime logs the payload', async () => {
    const { result, log } = await invokeWith('ruby3.4', failing)
    expect(keysOf(result.payloadJson)).toEqual(['errorMessage', 'errorType', 'stackTrace'])
    const payload = JSON.parse(result.payloadJson) as { errorType: string; stackTrace: string[] }
    expect(payload.errorType).toBe('Function<ValueError>')
    expect(payload.stackTrace[0]).toMatch(/runtime-families\.test\.ts:\d+:in `raise'$/)
    expect(log).toContain(`Error raised from handler method\n${result.payloadJson}`)
  })

  it('provided - the runtime API body (errorMessage, errorType, stackTrace); the runtime logs nothing', async () => {
    const { result, log } = await invokeWith('provided.al2023', failing)
    expect(result.functionError).toBe('Unhandled')
    expect(keysOf(result.payloadJson)).toEqual(['errorMessage', 'errorType', 'stackTrace'])
    expect(log).not.toContain('bad input')
  })
})

describe('runtime families: init errors', () => {
  it('python - an import failure is Runtime.ImportModuleError "Unable to import module", logged with an empty Traceback', async () => {
    const { result, log } = await invokeWith('python3.12', failingInit)
    expect(result.functionError).toBe('Unhandled')
    expect(result.payloadJson).toBe(
      `{"errorMessage":"Unable to import module 'app': No module named 'requests'","errorType":"Runtime.ImportModuleError","requestId":"","stackTrace":[]}`,
    )
    expect(log).toContain("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'\nTraceback (most recent call last):\nINIT_REPORT")
    expect(log).toContain('Status: error\tError Type: Runtime.ImportModuleError')
  })

  it('python - a missing handler is Runtime.HandlerNotFound in Python words', async () => {
    const { result } = await invokeWith('python3.13', { init: () => undefined } as unknown as FunctionCode)
    expect(result.payloadJson).toBe(`{"errorMessage":"Handler 'handler' missing on module 'app'","errorType":"Runtime.HandlerNotFound","requestId":"","stackTrace":[]}`)
  })

  it('java, dotnet, ruby - the thrown error in the family shape; Ruby says where it failed', async () => {
    const java = await invokeWith('java17', failingInit)
    expect(keysOf(java.result.payloadJson)).toEqual(['errorMessage', 'errorType', 'stackTrace'])
    const dotnet = await invokeWith('dotnet8', failingInit)
    expect(keysOf(dotnet.result.payloadJson)).toEqual(['errorType', 'errorMessage', 'stackTrace'])
    const ruby = await invokeWith('ruby3.3', failingInit)
    expect(JSON.parse(ruby.result.payloadJson)).toMatchObject({ errorType: 'Function<ModuleNotFoundError>' })
    expect(ruby.log).toContain('Init error when loading handler app.handler\n{"errorMessage":"No module named \'requests\'"')
  })

  it('a callback-style closure is no error outside Node.js (the nodejs24.x refusal is Node-only)', async () => {
    const callbackStyle = ((_event: unknown, _context: unknown, _callback: unknown) => Promise.resolve('ok')) as unknown as FunctionCode
    const { result } = await invokeWith('python3.13', callbackStyle)
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toBe('ok')
  })
})

describe('runtime families: timeouts', () => {
  it.each(['nodejs22.x', 'python3.13', 'java21', 'dotnet8', 'ruby3.4', 'provided.al2023'] as const)(
    '%s - the platform answers the timeout, the same for every family',
    async (runtime) => {
      const { result } = await invokeWith(runtime, sleeping, 1)
      expect(result.functionError).toBe('Unhandled')
      expect(result.payloadJson).toBe(`{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: ${result.requestId} Error: Task timed out after 1.00 seconds"}`)
    },
  )
})

describe('runtime families through LambdaClient', () => {
  it('python3.13 - Invoke answers the Python payload, X-Amz-Function-Error Unhandled and the [ERROR] log tail', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('py', failing, { Runtime: 'python3.13', Handler: 'lambda_function.lambda_handler' })
    const answer = await client.send(new InvokeCommand({ FunctionName: 'py', LogType: 'Tail' }))
    expect(answer.FunctionError).toBe('Unhandled')
    const body = text(answer.Payload)
    expect(keysOf(body)).toEqual(['errorMessage', 'errorType', 'requestId', 'stackTrace'])
    expect(Buffer.from(answer.LogResult ?? '', 'base64').toString()).toContain('[ERROR] ValueError: bad input\nTraceback (most recent call last):')
  })

  it('java21 and ruby3.4 - the family shapes reach the client unchanged', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('jv', failing, { Runtime: 'java21', Handler: 'example.Handler::handleRequest' })
    await createFunction('rb', failing, { Runtime: 'ruby3.4', Handler: 'function.handler' })
    const java = await client.send(new InvokeCommand({ FunctionName: 'jv' }))
    expect(keysOf(text(java.Payload))).toEqual(['errorMessage', 'errorType', 'stackTrace'])
    const ruby = await client.send(new InvokeCommand({ FunctionName: 'rb' }))
    expect(JSON.parse(text(ruby.Payload))).toMatchObject({ errorType: 'Function<ValueError>', errorMessage: 'bad input' })
  })
})

describe('runtime families: fault plans', () => {
  it('python3.13 - a planned error is reported in the Python shape', async () => {
    const sim = createSimulation({ seed: 3, faults: [{ functionName: 'f', invocation: 1, fault: 'error', errorType: 'ConnectionError', errorMessage: 'socket hang up' }] })
    sim.createFunction({ functionName: 'f', runtime: 'python3.13', handler: 'app.handler', code: async () => 'ok' })
    const result = await sim.invoke({ functionName: 'f' })
    expect(result.functionError).toBe('Unhandled')
    expect(result.payloadJson).toBe(`{"errorMessage":"socket hang up","errorType":"ConnectionError","requestId":"${result.requestId}","stackTrace":[]}`)
  })
})
