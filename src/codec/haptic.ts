import { FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { u16 } from '../protocol/header';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { expectFrame, type FrameMeta, frameHeader } from './frame-meta';

/**
 * A vibration command for the receiver (`navigator.vibrate` and gamepad rumble).
 * @public
 */
export interface HapticCommand {
  /** How long to vibrate, in ms (0..65535; clamped). */
  durationMs: number;
  /** Strength 0..1 (clamped; sent as u8, so steps of 1/255). */
  intensity: number;
  /** Optional on/off pattern in ms, starting with "on" (at most 255 entries, each 0..65535). */
  pattern?: number[];
}

/** Payload bytes before the pattern: duration u16, intensity u8, pattern count u8. @internal */
export const HAPTIC_FIXED_SIZE = 4;

const clampU16 = (n: number): number =>
  Number.isFinite(n) ? Math.max(0, Math.min(0xffff, Math.round(n))) : 0;

/**
 * Encodes a Haptic frame (0x20): duration u16 ms, intensity u8 (0..255 = 0..1), pattern
 * count u8, then each pattern entry as u16 ms.
 * @throws ProtocolError `BAD_PAYLOAD` when the pattern has more than 255 entries
 * @example
 * ```ts
 * ws.send(encodeHaptic({ durationMs: 80, intensity: 0.6, pattern: [40, 20, 40] }, { seq, timestamp }));
 * ```
 * @public
 */
export function encodeHaptic(cmd: HapticCommand, meta: FrameMeta): Uint8Array {
  const pattern = cmd.pattern ?? [];
  if (pattern.length > 255) fail('BAD_PAYLOAD', `haptic pattern has ${pattern.length} entries, max 255`);
  const out = allocMessage(
    frameHeader(FrameType.Haptic, 0, meta, 0, 0),
    HAPTIC_FIXED_SIZE + pattern.length * 2,
  );
  const p = HEADER_SIZE;
  const duration = clampU16(cmd.durationMs);
  const intensity = Number.isFinite(cmd.intensity) ? Math.max(0, Math.min(1, cmd.intensity)) : 0;
  out[p] = duration & 0xff;
  out[p + 1] = duration >>> 8;
  out[p + 2] = Math.round(intensity * 255);
  out[p + 3] = pattern.length;
  for (let i = 0; i < pattern.length; i++) {
    const v = clampU16(pattern[i]!);
    out[p + 4 + i * 2] = v & 0xff;
    out[p + 5 + i * 2] = v >>> 8;
  }
  return out;
}

/**
 * Decodes a Haptic frame. `pattern` is present only when the frame carries one.
 * @throws ProtocolError `UNKNOWN_TYPE` (not Haptic), `SIZE_MISMATCH` (payload is not
 * 4 + 2 x pattern count bytes)
 * @public
 */
export function decodeHaptic(message: Message): HapticCommand {
  expectFrame(message, FrameType.Haptic);
  const b = message.payload;
  if (b.length < HAPTIC_FIXED_SIZE) {
    fail('SIZE_MISMATCH', `Haptic payload is ${b.length} bytes, at least ${HAPTIC_FIXED_SIZE}`);
  }
  const count = b[3]!;
  if (b.length !== HAPTIC_FIXED_SIZE + count * 2) {
    fail(
      'SIZE_MISMATCH',
      `Haptic payload is ${b.length} bytes, ${count} pattern entries need ${4 + count * 2}`,
    );
  }
  const cmd: HapticCommand = { durationMs: u16(b, 0), intensity: b[2]! / 255 };
  if (count > 0) {
    const pattern: number[] = [];
    for (let i = 0; i < count; i++) pattern.push(u16(b, 4 + i * 2));
    cmd.pattern = pattern;
  }
  return cmd;
}
