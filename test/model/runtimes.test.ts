/**
 * Every runtime of the API model, classified; the generated list matches the model; runtimes past
 * AWS's block dates are refused with AWS's text on create and update (by the virtual clock's date),
 * every runtime still supported is accepted; through the facade and through LambdaClient.
 */
import { existsSync, readFileSync } from 'node:fs'
import { CreateFunctionCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { defaultModelPath, generate, outputPath, readModel } from '../../scripts/generate-runtimes.mjs'
import { createSimulation, RUNTIMES, runtimeFamily, runtimeSupportAt, type Runtime } from '../../src/index.js'
import { runtimeRefusal, runtimesAcceptedAt, successorOf } from '../../src/model/runtimes.js'
import { rejection, ROLE, simulatedLambda } from '../sdk/lambda-client.js'

const modelPresent = existsSync(defaultModelPath)
const at = (iso: string): number => Date.parse(`${iso}T00:00:00Z`)
const refusal = (runtime: string, successor: string): string =>
  `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${successor}) while creating or updating functions.`

describe('model/runtimes', () => {
  it.skipIf(!modelPresent)('the generated list is the model\'s Runtime enum (run `npm run generate:runtimes` if this fails)', () => {
    expect(readFileSync(outputPath, 'utf8')).toBe(generate(readModel()))
  })

  it('lists every family AWS has', () => {
    const families = new Set(RUNTIMES.map(runtimeFamily))
    expect([...families].sort()).toEqual(['dotnet', 'go', 'java', 'nodejs', 'provided', 'python', 'ruby'])
    expect(runtimeFamily('provided.al2023')).toBe('provided')
    expect(runtimeFamily('java8.al2')).toBe('java')
    expect(runtimeFamily('dotnetcore3.1')).toBe('dotnet')
  })

  it('support follows the schedule: supported, deprecated, create-blocked, blocked', () => {
    expect(runtimeSupportAt('nodejs14.x', at('2023-12-03'))).toBe('supported')
    expect(runtimeSupportAt('nodejs14.x', at('2023-12-04'))).toBe('deprecated')
    expect(runtimeSupportAt('nodejs14.x', at('2024-01-09'))).toBe('create-blocked')
    expect(runtimeSupportAt('nodejs14.x', at('2024-02-08'))).toBe('blocked')
    expect(runtimeSupportAt('ruby4.0', at('2030-01-01'))).toBe('supported')
  })

  it('the successor is the family\'s newest supported runtime; go1.x goes to an OS-only runtime', () => {
    expect(successorOf('python2.7', at('2024-01-01'))).toBe('python3.14')
    expect(successorOf('go1.x', at('2024-03-01'))).toBe('provided.al2023')
    expect(successorOf('nodejs12.x', at('2024-01-01'))).toBe('nodejs24.x')
    expect(runtimeRefusal('nodejs22.x', 'create', at('2024-01-01'))).toBeUndefined()
    expect(runtimeRefusal('java8', 'create', at('2024-02-08'))).toBe(refusal('java8', 'java25'))
    expect(runtimeRefusal('java8', 'update', at('2024-02-08'))).toBeUndefined()
  })
})

describe('Runtime on CreateFunction and UpdateFunctionConfiguration', () => {
  it('every runtime accepted at the simulation\'s date creates a function; the others are refused with AWS\'s text', () => {
    const sim = createSimulation({ seed: 1 })
    const accepted = new Set<Runtime>(runtimesAcceptedAt(sim.nowMs))
    expect(accepted.has('python3.13')).toBe(true)
    expect(accepted.has('provided.al2023')).toBe(true)
    expect(accepted.has('nodejs24.x')).toBe(true)
    for (const runtime of RUNTIMES) {
      const create = () => sim.createFunction({ functionName: `f-${runtime.replace(/\./g, '-')}`, runtime, code: async () => 'ok' })
      if (accepted.has(runtime)) {
        expect(create().runtime).toBe(runtime)
      } else {
        expect(create).toThrow(expect.objectContaining({ name: 'InvalidParameterValueException', message: runtimeRefusal(runtime, 'create', sim.nowMs) }))
      }
    }
    expect(accepted.has('python2.7')).toBe(false)
  })

  it('create - python2.7 is refused with the exact InvalidParameterValueException', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => sim.createFunction({ functionName: 'old', runtime: 'python2.7', code: async () => 'ok' })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterValueException', message: refusal('python2.7', 'python3.14') }),
    )
  })

  it('update - a function created before its runtime\'s update block cannot be updated after it, but can move to a supported runtime', async () => {
    const sim = createSimulation({ seed: 1, startTime: '2024-01-05T00:00:00Z' })
    sim.createFunction({ functionName: 'legacy', runtime: 'nodejs14.x', code: async () => 'ok' })
    await sim.advance('35d')
    expect(() => sim.createFunction({ functionName: 'again', runtime: 'nodejs14.x', code: async () => 'ok' })).toThrow(refusal('nodejs14.x', 'nodejs24.x'))
    expect(() => sim.updateFunctionConfiguration({ functionName: 'legacy', timeout: 10 })).toThrow(refusal('nodejs14.x', 'nodejs24.x'))
    expect(sim.updateFunctionConfiguration({ functionName: 'legacy', runtime: 'nodejs20.x' }).runtime).toBe('nodejs20.x')
  })

  it('an unknown identifier is a ValidationException listing the model\'s enum', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => sim.createFunction({ functionName: 'x', runtime: 'cobol85' as Runtime, code: async () => 'ok' })).toThrow(
      expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining(`Member must satisfy enum value set: [${RUNTIMES.join(', ')}]`) }),
    )
  })

  it('through LambdaClient - refused on create and on update with the exception and text AWS sends', async () => {
    const { client, sim, createFunction } = simulatedLambda({ startTime: '2026-08-01T00:00:00Z' })
    const created = await createFunction('py', async () => 'ok', { Runtime: 'python3.13' })
    expect(created.Runtime).toBe('python3.13')
    const code = sim.registerCode('old', async () => 'ok')
    const onCreate = await rejection(client.send(new CreateFunctionCommand({ FunctionName: 'old', Role: ROLE, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: code })))
    expect(onCreate.name).toBe('InvalidParameterValueException')
    expect(onCreate.$metadata.httpStatusCode).toBe(400)
    expect(onCreate.message).toBe(refusal('nodejs20.x', 'nodejs24.x'))
    const onUpdate = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'py', Runtime: 'python3.9' })))
    expect(onUpdate.name).toBe('InvalidParameterValueException')
    expect(onUpdate.message).toBe(refusal('python3.9', 'python3.14'))
  })
})
