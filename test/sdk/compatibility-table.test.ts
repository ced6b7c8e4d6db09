/**
 * docs/compatibility.md is what the generator makes of AWS's API model and the SDK bridge's routes
 * today: regenerated in memory and compared, so a route added or removed without
 * `npm run generate:compatibility` fails here. Without `../shared/aws-models/` the comparison skips,
 * saying why.
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classify, defaultModelPath, generate, outputPath, readModel, STATUS } from '../../scripts/generate-compatibility-table.mjs'

const modelPresent = existsSync(defaultModelPath)

describe('docs/compatibility.md', () => {
  it.skipIf(!modelPresent)('is up to date with the API model and LAMBDA_ROUTES; run `npm run generate:compatibility` if this fails', () => {
    expect(readFileSync(outputPath, 'utf8')).toBe(generate(readModel()))
  })

  it.skipIf(!modelPresent)('shows every operation of the model once, each with a status, and none without a route or a named feature', () => {
    const model = readModel() as { operations: Record<string, unknown> }
    const rows = classify(model)
    expect(rows.map((row) => row.name)).toEqual(Object.keys(model.operations).sort())
    expect(rows.every((row) => Object.values(STATUS).includes(row.status))).toBe(true)
    expect(rows.filter((row) => row.note === 'no route')).toEqual([])
    const table = readFileSync(outputPath, 'utf8')
    for (const row of rows) expect(table).toContain(`| ${row.name} |`)
  })

  it.skipIf(!modelPresent)('classifies by what the router answers: simulated, answered without the feature, another issue, refused by name', () => {
    const byName = new Map(classify(readModel()).map((row) => [row.name, row]))
    expect(byName.get('GetAccountSettings')?.status).toBe(STATUS.simulated)
    expect(byName.get('ListTags')?.status).toBe(STATUS.simulated)
    expect(byName.get('ListCapacityProviders')?.status).toBe(STATUS.withoutFeature)
    expect(byName.get('CreateFunctionUrlConfig')?.status).toBe(STATUS.simulated)
    expect(byName.get('InvokeWithResponseStream')?.status).toBe(STATUS.simulated)
    expect(byName.get('GetCapacityProvider')?.status).toBe(STATUS.refused)
  })

  it.runIf(!modelPresent)(`skipped: the AWS models directory is absent (${defaultModelPath})`, () => {
    expect(modelPresent).toBe(false)
  })
})
