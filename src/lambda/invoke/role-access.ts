/**
 * What a function's execution role may write to, for destinations and dead-letter queues. The
 * simulation does not model IAM policies: every role may write everywhere unless a test revokes a
 * role's access to a resource (an ARN, with `*` wildcards), to see a delivery fail as it would
 * with a missing `sqs:SendMessage` / `sns:Publish` / `lambda:InvokeFunction` / `events:PutEvents`.
 */
import { wildcardMatch } from '../../model/policy.js'

const ACTION_BY_SERVICE: Record<string, string> = {
  sqs: 'sqs:SendMessage',
  sns: 'sns:Publish',
  lambda: 'lambda:InvokeFunction',
  events: 'events:PutEvents',
  s3: 's3:PutObject',
}

export class RoleAccess {
  private readonly denied: { readonly roleArn: string; readonly resourceArn: string }[] = []

  /** Takes away `roleArn`'s permission to write to `resourceArn` (wildcards allowed in both). */
  revoke(roleArn: string, resourceArn: string): void {
    this.denied.push({ roleArn, resourceArn })
  }

  /** Gives back everything revoked for `roleArn` (or for everyone when omitted). */
  restore(roleArn?: string): void {
    for (let i = this.denied.length - 1; i >= 0; i--) {
      if (roleArn === undefined || (this.denied[i] as { roleArn: string }).roleArn === roleArn) this.denied.splice(i, 1)
    }
  }

  /** `undefined` when the role may write to the resource, else the AWS-style denial. */
  check(roleArn: string, resourceArn: string): string | undefined {
    const blocked = this.denied.some((d) => wildcardMatch(d.roleArn, roleArn) && wildcardMatch(d.resourceArn, resourceArn))
    if (!blocked) return undefined
    const service = /^arn:aws[a-zA-Z-]*:([a-z0-9]+):/.exec(resourceArn)?.[1] ?? ''
    const action = ACTION_BY_SERVICE[service] ?? `${service}:*`
    return `AccessDenied: ${roleArn} is not authorized to perform: ${action} on resource: ${resourceArn}`
  }
}
