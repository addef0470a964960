/**
 * A bounded cache: a map that starts over when full. Caches live as long as
 * what holds them (a history session), never in module globals.
 */
export interface BoundedCache<V> {
  get(key: string): V | undefined
  set(key: string, value: V): void
}

export function boundedCache<V>(limit: number): BoundedCache<V> {
  let map = new Map<string, V>()
  return {
    get: (key) => map.get(key),
    set(key, value) {
      if (map.size >= limit) map = new Map()
      map.set(key, value)
    }
  }
}
