/**
 * Shared by the SQS, SNS and EventBridge client tests: a simulation, and the rejection of an SDK
 * call as the SDK built it (its class, name, message and `$metadata`).
 */
import { expect } from 'vitest'
import { createSimulation, type SimulationOptions } from '../../src/index.js'

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

export function simulation(options: SimulationOptions = {}) {
  return createSimulation({ seed: 1, ...options })
}

export type SdkError = Error & { $metadata: { httpStatusCode?: number; requestId?: string }; [field: string]: unknown }

/** The rejection of `promise`, which must be an Error (the SDK's exception). */
export async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(Error)
    return error as SdkError
  }
  throw new Error('expected the call to be rejected')
}

/** The fields a test pins for an AWS error. */
export function summary(error: SdkError): { name: string; message: string; status: number | undefined } {
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode }
}
