import { describe, expect, it } from 'vitest'
import { createSimulation, LambdaError } from '../../../src/index.js'

const hello = async () => 'hello'
const PROFILE = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/release/abcdef0123'

function thrown(call: () => unknown): LambdaError {
  try {
    call()
  } catch (error) {
    expect(error).toBeInstanceOf(LambdaError)
    return error as LambdaError
  }
  throw new Error('expected the call to throw')
}

describe('account settings, tags, code signing and runtime management (facade)', () => {
  it('getAccountSettings - follows functions, versions and reservations', () => {
    const sim = createSimulation({ seed: 3 })
    expect(sim.getAccountSettings().accountLimit.concurrentExecutions).toBe(1000)
    const created = sim.createFunction({ functionName: 'a', code: hello })
    sim.putFunctionConcurrency({ functionName: 'a', reservedConcurrentExecutions: 250 })
    sim.publishVersion({ functionName: 'a' })
    const settings = sim.getAccountSettings()
    expect(settings.accountLimit.unreservedConcurrentExecutions).toBe(750)
    expect(settings.accountUsage).toEqual({ functionCount: 1, totalCodeSize: 2 * created.codeSize })
    sim.deleteFunction({ functionName: 'a' })
    expect(sim.getAccountSettings().accountUsage).toEqual({ functionCount: 0, totalCodeSize: 0 })
    expect(sim.getAccountSettings().accountLimit.unreservedConcurrentExecutions).toBe(1000)
  })

  it('tags - createFunction keeps them (checked), getFunction and listTags show them, tagResource/untagResource change them', () => {
    const sim = createSimulation({ seed: 3 })
    const { functionArn } = sim.createFunction({ functionName: 'a', code: hello, tags: { team: 'x' } })
    expect(sim.getFunction({ functionName: 'a' }).tags).toEqual({ team: 'x' })
    sim.tagResource({ resource: functionArn, tags: { stage: 'dev' } })
    sim.untagResource({ resource: functionArn, tagKeys: ['team'] })
    expect(sim.listTags({ resource: functionArn }).tags).toEqual({ stage: 'dev' })
    expect(sim.getFunction({ functionName: 'a' }).tags).toEqual({ stage: 'dev' })

    const reserved = thrown(() => sim.createFunction({ functionName: 'b', code: hello, tags: { 'aws:cloudformation:stack-name': 's' } }))
    expect(reserved.name).toBe('InvalidParameterValueException')
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    expect(thrown(() => sim.createFunction({ functionName: 'b', code: hello, tags: many })).message).toBe('Number of tags exceeds resource tag limit.')
    expect(thrown(() => sim.createFunction({ functionName: 'b', code: hello, tags: { '': 'v' } })).message).toBe(
      "1 validation error detected: Value '{=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or equal to 1]",
    )
    // Nothing was created by the refused calls.
    expect(sim.listFunctions().functions.map((f) => f.functionName)).toEqual(['a'])
    // Other accounts' functions are not found; capacity providers are not simulated.
    expect(thrown(() => sim.listTags({ resource: 'arn:aws:lambda:us-east-1:999999999999:function:a' })).message).toBe(
      'Function not found: arn:aws:lambda:us-east-1:999999999999:function:a',
    )
    expect(thrown(() => sim.listTags({ resource: 'arn:aws:lambda:us-east-1:123456789012:capacity-provider:p' })).name).toBe('ResourceNotFoundException')
  })

  it('code signing configs - a deleted function lets go of its config; ids are deterministic', () => {
    const run = () => {
      const sim = createSimulation({ seed: 9 })
      sim.createFunction({ functionName: 'a', code: hello })
      const { codeSigningConfig } = sim.createCodeSigningConfig({ allowedPublishers: { signingProfileVersionArns: [PROFILE] }, codeSigningPolicies: { untrustedArtifactOnDeployment: 'Enforce' } })
      sim.putFunctionCodeSigningConfig({ functionName: 'a', codeSigningConfigArn: codeSigningConfig.codeSigningConfigArn })
      sim.deleteFunction({ functionName: 'a' })
      sim.createFunction({ functionName: 'a', code: hello })
      expect(sim.getFunctionCodeSigningConfig({ functionName: 'a' })).toEqual({})
      sim.deleteCodeSigningConfig({ codeSigningConfigArn: codeSigningConfig.codeSigningConfigArn })
      return codeSigningConfig.codeSigningConfigId
    }
    expect(run()).toBe(run())
  })

  it('code signing configs - paging with marker and maxItems', () => {
    const sim = createSimulation({ seed: 4 })
    const ids = Array.from({ length: 3 }, () => sim.createCodeSigningConfig({ allowedPublishers: { signingProfileVersionArns: [PROFILE] } }).codeSigningConfig.codeSigningConfigId)
    const first = sim.listCodeSigningConfigs({ maxItems: 2 })
    expect(first.codeSigningConfigs.map((c) => c.codeSigningConfigId)).toEqual(ids.slice(0, 2))
    const second = sim.listCodeSigningConfigs({ maxItems: 2, ...(first.nextMarker !== undefined ? { marker: first.nextMarker } : {}) })
    expect(second.codeSigningConfigs.map((c) => c.codeSigningConfigId)).toEqual(ids.slice(2))
    expect(second.nextMarker).toBeUndefined()
  })

  it('runtime management - goes with the function; an alias has its own', () => {
    const sim = createSimulation({ seed: 5 })
    sim.createFunction({ functionName: 'a', code: hello, publish: true })
    sim.createAlias({ functionName: 'a', name: 'live', functionVersion: '1' })
    const version = 'arn:aws:lambda:us-east-1::runtime:abc123abc123abc123'
    expect(sim.putRuntimeManagementConfig({ functionName: 'a:live', updateRuntimeOn: 'Manual', runtimeVersionArn: version })).toEqual({
      updateRuntimeOn: 'Manual',
      runtimeVersionArn: version,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:a:live',
    })
    expect(sim.getRuntimeManagementConfig({ functionName: 'a', qualifier: '1' }).updateRuntimeOn).toBe('Auto')
    sim.deleteFunction({ functionName: 'a' })
    sim.createFunction({ functionName: 'a', code: hello, publish: true })
    sim.createAlias({ functionName: 'a', name: 'live', functionVersion: '1' })
    expect(sim.getRuntimeManagementConfig({ functionName: 'a:live' }).updateRuntimeOn).toBe('Auto')
    const short = thrown(() => sim.putRuntimeManagementConfig({ functionName: 'a', updateRuntimeOn: 'Manual', runtimeVersionArn: 'arn:x' }))
    expect(short.message).toBe(
      "2 validation errors detected: Value 'arn:x' at 'runtimeVersionArn' failed to satisfy constraint: Member must have length greater than or equal to 26; Value 'arn:x' at 'runtimeVersionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}::runtime:.+",
    )
  })
})
