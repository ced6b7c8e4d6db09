/**
 * Validation text as AWS answers it today: every pattern, range and enum the control-plane schemas
 * print comes from AWS's API model (the generated `function-constraints.ts`, itself compared with the
 * model), Coral reports every failing constraint in the model's member order, and each refusal
 * comes under AWS's exception — through the facade and through the real LambdaClient.
 */
import {
  AddPermissionCommand,
  CreateAliasCommand,
  GetFunctionCommand,
  GetFunctionRecursionConfigCommand,
  InvalidParameterValueException,
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  PutProvisionedConcurrencyConfigCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda'
import { existsSync, readFileSync } from 'node:fs'
import type { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { defaultModelPath, functionOutputPath, generateFunctionConstraints, readModel } from '../../../scripts/generate-aws-constraints.mjs'
import { functionOperations, functionShapes as S } from '../../../src/config/generated/function-constraints.js'
import { invokeInputSchema } from '../../../src/config/invoke-schema.js'
import { awsPattern, memberKey, type MemberConstraints } from '../../../src/config/model-constraints.js'
import { createSimulation } from '../../../src/index.js'
import { aliasLookupSchema, createAliasSchema, listAliasesSchema, updateAliasSchema } from '../../../src/lambda/control/aliases.js'
import {
  functionOnlySchema,
  listProvisionedSchema,
  provisionedLookupSchema,
  putFunctionConcurrencySchema,
  putProvisionedSchema,
} from '../../../src/lambda/control/concurrency-config.js'
import { eventInvokeLookupSchema, listEventInvokeSchema, putEventInvokeConfigSchema } from '../../../src/lambda/control/event-invoke-config.js'
import { ON_DEMAND_LIMITS } from '../../../src/lambda/control/function-name-rules.js'
import {
  createFunctionSchema,
  functionLookupSchema,
  listFunctionsSchema,
  updateFunctionCodeSchema,
  updateFunctionConfigurationSchema,
} from '../../../src/lambda/control/function-schemas.js'
import { addPermissionSchema, getPolicySchema, removePermissionSchema } from '../../../src/lambda/control/permissions.js'
import { getFunctionRecursionConfigSchema, putFunctionRecursionConfigSchema } from '../../../src/lambda/control/recursion-config-schemas.js'
import { listVersionsSchema, publishVersionSchema } from '../../../src/lambda/control/versions.js'
import {
  createFunctionUrlConfigSchema,
  functionUrlLookupSchema,
  listFunctionUrlConfigsSchema,
  updateFunctionUrlConfigSchema,
} from '../../../src/lambda/urls/function-url-configs.js'
import { expectAwsError } from '../../support/aws-errors.js'
import { ARN, rejection, simulatedLambda } from '../../sdk/lambda-client.js'

const modelPresent = existsSync(defaultModelPath)
const handler = async (): Promise<string> => 'ok'

const FUNCTION_NAME = S.CreateFunctionRequest.FunctionName.pattern
const NAMESPACED_FUNCTION_NAME = S.GetFunctionRequest.FunctionName.pattern
const READ_QUALIFIER = S.GetFunctionRequest.Qualifier.pattern

/** Each operation's input schema, by the model's operation name. */
const schemaOf: Record<keyof typeof functionOperations, z.ZodType> = {
  CreateFunction: createFunctionSchema,
  UpdateFunctionConfiguration: updateFunctionConfigurationSchema,
  UpdateFunctionCode: updateFunctionCodeSchema,
  GetFunction: functionLookupSchema,
  GetFunctionConfiguration: functionLookupSchema,
  DeleteFunction: functionLookupSchema,
  ListFunctions: listFunctionsSchema,
  Invoke: invokeInputSchema,
  PublishVersion: publishVersionSchema,
  ListVersionsByFunction: listVersionsSchema,
  CreateAlias: createAliasSchema,
  GetAlias: aliasLookupSchema,
  UpdateAlias: updateAliasSchema,
  DeleteAlias: aliasLookupSchema,
  ListAliases: listAliasesSchema,
  AddPermission: addPermissionSchema,
  RemovePermission: removePermissionSchema,
  GetPolicy: getPolicySchema,
  PutFunctionConcurrency: putFunctionConcurrencySchema,
  GetFunctionConcurrency: functionOnlySchema,
  DeleteFunctionConcurrency: functionOnlySchema,
  PutProvisionedConcurrencyConfig: putProvisionedSchema,
  GetProvisionedConcurrencyConfig: provisionedLookupSchema,
  DeleteProvisionedConcurrencyConfig: provisionedLookupSchema,
  ListProvisionedConcurrencyConfigs: listProvisionedSchema,
  PutFunctionEventInvokeConfig: putEventInvokeConfigSchema,
  UpdateFunctionEventInvokeConfig: putEventInvokeConfigSchema,
  GetFunctionEventInvokeConfig: eventInvokeLookupSchema,
  DeleteFunctionEventInvokeConfig: eventInvokeLookupSchema,
  ListFunctionEventInvokeConfigs: listEventInvokeSchema,
  PutFunctionRecursionConfig: putFunctionRecursionConfigSchema,
  GetFunctionRecursionConfig: getFunctionRecursionConfigSchema,
  CreateFunctionUrlConfig: createFunctionUrlConfigSchema,
  GetFunctionUrlConfig: functionUrlLookupSchema,
  UpdateFunctionUrlConfig: updateFunctionUrlConfigSchema,
  DeleteFunctionUrlConfig: functionUrlLookupSchema,
  ListFunctionUrlConfigs: listFunctionUrlConfigsSchema,
}

/** Where the simulation keeps a bound of its own (documented in docs/deviations.md). */
const HAND_WRITTEN_MAX: Record<string, number> = {
  'CreateFunctionRequest.Timeout': ON_DEMAND_LIMITS.timeoutSeconds,
  'CreateFunctionRequest.MemorySize': ON_DEMAND_LIMITS.memorySizeMB,
  'UpdateFunctionConfigurationRequest.Timeout': ON_DEMAND_LIMITS.timeoutSeconds,
  'UpdateFunctionConfigurationRequest.MemorySize': ON_DEMAND_LIMITS.memorySizeMB,
}

/** The messages a schema prints for `input`, by the first key of each issue's path. */
function messagesAt(schema: z.ZodType, input: Record<string, unknown>, key: string): string[] {
  const result = schema.safeParse(input)
  if (result.success) return []
  return result.error.issues.filter((issue) => issue.path[0] === key).map((issue) => issue.message)
}

/** The members of every operation's input, with the schema that checks them. */
const members = Object.entries(functionOperations).flatMap(([operation, { input }]) =>
  Object.entries((S as unknown as Record<string, Record<string, MemberConstraints>>)[input] ?? {}).map(([member, c]) => ({
    operation: operation as keyof typeof functionOperations,
    input,
    member,
    key: memberKey(member),
    c,
  })),
)
const simulated = members.filter(({ operation, key }) => {
  // Schemas are built on first use (config/schema-on-first-use.ts): look through the lazy wrapper.
  const schema = schemaOf[operation] as unknown as { shape?: Record<string, unknown>; unwrap?: () => unknown }
  const shape = schema.shape ?? (schema.unwrap?.() as { shape?: Record<string, unknown> } | undefined)?.shape
  return shape !== undefined && key in shape
})

describe('validation text from the model', () => {
  it.skipIf(!modelPresent)(`the generated constraints match the API model (${defaultModelPath}); run \`npm run generate:constraints\` if this fails`, () => {
    expect(readFileSync(functionOutputPath, 'utf8')).toBe(generateFunctionConstraints(readModel()))
  })

  it('the generated file names every operation of the task with its error shapes', () => {
    expect(Object.keys(functionOperations)).toHaveLength(37)
    expect(functionOperations.GetFunction.errors).toEqual(['InvalidParameterValueException', 'ServiceException', 'TooManyRequestsException', 'ResourceNotFoundException'])
    expect(functionOperations.GetProvisionedConcurrencyConfig.errors).toContain('ProvisionedConcurrencyConfigNotFoundException')
    expect(S.CreateFunctionRequest.Role.required).toBe(true)
    expect(S.AddPermissionRequest.StatementId.required).toBe(true)
  })

  it("every pattern the schemas print is the model's pattern for that member", () => {
    const withPattern = simulated.filter(({ c }) => c.type === 'string' && c.pattern !== undefined && !new RegExp(`^(?:${c.pattern})$`).test(' '))
    expect(withPattern.length).toBeGreaterThan(60)
    for (const { operation, input, member, key, c } of withPattern) {
      const printed = messagesAt(schemaOf[operation], { [key]: ' ' }, key)
      // CreateFunction's plain name is AWS's own check, worded with the same pattern.
      const wanted = awsPattern(c.pattern as string)
      expect(printed.some((message) => message === wanted || message.endsWith(`: ${wanted}`)), `${input}.${member}: ${printed.join(' | ')}`).toBe(true)
    }
  })

  it("every numeric range and enum the schemas check is the model's (on-demand bounds aside)", () => {
    let checked = 0
    for (const { operation, input, member, key, c } of simulated) {
      const schema = schemaOf[operation]
      if (c.type === 'integer') {
        if (c.min !== undefined) {
          expect(messagesAt(schema, { [key]: c.min - 1 }, key), `${input}.${member}`).toContain(`Too small: expected number to be >=${String(c.min)}`)
          checked++
        }
        const max = HAND_WRITTEN_MAX[`${input}.${member}`] ?? c.max
        if (max !== undefined) {
          expect(messagesAt(schema, { [key]: max + 1 }, key), `${input}.${member}`).toContain(`Too big: expected number to be <=${String(max)}`)
          checked++
        }
      }
      // Runtime is the runtimes' own list; PackageType: the simulation has Zip packages only.
      if (c.type === 'string' && c.enum !== undefined && member !== 'Runtime' && member !== 'PackageType') {
        const printed = messagesAt(schema, { [key]: 'not-a-value' }, key)
        expect(printed.join(), `${input}.${member}`).toContain(c.enum.map((value) => JSON.stringify(value)).join('|'))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(25)
  })
})

describe('validation answers through the facade', () => {
  it("getFunction - a name in ARN form is checked against NamespacedFunctionName: length first, then the pattern", () => {
    const sim = createSimulation({ seed: 1 })
    const long = `${ARN}:${'x'.repeat(230)} y`
    expectAwsError(
      () => sim.getFunction({ functionName: long }),
      'ValidationException',
      400,
      `2 validation errors detected: Value '${long}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256; ` +
        `Value '${long}' at 'functionName' failed to satisfy constraint: ${awsPattern(NAMESPACED_FUNCTION_NAME)}`,
    )
  })

  it('getFunction - a well-formed name that exists nowhere is ResourceNotFoundException (dots are legal on reads)', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(() => sim.getFunction({ functionName: 'a.b' }), 'ResourceNotFoundException', 404, `Function not found: ${ARN}:a.b`)
  })

  it('getFunction - every failing member is reported, in the model order (functionName, then qualifier)', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => sim.getFunction({ functionName: 'bad name', qualifier: 'v?' }),
      'ValidationException',
      400,
      `2 validation errors detected: Value 'bad name' at 'functionName' failed to satisfy constraint: ${awsPattern(NAMESPACED_FUNCTION_NAME)}; ` +
        `Value 'v?' at 'qualifier' failed to satisfy constraint: ${awsPattern(READ_QUALIFIER)}`,
    )
  })

  it('createFunction - a plain name breaking the rules is InvalidParameterValueException worded as Coral words it', () => {
    const sim = createSimulation({ seed: 1 })
    const name = `${'n'.repeat(64)} x`
    expectAwsError(
      () => sim.createFunction({ functionName: name, code: handler }),
      'InvalidParameterValueException',
      400,
      `2 validation errors detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64; ` +
        `Value '${name}' at 'functionName' failed to satisfy constraint: ${awsPattern(FUNCTION_NAME)}`,
    )
  })

  it('createFunction - a name in ARN form: the model constraints answer (ValidationException); a valid one names the function', () => {
    const sim = createSimulation({ seed: 1 })
    const bad = `${ARN}:bad name`
    expectAwsError(
      () => sim.createFunction({ functionName: bad, code: handler }),
      'ValidationException',
      400,
      `1 validation error detected: Value '${bad}' at 'functionName' failed to satisfy constraint: ${awsPattern(FUNCTION_NAME)}`,
    )
    expect(sim.createFunction({ functionName: `${ARN}:by-arn`, code: handler }).functionArn).toBe(`${ARN}:by-arn`)
    expect(sim.createFunction({ functionName: '123456789012:function:by-partial', code: handler }).functionName).toBe('by-partial')
    expect(() => sim.createFunction({ functionName: 'f:1', code: handler })).toThrow(/^Unsupported function name: f:1\./)
  })

  it('createFunction - Coral failures of other members come first: the plain-name check then stays silent', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => sim.createFunction({ functionName: 'n'.repeat(65), code: handler, timeout: 0 }),
      'ValidationException',
      400,
      "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
  })

  it('createFunction - several failures in the model order (role, handler, timeout, memorySize, loggingConfig)', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () =>
        sim.createFunction({
          loggingConfig: { logGroup: 'bad group' },
          memorySize: 10241,
          timeout: 0,
          handler: 'index handler',
          role: 'lambda-role',
          functionName: 'f',
          code: handler,
        }),
      'ValidationException',
      400,
      '5 validation errors detected: ' +
        [
          `Value 'lambda-role' at 'role' failed to satisfy constraint: ${awsPattern(S.CreateFunctionRequest.Role.pattern)}`,
          `Value 'index handler' at 'handler' failed to satisfy constraint: ${awsPattern(S.CreateFunctionRequest.Handler.pattern)}`,
          "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
          "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240",
          `Value 'bad group' at 'loggingConfig.logGroup' failed to satisfy constraint: ${awsPattern(S.LoggingConfig.LogGroup.pattern)}`,
        ].join('; '),
    )
  })

  it('addPermission - statementId, action, principalOrgID in the model order, each with its pattern', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: handler })
    expectAwsError(
      () => sim.addPermission({ principalOrgID: 'o-1', action: 'invoke', statementId: 'a.b', functionName: 'f', principal: '*' }),
      'ValidationException',
      400,
      '4 validation errors detected: ' +
        [
          `Value 'a.b' at 'statementId' failed to satisfy constraint: ${awsPattern(S.AddPermissionRequest.StatementId.pattern)}`,
          `Value 'invoke' at 'action' failed to satisfy constraint: ${awsPattern(S.AddPermissionRequest.Action.pattern)}`,
          "Value 'o-1' at 'principalOrgID' failed to satisfy constraint: Member must have length greater than or equal to 12",
          `Value 'o-1' at 'principalOrgID' failed to satisfy constraint: ${awsPattern(S.AddPermissionRequest.PrincipalOrgID.pattern)}`,
        ].join('; '),
    )
  })

  it('putProvisionedConcurrencyConfig - its qualifier is the older Qualifier shape, with its own pattern', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => sim.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'a.b', provisionedConcurrentExecutions: 0 }),
      'ValidationException',
      400,
      `2 validation errors detected: Value 'a.b' at 'qualifier' failed to satisfy constraint: ${awsPattern(S.PutProvisionedConcurrencyConfigRequest.Qualifier.pattern)}; ` +
        "Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
  })

  it('putFunctionRecursionConfig - an unqualified name only, and the model enum', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => sim.putFunctionRecursionConfig({ functionName: 'f:1', recursiveLoop: 'Stop' as never }),
      'ValidationException',
      400,
      `2 validation errors detected: Value 'f:1' at 'functionName' failed to satisfy constraint: ${awsPattern(S.PutFunctionRecursionConfigRequest.FunctionName.pattern)}; ` +
        "Value 'Stop' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Allow, Terminate]",
    )
  })
})

describe('validation answers through the real LambdaClient', () => {
  it('GetFunction - a malformed name is a ValidationException with the NamespacedFunctionName pattern', async () => {
    const { client } = simulatedLambda()
    const error = await rejection(client.send(new GetFunctionCommand({ FunctionName: 'bad name' })))
    expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual([
      'ValidationException',
      400,
      `1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint: ${awsPattern(NAMESPACED_FUNCTION_NAME)}`,
    ])
  })

  it('GetFunction - a well-formed unknown name is ResourceNotFoundException', async () => {
    const { client } = simulatedLambda()
    const error = await rejection(client.send(new GetFunctionCommand({ FunctionName: 'no.such' })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.message).toBe(`Function not found: ${ARN}:no.such`)
  })

  it('CreateFunction - a 65-character name is InvalidParameterValueException with the length text', async () => {
    const { createFunction } = simulatedLambda()
    const name = 'n'.repeat(65)
    const error = await rejection(createFunction(name, handler))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect([error.$metadata.httpStatusCode, error.message]).toEqual([
      400,
      `1 validation error detected: Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ])
  })

  it('CreateFunction - several members fail: one message, counted, in the model order', async () => {
    const { createFunction } = simulatedLambda()
    const error = await rejection(createFunction('f', handler, { Handler: 'a b', Timeout: 0, MemorySize: 64, Role: 'r' }))
    expect([error.name, error.message]).toEqual([
      'ValidationException',
      '4 validation errors detected: ' +
        [
          `Value 'r' at 'role' failed to satisfy constraint: ${awsPattern(S.CreateFunctionRequest.Role.pattern)}`,
          `Value 'a b' at 'handler' failed to satisfy constraint: ${awsPattern(S.CreateFunctionRequest.Handler.pattern)}`,
          "Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
          "Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
        ].join('; '),
    ])
  })

  it('Invoke, CreateAlias, AddPermission, PutProvisionedConcurrencyConfig, PutFunctionEventInvokeConfig, GetFunctionRecursionConfig - the model text', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('f', handler)
    const cases: [Promise<unknown>, string][] = [
      [client.send(new InvokeCommand({ FunctionName: 'f', Qualifier: 'v?' })), `Value 'v?' at 'qualifier' failed to satisfy constraint: ${awsPattern(READ_QUALIFIER)}`],
      [
        client.send(new CreateAliasCommand({ FunctionName: 'f', Name: '2024', FunctionVersion: '1' })),
        `Value '2024' at 'name' failed to satisfy constraint: ${awsPattern(S.CreateAliasRequest.Name.pattern)}`,
      ],
      [
        client.send(new AddPermissionCommand({ FunctionName: 'f', StatementId: 's', Action: 'lambda:InvokeFunction', Principal: '*', SourceAccount: '12' })),
        `Value '12' at 'sourceAccount' failed to satisfy constraint: ${awsPattern(S.AddPermissionRequest.SourceAccount.pattern)}`,
      ],
      [
        client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: 'f', Qualifier: '1', ProvisionedConcurrentExecutions: 0 })),
        "Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ],
      [
        client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'f', MaximumEventAgeInSeconds: 59 })),
        "Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
      ],
      [
        client.send(new GetFunctionRecursionConfigCommand({ FunctionName: 'f:1' })),
        `Value 'f:1' at 'functionName' failed to satisfy constraint: ${awsPattern(S.GetFunctionRecursionConfigRequest.FunctionName.pattern)}`,
      ],
    ]
    for (const [call, problem] of cases) {
      const error = await rejection(call)
      expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual(['ValidationException', 400, `1 validation error detected: ${problem}`])
    }
  })
})

describe('refusals of a well-formed name the simulation cannot serve', () => {
  it('an ARN of another Region: ResourceNotFoundException, AWS text, through the facade and the LambdaClient', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('f', handler)
    const elsewhere = 'arn:aws:lambda:eu-west-1:123456789012:function:f'
    expectAwsError(() => sim.getFunction({ functionName: elsewhere }), 'ResourceNotFoundException', 404, "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')")
    const error = await rejection(client.send(new InvokeCommand({ FunctionName: elsewhere })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.message).toBe("Functions from 'eu-west-1' are not reachable in this region ('us-east-1')")
  })
})

describe('names the model admits that no function has', () => {
  it('$LATEST.PUBLISHED (Managed Instances) passes the model on reads and is not found, in either form', () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: handler })
    const missing = `Function not found: ${ARN}:f:$LATEST.PUBLISHED`
    expectAwsError(() => sim.getFunction({ functionName: 'f', qualifier: '$LATEST.PUBLISHED' }), 'ResourceNotFoundException', 404, missing)
    expectAwsError(() => sim.getFunction({ functionName: 'f:$LATEST.PUBLISHED' }), 'ResourceNotFoundException', 404, missing)
  })

  it("an event-invoke destination prints the model's DestinationArn pattern", () => {
    const sim = createSimulation({ seed: 1 })
    sim.createFunction({ functionName: 'f', code: handler })
    expectAwsError(
      () => sim.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onFailure: { destination: 'not an arn' } } }),
      'ValidationException',
      400,
      `1 validation error detected: Value 'not an arn' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: ${awsPattern(S.OnFailure.Destination.pattern)}`,
    )
  })
})

describe('list members, as Coral reports them', () => {
  const ENUM = "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"

  it('architectures - a bad element is one problem on the whole list, the value printed as a Java list', () => {
    const sim = createSimulation({ seed: 1 })
    expectAwsError(
      () => sim.createFunction({ functionName: 'f', code: handler, architectures: ['x86'] as never }),
      'ValidationException',
      400,
      `1 validation error detected: Value '[x86]' at 'architectures' failed to satisfy constraint: ${ENUM}`,
    )
    expectAwsError(
      () => sim.createFunction({ functionName: 'f', code: handler, architectures: ['arm64', 'x86'] as never }),
      'ValidationException',
      400,
      "2 validation errors detected: Value '[arm64, x86]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1; " +
        `Value '[arm64, x86]' at 'architectures' failed to satisfy constraint: ${ENUM}`,
    )
    expectAwsError(
      () => sim.createFunction({ functionName: 'f', code: handler, architectures: [] }),
      'ValidationException',
      400,
      "1 validation error detected: Value '[]' at 'architectures' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
    expect(sim.createFunction({ functionName: 'f', code: handler, architectures: ['arm64'] }).architectures).toEqual(['arm64'])
  })

  it('architectures - the same text through the LambdaClient', async () => {
    const { createFunction } = simulatedLambda()
    const error = await rejection(createFunction('f', handler, { Architectures: ['x86' as never] }))
    expect([error.name, error.message]).toEqual([
      'ValidationException',
      `1 validation error detected: Value '[x86]' at 'architectures' failed to satisfy constraint: ${ENUM}`,
    ])
  })
})
