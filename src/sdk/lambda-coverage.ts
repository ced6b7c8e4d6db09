/**
 * What the compatibility table (docs/compatibility.md, written by
 * `scripts/generate-compatibility-table.mjs`) says beyond the routes: which answered operations
 * answer as an account without the feature would be answered, which ones another issue takes on,
 * and a note for simulated operations with a limit worth knowing. Every other operation is
 * simulated when `LAMBDA_ROUTES` names it, and refused by name otherwise.
 */

/** Operations answered as AWS answers an account that does not use the feature. */
export const ANSWERED_WITHOUT_FEATURE: Readonly<Record<string, string>> = {
  ListCapacityProviders: 'no capacity providers (Lambda Managed Instances are not simulated)',
}

/** Operations refused by name today that another issue simulates. */
export const LEFT_TO_OTHER_ISSUES: Readonly<Record<string, string>> = {}

/** Notes on simulated operations (what is stored but has no effect, what is left out). */
export const SIMULATION_NOTES: Readonly<Record<string, string>> = {
  CreateFunction: 'no VPC, EFS, container images, SnapStart or KMS keys (refused by name); a code signing config is attached, not enforced',
  CreateCodeSigningConfig: 'stored; signatures are never checked (lambda-sim code is unsigned)',
  UpdateCodeSigningConfig: 'stored; `Enforce` refuses nothing',
  PutFunctionCodeSigningConfig: 'stored; deployments are not checked against it',
  PutRuntimeManagementConfig: 'stored; each runtime has one runtime version, so the mode changes nothing',
  GetAccountSettings: 'usage counts function versions; concurrency is the simulation’s `concurrency.accountLimit`',
  TagResource: 'functions, event source mappings and code signing configs',
  CreateEventSourceMapping: 'SQS, Kinesis and DynamoDB Streams sources; Kafka, Amazon MQ and DocumentDB refused by name',
  Invoke: 'on the virtual clock; the handler is a JS closure for every runtime',
  InvokeWithResponseStream: 'the streamed bytes arrive in one PayloadChunk when the function has finished',
  PublishLayerVersion: 'content stored and sized (zip central directory, declared size, folder), never loaded into handlers',
  AddLayerVersionPermission: 'stored and answered; one account, so never enforced',
  CreateFunctionUrlConfig: '`sim.fetch` reaches the URL; AWS_IAM takes any SigV4-signed request as the account’s own (signatures not checked)',
  UpdateFunctionUrlConfig: 'RESPONSE_STREAM: the body is what the handler streamed (awslambda.streamifyResponse) or its serialised result',
}
