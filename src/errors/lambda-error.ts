/**
 * Two kinds of error, kept apart on purpose:
 *
 * - `LambdaError` subclasses are what AWS itself would answer (an exception name, an HTTP status,
 *   AWS's message). Control-plane calls throw them; `invoke` reports them as data.
 * - `SimulationError` is misuse of the library or a handler escaping the simulation. It always
 *   carries the replay line (`seed=… decisions=…`) so the run can be reproduced.
 *
 * `LambdaError` is Lambda's `AwsError` (the base every simulated service's error extends).
 */
import { AwsError, type AwsErrorTable } from './aws-error.js'

export type LambdaErrorName =
  | 'ResourceNotFoundException'
  | 'ResourceConflictException'
  | 'InvalidParameterValueException'
  | 'ValidationException'
  | 'InvalidRequestContentException'
  | 'RequestTooLargeException'
  /** A CreateFunction / UpdateFunctionCode request (the zip, base64) over AWS's request limit. */
  | 'RequestEntityTooLargeException'
  | 'TooManyRequestsException'
  | 'ServiceException'
  | 'UnsupportedMediaTypeException'
  | 'PreconditionFailedException'
  | 'AccessDeniedException'
  | 'ProvisionedConcurrencyConfigNotFoundException'
  | 'CodeSigningConfigNotFoundException'
  | 'RecursiveInvocationException'
  | 'ResourceInUseException'

const table: AwsErrorTable<LambdaErrorName> = {
  statusByName: {
    ResourceNotFoundException: 404,
    ResourceConflictException: 409,
    InvalidParameterValueException: 400,
    ValidationException: 400,
    InvalidRequestContentException: 400,
    RequestTooLargeException: 413,
    RequestEntityTooLargeException: 413,
    TooManyRequestsException: 429,
    ServiceException: 500,
    UnsupportedMediaTypeException: 415,
    PreconditionFailedException: 412,
    AccessDeniedException: 403,
    ProvisionedConcurrencyConfigNotFoundException: 404,
    CodeSigningConfigNotFoundException: 404,
    RecursiveInvocationException: 400,
    ResourceInUseException: 400,
  } satisfies Record<LambdaErrorName, number>,
  faults: 'user-service',
}

export class LambdaError extends AwsError<LambdaErrorName> {
  /** `Type` in AWS's error body: `User` for caller errors, `Service` for AWS's own. */
  declare readonly type: 'User' | 'Service'

  constructor(
    name: LambdaErrorName,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(table, name, message)
  }

  /**
   * The JSON body AWS sends with this error: `ResourceNotFoundException` (and the authorization
   * failure and `ResourceInUseException`, as the API model declares them) say `Message`, most others
   * `message`, and validation errors carry no `Type`.
   */
  toJSON(): Record<string, unknown> {
    if (this.name === 'ValidationException') return { message: this.message }
    if (this.name === 'ResourceNotFoundException' || this.name === 'AccessDeniedException' || this.name === 'ResourceInUseException' || this.name === 'CodeSigningConfigNotFoundException') return { Type: this.type, Message: this.message, ...this.extra }
    return { ...this.extra, Type: this.type, message: this.message }
  }
}

export const awsErrors = {
  functionNotFound: (arn: string) => new LambdaError('ResourceNotFoundException', `Function not found: ${arn}`),
  functionExists: (name: string) => new LambdaError('ResourceConflictException', `Function already exist: ${name}`),
  invalidParameter: (message: string) => new LambdaError('InvalidParameterValueException', message),
  revisionMismatch: () =>
    new LambdaError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    ),
  resourceConflict: (message: string) => new LambdaError('ResourceConflictException', message),
  /** HTTP 429 with the throttle's `Reason`; AWS says `Rate exceeded` for the caller rate limit. */
  throttled: (reason: string) =>
    new LambdaError('TooManyRequestsException', reason === 'CallerRateLimitExceeded' ? 'Rate exceeded' : 'Rate Exceeded.', { Reason: reason }),
  validation: (problems: readonly string[]) =>
    new LambdaError(
      'ValidationException',
      `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`,
    ),
}
