import { describe, expect, it } from 'vitest'
import { errorPayloadLegacy, errorPayloadV4, invokeErrorLogMessage } from '../../src/runtime/error-payload.js'
import { registerCodeRoot } from '../../src/runtime/stable-trace.js'

/** An Error-like value with a fixed stack text (the same text a retry throws again). */
function thrown(message: string, stack: string, fields: Record<string, unknown> = {}): Error {
  const error = new Error(message)
  Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true, enumerable: false })
  return Object.assign(error, fields)
}

describe('runtime/error payload (an error rendered again reads the same as the first time)', () => {
  const stack = 'Error: down\n    at handler (/tmp/pkg-memo/index.js:2:9)'

  it('the same error twice: equal payloads and lines, new objects each time', () => {
    const first = errorPayloadLegacy(thrown('down', stack))
    const again = errorPayloadLegacy(thrown('down', stack))
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
    expect(again.trace).not.toBe(first.trace)
    expect(invokeErrorLogMessage(thrown('down', stack))).toBe(invokeErrorLogMessage(thrown('down', stack)))
    expect(errorPayloadV4(thrown('down', stack))).toEqual(errorPayloadV4(thrown('down', stack)))
  })

  it('the same stack text with another message, name, code or field of its own renders those', () => {
    invokeErrorLogMessage(thrown('down', stack))
    errorPayloadLegacy(thrown('down', stack))
    expect(errorPayloadLegacy(thrown('other', stack)).errorMessage).toBe('other')
    const renamed = thrown('down', stack)
    renamed.name = 'TypeError'
    expect(errorPayloadLegacy(renamed).errorType).toBe('TypeError')
    expect(invokeErrorLogMessage(renamed)).toContain('"errorType":"TypeError"')
    expect(invokeErrorLogMessage(thrown('down', stack, { code: 'E1' }))).toContain('"code":"E1"')
    expect(invokeErrorLogMessage(thrown('down', stack, { retryable: true }))).toContain('"retryable":true')
    expect(invokeErrorLogMessage(thrown('down', stack))).toBe('Invoke Error \t{"errorType":"Error","errorMessage":"down","stack":["Error: down","    at handler (/tmp/pkg-memo/index.js:2:9)"]}')
  })

  it('DEL is escaped in the legacy payload only, repeated or not', () => {
    const del = 'Error: a\x7Fb\n    at h (/tmp/pkg-memo/x.js:1:1)'
    for (let i = 0; i < 2; i++) {
      expect(errorPayloadLegacy(thrown('a\x7Fb', del)).errorMessage).toBe('a%7Fb')
      expect(errorPayloadV4(thrown('a\x7Fb', del)).errorMessage).toBe('a\x7Fb')
    }
  })

  it('a deployment package registered between two renders: the second reads /var/task', () => {
    const before = errorPayloadLegacy(thrown('down', stack))
    const line = invokeErrorLogMessage(thrown('down', stack))
    expect(before.trace?.[1]).toBe('    at handler (/tmp/pkg-memo/index.js:2:9)')
    registerCodeRoot('/tmp/pkg-memo')
    expect(errorPayloadLegacy(thrown('down', stack)).trace?.[1]).toBe('    at handler (/var/task/index.js:2:9)')
    expect(invokeErrorLogMessage(thrown('down', stack))).not.toBe(line)
    expect(invokeErrorLogMessage(thrown('down', stack))).toContain('/var/task/index.js:2:9')
  })
})
