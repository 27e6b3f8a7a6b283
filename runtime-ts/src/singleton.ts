/**
 * One value per process, kept on globalThis so that a Next.js dev server's hot
 * reloads (which re-evaluate modules) reuse it instead of opening a new
 * connection on every edit.
 */
type Holder = Record<symbol, unknown>;

/** Returns the value stored under `key`, creating it with `create` the first time. */
export function singleton<T>(key: string, create: () => T, isAlive?: (value: T) => boolean): T {
  const sym = Symbol.for(`noormme.singleton:${key}`);
  const g = globalThis as unknown as Holder;
  const existing = g[sym] as T | undefined;
  if (existing !== undefined && (isAlive === undefined || isAlive(existing))) return existing;
  const value = create();
  g[sym] = value;
  return value;
}

/** Forgets the value stored under `key` (it is not closed). */
export function clearSingleton(key: string): void {
  delete (globalThis as unknown as Holder)[Symbol.for(`noormme.singleton:${key}`)];
}
