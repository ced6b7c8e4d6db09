/**
 * `FunctionEventInvokeConfig`: how asynchronous invocations of one qualifier are retried and where
 * their outcomes go. Put replaces the whole config; update merges into it.
 */
export interface DestinationConfig {
  readonly onSuccess?: { readonly destination?: string }
  readonly onFailure?: { readonly destination?: string }
}

export interface EventInvokeConfig {
  /** 0–2 (AWS's default when unset: 2). */
  readonly maximumRetryAttempts?: number
  /** 60–21,600 s (AWS's default when unset: 21,600). */
  readonly maximumEventAgeInSeconds?: number
  readonly destinationConfig?: DestinationConfig
  /** Virtual epoch ms of the last change. */
  readonly lastModifiedMs: number
}

export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600

/** The services a destination may be, by ARN: SQS, SNS, Lambda, EventBridge, and S3 for failures. */
export function destinationService(arn: string): 'sqs' | 'sns' | 'lambda' | 'events' | 's3' | undefined {
  const match = /^arn:aws[a-zA-Z-]*:([a-z0-9]+):/.exec(arn)
  const service = match?.[1]
  return service === 'sqs' || service === 'sns' || service === 'lambda' || service === 'events' || service === 's3' ? service : undefined
}
