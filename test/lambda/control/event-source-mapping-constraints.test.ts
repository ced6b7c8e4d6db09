/**
 * The checked-in constraints are what the generator makes of AWS's API model today: re-run it in
 * memory and compare. CI has `../shared/aws-models/` beside the repository; without it the test
 * skips, saying why.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultModelPath, generate, outputPath, readModel } from '../../../scripts/generate-aws-constraints.mjs'
import { eventSourceMappingConstraints } from '../../../src/lambda/control/generated/event-source-mapping-constraints.js'

const modelPresent = existsSync(defaultModelPath)

describe('generated event source mapping constraints', () => {
  it.skipIf(!modelPresent)(`match the API model (${defaultModelPath}); run \`npm run generate:constraints\` if this fails`, () => {
    expect(readFileSync(outputPath, 'utf8')).toBe(generate(readModel()))
  })

  it.runIf(!modelPresent)(`skipped the comparison: the AWS models directory is absent (${defaultModelPath})`, () => {
    expect(modelPresent).toBe(false)
  })

  it('carry the ranges the schemas are built from', () => {
    const create = eventSourceMappingConstraints.CreateEventSourceMappingRequest
    expect([create.BatchSize.min, create.BatchSize.max]).toEqual([1, 10000])
    expect([create.MaximumRecordAgeInSeconds.min, create.MaximumRecordAgeInSeconds.max]).toEqual([-1, 604800])
    expect(create.StartingPosition.enum).toEqual(['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'])
    expect(create.FunctionName.required).toBe(true)
    expect([eventSourceMappingConstraints.ScalingConfig.MaximumConcurrency.min, eventSourceMappingConstraints.ScalingConfig.MaximumConcurrency.max]).toEqual([2, 1000])
  })
})
