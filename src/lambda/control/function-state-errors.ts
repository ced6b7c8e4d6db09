/**
 * AWS's refusals while a function is not ready (the state machine, `function-states.ts`): one file
 * of their own, so the function store (invocations) and the state machine (updates) share them.
 */
import { LambdaError } from '../../errors/lambda-error.js'

/** [S] AWS's refusal of an invocation or an update while the function is not Active. */
export function functionNotReady(state: string): LambdaError {
  return new LambdaError('ResourceConflictException', `The operation cannot be performed at this time. The function is currently in the following state: ${state}`)
}

/** [S] AWS's refusal of an update (or PublishVersion) while another update is in progress. */
export function updateInProgress(functionArn: string): LambdaError {
  return new LambdaError('ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${functionArn}`)
}
