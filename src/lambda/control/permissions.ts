/**
 * Resource-based policies: `addPermission`, `removePermission`, `getPolicy`, one policy per
 * qualifier (the unqualified function, each version, each alias — a new version starts with none),
 * and the check an invocation from another account or an AWS service must pass.
 */
import { z } from 'zod'
import { schemaOnFirstUse } from '../../config/schema-on-first-use.js'
import { parseAws } from '../../config/aws-validation.js'
import { functionNameOf, qualifierOf } from '../../config/identifiers.js'
import { functionShapes as S } from '../../config/generated/function-constraints.js'
import { enumOf, stringOf } from '../../config/model-constraints.js'
import { awsErrors, LambdaError } from '../../errors/lambda-error.js'
import type { IdFactory } from '../../kernel/ids.js'
import type { Kernel } from '../../kernel/kernel.js'
import type { FunctionRecord } from '../../model/function-record.js'
import { accountOf, policyAllows, policyJson, renderPrincipal, type Caller, type PolicyDocument, type PolicyStatement } from '../../model/policy.js'
import type { EventBus } from '../../observability/bus.js'
import type { FunctionStore } from './function-store.js'

const add = S.AddPermissionRequest
const remove = S.RemovePermissionRequest

// Members in the model's order: Coral reports failures in that order.
export const addPermissionSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(add.FunctionName),
    statementId: stringOf(add.StatementId),
    action: stringOf(add.Action),
    principal: stringOf(add.Principal),
    sourceArn: stringOf(add.SourceArn).optional(),
    functionUrlAuthType: enumOf(add.FunctionUrlAuthType).optional(),
    invokedViaFunctionUrl: z.boolean().optional(),
    sourceAccount: stringOf(add.SourceAccount).optional(),
    eventSourceToken: stringOf(add.EventSourceToken).optional(),
    qualifier: qualifierOf(add.Qualifier).optional(),
    revisionId: z.string().optional(),
    principalOrgID: stringOf(add.PrincipalOrgID).optional(),
  })
  .strict())

export const removePermissionSchema = schemaOnFirstUse(() => z
  .object({
    functionName: functionNameOf(remove.FunctionName),
    // RemovePermission's statement id admits dots (`NamespacedStatementId`); AddPermission's does not.
    statementId: stringOf(remove.StatementId),
    qualifier: qualifierOf(remove.Qualifier).optional(),
    revisionId: z.string().optional(),
  })
  .strict())

export const getPolicySchema = schemaOnFirstUse(() => z
  .object({ functionName: functionNameOf(S.GetPolicyRequest.FunctionName), qualifier: qualifierOf(S.GetPolicyRequest.Qualifier).optional() })
  .strict())

export type AddPermissionInput = z.input<typeof addPermissionSchema>
export type RemovePermissionInput = z.input<typeof removePermissionSchema>
export type GetPolicyInput = z.input<typeof getPolicySchema>

/** Principals AWS accepts: `*`, an account id, an IAM ARN, or a service (`….amazonaws.com`). */
function validPrincipal(principal: string): boolean {
  return (
    principal === '*' ||
    /^\d{12}$/.test(principal) ||
    /^arn:aws[a-zA-Z-]*:iam::\d{12}:(root|user\/.+|role\/.+)$/.test(principal) ||
    /^[a-z0-9.-]+\.(amazonaws\.com|amazon\.com)$/.test(principal)
  )
}

/**
 * A stale `RevisionId` on AddPermission / RemovePermission. The model's documentation of
 * PreconditionFailedException sends these callers to GetPolicy (others to GetFunction/GetAlias);
 * [U] the text is the function operations' with GetPolicy named.
 */
function policyRevisionMismatch(): LambdaError {
  return new LambdaError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id')
}

/** The policy key for a qualifier: `$LATEST` shares the unqualified function's policy. */
function policyKey(qualifier: string | undefined): string {
  return qualifier === undefined || qualifier === '$LATEST' ? '' : qualifier
}

export class PermissionService {
  constructor(
    private readonly store: FunctionStore,
    private readonly kernel: Kernel,
    private readonly bus: EventBus,
    private readonly ids: IdFactory,
  ) {}

  addPermission(input: AddPermissionInput): { statement: string } {
    const parsed = parseAws(addPermissionSchema, input)
    const ref = this.store.refOf(parsed.functionName, parsed.qualifier)
    if (ref.qualifier === '$LATEST') throw awsErrors.invalidParameter('We currently do not support adding policies for $LATEST.')
    const record = this.store.resolve(ref, 'alias-arn').record
    if (!validPrincipal(parsed.principal)) throw awsErrors.invalidParameter('The provided principal was invalid. Please check the principal and try again.')
    const key = policyKey(ref.qualifier)
    const current = record.policies.get(key)
    if (parsed.revisionId !== undefined && parsed.revisionId !== this.revisionOf(record, key)) throw policyRevisionMismatch()
    if (current?.statements.some((s) => s.Sid === parsed.statementId) === true) {
      throw awsErrors.resourceConflict(
        `The statement id (${parsed.statementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
      )
    }
    const stringEquals: Record<string, string> = {}
    if (parsed.functionUrlAuthType !== undefined) stringEquals['lambda:FunctionUrlAuthType'] = parsed.functionUrlAuthType
    if (parsed.principalOrgID !== undefined) stringEquals['aws:PrincipalOrgID'] = parsed.principalOrgID
    if (parsed.sourceAccount !== undefined) stringEquals['AWS:SourceAccount'] = parsed.sourceAccount
    if (parsed.eventSourceToken !== undefined) stringEquals['lambda:EventSourceToken'] = parsed.eventSourceToken
    const condition: Record<string, Record<string, string>> = {}
    if (Object.keys(stringEquals).length > 0) condition['StringEquals'] = stringEquals
    if (parsed.sourceArn !== undefined) condition['ArnLike'] = { 'AWS:SourceArn': parsed.sourceArn }
    // The statement a function URL's `lambda:InvokeFunction` grant carries (required with InvokeFunctionUrl since Oct 2025).
    if (parsed.invokedViaFunctionUrl === true) condition['Bool'] = { 'lambda:InvokedViaFunctionUrl': 'true' }
    const statement: PolicyStatement = {
      Sid: parsed.statementId,
      Effect: 'Allow',
      Principal: renderPrincipal(parsed.principal),
      Action: parsed.action,
      Resource: this.store.arn(record.functionName, ref.qualifier),
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    }
    record.policies.set(key, { statements: [...(current?.statements ?? []), statement] })
    this.bumpRevision(record, key)
    this.emit(record, key, parsed.statementId, 'added')
    return { statement: JSON.stringify(statement) }
  }

  removePermission(input: RemovePermissionInput): void {
    const parsed = parseAws(removePermissionSchema, input)
    const ref = this.store.refOf(parsed.functionName, parsed.qualifier)
    const record = this.store.records.get(ref.functionName)
    if (record === undefined) throw new LambdaError('ResourceNotFoundException', `No policy found for: ${this.store.arn(ref.functionName)}`)
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') this.store.resolve(ref, 'alias-arn')
    const key = policyKey(ref.qualifier)
    const current = record.policies.get(key)
    if (current === undefined) throw new LambdaError('ResourceNotFoundException', 'No policy is associated with the given resource.')
    if (parsed.revisionId !== undefined && parsed.revisionId !== this.revisionOf(record, key)) throw policyRevisionMismatch()
    if (!current.statements.some((s) => s.Sid === parsed.statementId)) {
      throw new LambdaError('ResourceNotFoundException', `Statement ${parsed.statementId} is not found in resource policy.`)
    }
    const statements = current.statements.filter((s) => s.Sid !== parsed.statementId)
    if (statements.length === 0) record.policies.delete(key)
    else record.policies.set(key, { statements })
    this.bumpRevision(record, key)
    this.emit(record, key, parsed.statementId, 'removed')
  }

  getPolicy(input: GetPolicyInput): { policy: string; revisionId: string } {
    const parsed = parseAws(getPolicySchema, input)
    const ref = this.store.refOf(parsed.functionName, parsed.qualifier)
    const record = this.store.resolve(ref, 'alias-arn').record
    const current = record.policies.get(policyKey(ref.qualifier))
    if (current === undefined) throw new LambdaError('ResourceNotFoundException', 'The resource you requested does not exist.')
    return { policy: policyJson(current), revisionId: this.revisionOf(record, policyKey(ref.qualifier)) }
  }

  /** A policy's revision is its resource's: the function's `$LATEST`, a version, or an alias. */
  private revisionOf(record: FunctionRecord, key: string): string {
    if (key === '') return record.latest.configuration.revisionId
    const alias = record.aliases.get(key)
    if (alias !== undefined) return alias.revisionId
    return record.versions.get(key)?.configuration.revisionId ?? ''
  }

  /** Changing a policy changes its resource's RevisionId (not its code or configuration). */
  private bumpRevision(record: FunctionRecord, key: string): void {
    const revisionId = this.ids.uuid()
    if (key === '') {
      record.latest = { ...record.latest, configuration: { ...record.latest.configuration, revisionId } }
      return
    }
    const alias = record.aliases.get(key)
    if (alias !== undefined) {
      record.aliases.set(key, { ...alias, revisionId })
      return
    }
    const version = record.versions.get(key)
    if (version !== undefined) record.versions.set(key, { ...version, configuration: { ...version.configuration, revisionId } })
  }

  /**
   * May `caller` invoke the function as named (`qualifier` as invoked)? Callers of the function's
   * own account are allowed (their identity-based policy is assumed); anyone else needs a statement
   * in the policy of exactly the invoked resource.
   */
  checkInvoke(record: FunctionRecord, qualifier: string | undefined, caller: Caller | undefined): LambdaError | undefined {
    if (caller === undefined || accountOf(caller.principal) === this.store.scope.accountId) return undefined
    const document: PolicyDocument | undefined = record.policies.get(policyKey(qualifier))
    if (policyAllows(document, caller, 'lambda:InvokeFunction')) return undefined
    const user = /^\d{12}$/.test(caller.principal) ? `arn:aws:iam::${caller.principal}:root` : caller.principal
    this.bus.emit({ type: 'invocation.denied', atMs: this.kernel.nowMs, functionName: record.functionName, qualifier, principal: caller.principal })
    return new LambdaError(
      'AccessDeniedException',
      `User: ${user} is not authorized to perform: lambda:InvokeFunction on resource: ${this.store.arn(record.functionName, qualifier)} because no resource-based policy allows the lambda:InvokeFunction action`,
    )
  }

  private emit(record: FunctionRecord, qualifier: string, statementId: string, change: 'added' | 'removed'): void {
    this.bus.emit({ type: 'permission.changed', atMs: this.kernel.nowMs, functionName: record.functionName, qualifier, statementId, change })
  }
}
