/**
 * The one validation of a SignalSync/SignalDiff payload, shared by the codec (`decodeSignal`)
 * and the relay (`checkSignalPayload` on raw message bytes), so a sync and a diff pass the same
 * checks wherever they are read: size cap, nesting depth, UTF-8, JSON, object at the top, no
 * `"__proto__"` key.
 */
import { Flag, FrameType, frameTypeName, HEADER_SIZE } from './constants';
import { fail, ProtocolError } from './errors';
import { readHeader } from './header';
import { MAX_SIGNAL_DEPTH, type SignalState } from './signal-merge';

/**
 * Default largest SignalSync/SignalDiff payload, in bytes (1 MiB). Signal mode carries app
 * state, not media; a bigger one is refused with `PAYLOAD_TOO_LARGE` before it is parsed.
 * @public
 */
export const MAX_SIGNAL_BYTES: number = 1024 * 1024;

const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws `BAD_JSON` when the JSON text nests objects/arrays deeper than `MAX_SIGNAL_DEPTH`.
 * A byte scan that skips strings: for valid JSON it counts exactly what `checkSignalDepth`
 * counts on the parsed value, and it refuses a 10,000-deep text before any parse allocates it.
 */
function checkTextDepth(bytes: Uint8Array): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > MAX_SIGNAL_DEPTH) fail('BAD_JSON', `nesting deeper than ${MAX_SIGNAL_DEPTH}`);
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
    }
  }
}

function mayHoldProto(bytes: Uint8Array): boolean {
  // "prot" in plain bytes, or any backslash escape (which could spell it).
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === BACKSLASH) return true;
    if (b === 0x70 && bytes[i + 1] === 0x72 && bytes[i + 2] === 0x6f && bytes[i + 3] === 0x74) return true;
  }
  return false;
}

function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    if (Object.hasOwn(v, '__proto__')) return true;
    for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}

/**
 * Parses a SignalSync/SignalDiff payload (the bytes after the header) into its JSON object.
 * @throws ProtocolError `PAYLOAD_TOO_LARGE` (over `maxBytes`), `BAD_JSON` (nesting deeper than
 * `MAX_SIGNAL_DEPTH`, invalid UTF-8 or JSON, not an object, a `"__proto__"` key)
 * @internal
 */
export function parseSignalPayload(payload: Uint8Array, maxBytes: number = MAX_SIGNAL_BYTES): SignalState {
  if (payload.length > maxBytes) {
    fail('PAYLOAD_TOO_LARGE', `signal payload is ${payload.length} bytes, max ${maxBytes}`);
  }
  checkTextDepth(payload);
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(payload));
  } catch (e) {
    fail('BAD_JSON', (e as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('BAD_JSON', 'signal payload must be a JSON object');
  }
  // A "__proto__" key would replace the prototype of the object mergeSignal assigns it to.
  // Walk only when the text could hold one (the key may be written with escapes).
  if (mayHoldProto(payload) && hasProtoKey(value)) fail('BAD_JSON', 'key "__proto__" is not allowed');
  return value as SignalState;
}

/**
 * Validates one whole SignalSync (0x30) or SignalDiff (0x31) message as it arrives (header
 * included), without keeping anything: the checks `decodeSignal` makes, for a relay that must
 * refuse a hostile sync or diff before it retains or merges it. Returns the error to close the
 * sender with (`closeCode`), or `null` when the message is acceptable.
 *
 * Errors: `TRUNCATED` / `LENGTH_MISMATCH` (bytes disagree with payload_len), `UNKNOWN_TYPE`
 * (not a signal frame), `PAYLOAD_TOO_LARGE` (payload over `maxBytes`), `BAD_JSON` (deeper than
 * `MAX_SIGNAL_DEPTH`, invalid UTF-8 or JSON, not an object, a `"__proto__"` key). The depth is
 * checked by a byte scan before the JSON is parsed.
 * @param message - the whole message: 16-byte header, then the payload
 * @param maxBytes - largest payload accepted, default `MAX_SIGNAL_BYTES` (1 MiB)
 * @example
 * ```ts
 * const err = checkSignalPayload(bytes, 64 * 1024);
 * if (err) socket.close(err.closeCode, err.code);
 * ```
 * @internal
 */
export function checkSignalPayload(
  message: Uint8Array,
  maxBytes: number = MAX_SIGNAL_BYTES,
): ProtocolError | null {
  try {
    const header = readHeader(message);
    const isSignal = header.type === FrameType.SignalSync || header.type === FrameType.SignalDiff;
    if (!isSignal || (header.flags & Flag.Input) !== 0) {
      fail('UNKNOWN_TYPE', `expected SignalSync or SignalDiff, got ${frameTypeName(header.type)}`);
    }
    const expected = HEADER_SIZE + header.payloadLength;
    if (message.length < expected) fail('TRUNCATED', `need ${expected} bytes, have ${message.length}`);
    if (message.length > expected)
      fail('LENGTH_MISMATCH', `expected ${expected} bytes, have ${message.length}`);
    parseSignalPayload(message.subarray(HEADER_SIZE, expected), maxBytes);
    return null;
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
}
