/**
 * The report's binary sections: unsigned varints (7 bits a byte, low first), written with
 * arithmetic rather than bit operations so values past 2^31 (microseconds of a long run) stay exact.
 * The viewer reads them back the same way (`viewer-script.ts`, `readVarint`).
 */
export class ByteWriter {
  private bytes = new Uint8Array(1 << 16)
  length = 0

  byte(value: number): void {
    if (this.length === this.bytes.length) this.grow()
    this.bytes[this.length++] = value
  }

  /** A whole number ≥ 0 (up to 2^53). */
  varint(value: number): void {
    if (!(value >= 0) || !Number.isSafeInteger(value)) throw new RangeError(`varint: ${value} is not a whole number ≥ 0`)
    let v = value
    while (v >= 128) {
      this.byte((v % 128) + 128)
      v = Math.floor(v / 128)
    }
    this.byte(v)
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length)
  }

  private grow(): void {
    const next = new Uint8Array(this.bytes.length * 2)
    next.set(this.bytes)
    this.bytes = next
  }
}
