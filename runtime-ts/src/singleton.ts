/**
 * One value per process, kept on globalThis so that a Next.js dev server's hot
 * reloads (which re-evaluate modules) reuse it instead of opening a new
 * connection on every edit.
 *
 * A value also records the `version` of the code that created it. Generated
 * code passes a hash of itself, so after `noormc watch` rewrites src/db the
 * next call (made by the re-evaluated, newer module) gets a value created by
 * the new code, and the old value is disposed (its connection closed).
 */
type Holder = Record<symbol, unknown>;

/** @internal What globalThis holds under a key. */
interface Slot<T> {
  value: T;
  options: SingletonOptions<T>;
}

/** Options of singleton(). */
export interface SingletonOptions<T> {
  /**
   * The identity of the code that creates the value (generated code passes a
   * hash of the generated files). A stored value created under another
   * version is replaced by a new one and handed to the `dispose` of the call
   * that created it.
   */
  version?: string;
  /**
   * Releases a replaced value (generated code: `db.close()`). Errors it throws
   * are ignored: the value is being dropped.
   */
  dispose?: (value: T) => void;
  /**
   * Milliseconds to wait before disposing a replaced value, so that a request
   * still running on the old code can finish its statements (default 1000;
   * 0 disposes at once). The timer does not keep the process alive.
   */
  disposeAfterMs?: number;
}

function symbolOf(key: string): symbol {
  return Symbol.for(`noormme.singleton:${key}`);
}

function release<T>(value: T, options: SingletonOptions<T>): void {
  const dispose = options.dispose;
  if (dispose === undefined) return;
  const run = (): void => {
    try {
      dispose(value);
    } catch {
      // The value is being dropped; a failing close must not fail the request that replaced it.
    }
  };
  const delay = options.disposeAfterMs ?? 1000;
  if (delay <= 0) {
    run();
    return;
  }
  const timer = setTimeout(run, delay) as { unref?: () => void };
  timer.unref?.();
}

/**
 * Returns the value stored under `key`, creating it with `create` the first
 * time, when `isAlive(value)` is false (a closed connection is reopened), or
 * when it was created under another `options.version` (then the old value is
 * disposed, see SingletonOptions).
 */
export function singleton<T>(key: string, create: () => T, isAlive?: (value: T) => boolean, options: SingletonOptions<T> = {}): T {
  const sym = symbolOf(key);
  const g = globalThis as unknown as Holder;
  const slot = g[sym] as Slot<T> | undefined;
  const sameVersion = slot !== undefined && slot.options.version === options.version;
  if (slot !== undefined && sameVersion && (isAlive === undefined || isAlive(slot.value))) return slot.value;
  const value = create();
  g[sym] = { value, options };
  if (slot !== undefined && !sameVersion) release(slot.value, slot.options);
  return value;
}

/** Forgets the value stored under `key` (it is not closed). */
export function clearSingleton(key: string): void {
  delete (globalThis as unknown as Holder)[symbolOf(key)];
}
