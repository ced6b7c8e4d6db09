/**
 * Reads a report's embedded data back in Node, the way the viewer does in the browser: the
 * base64 payload, inflated, a JSON part and varint sections. The tests check what the file holds
 * against the simulation, without a browser.
 */
import { inflateRawSync } from 'node:zlib'

export interface DecodedInvocation {
  readonly lane: number
  readonly startUs: number
  readonly endUs: number
  readonly admittedUs: number
  readonly flags: number
  readonly qualifier: number
  readonly billedMs: number
  readonly memorySizeMB: number
  readonly maxMemoryUsedMB: number
  readonly errorType: number
}

export interface DecodedRun {
  // The JSON part as written (see src/report/run-data.ts RunMeta).
  readonly meta: {
    readonly lanes: readonly { readonly id: string; readonly fn: number; readonly version: string; readonly count: number; readonly createdUs: number; readonly init: readonly (readonly number[])[] }[]
    readonly functions: readonly string[]
    readonly qualifiers: readonly string[]
    readonly counts: Record<string, number>
    readonly logs: { readonly kept: number; readonly dropped: number; readonly invocations: readonly (readonly [number, string, readonly (readonly [number, string])[]])[] }
    readonly sections: Record<'invocations' | 'throttles' | 'retries', readonly [number, number]>
  }
  readonly invocations: DecodedInvocation[]
  readonly throttleTimesUs: number[]
  readonly retryTimesUs: number[]
}

export function decodeReport(html: string): DecodedRun[] {
  const match = /<script type="application\/octet-stream" id="report-data">([^<]*)<\/script>/.exec(html)
  if (match === null) throw new Error('no report data in the page')
  const bytes = inflateRawSync(Buffer.from(match[1] as string, 'base64'))
  const jsonLength = bytes.readUInt32LE(0)
  const metas = JSON.parse(bytes.subarray(4, 4 + jsonLength).toString('utf8')) as DecodedRun['meta'][]
  const base = 4 + jsonLength
  return metas.map((meta) => {
    let p = base + meta.sections.invocations[0]
    const varint = (): number => {
      let v = 0
      let mul = 1
      let x: number
      do {
        x = bytes[p++] as number
        v += (x & 127) * mul
        mul *= 128
      } while (x >= 128)
      return v
    }
    const invocations: DecodedInvocation[] = []
    meta.lanes.forEach((lane, index) => {
      let previousEnd = lane.createdUs
      for (let i = 0; i < lane.count; i++) {
        const startUs = previousEnd + varint()
        const endUs = startUs + varint()
        const admittedUs = startUs - varint()
        const flags = bytes[p++] as number
        const qualifier = varint()
        const billedMs = varint()
        const memorySizeMB = varint()
        const maxMemoryUsedMB = varint()
        const errorType = (flags & 3) !== 0 ? varint() : 0
        invocations.push({ lane: index, startUs, endUs, admittedUs, flags, qualifier, billedMs, memorySizeMB, maxMemoryUsedMB, errorType })
        previousEnd = endUs
      }
    })
    const marks = (section: readonly [number, number], fields: (() => void)[]): number[] => {
      p = base + section[0]
      const end = p + section[1]
      const times: number[] = []
      let t = 0
      while (p < end) {
        t += varint()
        times.push(t)
        for (const field of fields) field()
      }
      return times
    }
    const skipVarint = (): void => void varint()
    const skipByte = (): void => void p++
    const throttleTimesUs = marks(meta.sections.throttles, [skipVarint, skipVarint, skipVarint])
    const retryTimesUs = marks(meta.sections.retries, [skipVarint, skipByte, skipVarint])
    return { meta, invocations, throttleTimesUs, retryTimesUs }
  })
}
