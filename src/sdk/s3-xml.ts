/**
 * The XML S3's request bodies carry (`CreateBucketConfiguration`, `NotificationConfiguration`,
 * `CompleteMultipartUpload`, `Delete`): a small reader for elements and text — no attributes,
 * namespaces ignored, entities and CDATA decoded — and the writer side's escaping. A body it cannot
 * read is S3's `MalformedXML`.
 */
import { s3Errors } from '../aws/s3/errors.js'

export interface XmlNode {
  readonly name: string
  readonly children: XmlNode[]
  text: string
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** The highest Unicode code point: a character reference past it is not XML. */
const CODE_POINT_MAX = 0x10ffff

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, entity: string) => {
    if (!entity.startsWith('#')) return ENTITIES[entity] ?? whole
    const codePoint = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1))
    if (!(codePoint <= CODE_POINT_MAX)) throw s3Errors.malformedXml()
    return String.fromCodePoint(codePoint)
  })
}

/** The document's root element; `MalformedXML` for anything else. */
export function parseXml(text: string): XmlNode {
  let at = 0
  const fail = (): never => {
    throw s3Errors.malformedXml()
  }
  const skipMisc = (): void => {
    for (;;) {
      while (at < text.length && /\s/.test(text.charAt(at))) at++
      const ending = text.startsWith('<?', at) ? '?>' : text.startsWith('<!--', at) ? '-->' : undefined
      if (ending === undefined) return
      const end = text.indexOf(ending, at)
      if (end < 0) fail()
      at = end + ending.length
    }
  }
  const element = (): XmlNode => {
    if (text.charAt(at) !== '<') fail()
    const close = text.indexOf('>', at)
    if (close < 0) fail()
    const tag = text.slice(at + 1, close)
    const selfClosing = tag.endsWith('/')
    const rawName = (selfClosing ? tag.slice(0, -1) : tag).trim().split(/\s+/)[0] ?? ''
    if (rawName === '' || rawName.startsWith('/')) fail()
    const name = rawName.includes(':') ? rawName.slice(rawName.indexOf(':') + 1) : rawName
    at = close + 1
    const node: XmlNode = { name, children: [], text: '' }
    if (selfClosing) return node
    for (;;) {
      if (at >= text.length) fail()
      if (text.startsWith('<![CDATA[', at)) {
        const end = text.indexOf(']]>', at)
        if (end < 0) fail()
        node.text += text.slice(at + 9, end)
        at = end + 3
      } else if (text.startsWith('<!--', at)) {
        const end = text.indexOf('-->', at)
        if (end < 0) fail()
        at = end + 3
      } else if (text.startsWith('</', at)) {
        const end = text.indexOf('>', at)
        if (end < 0 || text.slice(at + 2, end).trim() !== rawName) fail()
        at = end + 1
        return node
      } else if (text.charAt(at) === '<') {
        node.children.push(element())
      } else {
        const next = text.indexOf('<', at)
        if (next < 0) fail()
        node.text += decodeEntities(text.slice(at, next))
        at = next
      }
    }
  }
  skipMisc()
  const root = element()
  skipMisc()
  if (at < text.length) fail()
  return root
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name)
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? []
}

export function childText(node: XmlNode | undefined, name: string): string | undefined {
  return child(node, name)?.text
}
