/**
 * The built declarations (dist/, which `npm test` builds first) are the public types: they must
 * name none of the machinery — the kernel, the bus, the engine, id factories, deliveries — so a
 * user's editor shows the verbs and nothing else, and internals can change without breaking anyone.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const dist = resolve(__dirname, '../dist')
const declarations = readdirSync(dist)
  .filter((name) => name.endsWith('.d.ts'))
  .map((name) => readFileSync(join(dist, name), 'utf8'))
  .join('\n')

/** Types of the machinery, by the names the source gives them. */
const internals = [
  'Kernel',
  'Task',
  'EventBus',
  'IdFactory',
  'Prng',
  'Decider',
  'RequestId',
  'InvocationEngine',
  'Attempt',
  'InvocationFacts',
  'InvocationObserver',
  'ContextHost',
  'FunctionStore',
  'FunctionRegistry',
  'EnvironmentManager',
  'DeliveryRouter',
  'DeliveryTarget',
  'SqsService',
  'SnsService',
  'S3Service',
  'EventBridgeService',
  'AutoScalingService',
  'EventSources',
  'SqsPoller',
  'StreamPoller',
  'KinesisService',
  'DynamoDbService',
  'SchedulerService',
  'ScheduleRunner',
  'RuleSchedules',
  'SimulationParts',
  'ApiGatewayService',
  'RestApis',
  'HttpApis',
  'ApiGatewayDoor',
  'FunctionUrlService',
  'FunctionUrlDoor',
  'ElbService',
  'AlbDoor',
  'CloudFrontService',
  'EdgePipeline',
  'EdgeCache',
]

describe('public types', () => {
  it('declarations - name none of the machinery', () => {
    const declared = internals.filter((name) => new RegExp(`(?:class|interface|type) ${name}\\b`).test(declarations))
    expect(declared).toEqual([])
  })

  it('declarations - the services are narrow interfaces, without delivery plumbing', () => {
    for (const api of ['SqsApi', 'SnsApi', 'S3Api', 'EventBridgeApi', 'AutoScalingApi', 'KinesisApi', 'DynamoDbApi', 'RestApiGatewayApi', 'HttpApiGatewayApi', 'ElbApi', 'FunctionUrlApi', 'CloudFrontApi']) expect(declarations).toMatch(new RegExp(`interface ${api} \\{`))
    expect(declarations).not.toMatch(/\baccepts\(arn/)
    expect(declarations).not.toMatch(/\bdeliver\(arn/)
  })

  it('declarations - every service error is a class users can instanceof', () => {
    for (const error of ['AwsError', 'LambdaError', 'SqsError', 'SnsError', 'S3Error', 'EventBridgeError', 'AutoScalingError', 'KinesisError', 'DynamoDbError', 'ApiGatewayError', 'ElbError', 'CloudFrontError', 'SimulationError']) {
      expect(declarations).toMatch(new RegExp(`declare (?:abstract )?class ${error}\\b`))
    }
  })
})
