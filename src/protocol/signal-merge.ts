import { fail } from './errors';

/**
 * Signal state and diffs follow JSON Merge Patch (RFC 7396): a diff is an object whose
 * keys replace the state's, objects merge recursively, `null` deletes a key, and arrays
 * are replaced whole; a `"__proto__"` key is ignored. It lives in the protocol layer because the relay merges diffs for
 * late joiners without importing any codec.
 */

/** A JSON value. @public */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A signal state or diff: a JSON object at the top level. @public */
export type SignalState = { [key: string]: JsonValue };

const FORBIDDEN_KEY = '__proto__';

/**
 * Deepest object/array nesting a signal state or diff may have. Merging and diffing recurse, so
 * a hostile 100,000-deep diff must be refused before it can overflow the stack.
 * @public
 */
export const MAX_SIGNAL_DEPTH = 64;

/**
 * Throws `ProtocolError('BAD_JSON')` when `value` nests objects or arrays deeper than
 * `MAX_SIGNAL_DEPTH`. Iterative, so it is safe on any parsed JSON.
 * @internal
 */
export function checkSignalDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_SIGNAL_DEPTH) fail('BAD_JSON', `nesting deeper than ${MAX_SIGNAL_DEPTH}`);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
}

function isObject(v: unknown): v is SignalState {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Applies an RFC 7396 merge patch to `state` and returns the new state. Neither input is
 * modified; unchanged branches are shared with `state`.
 * @throws ProtocolError `BAD_JSON` when the patch nests deeper than `MAX_SIGNAL_DEPTH`
 * @public
 */
export function mergeSignal(state: SignalState, diff: SignalState): SignalState {
  return merge(state, diff, 1);
}

function merge(state: SignalState, diff: SignalState, depth: number): SignalState {
  if (depth > MAX_SIGNAL_DEPTH) fail('BAD_JSON', `nesting deeper than ${MAX_SIGNAL_DEPTH}`);
  const out: SignalState = { ...state };
  for (const key of Object.keys(diff)) {
    // A JSON "__proto__" key would replace the merged object's prototype; it is never state.
    if (key === FORBIDDEN_KEY) continue;
    const patch = diff[key]!;
    if (patch === null) {
      delete out[key];
    } else if (isObject(patch)) {
      const prev = out[key];
      out[key] = merge(isObject(prev) ? prev : {}, patch, depth + 1);
    } else {
      out[key] = patch;
    }
  }
  return out;
}

function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth > MAX_SIGNAL_DEPTH) fail('BAD_JSON', `nesting deeper than ${MAX_SIGNAL_DEPTH}`);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i], depth + 1));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k], depth + 1));
}

/**
 * Computes the smallest RFC 7396 merge patch that turns `prev` into `next`, or `null`
 * when nothing changed. `mergeSignal(prev, diffSignal(prev, next))` deep-equals `next`
 * provided `next` holds no `null` values (RFC 7396 cannot set a key to null).
 * @public
 */
export function diffSignal(prev: SignalState, next: SignalState): SignalState | null {
  return diff(prev, next, 1);
}

function diff(prev: SignalState, next: SignalState, depth: number): SignalState | null {
  if (depth > MAX_SIGNAL_DEPTH) fail('BAD_JSON', `nesting deeper than ${MAX_SIGNAL_DEPTH}`);
  const out: SignalState = {};
  let changed = false;
  for (const key of Object.keys(next)) {
    if (key === FORBIDDEN_KEY) continue;
    const a = prev[key];
    const b = next[key]!;
    if (deepEqual(a, b, depth + 1)) continue;
    if (isObject(a) && isObject(b)) {
      const sub = diff(a, b, depth + 1);
      if (sub === null) continue;
      out[key] = sub;
    } else {
      out[key] = b;
    }
    changed = true;
  }
  for (const key of Object.keys(prev)) {
    if (!Object.hasOwn(next, key)) {
      out[key] = null;
      changed = true;
    }
  }
  return changed ? out : null;
}
