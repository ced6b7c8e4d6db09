import { createHash } from 'node:crypto'
import {
  AddLayerVersionPermissionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  InvalidParameterValueException,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PreconditionFailedException,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
  paginateListLayers,
  paginateListLayerVersions,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import { zipDeclaring } from '../lambda/control/layer-zip.js'
import { ACCOUNT, rejection, simulatedLambda } from './lambda-client.js'

const LAYER = `arn:aws:lambda:us-east-1:${ACCOUNT}:layer`
const LIMIT = 262_144_000
const hello = async () => 'hello'

describe('lambda-layers', () => {
  it('PublishLayerVersion / GetLayerVersion / GetLayerVersionByArn - a ZipFile sized from the archive, AWS output shape', async () => {
    const { client } = simulatedLambda()
    const zip = zipDeclaring({ 'nodejs/node_modules/lib/index.js': 12_000, 'nodejs/node_modules/lib/package.json': 80 })
    const published = await client.send(
      new PublishLayerVersionCommand({
        LayerName: 'deps',
        Content: { ZipFile: zip },
        Description: 'shared deps',
        CompatibleRuntimes: ['nodejs22.x', 'nodejs20.x'],
        CompatibleArchitectures: ['x86_64', 'arm64'],
        LicenseInfo: 'MIT',
      }),
    )
    const { $metadata, ...output } = published
    expect($metadata.httpStatusCode).toBe(201)
    expect(output).toEqual({
      Content: { Location: 'lambda-sim://layers/deps/1', CodeSha256: createHash('sha256').update(zip).digest('base64'), CodeSize: zip.byteLength },
      LayerArn: `${LAYER}:deps`,
      LayerVersionArn: `${LAYER}:deps:1`,
      Description: 'shared deps',
      CreatedDate: '2024-01-01T00:00:00.000+0000',
      Version: 1,
      CompatibleRuntimes: ['nodejs22.x', 'nodejs20.x'],
      CompatibleArchitectures: ['x86_64', 'arm64'],
      LicenseInfo: 'MIT',
    })
    const { $metadata: _get, ...got } = await client.send(new GetLayerVersionCommand({ LayerName: 'deps', VersionNumber: 1 }))
    expect(got).toEqual(output)
    const { $metadata: _byArn, ...byArn } = await client.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER}:deps:1` }))
    expect(byArn).toEqual(output)
    const missing = await rejection(client.send(new GetLayerVersionCommand({ LayerName: 'deps', VersionNumber: 2 })))
    expect(missing).toBeInstanceOf(ResourceNotFoundException)
    expect([missing.message, missing.$metadata.httpStatusCode]).toEqual(['The resource you requested does not exist.', 404])
  })

  it('PublishLayerVersion - S3 content registered with the simulation; a bad zip and a package over 250 MB refused', async () => {
    const { sim, client } = simulatedLambda()
    const reference = sim.registerLayerContent('layers/big.zip', { zippedBytes: 60_000_000, unzippedBytes: 240_000_000 })
    const published = await client.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: reference }))
    expect([published.Version, published.Content?.CodeSize]).toEqual([1, 60_000_000])
    const notZip = await rejection(client.send(new PublishLayerVersionCommand({ LayerName: 'x', Content: { ZipFile: new TextEncoder().encode('hello') } })))
    expect([notZip.name, notZip.message]).toEqual(['InvalidParameterValueException', 'Could not unzip uploaded file. Please check your file, then try to upload again.'])
    const tooBig = await rejection(client.send(new PublishLayerVersionCommand({ LayerName: 'x', Content: { ZipFile: zipDeclaring({ a: LIMIT + 1 }) } })))
    expect([tooBig.name, tooBig.message]).toEqual(['InvalidParameterValueException', `Unzipped size must be smaller than ${LIMIT} bytes`])
    const badName = await rejection(client.send(new PublishLayerVersionCommand({ LayerName: 'has space', Content: reference })))
    expect(badName.name).toBe('ValidationException')
    expect(badName.message).toMatch(/^1 validation error detected: Value 'has space' at 'layerName' failed to satisfy constraint: Member must satisfy regular expression pattern: /)
  })

  it('ListLayers / ListLayerVersions - filters and paging through the SDK paginators', async () => {
    const { sim, client } = simulatedLambda()
    for (let i = 0; i < 7; i++) sim.publishLayerVersion({ layerName: `layer-${i}`, content: { zippedBytes: 1, unzippedBytes: 1 }, compatibleRuntimes: [i % 2 === 0 ? 'nodejs22.x' : 'python3.13'] })
    for (let i = 0; i < 4; i++) sim.publishLayerVersion({ layerName: 'layer-0', content: { zippedBytes: 1, unzippedBytes: 1 }, compatibleArchitectures: [i === 1 ? 'arm64' : 'x86_64'] })

    const names: string[] = []
    for await (const page of paginateListLayers({ client, pageSize: 3 }, {})) {
      expect(page.Layers?.length).toBeLessThanOrEqual(3)
      names.push(...(page.Layers ?? []).map((layer) => `${layer.LayerName}:${layer.LatestMatchingVersion?.Version}`))
    }
    expect(names).toEqual(['layer-0:5', 'layer-1:1', 'layer-2:1', 'layer-3:1', 'layer-4:1', 'layer-5:1', 'layer-6:1'])
    const node = await client.send(new ListLayersCommand({ CompatibleRuntime: 'nodejs22.x' }))
    expect(node.Layers?.map((layer) => `${layer.LayerName}:${layer.LatestMatchingVersion?.Version}`)).toEqual(['layer-0:1', 'layer-2:1', 'layer-4:1', 'layer-6:1'])
    const arm = await client.send(new ListLayersCommand({ CompatibleArchitecture: 'arm64' }))
    expect(arm.Layers?.[0]).toEqual({
      LayerName: 'layer-0',
      LayerArn: `${LAYER}:layer-0`,
      LatestMatchingVersion: { LayerVersionArn: `${LAYER}:layer-0:3`, Version: 3, Description: '', CreatedDate: '2024-01-01T00:00:00.000+0000', CompatibleArchitectures: ['arm64'] },
    })

    const versions: number[] = []
    for await (const page of paginateListLayerVersions({ client, pageSize: 2 }, { LayerName: 'layer-0' })) versions.push(...(page.LayerVersions ?? []).map((version) => version.Version ?? 0))
    expect(versions).toEqual([5, 4, 3, 2, 1])
    const x86 = await client.send(new ListLayerVersionsCommand({ LayerName: `${LAYER}:layer-0`, CompatibleArchitecture: 'x86_64' }))
    expect(x86.LayerVersions?.map((version) => version.Version)).toEqual([5, 4, 2])
    const tooMany = await rejection(client.send(new ListLayersCommand({ MaxItems: 51 })))
    expect([tooMany.name, tooMany.message]).toEqual([
      'ValidationException',
      "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
    ])
  })

  it('DeleteLayerVersion - 204; the version is gone; deleting again succeeds', async () => {
    const { sim, client } = simulatedLambda()
    sim.publishLayerVersion({ layerName: 'deps', content: { zippedBytes: 1, unzippedBytes: 1 } })
    const deleted = await client.send(new DeleteLayerVersionCommand({ LayerName: 'deps', VersionNumber: 1 }))
    expect(deleted.$metadata.httpStatusCode).toBe(204)
    await client.send(new DeleteLayerVersionCommand({ LayerName: 'deps', VersionNumber: 1 }))
    expect((await client.send(new ListLayerVersionsCommand({ LayerName: 'deps' }))).LayerVersions).toEqual([])
    const below = await rejection(client.send(new DeleteLayerVersionCommand({ LayerName: 'deps', VersionNumber: 0 })))
    expect([below.name, below.message]).toEqual(['InvalidParameterValueException', 'Layer Version Cannot be less than 1'])
  })

  it('Layers on CreateFunction / UpdateFunctionConfiguration - answered with CodeSize; five at most; each must exist; 250 MB with the code', async () => {
    const { sim, client, createFunction } = simulatedLambda()
    const arns = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => sim.publishLayerVersion({ layerName: name, content: { zippedBytes: 100, unzippedBytes: 400 } }).layerVersionArn)
    const created = await createFunction('f', hello, { Layers: arns.slice(0, 2) })
    expect(created.Layers).toEqual([
      { Arn: `${LAYER}:a:1`, CodeSize: 100 },
      { Arn: `${LAYER}:b:1`, CodeSize: 100 },
    ])
    expect((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'f' }))).Layers).toEqual(created.Layers)

    const six = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Layers: arns })))
    expect(six).toBeInstanceOf(InvalidParameterValueException)
    expect([six.message, six.$metadata.httpStatusCode]).toEqual(['Cannot reference more than 5 layers.', 400])
    const missing = await rejection(createFunction('g', hello, { Layers: [`${LAYER}:a:2`] }))
    expect([missing.name, missing.message]).toEqual(['InvalidParameterValueException', `Layer version ${LAYER}:a:2 does not exist.`])

    const huge = sim.publishLayerVersion({ layerName: 'huge', content: { zipFile: zipDeclaring({ 'python/lib.so': LIMIT - 10 }) } }).layerVersionArn
    const combined = await rejection(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Layers: [huge] })))
    expect([combined.name, combined.message]).toEqual([
      'InvalidParameterValueException',
      `Function code combined with layers exceeds the maximum allowed size of ${LIMIT} bytes. The actual size is ${LIMIT - 10 + String(hello).length} bytes.`,
    ])
    const updated = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Layers: arns.slice(0, 5) }))
    expect(updated.Layers?.map((layer) => layer.Arn)).toEqual(arns.slice(0, 5))
    expect((await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'f', Layers: [] }))).Layers).toBeUndefined()
  })

  it('AddLayerVersionPermission / GetLayerVersionPolicy / RemoveLayerVersionPermission', async () => {
    const { sim, client } = simulatedLambda()
    sim.publishLayerVersion({ layerName: 'deps', content: { zippedBytes: 1, unzippedBytes: 1 } })
    const added = await client.send(
      new AddLayerVersionPermissionCommand({ LayerName: 'deps', VersionNumber: 1, StatementId: 'xaccount', Action: 'lambda:GetLayerVersion', Principal: '210987654321' }),
    )
    expect(added.$metadata.httpStatusCode).toBe(201)
    expect(JSON.parse(added.Statement ?? '')).toEqual({
      Sid: 'xaccount',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::210987654321:root' },
      Action: 'lambda:GetLayerVersion',
      Resource: `${LAYER}:deps:1`,
    })
    const policy = await client.send(new GetLayerVersionPolicyCommand({ LayerName: 'deps', VersionNumber: 1 }))
    expect(policy.RevisionId).toBe(added.RevisionId)
    expect(JSON.parse(policy.Policy ?? '').Statement).toHaveLength(1)

    const stale = await rejection(client.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'deps', VersionNumber: 1, StatementId: 'xaccount', RevisionId: 'stale' })))
    expect(stale).toBeInstanceOf(PreconditionFailedException)
    const removed = await client.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'deps', VersionNumber: 1, StatementId: 'xaccount', RevisionId: added.RevisionId }))
    expect(removed.$metadata.httpStatusCode).toBe(204)
    const none = await rejection(client.send(new GetLayerVersionPolicyCommand({ LayerName: 'deps', VersionNumber: 1 })))
    expect([none.name, none.message]).toEqual(['ResourceNotFoundException', 'No policy is associated with the given resource.'])
    const missing = await rejection(
      client.send(new AddLayerVersionPermissionCommand({ LayerName: 'deps', VersionNumber: 4, StatementId: 's', Action: 'lambda:GetLayerVersion', Principal: '*' })),
    )
    expect([missing.name, missing.message]).toEqual(['ResourceNotFoundException', `Layer version ${LAYER}:deps:4 does not exist.`])
  })
})
