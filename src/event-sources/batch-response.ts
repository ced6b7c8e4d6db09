/**
 * What a function's answer to an SQS batch means when the mapping has
 * `FunctionResponseTypes: ['ReportBatchItemFailures']` (lambda-semantics §8.2):
 *
 * - full success: an empty or null response, a response without `batchItemFailures`, or an empty or
 *   null `batchItemFailures` list;
 * - full failure: a response that is not valid JSON or not an object [U: a JSON string, number or
 *   array as the whole response], `batchItemFailures` that is not a list, or any entry whose
 *   `itemIdentifier` is missing (a bad key name), null, empty, not a string, or not the id of a
 *   message of the batch;
 * - otherwise: only the listed messages failed.
 */

export type BatchVerdict =
  | { readonly kind: 'success' }
  | { readonly kind: 'failure'; readonly reason: string }
  | { readonly kind: 'partial'; readonly failedIds: ReadonlySet<string> }

const SUCCESS: BatchVerdict = { kind: 'success' }

export function readBatchItemFailures(payloadJson: string, batchIds: ReadonlySet<string>): BatchVerdict {
  if (payloadJson === '' || payloadJson === 'null') return SUCCESS
  let response: unknown
  try {
    response = JSON.parse(payloadJson)
  } catch {
    return { kind: 'failure', reason: 'invalid JSON response' }
  }
  if (response === null) return SUCCESS
  if (typeof response !== 'object' || Array.isArray(response)) return { kind: 'failure', reason: 'the response is not a JSON object' }
  const failures = (response as Record<string, unknown>)['batchItemFailures']
  if (failures === undefined || failures === null) return SUCCESS
  if (!Array.isArray(failures)) return { kind: 'failure', reason: 'batchItemFailures is not a list' }
  if (failures.length === 0) return SUCCESS
  const failedIds = new Set<string>()
  for (const entry of failures) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { kind: 'failure', reason: 'a batchItemFailures entry is not an object' }
    const id = (entry as Record<string, unknown>)['itemIdentifier']
    if (id === undefined) return { kind: 'failure', reason: 'a batchItemFailures entry has no itemIdentifier' }
    if (id === null || id === '') return { kind: 'failure', reason: 'an itemIdentifier is null or empty' }
    if (typeof id !== 'string' || !batchIds.has(id)) return { kind: 'failure', reason: `itemIdentifier ${JSON.stringify(id)} is not a message of the batch` }
    failedIds.add(id)
  }
  return { kind: 'partial', failedIds }
}
