/**
 * Identifiers every Lambda API input shares (a function name or ARN, a qualifier), with the
 * constraint text AWS prints when one does not match.
 */
import { z } from 'zod'
import { functionIdentifierPattern, functionIdentifierPatternText } from '../model/arn.js'

/** The constraint text AWS prints for a pattern mismatch. */
export function awsPattern(pattern: string): string {
  return `Member must satisfy regular expression pattern: ${pattern}`
}

export const functionIdentifier = z.string().min(1).max(170).regex(functionIdentifierPattern, { message: awsPattern(functionIdentifierPatternText) })

export const qualifierSchema = z.string().min(1).max(128).regex(/^[a-zA-Z0-9$_-]+$/, { message: awsPattern('(|[a-zA-Z0-9$_-]+)') })
