import { Flag, FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import { MAX_SIGNAL_BYTES, parseSignalPayload } from '../protocol/signal-check';
import type { SignalState } from '../protocol/signal-merge';
import type { Message } from '../protocol/types';
import { expectFrame, type FrameMeta, frameHeader } from './frame-meta';

export { diffSignal, mergeSignal } from '../protocol/signal-merge';

const encoder = /* @__PURE__ */ new TextEncoder();
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
 * apply with `mergeSignal`). Both types pass the same checks (`checkSignalPayload` in the
 * protocol layer, which the relay runs on raw bytes): size, depth, UTF-8, JSON, object.
 * @param maxBytes - largest payload accepted, default `MAX_SIGNAL_BYTES` (1 MiB)
 * @throws ProtocolError `UNKNOWN_TYPE` (neither type), `PAYLOAD_TOO_LARGE` (payload over
 * `maxBytes`), `BAD_JSON` (invalid UTF-8, invalid JSON, JSON that is not an object, nesting
 * deeper than `MAX_SIGNAL_DEPTH`, a `"__proto__"` key)
 * @example
 * ```ts
 * state = m.header.type === FrameType.SignalSync ? decodeSignal(m) : mergeSignal(state, decodeSignal(m));
 * ```
 * @public
 */
export function decodeSignal(message: Message, maxBytes: number = MAX_SIGNAL_BYTES): SignalState {
  expectFrame(
    message,
    message.header.type === FrameType.SignalDiff ? FrameType.SignalDiff : FrameType.SignalSync,
  );
  return parseSignalPayload(message.payload, maxBytes);
}
