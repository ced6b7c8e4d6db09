/**
 * The URLs and signature an SNS notification carries: what SNS puts in a message it delivers, and
 * what the `snsEvent` builder puts in an event it makes, so both look the same.
 */

/** [SIM] Placeholder signature: the simulator does not sign notifications. */
export const SNS_SIGNATURE_PLACEHOLDER = 'U0lNVUxBVEVELVNJR05BVFVSRQ=='
/** [SIM] The certificate URL of a notification: AWS's form, with a placeholder for its 32-hex-digit name. */
export function snsSigningCertUrl(region: string): string {
  return `https://sns.${region}.amazonaws.com/SimpleNotificationService-${'0'.repeat(32)}.pem`
}

/** The unsubscribe URL of a notification (the subscription ARN is not encoded, as AWS sends it). */
export function snsUnsubscribeUrl(region: string, subscriptionArn: string): string {
  return `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`
}
