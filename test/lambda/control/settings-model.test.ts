/**
 * The patterns, bounds and enums the tag, code signing and runtime management services check are
 * the API model's (typed once in each file; compared here with the model, so they cannot drift).
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TAG_KEY_LENGTH, TAG_PATTERN, TAG_RESOURCE_LENGTH, TAG_VALUE_LENGTH, TAGGABLE_RESOURCE_PATTERN } from '../../../src/lambda/control/tags.js'
import {
  CODE_SIGNING_CONFIG_ARN_MAX,
  CODE_SIGNING_CONFIG_ARN_PATTERN,
  DESCRIPTION_MAX,
  SIGNING_PROFILE_ARN_PATTERN,
  SIGNING_PROFILE_ARNS,
} from '../../../src/lambda/control/code-signing-configs.js'
import { RUNTIME_VERSION_ARN_LENGTH, RUNTIME_VERSION_ARN_PATTERN, UPDATE_RUNTIME_ON } from '../../../src/lambda/control/runtime-management.js'

const modelPath = resolve(import.meta.dirname, '../../../../shared/aws-models/lambda-2015-03-31.json')
const present = existsSync(modelPath)

describe('settings constraints match the API model', () => {
  it.skipIf(!present)('tags, code signing configs and runtime management', () => {
    const shapes = (JSON.parse(readFileSync(modelPath, 'utf8')) as { shapes: Record<string, { pattern?: string; min?: number; max?: number; enum?: string[] }> }).shapes
    expect(shapes['TaggableResource']).toMatchObject({ pattern: TAGGABLE_RESOURCE_PATTERN, min: TAG_RESOURCE_LENGTH.min, max: TAG_RESOURCE_LENGTH.max })
    expect(shapes['TagKey']).toMatchObject({ pattern: TAG_PATTERN, min: TAG_KEY_LENGTH.min, max: TAG_KEY_LENGTH.max })
    expect(shapes['TagValue']).toMatchObject({ pattern: TAG_PATTERN, min: TAG_VALUE_LENGTH.min, max: TAG_VALUE_LENGTH.max })
    expect(shapes['CodeSigningConfigArn']).toMatchObject({ pattern: CODE_SIGNING_CONFIG_ARN_PATTERN, max: CODE_SIGNING_CONFIG_ARN_MAX })
    expect(shapes['Arn']?.pattern).toBe(SIGNING_PROFILE_ARN_PATTERN)
    expect(shapes['SigningProfileVersionArns']).toMatchObject(SIGNING_PROFILE_ARNS)
    expect(shapes['Description']?.max).toBe(DESCRIPTION_MAX)
    expect(shapes['UpdateRuntimeOn']?.enum).toEqual([...UPDATE_RUNTIME_ON])
    expect(shapes['RuntimeVersionArn']).toMatchObject({ pattern: RUNTIME_VERSION_ARN_PATTERN, ...RUNTIME_VERSION_ARN_LENGTH })
  })

  it.runIf(!present)(`skipped: the AWS models directory is absent (${modelPath})`, () => {
    expect(present).toBe(false)
  })
})
