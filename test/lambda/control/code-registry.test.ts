import { describe, expect, it } from 'vitest'
import { createSimulation, type LambdaError } from '../../../src/index.js'
import { checkCodeSize, CodeRegistry } from '../../../src/lambda/control/code-registry.js'

function thrown(action: () => unknown): LambdaError | undefined {
  try {
    action()
  } catch (error) {
    return error as LambdaError
  }
  return undefined
}

describe('lambda/control/code-registry - declared sizes', () => {
  it('the request limit is on the base64 form of a direct upload: 52,625,406 bytes pass, one more does not', () => {
    expect(thrown(() => checkCodeSize({ zippedBytes: 52_625_406 }, 'CreateFunction', true))).toBeUndefined()
    expect(thrown(() => checkCodeSize({ zippedBytes: 52_625_407 }, 'UpdateFunctionCode', true))).toMatchObject({
      name: 'RequestEntityTooLargeException',
      statusCode: 413,
      message: 'Request must be smaller than 70167211 bytes for the UpdateFunctionCode operation',
    })
    // Not a direct upload (S3): no request limit.
    expect(thrown(() => checkCodeSize({ zippedBytes: 100_000_000 }, 'CreateFunction', false))).toBeUndefined()
  })

  it('the unzipped limit: 262,144,000 bytes pass, one more is InvalidParameterValueException', () => {
    expect(thrown(() => checkCodeSize({ unzippedBytes: 262_144_000 }, 'CreateFunction', false))).toBeUndefined()
    expect(thrown(() => checkCodeSize({ unzippedBytes: 262_144_001 }, 'CreateFunction', true))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Unzipped size must be smaller than 262144000 bytes',
    })
  })

  it('a token carries its name: the declared size follows the name, and registering again without a size clears it', () => {
    const registry = new CodeRegistry(() => 'seed=1')
    const handler = async (): Promise<number> => 1
    const token = registry.register('big', handler, { zippedBytes: 60_000_000 })
    expect(registry.declaredSize(handler)).toEqual({ zippedBytes: 60_000_000 })
    expect(thrown(() => registry.fromZipFile(token.ZipFile, 'CreateFunction'))?.name).toBe('RequestEntityTooLargeException')
    registry.register('big', handler)
    expect(registry.declaredSize(handler)).toBeUndefined()
    expect(registry.fromZipFile(token.ZipFile)).toBe(handler)
  })

  it('through the facade: CodeSize reports the declared zipped size of registered code', () => {
    const sim = createSimulation({ seed: 1 })
    const handler = async (): Promise<string> => 'ok'
    sim.registerCode('app.zip', handler, { zippedBytes: 4_096, unzippedBytes: 16_384 })
    expect(sim.createFunction({ functionName: 'f', code: handler }).codeSize).toBe(4_096)
    // Other code keeps its own size (the closure's source length).
    const other = sim.createFunction({ functionName: 'g', code: async () => 'other' })
    expect(other.codeSize).toBe(String(async () => 'other').length)
    expect(sim.updateFunctionCode({ functionName: 'g', code: handler }).codeSize).toBe(4_096)
  })
})
