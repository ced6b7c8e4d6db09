import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, type Simulation } from '../../../src/index.js'
import { expectAwsError } from '../../support/aws-errors.js'
import { zipDeclaring } from './layer-zip.js'

const LAYER = 'arn:aws:lambda:us-east-1:123456789012:layer'
const LIMIT = 262_144_000
const hello = async () => 'hello'

const invalid = (fn: () => unknown, message: string) => expectAwsError(fn, 'InvalidParameterValueException', 400, message)
const notFound = (fn: () => unknown, message: string) => expectAwsError(fn, 'ResourceNotFoundException', 404, message)

/** A layer version with a declared size (no bytes). */
function publish(sim: Simulation, layerName: string, unzippedBytes = 1000, extra: Partial<Parameters<Simulation['publishLayerVersion']>[0]> = {}) {
  return sim.publishLayerVersion({ layerName, content: { zippedBytes: Math.ceil(unzippedBytes / 4), unzippedBytes }, ...extra })
}

describe('layers - publish and read', () => {
  it('PublishLayerVersion - versions count from 1 per layer; ARNs, CreatedDate and Content as AWS answers them', async () => {
    const sim = createSimulation({ seed: 1 })
    const zip = zipDeclaring({ 'nodejs/node_modules/lib/index.js': 5000 })
    const first = sim.publishLayerVersion({ layerName: 'deps', content: { zipFile: zip }, description: 'shared deps', compatibleRuntimes: ['nodejs22.x', 'python3.13'], compatibleArchitectures: ['arm64'], licenseInfo: 'MIT' })
    expect(first).toEqual({
      content: { location: 'lambda-sim://layers/deps/1', codeSha256: createHash('sha256').update(zip).digest('base64'), codeSize: zip.byteLength },
      layerArn: `${LAYER}:deps`,
      layerVersionArn: `${LAYER}:deps:1`,
      description: 'shared deps',
      createdDate: '2024-01-01T00:00:00.000+0000',
      version: 1,
      compatibleRuntimes: ['nodejs22.x', 'python3.13'],
      compatibleArchitectures: ['arm64'],
      licenseInfo: 'MIT',
    })
    await sim.advance('1500ms')
    const second = publish(sim, 'deps')
    expect([second.version, second.layerVersionArn, second.createdDate, second.description]).toEqual([2, `${LAYER}:deps:2`, '2024-01-01T00:00:01.500+0000', ''])
    expect(publish(sim, 'other').version).toBe(1)
    expect(sim.getLayerVersion({ layerName: 'deps', versionNumber: 1 })).toEqual(first)
    expect(sim.getLayerVersion({ layerName: `${LAYER}:deps`, versionNumber: 2 })).toEqual(second)
    expect(sim.getLayerVersionByArn({ arn: `${LAYER}:deps:1` })).toEqual(first)
  })

  it('DeleteLayerVersion - the version is gone, its number is never reused, deleting again succeeds', () => {
    const sim = createSimulation({ seed: 1 })
    publish(sim, 'deps')
    publish(sim, 'deps')
    sim.deleteLayerVersion({ layerName: 'deps', versionNumber: 2 })
    sim.deleteLayerVersion({ layerName: 'deps', versionNumber: 2 })
    sim.deleteLayerVersion({ layerName: 'never-published', versionNumber: 1 })
    notFound(() => sim.getLayerVersion({ layerName: 'deps', versionNumber: 2 }), 'The resource you requested does not exist.')
    notFound(() => sim.getLayerVersionByArn({ arn: `${LAYER}:deps:2` }), 'The resource you requested does not exist.')
    sim.deleteLayerVersion({ layerName: 'deps', versionNumber: 1 })
    expect(publish(sim, 'deps').version).toBe(3)
  })

  it('not found and version numbers below 1', () => {
    const sim = createSimulation({ seed: 1 })
    publish(sim, 'deps')
    notFound(() => sim.getLayerVersion({ layerName: 'missing', versionNumber: 1 }), 'The resource you requested does not exist.')
    notFound(() => sim.getLayerVersion({ layerName: 'deps', versionNumber: 9 }), 'The resource you requested does not exist.')
    // Another account's layer is not in this simulation.
    notFound(() => sim.getLayerVersionByArn({ arn: 'arn:aws:lambda:us-east-1:111122223333:layer:deps:1' }), 'The resource you requested does not exist.')
    invalid(() => sim.getLayerVersion({ layerName: 'deps', versionNumber: 0 }), 'Layer Version Cannot be less than 1')
    invalid(() => sim.deleteLayerVersion({ layerName: 'deps', versionNumber: -1 }), 'Layer Version Cannot be less than 1')
  })

  it('validation - lengths, patterns and enums from the model', () => {
    const sim = createSimulation({ seed: 1 })
    const content = { zippedBytes: 1, unzippedBytes: 1 }
    expectAwsError(
      () => sim.publishLayerVersion({ layerName: 'bad name', content }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'bad name' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+",
    )
    expectAwsError(
      () => sim.publishLayerVersion({ layerName: 'deps', content, compatibleArchitectures: ['x86_64', 'arm64', 'arm64'] }),
      'ValidationException',
      400,
      "1 validation error detected: Value '[x86_64, arm64, arm64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must have length less than or equal to 2",
    )
    expectAwsError(
      () => sim.publishLayerVersion({ layerName: 'deps', content, compatibleArchitectures: ['sparc'] }),
      'ValidationException',
      400,
      "1 validation error detected: Value '[sparc]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
    )
    expectAwsError(
      () => sim.publishLayerVersion({ layerName: 'deps', content, description: 'd'.repeat(257) }),
      'ValidationException',
      400,
      `1 validation error detected: Value '${'d'.repeat(257)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`,
    )
    expect(() => sim.listLayers({ maxItems: 51 })).toThrow("Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50")
  })

  it('content - a zip that is not one, more than 250 MB unzipped, a folder, content registered for S3', () => {
    const sim = createSimulation({ seed: 1 })
    invalid(() => sim.publishLayerVersion({ layerName: 'deps', content: { zipFile: new TextEncoder().encode('not a zip') } }), 'Could not unzip uploaded file. Please check your file, then try to upload again.')
    invalid(() => sim.publishLayerVersion({ layerName: 'deps', content: { zipFile: zipDeclaring({ a: LIMIT, b: 1 }) } }), `Unzipped size must be smaller than ${LIMIT} bytes`)
    invalid(() => sim.publishLayerVersion({ layerName: 'deps', content: { zipFile: zipDeclaring({}) } }), 'Uploaded file must be a non-empty zip')
    invalid(() => sim.publishLayerVersion({ layerName: 'deps', content: {} as never }), 'Uploaded file must be a non-empty zip')
    expectAwsError(
      () => sim.publishLayerVersion({ layerName: 'deps' } as never),
      'ValidationException',
      400,
      "1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null",
    )
    expect(() => sim.registerLayerContent('k', { s3Bucket: 'lambda-sim', s3Key: 'k' } as never)).toThrow(SimulationError)
    expect(() => sim.registerLayerContent('', { zippedBytes: 1, unzippedBytes: 1 })).toThrow(/registerLayerContent needs a non-empty key/)
    expect(sim.publishLayerVersion({ layerName: 'deps', content: { zipFile: zipDeclaring({ a: LIMIT }) } }).version).toBe(1)

    const folder = mkdtempSync(join(tmpdir(), 'layer-'))
    writeFileSync(join(folder, 'a.js'), 'x'.repeat(300))
    writeFileSync(join(folder, 'b.js'), 'y'.repeat(200))
    expect(sim.publishLayerVersion({ layerName: 'folder', content: { directory: folder } }).content.codeSize).toBe(500)

    expect(sim.registerLayerContent('layers/big.zip', { zippedBytes: 40_000_000, unzippedBytes: 200_000_000 })).toEqual({ S3Bucket: 'lambda-sim', S3Key: 'layers/big.zip' })
    expect(sim.publishLayerVersion({ layerName: 'from-s3', content: { s3Bucket: 'lambda-sim', s3Key: 'layers/big.zip' } }).content.codeSize).toBe(40_000_000)
    invalid(
      () => sim.publishLayerVersion({ layerName: 'from-s3', content: { s3Bucket: 'lambda-sim', s3Key: 'nothing-here' } }),
      'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
    )
    invalid(
      () => sim.publishLayerVersion({ layerName: 'from-s3', content: { s3Bucket: 'other-bucket', s3Key: 'layers/big.zip' } }),
      'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist',
    )
  })
})

describe('layers - lists', () => {
  it('ListLayers - each layer with its latest version matching the filters, by name, paged', () => {
    const sim = createSimulation({ seed: 1 })
    publish(sim, 'b-layer', 1, { compatibleRuntimes: ['nodejs22.x'], compatibleArchitectures: ['x86_64', 'arm64'] })
    publish(sim, 'b-layer', 1, { compatibleRuntimes: ['python3.13'], compatibleArchitectures: ['x86_64'] })
    publish(sim, 'a-layer', 1, { compatibleRuntimes: ['nodejs22.x'] })
    publish(sim, 'c-layer')
    const latest = (output: ReturnType<Simulation['listLayers']>) => output.layers.map((layer) => `${layer.layerName}:${layer.latestMatchingVersion.version}`)
    expect(latest(sim.listLayers())).toEqual(['a-layer:1', 'b-layer:2', 'c-layer:1'])
    expect(latest(sim.listLayers({ compatibleRuntime: 'nodejs22.x' }))).toEqual(['a-layer:1', 'b-layer:1'])
    expect(latest(sim.listLayers({ compatibleArchitecture: 'arm64' }))).toEqual(['b-layer:1'])
    expect(latest(sim.listLayers({ compatibleRuntime: 'python3.13', compatibleArchitecture: 'x86_64' }))).toEqual(['b-layer:2'])
    const item = sim.listLayers({ compatibleRuntime: 'python3.13' }).layers[0]
    expect(item).toEqual({
      layerName: 'b-layer',
      layerArn: `${LAYER}:b-layer`,
      latestMatchingVersion: {
        layerVersionArn: `${LAYER}:b-layer:2`,
        version: 2,
        description: '',
        createdDate: '2024-01-01T00:00:00.000+0000',
        compatibleRuntimes: ['python3.13'],
        compatibleArchitectures: ['x86_64'],
      },
    })
    const first = sim.listLayers({ maxItems: 2 })
    expect([latest(first), first.nextMarker]).toEqual([['a-layer:1', 'b-layer:2'], 'c-layer'])
    const rest = sim.listLayers({ maxItems: 2, marker: first.nextMarker as string })
    expect([latest(rest), rest.nextMarker]).toEqual([['c-layer:1'], undefined])
    // A layer whose versions are all deleted is not listed.
    sim.deleteLayerVersion({ layerName: 'c-layer', versionNumber: 1 })
    expect(latest(sim.listLayers())).toEqual(['a-layer:1', 'b-layer:2'])
  })

  it('ListLayerVersions - newest first, filtered, paged; a missing layer lists nothing', () => {
    const sim = createSimulation({ seed: 1 })
    for (let i = 0; i < 5; i++) publish(sim, 'deps', 1, { compatibleRuntimes: [i % 2 === 0 ? 'nodejs22.x' : 'nodejs20.x'] })
    const versions = (output: ReturnType<Simulation['listLayerVersions']>) => output.layerVersions.map((version) => version.version)
    expect(versions(sim.listLayerVersions({ layerName: 'deps' }))).toEqual([5, 4, 3, 2, 1])
    expect(versions(sim.listLayerVersions({ layerName: 'deps', compatibleRuntime: 'nodejs22.x' }))).toEqual([5, 3, 1])
    const pages: number[][] = []
    let marker: string | undefined
    do {
      const page = sim.listLayerVersions({ layerName: `${LAYER}:deps`, maxItems: 2, ...(marker !== undefined ? { marker } : {}) })
      pages.push(versions(page))
      marker = page.nextMarker
    } while (marker !== undefined)
    expect(pages).toEqual([[5, 4], [3, 2], [1]])
    expect(sim.listLayerVersions({ layerName: 'missing' })).toEqual({ layerVersions: [] })
  })
})

describe('layers - on functions', () => {
  it('Layers - answered as [{ arn, codeSize }], replaced by an update, removed with [], kept by published versions', () => {
    const sim = createSimulation({ seed: 1 })
    const deps = publish(sim, 'deps', 4000)
    const tools = publish(sim, 'tools', 8000)
    const created = sim.createFunction({ functionName: 'f', code: hello, layers: [deps.layerVersionArn, tools.layerVersionArn] })
    expect(created.layers).toEqual([
      { arn: `${LAYER}:deps:1`, codeSize: 1000 },
      { arn: `${LAYER}:tools:1`, codeSize: 2000 },
    ])
    sim.publishVersion({ functionName: 'f' })
    expect(sim.updateFunctionConfiguration({ functionName: 'f', layers: [tools.layerVersionArn] }).layers).toEqual([{ arn: `${LAYER}:tools:1`, codeSize: 2000 }])
    expect(sim.updateFunctionConfiguration({ functionName: 'f', timeout: 10 }).layers).toEqual([{ arn: `${LAYER}:tools:1`, codeSize: 2000 }])
    expect(sim.updateFunctionConfiguration({ functionName: 'f', layers: [] }).layers).toBeUndefined()
    expect(sim.getFunctionConfiguration({ functionName: 'f', qualifier: '1' }).layers).toHaveLength(2)
  })

  it('Layers - at most five, each existing, one version per layer, in the function’s Region', () => {
    const sim = createSimulation({ seed: 1 })
    const arns = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => publish(sim, name).layerVersionArn)
    invalid(() => sim.createFunction({ functionName: 'f', code: hello, layers: arns }), 'Cannot reference more than 5 layers.')
    expect(sim.createFunction({ functionName: 'f', code: hello, layers: arns.slice(0, 5) }).layers).toHaveLength(5)
    invalid(() => sim.updateFunctionConfiguration({ functionName: 'f', layers: arns }), 'Cannot reference more than 5 layers.')
    invalid(() => sim.updateFunctionConfiguration({ functionName: 'f', layers: [`${LAYER}:a:7`] }), `Layer version ${LAYER}:a:7 does not exist.`)
    invalid(() => sim.createFunction({ functionName: 'g', code: hello, layers: [`${LAYER}:missing:1`] }), `Layer version ${LAYER}:missing:1 does not exist.`)
    publish(sim, 'a')
    invalid(
      () => sim.createFunction({ functionName: 'g', code: hello, layers: [`${LAYER}:a:1`, `${LAYER}:a:2`] }),
      `Two different versions of the same layer are not allowed to be referenced in the same function. ${LAYER}:a:1 and ${LAYER}:a:2 are versions of the same layer.`,
    )
    invalid(
      () => sim.createFunction({ functionName: 'g', code: hello, layers: ['arn:aws:lambda:eu-west-1:123456789012:layer:a:1'] }),
      'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.',
    )
    expectAwsError(
      () => sim.createFunction({ functionName: 'g', code: hello, layers: ['not-a-layer'] }),
      'ValidationException',
      400,
      "1 validation error detected: Value '[not-a-layer]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ((arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)), Member must not be null]",
    )
    // Nothing was changed by the refusals.
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).layers).toHaveLength(5)
    notFound(() => sim.getFunctionConfiguration({ functionName: 'g' }), 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:g')
  })

  it('a deleted version stays with the functions that have it, and cannot be added again', () => {
    const sim = createSimulation({ seed: 1 })
    const deps = publish(sim, 'deps')
    sim.createFunction({ functionName: 'f', code: hello, layers: [deps.layerVersionArn] })
    sim.deleteLayerVersion({ layerName: 'deps', versionNumber: 1 })
    expect(sim.getFunctionConfiguration({ functionName: 'f' }).layers).toEqual([{ arn: deps.layerVersionArn, codeSize: 250 }])
    expect(sim.updateFunctionConfiguration({ functionName: 'f', memorySize: 256 }).layers).toEqual([{ arn: deps.layerVersionArn, codeSize: 250 }])
    invalid(() => sim.createFunction({ functionName: 'g', code: hello, layers: [deps.layerVersionArn] }), `Layer version ${deps.layerVersionArn} does not exist.`)
  })

  it('250 MB unzipped - the layers alone, then code plus layers, on create, on configuration and on code updates', () => {
    const sim = createSimulation({ seed: 1 })
    const short = async () => 1
    const codeBytes = String(short).length
    const big = publish(sim, 'big', LIMIT - codeBytes).layerVersionArn
    const small = publish(sim, 'small', codeBytes + 1).layerVersionArn
    invalid(() => sim.createFunction({ functionName: 'f', code: short, layers: [big, small] }), `Layers consume more than the available size of ${LIMIT} bytes`)
    invalid(
      () => sim.createFunction({ functionName: 'f', code: async () => 'longer than the short one', layers: [big] }),
      `Function code combined with layers exceeds the maximum allowed size of ${LIMIT} bytes. The actual size is ${LIMIT - codeBytes + String(async () => 'longer than the short one').length} bytes.`,
    )
    // Exactly at the limit is allowed.
    expect(sim.createFunction({ functionName: 'f', code: short, layers: [big] }).layers).toEqual([{ arn: big, codeSize: Math.ceil((LIMIT - codeBytes) / 4) }])
    const longer = async () => 'a longer handler'
    invalid(
      () => sim.updateFunctionCode({ functionName: 'f', code: longer }),
      `Function code combined with layers exceeds the maximum allowed size of ${LIMIT} bytes. The actual size is ${LIMIT - codeBytes + String(longer).length} bytes.`,
    )
    sim.createFunction({ functionName: 'g', code: longer })
    invalid(
      () => sim.updateFunctionConfiguration({ functionName: 'g', layers: [big] }),
      `Function code combined with layers exceeds the maximum allowed size of ${LIMIT} bytes. The actual size is ${LIMIT - codeBytes + String(longer).length} bytes.`,
    )
  })
})

describe('layers - permissions', () => {
  it('AddLayerVersionPermission / GetLayerVersionPolicy / RemoveLayerVersionPermission, with revision ids', () => {
    const sim = createSimulation({ seed: 1 })
    const deps = publish(sim, 'deps')
    const added = sim.addLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'xaccount', action: 'lambda:GetLayerVersion', principal: '210987654321' })
    expect(JSON.parse(added.statement)).toEqual({
      Sid: 'xaccount',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::210987654321:root' },
      Action: 'lambda:GetLayerVersion',
      Resource: deps.layerVersionArn,
    })
    const org = sim.addLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'org', action: 'lambda:GetLayerVersion', principal: '*', organizationId: 'o-abcdefghij', revisionId: added.revisionId })
    expect(org.revisionId).not.toBe(added.revisionId)
    const policy = sim.getLayerVersionPolicy({ layerName: 'deps', versionNumber: 1 })
    expect(policy.revisionId).toBe(org.revisionId)
    expect(JSON.parse(policy.policy)).toEqual({
      Version: '2012-10-17',
      Id: 'default',
      Statement: [
        JSON.parse(added.statement),
        { Sid: 'org', Effect: 'Allow', Principal: '*', Action: 'lambda:GetLayerVersion', Resource: deps.layerVersionArn, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } },
      ],
    })
    expectAwsError(
      () => sim.addLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'org', action: 'lambda:GetLayerVersion', principal: '*' }),
      'ResourceConflictException',
      409,
      'The statement id (org) provided already exists. Please provide a new statement id, or remove the existing statement.',
    )
    const mismatch = 'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id'
    expectAwsError(() => sim.removeLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'org', revisionId: added.revisionId }), 'PreconditionFailedException', 412, mismatch)
    sim.removeLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'org', revisionId: org.revisionId })
    notFound(() => sim.removeLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'org' }), 'Statement org is not found in resource policy.')
    sim.removeLayerVersionPermission({ layerName: 'deps', versionNumber: 1, statementId: 'xaccount' })
    notFound(() => sim.getLayerVersionPolicy({ layerName: 'deps', versionNumber: 1 }), 'No policy is associated with the given resource.')
  })

  it('refusals - a missing version, an action other than lambda:GetLayerVersion, a bad principal', () => {
    const sim = createSimulation({ seed: 1 })
    publish(sim, 'deps')
    const grant = { statementId: 's', action: 'lambda:GetLayerVersion', principal: '*' }
    notFound(() => sim.addLayerVersionPermission({ layerName: 'deps', versionNumber: 2, ...grant }), `Layer version ${LAYER}:deps:2 does not exist.`)
    notFound(() => sim.getLayerVersionPolicy({ layerName: 'missing', versionNumber: 1 }), `Layer version ${LAYER}:missing:1 does not exist.`)
    expectAwsError(
      () => sim.addLayerVersionPermission({ layerName: 'deps', versionNumber: 1, ...grant, action: 'lambda:InvokeFunction' }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'lambda:InvokeFunction' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion",
    )
    expectAwsError(
      () => sim.addLayerVersionPermission({ layerName: 'deps', versionNumber: 1, ...grant, principal: 'someone' }),
      'ValidationException',
      400,
      "1 validation error detected: Value 'someone' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}|\\*|arn:(aws[a-zA-Z-]*):iam::\\d{12}:root",
    )
  })
})
