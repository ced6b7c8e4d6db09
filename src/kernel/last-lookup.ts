/**
 * The answer to the last lookup, kept beside whatever it was looked up in: on the hot path most
 * lookups ask for the key the one before asked for (the same timeout length, the same settings,
 * the same bus version), and comparing one key is cheaper than a map's hashing. Keys compare by
 * identity (`===`); a value is never `undefined` (that means a miss).
 */
export class LastLookup<K, V> {
  private key: K | undefined = undefined
  private value: V | undefined = undefined

  /** The value remembered for `key`, or undefined when the last lookup was for another key. */
  get(key: K): V | undefined {
    return key === this.key ? this.value : undefined
  }

  /** Remembers `value` as the answer for `key` (and returns it). */
  set(key: K, value: V): V {
    this.key = key
    this.value = value
    return value
  }

  /** Forgets the last answer. */
  clear(): void {
    this.key = undefined
    this.value = undefined
  }
}
