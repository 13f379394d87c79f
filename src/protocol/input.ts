import { bciPayloadSize, readBci, writeBci } from './bci';
import { Flag, InputType, inputTypeName } from './constants';
import { fail } from './errors';
import { type EventOf, FIXED_LAYOUTS, type Layout, writeInput } from './input-fixed';
import type { AppInputEvent, InputEvent, InputKind, KeyInput, PointerInput, TouchInput } from './input-types';
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

type Reader<E extends InputEvent> = (v: DataView, kind: E['kind'], payload: Uint8Array) => E;

const pointer: Reader<PointerInput> = (v, kind) => ({
  kind,
  x: v.getUint16(0, true),
  y: v.getUint16(2, true),
  buttons: v.getUint8(4),
});
const key: Reader<KeyInput> = (v, kind) => ({
  kind,
  keyCode: v.getUint16(0, true),
  modifiers: v.getUint8(2),
});
const touch: Reader<TouchInput> = (v, kind) => ({
  kind,
  id: v.getUint8(0),
  x: v.getUint16(1, true),
  y: v.getUint16(3, true),
});

/** Payload readers by kind: the decoding half of the layouts table (input-fixed.ts writes). */
const READERS: { [K in InputKind]: Reader<EventOf<K>> } = {
  pointer,
  pointerdown: pointer,
  pointerup: pointer,
  keydown: key,
  keyup: key,
  touch,
  touchend: touch,
  gamepadaxis: (v, kind) => ({ kind, axis: v.getUint8(0), value: v.getFloat32(1, true) }),
  gamepadbutton: (v, kind) => ({
    kind,
    button: v.getUint8(0),
    pressed: v.getUint8(1) !== 0,
    value: v.getFloat32(2, true),
  }),
  midi: (v, kind) => ({ kind, status: v.getUint8(0), d1: v.getUint8(1), d2: v.getUint8(2) }),
  scroll: (v, kind) => ({ kind, dx: v.getInt16(0, true), dy: v.getInt16(2, true) }),
  resize: (v, kind) => ({ kind, width: v.getUint16(0, true), height: v.getUint16(2, true) }),
  'keyframe-request': (_v, kind) => ({ kind }),
  ack: (v, kind) => ({
    kind,
    ackSeq: v.getUint16(0, true),
    echoTimestamp: v.getUint32(2, true),
    decodeMicros: v.getUint32(6, true),
    queueDepth: v.getUint16(10, true),
  }),
  voice: (_v, _kind, payload) => readVoice(payload),
  bci: (_v, _kind, payload) => readBci(payload),
};

type CodeEntry = { kind: InputKind; size: number; read: Reader<InputEvent> };
let byCode: Map<number, CodeEntry> | null = null;

function layoutOf(kind: InputKind): Layout<InputEvent> {
  const layout = kind === 'voice' || kind === 'bci' ? VARIABLE_LAYOUTS[kind] : FIXED_LAYOUTS[kind];
  return layout as unknown as Layout<InputEvent>;
}

/**
 * Code → kind, size and reader, built on the first decode rather than at module load: a top-level
 * computation is a side effect no bundler may drop, and would tie this module (with the VoiceInput
 * and BciInput codecs) to every bundle that shares a chunk with it.
 */
function entryOf(code: number): CodeEntry | undefined {
  byCode ??= new Map(
    (Object.keys(READERS) as InputKind[]).map((kind) => [
      layoutOf(kind).code,
      { kind, size: layoutOf(kind).size, read: READERS[kind] as unknown as Reader<InputEvent> },
    ]),
  );
  return byCode.get(code);
}

/** Payload size of an input kind in bytes, or -1 when variable. @public */
export function inputPayloadSize(kind: InputKind): number {
  return layoutOf(kind).size;
}

/** Input type code of an input kind. @public */
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
  if ((header.flags & Flag.Input) === 0) fail('UNKNOWN_TYPE', 'message is not input (FLAG_INPUT clear)');
  const entry = entryOf(header.type);
  if (!entry) fail('UNKNOWN_TYPE', `input type ${inputTypeName(header.type)} has no payload layout`);
  const { kind, size, read } = entry;
  if (size >= 0 && payload.length !== size) {
    fail('SIZE_MISMATCH', `${kind} payload is ${payload.length} bytes, expected ${size}`);
  }
  return read(new DataView(payload.buffer, payload.byteOffset, payload.length), kind, payload);
}
