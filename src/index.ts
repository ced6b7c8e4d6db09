/**
 * lambda-sim: AWS Lambda, simulated in-process on a virtual clock. Same seed ⇒ the same run.
 */
export { createSimulation, Simulation } from './simulation/simulation.js'
export type { EnvironmentInfo } from './simulation/simulation.js'
export type { SimulationOptions } from './simulation/options.js'
export type { BatchFaultKind, BatchFaultSpec, FaultKind, FaultPlanInput, FaultSpec, InvocationFaultKind, InvocationFaultSpec } from './lambda/invoke/fault-plan.js'
export { LambdaError } from './errors/lambda-error.js'
export { SimulationError } from './kernel/simulation-error.js'
export { awslambda } from './runtime/response-stream.js'
export type { HttpResponsePrelude, ResponseStream, StreamedResponse } from './runtime/response-stream.js'
export type { LambdaErrorName } from './errors/lambda-error.js'
export { AwsError } from './errors/aws-error.js'
export type { AwsErrorTable, AwsFault, AwsFaultStyle } from './errors/aws-error.js'
export { SqsError } from './aws/sqs/errors.js'
export type { SqsErrorName } from './aws/sqs/errors.js'
export { KinesisError } from './aws/kinesis/errors.js'
export type { KinesisErrorName } from './aws/kinesis/errors.js'
export { DynamoDbError } from './aws/dynamodb/errors.js'
export type { DynamoDbErrorName } from './aws/dynamodb/errors.js'
export { SnsError } from './aws/sns/errors.js'
export { S3Error } from './aws/s3/errors.js'
export type { S3ErrorCode } from './aws/s3/errors.js'
export type {
  CompletedPart,
  GetObjectOutput,
  LambdaFunctionConfiguration,
  ListObjectsV2Output,
  NotificationConfiguration,
  PutObjectInput,
  QueueConfiguration,
  S3Api,
  S3Body,
  S3Notification,
  S3NotificationFilter,
  S3ObjectDescription,
  TopicConfiguration,
} from './aws/s3/api.js'
export type { SnsErrorCode, SnsErrorName } from './aws/sns/errors.js'
export { EventBridgeError } from './aws/eventbridge/errors.js'
export type { EventBridgeErrorName } from './aws/eventbridge/errors.js'
export { AutoScalingError } from './aws/auto-scaling/errors.js'
export type { AutoScalingErrorName } from './aws/auto-scaling/errors.js'
export { ElbError } from './aws/elb/errors.js'
export type { ElbErrorName } from './aws/elb/errors.js'
export type {
  Action as ElbAction,
  CreateListenerInput,
  CreateLoadBalancerInput,
  CreateRuleInput,
  CreateTargetGroupInput,
  ElbApi,
  Listener as ElbListener,
  LoadBalancer,
  Rule as ElbRule,
  RuleCondition as ElbRuleCondition,
  TargetDescription,
  TargetGroup,
  TargetGroupAttribute,
} from './aws/elb/api.js'
export type {
  CreateFunctionUrlConfigInput,
  FunctionUrlApi,
  FunctionUrlAuthType,
  FunctionUrlConfig,
  FunctionUrlCors,
  FunctionUrlInvokeMode,
  FunctionUrlLookupInput,
  ListFunctionUrlConfigsInput,
  UpdateFunctionUrlConfigInput,
} from './lambda/urls/function-url-configs.js'
export { CloudFrontError } from './aws/cloudfront/errors.js'
export type { CloudFrontErrorName } from './aws/cloudfront/errors.js'
export type {
  CacheBehavior,
  CloudFrontApi,
  DefaultCacheBehavior,
  Distribution as CloudFrontDistribution,
  DistributionConfig,
  DistributionSummary,
  EdgeEventType,
  Invalidation as CloudFrontInvalidation,
  LambdaFunctionAssociation,
  Origin as CloudFrontOrigin,
  OriginHandler as CloudFrontOriginHandler,
} from './aws/cloudfront/api.js'
export type { CfBody, CfConfig, CfCustomOrigin, CfRequest, CfResponse, EdgeEvent } from './aws/cloudfront/edge-events.js'
export type { CfHeader, CfHeaders } from './aws/cloudfront/edge-headers.js'
export { MANAGED_CACHE_POLICIES } from './aws/cloudfront/edge-cache.js'
export { ApiGatewayError } from './aws/api-gateway/errors.js'
export type { ApiGatewayErrorName } from './aws/api-gateway/errors.js'
export type {
  CreateHttpApiInput,
  CreateHttpIntegrationInput,
  CreateHttpStageInput,
  CreateRestApiInput,
  CreateRestDeploymentInput,
  CreateRestStageInput,
  HttpApi,
  HttpApiGatewayApi,
  HttpCorsConfiguration,
  HttpDeployment,
  HttpIntegration,
  HttpRoute,
  HttpStage,
  PutIntegrationInput,
  PutMethodInput,
  RestApi,
  RestApiGatewayApi,
  RestDeployment,
  RestIntegration,
  RestMethod,
  RestResource,
  RestStage,
  ThrottleSettings,
} from './aws/api-gateway/api.js'
export { SchedulerError } from './aws/scheduler/errors.js'
export type { SchedulerErrorName } from './aws/scheduler/errors.js'
export type {
  FlexibleTimeWindow,
  Schedule,
  ScheduleGroup,
  ScheduleInput,
  ScheduleRetryPolicy,
  SchedulerApi,
  SchedulerInvocation,
  ScheduleState,
  ScheduleSummary,
  ScheduleTag,
  ScheduleTarget,
} from './aws/scheduler/api.js'
export type { PutRuleInput } from './aws/eventbridge/api.js'
export { CloudWatchError } from './observability/cloudwatch-error.js'
export type { CloudWatchErrorName } from './observability/cloudwatch-error.js'
export type { MetricsOption } from './config/metric-retention.js'
export type { SimulationErrorCode } from './kernel/simulation-error.js'
export type {
  CreateFunctionInput,
  FunctionLookupInput,
  ListFunctionsInput,
  UpdateFunctionCodeInput,
  UpdateFunctionConfigurationInput,
} from './lambda/control/function-schemas.js'
export type { NodeRuntime, Runtime, RuntimeFamily, RuntimeSupport } from './model/runtimes.js'
export { RUNTIMES, runtimeFamily, runtimeSupportAt } from './model/runtimes.js'
export type { PerformanceModel } from './model/performance-model.js'
export type { DurationInput } from './config/duration.js'
export type { Distribution } from './kernel/distributions.js'
export type { Decision } from './kernel/decisions.js'
export type { Callback, FunctionCode, Handler, InitFactory } from './runtime/handler-types.js'
export type { FunctionConfiguration } from './model/function-record.js'
export type { GetFunctionOutput, ListFunctionsOutput } from './lambda/control/function-registry.js'
export type { InvokeInput, InvokeResult } from './lambda/invoke/sync-invoke.js'
export type { ListVersionsByFunctionInput, ListVersionsByFunctionOutput, PublishVersionInput } from './lambda/control/versions.js'
export type { AddPermissionInput, GetPolicyInput, RemovePermissionInput } from './lambda/control/permissions.js'
export type { FunctionLayer, LayersListItem, LayerVersion, LayerVersionsListItem, RegisteredLayerContent } from './lambda/control/layers.js'
export type {
  AddLayerVersionPermissionInput,
  LayerContentInput,
  LayerVersionByArnInput,
  LayerVersionLookupInput,
  ListLayersInput,
  ListLayerVersionsInput,
  PublishLayerVersionInput,
  RemoveLayerVersionPermissionInput,
} from './lambda/control/layer-schemas.js'
export type {
  FunctionOnlyInput,
  ListProvisionedConcurrencyConfigsInput,
  ListProvisionedConcurrencyConfigsOutput,
  ProvisionedConcurrencyConfigOutput,
  ProvisionedConcurrencyLookupInput,
  PutFunctionConcurrencyInput,
  PutProvisionedConcurrencyConfigInput,
} from './lambda/control/concurrency-config.js'
export type {
  FunctionEventInvokeConfigLookupInput,
  FunctionEventInvokeConfigOutput,
  ListFunctionEventInvokeConfigsInput,
  PutFunctionEventInvokeConfigInput,
} from './lambda/control/event-invoke-config.js'
export type {
  CreateEventSourceMappingInput,
  EventSourceMappingConfiguration,
  EventSourceMappingLookupInput,
  ListEventSourceMappingsInput,
  ListEventSourceMappingsOutput,
  UpdateEventSourceMappingInput,
} from './lambda/control/event-source-mappings.js'
export type { AccountSettings } from './lambda/control/account-settings.js'
export type { ListTagsInput, TagResourceInput, Tags, UntagResourceInput } from './lambda/control/tags.js'
export type {
  CodeSigningConfig,
  CodeSigningConfigLookupInput,
  CreateCodeSigningConfigInput,
  FunctionCodeSigningLookupInput,
  ListCodeSigningConfigsInput,
  ListFunctionsByCodeSigningConfigInput,
  PutFunctionCodeSigningConfigInput,
  UpdateCodeSigningConfigInput,
} from './lambda/control/code-signing-configs.js'
export type { GetRuntimeManagementConfigInput, PutRuntimeManagementConfigInput, RuntimeManagementConfig, UpdateRuntimeOn } from './lambda/control/runtime-management.js'
export type { Caller } from './model/policy.js'
export type { AliasConfiguration, AliasLookupInput, CreateAliasInput, ListAliasesInput, ListAliasesOutput, UpdateAliasInput } from './lambda/control/aliases.js'
export { LambdaContext, InitContext } from './runtime/context.js'
export type { ClientContext, ComputeOptions, ContextLogger } from './runtime/context.js'
export type { ErrorPayload } from './runtime/error-payload.js'
export type { LogEvent, LogQuery, LogStore } from './observability/log-store.js'
export type { Datapoint, MetricDimensions, MetricName, MetricQuery, MetricStore, Statistic } from './observability/metrics.js'
export type { ScalingModelName, ThrottleReason } from './model/concurrency.js'
export type { LoadPattern, LoadResult, LoadRun, LoadSpec, LoadStats } from './lambda/load/load.js'
export type * from './observability/events.js'
export { lambdaPrices } from './observability/pricing.js'
export type { Architecture, ArchitecturePrices, FreeTier, PriceOverrides, PriceTier, RegionPrices } from './observability/pricing.js'
export type { CostItemKind, CostLineItem, CostQuery, CostReport } from './observability/cost.js'
export { toPerfettoTrace } from './observability/perfetto.js'
export type { PerfettoEvent, PerfettoTrace } from './observability/perfetto.js'
export type { Trace, TraceAwsFields, TraceLink, TraceSegment, TraceSimFields } from './observability/trace-types.js'
export { powerTune } from './simulation/power-tuning.js'
export type { PowerTuningInput, PowerTuningReport, PowerTuningResult } from './simulation/power-tuning.js'
export { renderReport } from './report/render-report.js'
export type { ReportInput, ReportRun } from './report/render-report.js'
export { DEFAULT_TARGET_UTILIZATION, estimateConcurrency, requiredProvisionedConcurrency } from './model/capacity-planning.js'
export type { ConcurrencyEstimate, ConcurrencyEstimateInput, ProvisionedConcurrencyInput } from './model/capacity-planning.js'
export type {
  DeleteScalingPolicyInput,
  DeleteScheduledActionInput,
  DeregisterScalableTargetInput,
  DescribeScalableTargetsInput,
  DescribeScalingActivitiesInput,
  DescribeScalingPoliciesInput,
  DescribeScheduledActionsInput,
  PutScalingPolicyInput,
  PutScheduledActionInput,
  RegisterScalableTargetInput,
  ScalableTarget,
  ScalingActivity,
  ScalingActivityStatus,
  ScalingPolicy,
  ScheduledAction,
  TargetTrackingScalingPolicyConfiguration,
} from './aws/auto-scaling/shapes.js'
export { simulatedRequestHandler } from './sdk/request-handler.js'
export type { SimulatedClientConfig, SimulatedClientOptions, SimulatedRequestHandler, SimulatedRequestHandlerOptions } from './sdk/request-handler.js'
export type { WireRequest, WireResponse } from './sdk/wire.js'
export {
  albEvent,
  apiGatewayProxyEvent,
  apiGatewayProxyEventV2,
  dynamoDbStreamEvent,
  eventBridgeEvent,
  marshallItem,
  s3Event,
  scheduledEvent,
  snsEvent,
  sqsEvent,
} from './events/index.js'
export type {
  AlbEventInput,
  ApiGatewayProxyEventInput,
  ApiGatewayProxyEventV2Input,
  DynamoDbStreamEventOptions,
  DynamoDbStreamRecordInput,
  EventBridgeEventInput,
  InvocationRecord,
  InvocationRecordCondition,
  S3EventOptions,
  S3RecordInput,
  ScheduledEventInput,
  SimulationScope,
  SnsEventOptions,
  SnsMessageInput,
  SqsEventOptions,
  SqsMessageInput,
  TimeInput,
} from './events/index.js'
