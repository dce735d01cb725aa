/** `f` answered once per argument: the first answer is kept for the life of the returned function. */
export function memoize(f: (key: string) => boolean): (key: string) => boolean {
  const cache = new Map<string, boolean>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = f(key);
      cache.set(key, v);
    }
    return v;
  };
}
