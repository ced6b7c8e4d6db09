/**
 * A simulation with a real `LambdaClient` pointed at it, for the SDK tests: no mocks, the SDK's
 * own serialisers, signers and deserialisers run on every call.
 */
import { CreateFunctionCommand, LambdaClient, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda'
import { expect } from 'vitest'
import { createSimulation, type FunctionCode, type SimulationOptions } from '../../src/index.js'

export const ACCOUNT = '123456789012'
export const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function`
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-role`

/**
 * The SDK tests exercise each operation, not the function state machine (its own tests turn it
 * on): functions created through the client are Active at once unless `functionStates` is given.
 */
export function simulatedLambda(options: SimulationOptions = {}) {
  const sim = createSimulation({ seed: 1, functionStates: false, ...options })
  const client = new LambdaClient(sim.clientConfig())
  /** CreateFunction through the client, with the code registered under the function's name. */
  const createFunction = (name: string, code: FunctionCode, extra: Partial<CreateFunctionCommandInput> = {}) =>
    client.send(new CreateFunctionCommand({ FunctionName: name, Role: ROLE, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: sim.registerCode(name, code), ...extra }))
  return { sim, client, createFunction }
}

/** The rejection of `promise`, which must be an SDK exception; its class, name, message and HTTP status. */
export type SdkError = Error & { $metadata: { httpStatusCode?: number }; [field: string]: unknown }

export async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(Error)
    return error as SdkError
  }
  throw new Error('expected the call to be rejected')
}

export const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes ?? new Uint8Array())
export const json = (bytes: Uint8Array | undefined): unknown => JSON.parse(text(bytes))
