import { Flag, FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import { checkSignalDepth, type SignalState } from '../protocol/signal-merge';
import type { Message } from '../protocol/types';
import { expectFrame, type FrameMeta, frameHeader } from './frame-meta';

export { diffSignal, mergeSignal } from '../protocol/signal-merge';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
let scratch: Uint8Array = new Uint8Array(1024);

function encodeJson(type: number, flags: number, value: SignalState, meta: FrameMeta): Uint8Array {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('BAD_JSON', 'signal state must be a JSON object');
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    fail('BAD_JSON', `signal state cannot be serialised: ${(e as Error).message}`);
  }
  // UTF-8 needs at most 3 bytes per UTF-16 unit; encode into scratch, then allocate once.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  const out = allocMessage(frameHeader(type, flags, meta, 0, 0), written);
  out.set(scratch.subarray(0, written), HEADER_SIZE);
  return out;
}

/**
 * Encodes the whole signal state as a SignalSync frame (0x30, FLAG_KEYFRAME: decodable on
 * its own), UTF-8 JSON.
 * @throws ProtocolError `BAD_JSON` when `state` is not a serialisable JSON object
 * @example
 * ```ts
 * ws.send(encodeSignalSync({ x: 120, y: 80, dragging: false }, { seq, timestamp }));
 * ```
 * @public
 */
export function encodeSignalSync(state: SignalState, meta: FrameMeta): Uint8Array {
  return encodeJson(FrameType.SignalSync, Flag.Keyframe, state, meta);
}

/**
 * Encodes a JSON Merge Patch (RFC 7396) of the changed keys as a SignalDiff frame (0x31);
 * build it with `diffSignal(prev, next)`.
 * @throws ProtocolError `BAD_JSON` when `diff` is not a serialisable JSON object
 * @public
 */
export function encodeSignalDiff(diff: SignalState, meta: FrameMeta): Uint8Array {
  return encodeJson(FrameType.SignalDiff, 0, diff, meta);
}

/**
 * Decodes a SignalSync or SignalDiff payload into a JSON object (the state, or the patch to
 * apply with `mergeSignal`).
 * @throws ProtocolError `UNKNOWN_TYPE` (neither type), `BAD_JSON` (invalid UTF-8, invalid
 * JSON, JSON that is not an object, or nesting deeper than `MAX_SIGNAL_DEPTH`)
 * @example
 * ```ts
 * state = m.header.type === FrameType.SignalSync ? decodeSignal(m) : mergeSignal(state, decodeSignal(m));
 * ```
 * @public
 */
export function decodeSignal(message: Message): SignalState {
  expectFrame(
    message,
    message.header.type === FrameType.SignalDiff ? FrameType.SignalDiff : FrameType.SignalSync,
  );
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(message.payload));
  } catch (e) {
    fail('BAD_JSON', (e as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('BAD_JSON', 'signal payload must be a JSON object');
  }
  checkSignalDepth(value);
  // A "__proto__" key would replace the prototype of the object mergeSignal assigns it to.
  // Walk only when the text could hold one (the key may be written with escapes).
  if (mayHoldProto(message.payload) && hasProtoKey(value)) fail('BAD_JSON', 'key "__proto__" is not allowed');
  return value as SignalState;
}

function mayHoldProto(bytes: Uint8Array): boolean {
  // "proto" in plain bytes, or any backslash escape (which could spell it).
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x5c) return true;
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
