/**
 * The checked-in layer constraints are what the generator makes of AWS's API model today: re-run
 * it in memory and compare. Without `../shared/aws-models/` the comparison skips, saying why.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultModelPath, generateLayerConstraints, layerOutputPath, readModel } from '../../../scripts/generate-aws-constraints.mjs'
import { layerConstraints } from '../../../src/lambda/control/generated/layer-constraints.js'

const modelPresent = existsSync(defaultModelPath)

describe('generated layer constraints', () => {
  it.skipIf(!modelPresent)(`match the API model (${defaultModelPath}); run \`npm run generate:constraints\` if this fails`, () => {
    expect(readFileSync(layerOutputPath, 'utf8')).toBe(generateLayerConstraints(readModel()))
  })

  it.runIf(!modelPresent)(`skipped the comparison: the AWS models directory is absent (${defaultModelPath})`, () => {
    expect(modelPresent).toBe(false)
  })

  it('carry what the layer schemas are built from', () => {
    const publish = layerConstraints.PublishLayerVersionRequest
    expect([publish.LayerName.min, publish.LayerName.max, publish.LayerName.required]).toEqual([1, 140, true])
    expect([publish.CompatibleRuntimes.max, publish.CompatibleArchitectures.max, publish.LicenseInfo.max]).toEqual([15, 2, 512])
    expect(layerConstraints.ListLayersRequest.MaxItems).toMatchObject({ min: 1, max: 50 })
    expect(layerConstraints.AddLayerVersionPermissionRequest.Action.pattern).toBe('lambda:GetLayerVersion')
    expect(layerConstraints.Layer.Arn.pattern).toContain(':layer:[a-zA-Z0-9-_]+:[0-9]+')
  })
})
