import {
  CodeSigningConfigNotFoundException,
  CreateCodeSigningConfigCommand,
  CreateEventSourceMappingCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  DeleteFunctionCommand,
  GetAccountSettingsCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetRuntimeManagementConfigCommand,
  InvalidParameterValueException,
  ListCapacityProvidersCommand,
  ListEventSourceMappingsCommand,
  ListCodeSigningConfigsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  ListTagsCommand,
  PublishVersionCommand,
  PutFunctionCodeSigningConfigCommand,
  PutFunctionConcurrencyCommand,
  PutRuntimeManagementConfigCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCodeSigningConfigCommand,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, ARN, rejection, simulatedLambda } from './lambda-client.js'

const hello = async () => 'hello'
const PROFILE = `arn:aws:signer:us-east-1:${ACCOUNT}:/signing-profiles/release/abcdef0123`
const RUNTIME_VERSION = 'arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9'

describe('lambda-settings (through LambdaClient)', () => {
  it('GetAccountSettings - AWS quotas, the simulation’s concurrency less reservations, usage per version', async () => {
    const { client, createFunction } = simulatedLambda({ concurrency: { accountLimit: 500 } })
    const empty = await client.send(new GetAccountSettingsCommand({}))
    expect(empty.AccountLimit).toEqual({
      TotalCodeSize: 80530636800,
      CodeSizeUnzipped: 262144000,
      CodeSizeZipped: 52428800,
      ConcurrentExecutions: 500,
      UnreservedConcurrentExecutions: 500,
    })
    expect(empty.AccountUsage).toEqual({ TotalCodeSize: 0, FunctionCount: 0 })

    const created = await createFunction('orders', hello)
    await createFunction('billing', hello)
    await client.send(new PublishVersionCommand({ FunctionName: 'orders' }))
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'billing', ReservedConcurrentExecutions: 120 }))
    const used = await client.send(new GetAccountSettingsCommand({}))
    expect(used.AccountLimit?.UnreservedConcurrentExecutions).toBe(380)
    expect(used.AccountUsage?.FunctionCount).toBe(2)
    // $LATEST of both, and version 1 of orders.
    expect(used.AccountUsage?.TotalCodeSize).toBe(3 * (created.CodeSize ?? 0))
    expect(created.CodeSize).toBeGreaterThan(0)
  })

  it('tags - TagResource merges, ListTags and GetFunction show them, UntagResource removes (repeated tagKeys)', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('orders', hello, { Tags: { team: 'checkout' } })
    const arn = `${ARN}:orders`
    await client.send(new TagResourceCommand({ Resource: arn, Tags: { stage: 'prod', cost: 'c-1', team: 'payments' } }))
    expect((await client.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: 'payments', stage: 'prod', cost: 'c-1' })
    expect((await client.send(new GetFunctionCommand({ FunctionName: 'orders' }))).Tags).toEqual({ team: 'payments', stage: 'prod', cost: 'c-1' })
    await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['stage', 'cost', 'absent'] }))
    expect((await client.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({ team: 'payments' })
    await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['team'] }))
    expect((await client.send(new ListTagsCommand({ Resource: arn }))).Tags).toEqual({})
  })

  it('tags - AWS’s refusals: versions and aliases, missing functions, the ARN pattern, aws: keys, 50 tags, lengths', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('orders', hello)
    const arn = `${ARN}:orders`

    const qualified = await rejection(client.send(new TagResourceCommand({ Resource: `${arn}:$LATEST`, Tags: { a: 'b' } })))
    expect(qualified).toBeInstanceOf(InvalidParameterValueException)
    expect(qualified.message).toBe('Tags on function aliases and versions are not supported. Please specify a function ARN.')

    const missing = await rejection(client.send(new ListTagsCommand({ Resource: `${ARN}:nobody` })))
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect(missing.message).toBe(`Function not found: ${ARN}:nobody`)

    const notAnArn = await rejection(client.send(new ListTagsCommand({ Resource: 'orders' })))
    expect(notAnArn.name).toBe('ValidationException')
    expect(notAnArn.message).toMatch(/^1 validation error detected: Value 'orders' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:\(aws\[a-zA-Z-\]\*\):lambda:/)

    const reserved = await rejection(client.send(new TagResourceCommand({ Resource: arn, Tags: { 'AWS:owner': 'me' } })))
    expect(reserved).toBeInstanceOf(InvalidParameterValueException)
    expect(reserved.message).toMatch(/AWS:owner/)

    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']))
    await client.send(new TagResourceCommand({ Resource: arn, Tags: fifty }))
    const tooMany = await rejection(client.send(new TagResourceCommand({ Resource: arn, Tags: { one: 'more' } })))
    expect(tooMany).toBeInstanceOf(InvalidParameterValueException)
    expect(tooMany.message).toBe('Number of tags exceeds resource tag limit.')
    expect(Object.keys((await client.send(new ListTagsCommand({ Resource: arn }))).Tags ?? {})).toHaveLength(50)

    const longKey = await rejection(client.send(new TagResourceCommand({ Resource: arn, Tags: { ['k'.repeat(129)]: 'v' } })))
    expect(longKey.name).toBe('ValidationException')
    expect(longKey.message).toContain("at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128]")

    const badValue = await rejection(client.send(new TagResourceCommand({ Resource: arn, Tags: { k: 'semi;colon' } })))
    expect(badValue.name).toBe('ValidationException')
    expect(badValue.message).toContain('Map value must satisfy constraint: [Member must satisfy regular expression pattern: ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)]')

    const empty = await rejection(client.send(new TagResourceCommand({ Resource: arn, Tags: {} })))
    expect(empty).toBeInstanceOf(InvalidParameterValueException)
    expect(empty.message).toBe('An error occurred and the request cannot be processed.')
  })

  it('tags - event source mappings and code signing configs are taggable; a deleted function’s tags go with it', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    await createFunction('orders', hello)
    sim.sqs.createQueue({ queueName: 'jobs' })
    const mapping = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'orders', EventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs` }))
    await client.send(new TagResourceCommand({ Resource: mapping.EventSourceMappingArn, Tags: { source: 'jobs' } }))
    expect((await client.send(new ListTagsCommand({ Resource: mapping.EventSourceMappingArn }))).Tags).toEqual({ source: 'jobs' })

    // Tags given at creation are the mapping's; bad ones refuse the creation.
    sim.sqs.createQueue({ queueName: 'audit' })
    const tagged = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'orders', EventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:audit`, Tags: { owner: 'ops' } }))
    expect((await client.send(new ListTagsCommand({ Resource: tagged.EventSourceMappingArn }))).Tags).toEqual({ owner: 'ops' })
    const badTags = await rejection(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'orders', EventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:audit-2`, Tags: { 'aws:x': 'y' } })))
    expect(badTags).toBeInstanceOf(InvalidParameterValueException)
    expect((await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'orders' }))).EventSourceMappings).toHaveLength(2)

    const absentMapping = `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:00000000-0000-0000-0000-000000000000`
    const noMapping = await rejection(client.send(new ListTagsCommand({ Resource: absentMapping })))
    expect(noMapping).toBeInstanceOf(ResourceNotFoundException)

    const { CodeSigningConfig: csc } = await client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [PROFILE] }, Tags: { owner: 'sec' } }))
    expect((await client.send(new ListTagsCommand({ Resource: csc?.CodeSigningConfigArn }))).Tags).toEqual({ owner: 'sec' })

    await client.send(new TagResourceCommand({ Resource: `${ARN}:orders`, Tags: { team: 'a' } }))
    await client.send(new DeleteFunctionCommand({ FunctionName: 'orders' }))
    await createFunction('orders', hello)
    expect((await client.send(new ListTagsCommand({ Resource: `${ARN}:orders` }))).Tags).toEqual({})
  })

  it('code signing configs - create, get, update, list, attach, list functions, detach, delete', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('orders', hello)
    await createFunction('billing', hello)
    const created = await client.send(
      new CreateCodeSigningConfigCommand({ Description: 'release builds', AllowedPublishers: { SigningProfileVersionArns: [PROFILE] } }),
    )
    const csc = created.CodeSigningConfig!
    expect(csc.CodeSigningConfigId).toMatch(/^csc-[a-z0-9]{17}$/)
    expect(csc.CodeSigningConfigArn).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:code-signing-config:${csc.CodeSigningConfigId}`)
    expect(csc).toMatchObject({ Description: 'release builds', AllowedPublishers: { SigningProfileVersionArns: [PROFILE] }, CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' } })
    expect(csc.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/)
    const arn = csc.CodeSigningConfigArn!

    expect((await client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))).CodeSigningConfig).toEqual(csc)
    const updated = await client.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: arn, CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' } }))
    expect(updated.CodeSigningConfig).toMatchObject({ Description: 'release builds', CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' } })
    expect((await client.send(new ListCodeSigningConfigsCommand({}))).CodeSigningConfigs?.map((c) => c.CodeSigningConfigArn)).toEqual([arn])

    // A function without a config: an empty answer, not an error.
    const none = await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'orders' }))
    expect(none.CodeSigningConfigArn).toBeUndefined()
    expect(none.FunctionName).toBeUndefined()

    const put = await client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: `${ARN}:orders`, CodeSigningConfigArn: arn }))
    expect(put).toMatchObject({ CodeSigningConfigArn: arn, FunctionName: 'orders' })
    await client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: 'billing', CodeSigningConfigArn: arn }))
    expect(await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'orders' }))).toMatchObject({ CodeSigningConfigArn: arn, FunctionName: 'orders' })
    expect((await client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))).FunctionArns).toEqual([`${ARN}:billing`, `${ARN}:orders`])

    const inUse = await rejection(client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn })))
    expect(inUse).toBeInstanceOf(ResourceConflictException)

    await client.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'orders' }))
    await client.send(new DeleteFunctionCommand({ FunctionName: 'billing' }))
    expect((await client.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))).FunctionArns).toEqual([])
    await client.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn }))
    expect((await client.send(new ListCodeSigningConfigsCommand({}))).CodeSigningConfigs).toEqual([])
  })

  it('code signing configs - AWS’s errors: unknown config (two exceptions), unknown function, bad ARN, no publishers', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('orders', hello)
    const absent = `arn:aws:lambda:us-east-1:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`

    const get = await rejection(client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: absent })))
    expect(get).toBeInstanceOf(ResourceNotFoundException)
    expect(get.message).toBe(`The Lambda code signing configuration ${absent} can not be found.`)

    const put = await rejection(client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: 'orders', CodeSigningConfigArn: absent })))
    expect(put).toBeInstanceOf(CodeSigningConfigNotFoundException)
    expect(put.$metadata.httpStatusCode).toBe(404)
    expect(put.message).toBe(`The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${absent}.`)

    const { CodeSigningConfig: csc } = await client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [PROFILE] } }))
    const noFunction = await rejection(client.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: 'nobody', CodeSigningConfigArn: csc?.CodeSigningConfigArn })))
    expect(noFunction).toBeInstanceOf(ResourceNotFoundException)
    expect(noFunction.message).toBe(`Function not found: ${ARN}:nobody`)

    const badArn = await rejection(client.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: 'csc-1' })))
    expect(badArn.name).toBe('ValidationException')
    expect(badArn.message).toMatch(/^1 validation error detected: Value 'csc-1' at 'codeSigningConfigArn' failed to satisfy constraint: Member must satisfy regular expression pattern: /)

    const noPublishers = await rejection(client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [] } })))
    expect(noPublishers.name).toBe('ValidationException')
    expect(noPublishers.message).toBe(
      "1 validation error detected: Value '[]' at 'allowedPublishers.signingProfileVersionArns' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
  })

  it('code signing configs - CreateFunction with CodeSigningConfigArn attaches it; an unknown one creates nothing', async () => {
    const { client, createFunction } = simulatedLambda()
    const { CodeSigningConfig: csc } = await client.send(new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [PROFILE] } }))
    await createFunction('orders', hello, { CodeSigningConfigArn: csc?.CodeSigningConfigArn })
    expect(await client.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'orders' }))).toMatchObject({ CodeSigningConfigArn: csc?.CodeSigningConfigArn, FunctionName: 'orders' })

    const absent = `arn:aws:lambda:us-east-1:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`
    const refused = await rejection(createFunction('billing', hello, { CodeSigningConfigArn: absent }))
    expect(refused).toBeInstanceOf(CodeSigningConfigNotFoundException)
    expect(refused.message).toBe(`The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${absent}.`)
    const missing = await rejection(client.send(new GetFunctionCommand({ FunctionName: 'billing' })))
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
  })

  it('runtime management - Auto by default, Manual pinned to a runtime version, per version; AWS’s refusals', async () => {
    const { client, createFunction } = simulatedLambda()
    await createFunction('orders', hello)
    await client.send(new PublishVersionCommand({ FunctionName: 'orders' }))

    const initial = await client.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'orders' }))
    expect(initial).toMatchObject({ UpdateRuntimeOn: 'Auto', FunctionArn: `${ARN}:orders` })
    expect(initial.RuntimeVersionArn).toBeUndefined()

    const manual = await client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'orders', Qualifier: '1', UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION }))
    expect(manual).toMatchObject({ UpdateRuntimeOn: 'Manual', FunctionArn: `${ARN}:orders:1`, RuntimeVersionArn: RUNTIME_VERSION })
    expect(await client.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'orders', Qualifier: '1' }))).toMatchObject({ UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION })
    // $LATEST keeps its own setting.
    expect((await client.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'orders' }))).UpdateRuntimeOn).toBe('Auto')
    await client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'orders', UpdateRuntimeOn: 'FunctionUpdate' }))
    expect((await client.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'orders' }))).UpdateRuntimeOn).toBe('FunctionUpdate')

    const badMode = await rejection(client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'orders', UpdateRuntimeOn: 'Sometimes' as 'Auto' })))
    expect(badMode.message).toBe("1 validation error detected: Value 'Sometimes' at 'updateRuntimeOn' failed to satisfy constraint: Member must satisfy enum value set: [Auto, Manual, FunctionUpdate]")
    const manualWithoutVersion = await rejection(client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'orders', UpdateRuntimeOn: 'Manual' })))
    expect(manualWithoutVersion).toBeInstanceOf(InvalidParameterValueException)
    const autoWithVersion = await rejection(client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'orders', UpdateRuntimeOn: 'Auto', RuntimeVersionArn: RUNTIME_VERSION })))
    expect(autoWithVersion).toBeInstanceOf(InvalidParameterValueException)
    const noVersion = await rejection(client.send(new GetRuntimeManagementConfigCommand({ FunctionName: 'orders', Qualifier: '7' })))
    expect(noVersion).toBeInstanceOf(ResourceNotFoundException)
    expect(noVersion.message).toBe(`Function not found: ${ARN}:orders:7`)
  })

  it('ListCapacityProviders - answered as for an account without Lambda Managed Instances: none', async () => {
    const { client } = simulatedLambda()
    expect((await client.send(new ListCapacityProvidersCommand({}))).CapacityProviders).toEqual([])
  })
})
