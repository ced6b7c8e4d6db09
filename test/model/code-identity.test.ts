import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { codeIdentity } from '../../src/model/code.js'

// codeIdentity keeps a plain handler's identity by the function itself (1b48e21) when its text is
// fixed. Whatever happens to the handler between two CreateFunctions, the identity must still be
// what the documented rule gives: the SHA-256 and UTF-8 length of `String(handler)` now.

const byText = (text: string) => ({ codeSha256: createHash('sha256').update(text).digest('base64'), codeSize: Buffer.byteLength(text, 'utf8') })

describe('model/code identity of a handler (by the function, as its text gives)', () => {
  it('follows the text when an own toString, Symbol.toPrimitive or prototype is put in the way after a first lookup', () => {
    const handler = async (): Promise<number> => 1
    const plain = byText(String(handler))
    expect(codeIdentity(handler)).toEqual(plain)
    Object.assign(handler, { toString: () => 'own text' })
    expect(codeIdentity(handler)).toEqual(byText('own text'))
    delete (handler as { toString?: unknown }).toString
    expect(codeIdentity(handler)).toEqual(plain)
    Object.defineProperty(handler, Symbol.toPrimitive, { value: () => 'primitive', configurable: true })
    expect(codeIdentity(handler)).toEqual(byText('primitive'))
    delete (handler as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive]
    Object.setPrototypeOf(handler, Object.assign(Object.create(Function.prototype) as object, { toString: () => 'inherited text' }))
    expect(codeIdentity(handler)).toEqual(byText('inherited text'))
    Object.setPrototypeOf(handler, Function.prototype)
    expect(codeIdentity(handler)).toEqual(plain)
  })

  it('follows the text when Function.prototype.toString itself is replaced after a first lookup', () => {
    const handler = async (): Promise<number> => 2
    expect(codeIdentity(handler)).toEqual(byText(String(handler)))
    const builtIn = Function.prototype.toString
    try {
      Function.prototype.toString = function patched(): string {
        return 'patched'
      }
      expect(codeIdentity(handler)).toEqual(byText('patched'))
    } finally {
      Function.prototype.toString = builtIn
    }
    expect(codeIdentity(handler)).toEqual(byText(String(handler)))
  })
})
