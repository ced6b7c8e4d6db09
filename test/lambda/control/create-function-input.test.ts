import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { wellFormedMinimal } from '../../../src/lambda/control/create-function-input.js'
import { createFunctionSchema } from '../../../src/lambda/control/function-schemas.js'

const handler = async (): Promise<number> => 1
/** Names near the edges of CreateFunction's rules, ARNs, and values of the wrong type. */
const names = fc.oneof(
  fc.constantFrom('f', 'orders', 'my-function_1', 'a'.repeat(64), 'a'.repeat(65), '', 'bad name', 'f.x', 'orders:live', 'arn:aws:lambda:us-east-1:123456789012:function:orders'),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(undefined, null, 42, ['f']),
)
const codes = fc.constantFrom<unknown>(handler, { init: () => handler }, { directory: 'relative/dir' }, 'code', undefined, null, {})
const deadLetterConfigs = fc.constantFrom<unknown>(
  { targetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' },
  { targetArn: 'arn:aws:sns:us-east-1:123456789012:topic' },
  { targetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq.fifo' },
  { targetArn: 'arn:aws:s3:::bucket' },
  { targetArn: '' },
  { targetArn: 'not an arn' },
  { targetArn: `arn:aws:sqs:us-east-1:123456789012:${'q'.repeat(300)}` },
  { targetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq', other: 1 },
  {},
  { targetArn: 5 },
  undefined,
  null,
)
const extras = fc.option(
  fc.record({ timeout: fc.constantFrom(3, 0, 'x'), description: fc.constantFrom('d', 1), deadLetterConfig: deadLetterConfigs }, { requiredKeys: [] }),
  { nil: undefined },
)

describe('create-function-input', () => {
  it('wellFormedMinimal - answers exactly what createFunctionSchema parses, or leaves the input to it', () => {
    fc.assert(
      fc.property(names, codes, extras, fc.boolean(), (functionName, code, extra, withCode) => {
        const input: Record<string, unknown> = { functionName, ...(withCode ? { code } : {}), ...(extra ?? {}) }
        const fast = wellFormedMinimal(input)
        const parsed = createFunctionSchema.safeParse(input)
        if (fast === undefined) return
        // Taken by hand only when zod accepts it, with the same data and the same key order.
        expect(parsed.success).toBe(true)
        expect(Object.keys(fast)).toEqual(Object.keys(parsed.data as object))
        expect(fast).toEqual(parsed.data)
        expect(fast.code).toBe((parsed.data as { code: unknown }).code)
        if (fast.deadLetterConfig !== undefined) expect(Object.keys(fast.deadLetterConfig)).toEqual(Object.keys((parsed.data as { deadLetterConfig: object }).deadLetterConfig))
      }),
      { numRuns: 2_000 },
    )
  })

  it('wellFormedMinimal - takes the common input: a plain name and a handler', () => {
    expect(wellFormedMinimal({ functionName: 'orders', code: handler })).toEqual({ functionName: 'orders', code: handler })
    expect(wellFormedMinimal({ code: handler, functionName: 'orders' })).toEqual({ functionName: 'orders', code: handler })
    expect(wellFormedMinimal({ functionName: 'orders', code: handler, timeout: 3 })).toBeUndefined()
    const dlq = { targetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq' }
    expect(wellFormedMinimal({ functionName: 'orders', code: handler, deadLetterConfig: dlq })).toEqual({ functionName: 'orders', code: handler, deadLetterConfig: dlq })
    expect(wellFormedMinimal({ functionName: 'arn:aws:lambda:us-east-1:123456789012:function:orders', code: handler })).toBeUndefined()
  })
})
