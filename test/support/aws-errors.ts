/**
 * Assertions on the errors AWS answers with: the exception, its HTTP status and its exact message.
 */
import { expect } from 'vitest'
import { LambdaError } from '../../src/index.js'

/** Runs `fn`, which must throw a LambdaError, and returns it. */
export function thrown(fn: () => unknown): LambdaError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(LambdaError)
    return error as LambdaError
  }
  throw new Error('expected the call to throw')
}

/** The exact AWS answer: exception name, HTTP status and full message. */
export function expectAwsError(fn: () => unknown, name: string, statusCode: number, message: string): void {
  const error = thrown(fn)
  expect({ name: error.name, statusCode: error.statusCode, message: error.message }).toEqual({ name, statusCode, message })
}
