import { describe, expect, it } from 'vitest'
import { createSimulation, RUNTIMES, type CreateFunctionInput, type Simulation } from '../../src/index.js'
import { parseAws, toAwsValidationError } from '../../src/config/aws-validation.js'
import { createFunctionSchema, listFunctionsSchema, RESERVED_ENV_KEYS } from '../../src/lambda/control/function-schemas.js'
import { expectAwsError, thrown } from '../support/aws-errors.js'

const handler = async (): Promise<string> => 'ok'

// AWS's current patterns (the API model's `FunctionName` and `NamespacedFunctionName`).
const CREATE_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?'
const LOOKUP_NAME_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?'
const ENV_KEY_MESSAGE =
  "Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"
const ENV_TOO_BIG_PREFIX =
  'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: '
const RESERVED_PREFIX =
  'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: '



function expectValidation(fn: () => unknown, ...problems: string[]): void {
  const head = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: `
  expectAwsError(fn, 'ValidationException', 400, head + problems.join('; '))
}

/** CreateFunction's plain name: Coral's wording, raised as InvalidParameterValueException (as AWS does). */
function expectNameRefused(fn: () => unknown, ...problems: string[]): void {
  const head = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: `
  expectAwsError(fn, 'InvalidParameterValueException', 400, head + problems.join('; '))
}

function create(sim: Simulation, extra: Partial<CreateFunctionInput>, functionName = 'f'): unknown {
  return sim.createFunction({ functionName, code: handler, ...extra })
}

/** A range check on one numeric field: both boundaries accepted, one past each rejected. */
const ranges: Array<{ field: string; path: string; min: number; max: number; input: (n: number) => Partial<CreateFunctionInput> }> = [
  { field: 'memorySize', path: 'memorySize', min: 128, max: 10240, input: (n) => ({ memorySize: n }) },
  { field: 'timeout', path: 'timeout', min: 1, max: 900, input: (n) => ({ timeout: n }) },
  { field: 'ephemeralStorage.size', path: 'ephemeralStorage.size', min: 512, max: 10240, input: (n) => ({ ephemeralStorage: { size: n } }) },
]

describe('aws-validation', () => {
  for (const range of ranges) {
    it(`createFunction - accepts ${range.field} at its boundaries ${range.min} and ${range.max}`, () => {
      const sim = createSimulation({ seed: 1 })
      const low = sim.createFunction({ functionName: 'low', code: handler, ...range.input(range.min) })
      const high = sim.createFunction({ functionName: 'high', code: handler, ...range.input(range.max) })
      const read = (c: unknown): unknown => range.path.split('.').reduce<any>((v, k) => v[k], c)
      expect(read(low)).toBe(range.min)
      expect(read(high)).toBe(range.max)
    })

    it(`createFunction - rejects ${range.field} below ${range.min} with the AWS message`, () => {
      const sim = createSimulation({ seed: 1 })
      expectValidation(
        () => create(sim, range.input(range.min - 1)),
        `Value '${range.min - 1}' at '${range.path}' failed to satisfy constraint: Member must have value greater than or equal to ${range.min}`,
      )
      expect(sim.listFunctions().functions).toEqual([])
    })

    it(`createFunction - rejects ${range.field} above ${range.max} with the AWS message`, () => {
      const sim = createSimulation({ seed: 1 })
      expectValidation(
        () => create(sim, range.input(range.max + 1)),
        `Value '${range.max + 1}' at '${range.path}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`,
      )
    })

    it(`updateFunctionConfiguration - rejects ${range.field} out of range and leaves the function unchanged`, () => {
      const sim = createSimulation({ seed: 1 })
      create(sim, {})
      const before = sim.getFunctionConfiguration({ functionName: 'f' })
      expectValidation(
        () => sim.updateFunctionConfiguration({ functionName: 'f', ...range.input(range.max + 1) }),
        `Value '${range.max + 1}' at '${range.path}' failed to satisfy constraint: Member must have value less than or equal to ${range.max}`,
      )
      expect(sim.getFunctionConfiguration({ functionName: 'f' })).toEqual(before)
      const updated = sim.updateFunctionConfiguration({ functionName: 'f', ...range.input(range.max) })
      expect(range.path.split('.').reduce<any>((v, k) => v[k], updated)).toBe(range.max)
    })
  }

  it('createFunction - pins the documented observed messages for memorySize 127, timeout 2000 and ephemeralStorage 3000000', () => {
    const sim = createSimulation({ seed: 1 })
    expect(() => create(sim, { memorySize: 127 })).toThrowErrorMatchingInlineSnapshot(
      `[ValidationException: 1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128]`,
    )
    expect(() => create(sim, { timeout: 2000 })).toThrowErrorMatchingInlineSnapshot(
      `[ValidationException: 1 validation error detected: Value '2000' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900]`,
    )
    expect(() => create(sim, { ephemeralStorage: { size: 3000000 } })).toThrowErrorMatchingInlineSnapshot(
      `[ValidationException: 1 validation error detected: Value '3000000' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to 10240]`,
    )
  })

  it('createFunction - accepts a 64-character function name and rejects 65 characters', () => {
    const sim = createSimulation({ seed: 1 })
    const name64 = 'a'.repeat(64)
    expect(sim.createFunction({ functionName: name64, code: handler }).functionName).toBe(name64)
    const name65 = 'b'.repeat(65)
    expectNameRefused(
      () => create(sim, {}, name65),
      `Value '${name65}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    )
  })

  it('createFunction - accepts letters, digits, hyphen and underscore in a name', () => {
    const sim = createSimulation({ seed: 1 })
    expect(sim.createFunction({ functionName: 'Az09-_x', code: handler }).functionArn).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:Az09-_x',
    )
  })

  it.each(['a.b', 'with space', 'slash/name', 'ünicode'])('createFunction - rejects the name %j with the pattern message', (name) => {
    const sim = createSimulation({ seed: 1 })
    expectNameRefused(
      () => create(sim, {}, name),
      `Value '${name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CREATE_NAME_PATTERN}`,
    )
  })

  it('getFunction - rejects a malformed identifier with the lookup pattern (which admits dots)', () => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => sim.getFunction({ functionName: 'bad name' }),
      `Value 'bad name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${LOOKUP_NAME_PATTERN}`,
    )
  })

  it('createFunction - accepts a 256-character description and rejects 257', () => {
    const sim = createSimulation({ seed: 1 })
    const ok = 'd'.repeat(256)
    expect(sim.createFunction({ functionName: 'ok', code: handler, description: ok }).description).toBe(ok)
    const tooLong = 'e'.repeat(257)
    expectValidation(
      () => create(sim, { description: tooLong }),
      `Value '${tooLong}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`,
    )
  })

  it('createFunction - reports several violations in one message, counted and joined by "; "', () => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => create(sim, { memorySize: 127, timeout: 0 }),
      "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
      "Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    )
    const error = thrown(() => create(sim, { memorySize: 10241, timeout: 901, ephemeralStorage: { size: 511 } }))
    expect(error.message).toMatch(/^3 validation errors detected: /)
    expect(error.message.match(/ detected: /g)).toHaveLength(1)
    expect(error.message.split('; ')).toHaveLength(3)
  })

  it('createFunction - a bad env key counts as one of several validation errors', () => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => create(sim, { memorySize: 1, environment: { variables: { A1: 'x', 'b-c': 'y' } } }),
      "Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
      ENV_KEY_MESSAGE,
    )
  })

  it('createFunction - rejects the role when it is not an IAM role ARN', () => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => create(sim, { role: 'lambdarole' }),
      "Value 'lambdarole' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
    )
    expect(sim.createFunction({ functionName: 'r', code: handler, role: 'arn:aws:iam::123456789012:role/my-role' }).role).toBe(
      'arn:aws:iam::123456789012:role/my-role',
    )
  })

  it('createFunction - a missing required member is "Value null ... Member must not be null"', () => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => sim.createFunction({ code: handler } as unknown as CreateFunctionInput),
      "Value null at 'functionName' failed to satisfy constraint: Member must not be null",
    )
  })

  it('createFunction - a value of the wrong type is not reported as null', () => {
    const sim = createSimulation({ seed: 1 })
    const error = thrown(() => create(sim, { memorySize: '256' as unknown as number }))
    expect(error.name).toBe('ValidationException')
    expect(error.message).toMatch(/^1 validation error detected: Value '256' at 'memorySize' failed to satisfy constraint: Member must be of type /)
    expect(error.message).not.toContain('must not be null')
  })

  it('createFunction - rejects an unknown runtime with the enum value set', () => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => create(sim, { runtime: 'cobol85' as unknown as 'nodejs22.x' }),
      `Value 'cobol85' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES.join(', ')}]`,
    )
  })

  it('createFunction - rejects code that is neither a handler nor { init } as a ValidationException', () => {
    const sim = createSimulation({ seed: 1 })
    for (const code of [42, 'async () => 1', { init: 'nope' }, null]) {
      const error = thrown(() => sim.createFunction({ functionName: 'f', code: code as never }))
      expect(error.name).toBe('ValidationException')
      expect(error.statusCode).toBe(400)
      expect(error.message).toMatch(/^1 validation error detected: Value .* at 'code' failed to satisfy constraint: /)
    }
    expect(sim.listFunctions().functions).toEqual([])
  })

  // ------------------------------------------------------------ environment variables

  it('createFunction - accepts environment variables of exactly 4096 bytes of compact JSON', () => {
    const sim = createSimulation({ seed: 1 })
    // {"AB":"…"} is 9 bytes of JSON around the value.
    const variables = { AB: 'x'.repeat(4096 - 9) }
    expect(Buffer.byteLength(JSON.stringify(variables))).toBe(4096)
    expect(sim.createFunction({ functionName: 'f', code: handler, environment: { variables } }).environment).toEqual({ variables })
  })

  it('createFunction - rejects 4097 bytes with InvalidParameterValueException and the measured string', () => {
    const sim = createSimulation({ seed: 1 })
    const variables = { AB: 'x'.repeat(4096 - 8) }
    expectAwsError(
      () => create(sim, { environment: { variables } }),
      'InvalidParameterValueException',
      400,
      `${ENV_TOO_BIG_PREFIX}{"AB":"${'x'.repeat(4088)}"}`,
    )
  })

  it('createFunction - measures environment size in UTF-8 bytes, not characters', () => {
    const sim = createSimulation({ seed: 1 })
    // 'é' is 2 bytes: 9 + 2 * 2043 = 4095 (fits), 9 + 2 * 2044 = 4097 (too big) though only 2053 characters.
    expect(() => create(sim, { environment: { variables: { AB: 'é'.repeat(2043) } } }, 'fits')).not.toThrow()
    const error = thrown(() => create(sim, { environment: { variables: { AB: 'é'.repeat(2044) } } }, 'big'))
    expect(error.name).toBe('InvalidParameterValueException')
    expect(error.message).toBe(`${ENV_TOO_BIG_PREFIX}{"AB":"${'é'.repeat(2044)}"}`)
  })

  it('createFunction - rejects one reserved key with the AWS message', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => create(sim, { environment: { variables: { AWS_REGION: 'eu-west-1' } } }),
      'InvalidParameterValueException',
      400,
      `${RESERVED_PREFIX}AWS_REGION`,
    )
  })

  it("createFunction - lists several reserved keys in request order, joined by ', '", () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => create(sim, { environment: { variables: { AWS_REGION: 'x', MY_VAR: 'ok', AWS_ACCESS_KEY_ID: 'y', AWS_SECRET_ACCESS_KEY: 'z' } } }),
      'InvalidParameterValueException',
      400,
      `${RESERVED_PREFIX}AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY`,
    )
  })

  it.each(RESERVED_ENV_KEYS.filter((key) => /^[a-zA-Z]/.test(key)))('createFunction - refuses the reserved key %s', (key) => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(() => create(sim, { environment: { variables: { [key]: 'v' } } }), 'InvalidParameterValueException', 400, `${RESERVED_PREFIX}${key}`)
  })

  it.each(['_HANDLER', '_X_AMZN_TRACE_ID'])('createFunction - reserved key %s already fails the key pattern (validation comes first)', (key) => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(() => create(sim, { environment: { variables: { [key]: 'v' } } }), ENV_KEY_MESSAGE)
  })

  it('createFunction - accepts the settable predefined keys (LANG, TZ, PATH, NODE_PATH)', () => {
    const sim = createSimulation({ seed: 1 })
    const variables = { LANG: 'C', TZ: 'Europe/Paris', PATH: '/bin', NODE_PATH: '/opt' }
    expect(sim.createFunction({ functionName: 'f', code: handler, environment: { variables } }).environment?.variables).toEqual(variables)
  })

  it.each(['A', '1AB', 'a-b', 'has space', '_UNDERSCORE', 'dot.key'])('createFunction - rejects the env key %j with the map-key constraint', (key) => {
    const sim = createSimulation({ seed: 1 })
    expectValidation(() => create(sim, { environment: { variables: { GOOD: 'x', [key]: 'v' } } }), ENV_KEY_MESSAGE)
  })

  it('createFunction - accepts two-character and mixed env keys', () => {
    const sim = createSimulation({ seed: 1 })
    const variables = { ab: '1', Z9: '2', a_B_3: '3' }
    expect(sim.createFunction({ functionName: 'f', code: handler, environment: { variables } }).environment?.variables).toEqual(variables)
  })

  it('updateFunctionConfiguration - applies the same environment checks as createFunction', () => {
    const sim = createSimulation({ seed: 1 })
    create(sim, {})
    expectAwsError(
      () => sim.updateFunctionConfiguration({ functionName: 'f', environment: { variables: { AWS_REGION: 'x' } } }),
      'InvalidParameterValueException',
      400,
      `${RESERVED_PREFIX}AWS_REGION`,
    )
    expectValidation(() => sim.updateFunctionConfiguration({ functionName: 'f', environment: { variables: { x: '1' } } }), ENV_KEY_MESSAGE)
    const big = { AB: 'x'.repeat(4088) }
    expectAwsError(
      () => sim.updateFunctionConfiguration({ functionName: 'f', environment: { variables: big } }),
      'InvalidParameterValueException',
      400,
      `${ENV_TOO_BIG_PREFIX}${JSON.stringify(big)}`,
    )
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).environment).toBeUndefined()
  })

  // ------------------------------------------------------------ direct use

  it('parseAws - returns the parsed data when valid and throws a LambdaError otherwise', () => {
    expect(parseAws(listFunctionsSchema, { maxItems: 10 })).toEqual({ maxItems: 10 })
    expectValidation(
      () => parseAws(listFunctionsSchema, { maxItems: 0 }),
      "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
    expectValidation(
      () => parseAws(listFunctionsSchema, { maxItems: 10001 }),
      "Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000",
    )
  })

  it('toAwsValidationError - model validation errors come before the service-level environment checks', () => {
    const input = { functionName: 'f', code: handler, memorySize: 1, environment: { variables: { AWS_REGION: 'x' } } }
    const result = createFunctionSchema.safeParse(input)
    expect(result.success).toBe(false)
    if (result.success) return
    const error = toAwsValidationError(result.error, input)
    expect(error.name).toBe('ValidationException')
    expect(error.message).toBe(
      "1 validation error detected: Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    )
    const sim = createSimulation({ seed: 1 })
    expectValidation(
      () => create(sim, { timeout: 0, environment: { variables: { AB: 'x'.repeat(5000) } } }),
      "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
  })

  it('LambdaError - serialises as the AWS JSON body: validation errors carry only `message`', () => {
    const sim = createSimulation({ seed: 1 })
    const error = thrown(() => create(sim, { timeout: 0 }))
    expect(error.type).toBe('User')
    expect(error.toJSON()).toEqual({
      message: "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    })
  })

  it('LambdaError - ResourceNotFoundException says `Message`, other exceptions `message`, both with Type User', () => {
    const sim = createSimulation({ seed: 1 })
    expect(thrown(() => sim.getFunction({ functionName: 'missing' })).toJSON()).toEqual({
      Type: 'User',
      Message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing',
    })
    sim.createFunction({ functionName: 'f', code: handler })
    expect(thrown(() => sim.createFunction({ functionName: 'f', code: handler })).toJSON()).toEqual({ Type: 'User', message: 'Function already exist: f' })
  })
})
