/**
 * Event builders: realistic, deterministic events for the sources the simulation does not drive
 * itself, typed with `@types/aws-lambda`, to invoke typed handlers with.
 */
export { albEvent } from './alb.js'
export type { AlbEventInput } from './alb.js'
export { apiGatewayProxyEvent } from './api-gateway.js'
export type { ApiGatewayProxyEventInput } from './api-gateway.js'
export { apiGatewayProxyEventV2 } from './api-gateway-v2.js'
export type { ApiGatewayProxyEventV2Input } from './api-gateway-v2.js'
export type { SimulationScope, TimeInput } from './common.js'
export type { InvocationRecord, InvocationRecordCondition } from './destination.js'
export { dynamoDbStreamEvent, marshallItem } from './dynamodb.js'
export type { DynamoDbStreamEventOptions, DynamoDbStreamRecordInput } from './dynamodb.js'
export { eventBridgeEvent } from './eventbridge.js'
export type { EventBridgeEventInput } from './eventbridge.js'
export { s3Event } from './s3.js'
export type { S3EventOptions, S3RecordInput } from './s3.js'
export { scheduledEvent } from './scheduled.js'
export type { ScheduledEventInput } from './scheduled.js'
export { snsEvent } from './sns.js'
export type { SnsEventOptions, SnsMessageInput } from './sns.js'
export { sqsEvent } from './sqs.js'
export type { SqsEventOptions, SqsMessageInput } from './sqs.js'
