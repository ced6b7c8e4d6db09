/**
 * What CloudFront's control plane answers (REST-XML): the error code is the SDK v3 exception name
 * (no `Exception` suffix for CloudFront), a `Sender` fault below 500.
 */
import { AwsError, type AwsErrorTable } from '../../errors/aws-error.js'

export type CloudFrontErrorName =
  | 'InvalidLambdaFunctionAssociation'
  | 'TooManyLambdaFunctionAssociations'
  | 'InvalidArgument'
  | 'NoSuchOrigin'
  | 'NoSuchCachePolicy'
  | 'NoSuchDistribution'
  | 'DistributionAlreadyExists'
  | 'DistributionNotDisabled'
  | 'InvalidIfMatchVersion'
  | 'PreconditionFailed'

const table: AwsErrorTable<CloudFrontErrorName> = {
  statusByName: { NoSuchOrigin: 404, NoSuchCachePolicy: 404, NoSuchDistribution: 404, DistributionAlreadyExists: 409, DistributionNotDisabled: 409, PreconditionFailed: 412 },
  faults: 'sender-receiver',
}

export class CloudFrontError extends AwsError<CloudFrontErrorName> {
  constructor(name: CloudFrontErrorName, message: string) {
    super(table, name, message)
  }

  /** The `<ErrorResponse><Error>` element as JSON. */
  toJSON(): Record<string, unknown> {
    return { Type: this.type, Code: this.name, Message: this.message }
  }
}

/** AWS's texts where known; `[U]` where the wording is ours (CloudFront's exact text not verified). */
export const cloudFrontErrors = {
  association: (message: string) => new CloudFrontError('InvalidLambdaFunctionAssociation', message),
  tooManyAssociations: () =>
    new CloudFrontError('TooManyLambdaFunctionAssociations', 'Your request contains more Lambda@Edge function associations than are allowed per distribution.'),
  invalid: (message: string) => new CloudFrontError('InvalidArgument', message),
  noSuchOrigin: (id: string) => new CloudFrontError('NoSuchOrigin', `One or more of your origins or origin groups do not exist. Origin: ${id}`),
  noSuchCachePolicy: () => new CloudFrontError('NoSuchCachePolicy', 'The cache policy does not exist.'),
  noSuchDistribution: () => new CloudFrontError('NoSuchDistribution', 'The specified distribution does not exist.'),
  alreadyExists: (id: string) => new CloudFrontError('DistributionAlreadyExists', `The caller reference that you are using to create a distribution is associated with another distribution. Already exists: ${id}`),
  notDisabled: () => new CloudFrontError('DistributionNotDisabled', 'The distribution you are trying to delete has not been disabled.'),
  ifMatchMissing: () => new CloudFrontError('InvalidIfMatchVersion', 'The If-Match version is missing or not valid for the resource.'),
  preconditionFailed: () => new CloudFrontError('PreconditionFailed', 'The precondition given in one or more of the request header fields evaluated to false.'),
}
