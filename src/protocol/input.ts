import { bciPayloadSize, readBci, writeBci } from './bci';
import { Flag, InputType } from './constants';
import { decodeFixedInput, type EventOf, FIXED_LAYOUTS, type Layout, writeInput } from './input-fixed';
import type { AppInputEvent, InputEvent, InputKind } from './input-types';
import type { Message } from './types';
import { readVoice, voicePayloadSize, writeVoice } from './voice';

export type {
  AckInput,
  AppInputEvent,
  BciInput,
  FixedInputEvent,
  FixedInputKind,
  GamepadAxisInput,
  GamepadButtonInput,
  InputEvent,
  InputKind,
  KeyframeRequestInput,
  KeyInput,
  MidiInput,
  PointerInput,
  ResizeInput,
  ScrollInput,
  TouchInput,
  VoiceInput,
} from './input-types';

/** Modifier bits of KeyDown/KeyUp. @public */
export const Modifier = { Shift: 0x01, Ctrl: 0x02, Alt: 0x04, Meta: 0x08 } as const;

/** True for an event a person made (not an ACK or a keyframe request). @public */
export function isAppInput(ev: InputEvent): ev is AppInputEvent {
  return ev.kind !== 'ack' && ev.kind !== 'keyframe-request';
}

// The two variable-size kinds; FIXED_LAYOUTS has the rest. Kept apart (not spread into one table)
// and built by a pure call: to a bundler, a spread or a read of `InputType.X` at module level may
// have side effects, which would keep this module in every bundle that shares a chunk with it.
const VARIABLE_LAYOUTS: { [K in 'voice' | 'bci']: Layout<EventOf<K>> } = /* @__PURE__ */ (() => ({
  voice: {
    code: InputType.VoiceInput,
    size: -1,
    measure: voicePayloadSize,
    write: writeVoice,
  },
  bci: {
    code: InputType.BciInput,
    size: -1,
    measure: bciPayloadSize,
    write: writeBci,
  },
}))();

function layoutOf(kind: InputKind): Layout<InputEvent> {
  const layout = kind === 'voice' || kind === 'bci' ? VARIABLE_LAYOUTS[kind] : FIXED_LAYOUTS[kind];
  return layout as unknown as Layout<InputEvent>;
}

/** Payload size of an input kind in bytes, or -1 when variable. @internal */
export function inputPayloadSize(kind: InputKind): number {
  return layoutOf(kind).size;
}

/** Input type code of an input kind. @internal */
export function inputTypeCode(kind: InputKind): number {
  return layoutOf(kind).code;
}

/**
 * Encodes an input event as a whole message (FLAG_INPUT set, width = height = 0).
 * @public
 */
export function encodeInput(event: InputEvent, seq = 0, timestamp = 0): Uint8Array {
  const layout = layoutOf(event.kind);
  const size = layout.size >= 0 ? layout.size : (layout.measure?.(event) ?? 0);
  return writeInput(layout, size, event, seq, timestamp);
}

/**
 * Decodes the payload of an input message into a typed event.
 * @throws ProtocolError `UNKNOWN_TYPE` (not input, or unknown code), `SIZE_MISMATCH`,
 * `BAD_PAYLOAD` / `PAYLOAD_TOO_LARGE` (a VoiceInput or BciInput that fails validation)
 * @public
 */
export function decodeInput(message: Message): InputEvent {
  const { header, payload } = message;
  if (header.flags & Flag.Input) {
    if (header.type === InputType.VoiceInput) return readVoice(payload);
    if (header.type === InputType.BciInput) return readBci(payload);
  }
  return decodeFixedInput(message);
}
