// What a reverting transaction leaves behind: nothing. An atomic attack captures the state it may touch before it
// starts and, when its repayment check fails at the end, puts every captured object back as it was (in place, so
// every other reference to it stays valid), as the EVM discards a reverted transaction's writes.

/** One captured object and how to put it back. */
interface Saved {
  restore(): void;
}

/** Typed arrays (not DataView): copied element by element. */
function isTypedArray(value: object): value is Float64Array | Int32Array | Uint8Array {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * The state reachable from some roots at one moment, which {@link StateCapture.restore} writes back.
 *
 * @example
 * const capture = captureState([protocol, market], new Set([world.chain]));
 * attack();
 * if (cannotRepay) capture.restore(); // the protocol, its oracle and the pools are as before the attack
 */
export interface StateCapture {
  /** Writes every captured object back to its captured contents (own properties, array items, map and set entries). */
  restore(): void;
  /** Objects captured (for tests and diagnostics). */
  readonly objects: number;
}

/**
 * Captures every object reachable from `roots` through own properties, array items and map/set entries, stopping at
 * the objects in `boundary` (captured neither they nor what lies behind them: the chain that is executing the
 * transaction, the world and its recorder). Functions are not entered: the objects a closure points at are restored
 * in place, but a variable only a closure holds is not captured (the model's pools, oracles, protocols and mechanisms
 * keep their state in fields; test/adversaries-atomic.test.ts checks a reverted attack leaves the run unchanged).
 * Accessor properties are left alone.
 * Restoring sets each object's own data properties, array items and length, typed-array contents and map/set entries
 * back to their captured values and deletes properties added since; identities never change.
 *
 * @example
 * const capture = captureState([pool], new Set());
 * pool.sell(10);
 * capture.restore(); // pool.mid() as before the sale
 */
export function captureState(roots: readonly object[], boundary: ReadonlySet<object>): StateCapture {
  const saved = new Map<object, Saved>();
  const pending: object[] = [...roots];
  const visit = (value: unknown) => {
    if (typeof value === 'object' && value !== null && !saved.has(value) && !boundary.has(value)) pending.push(value);
  };
  while (pending.length > 0) {
    const target = pending.pop() as object;
    if (saved.has(target) || boundary.has(target)) continue;
    saved.set(target, capture(target, visit));
  }
  const all = [...saved.values()];
  return {
    objects: all.length,
    restore: () => {
      for (const entry of all) entry.restore();
    },
  };
}

/** Captures one object's own contents and calls `visit` on every value it holds. */
function capture(target: object, visit: (value: unknown) => void): Saved {
  if (isTypedArray(target)) {
    const copy = target.slice();
    return { restore: () => target.set(copy) };
  }
  if (Array.isArray(target)) {
    const items: unknown[] = target.slice();
    items.forEach(visit);
    return {
      restore: () => {
        target.length = items.length;
        for (let k = 0; k < items.length; k++) target[k] = items[k];
      },
    };
  }
  if (target instanceof Map) {
    const entries = [...(target as Map<unknown, unknown>).entries()];
    for (const [key, value] of entries) {
      visit(key);
      visit(value);
    }
    return {
      restore: () => {
        target.clear();
        for (const [key, value] of entries) target.set(key, value);
      },
    };
  }
  if (target instanceof Set) {
    const values = [...(target as Set<unknown>).values()];
    values.forEach(visit);
    return {
      restore: () => {
        target.clear();
        for (const value of values) target.add(value);
      },
    };
  }
  if (Object.isFrozen(target)) {
    for (const key of Reflect.ownKeys(target)) visit((target as Record<PropertyKey, unknown>)[key]);
    return { restore: () => {} };
  }
  const record = target as Record<PropertyKey, unknown>;
  const fields = new Map<PropertyKey, unknown>();
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || !('value' in descriptor)) continue;
    fields.set(key, descriptor.value);
    if (typeof descriptor.value !== 'function') visit(descriptor.value);
  }
  return {
    restore: () => {
      for (const key of Reflect.ownKeys(target)) {
        const descriptor = Object.getOwnPropertyDescriptor(target, key);
        if (descriptor && 'value' in descriptor && !fields.has(key) && descriptor.configurable) delete record[key];
      }
      for (const [key, value] of fields) if (!Object.is(record[key], value)) record[key] = value;
    },
  };
}
