import { type BciInput, bciPayloadSize, readBci, writeBci } from './bci';
import { Flag, InputType, inputTypeName } from './constants';
import { fail } from './errors';
import { allocMessage } from './message';
import type { Message } from './types';
import { readVoice, type VoiceInput, voicePayloadSize, writeVoice } from './voice';

export type { BciInput } from './bci';
export type { VoiceInput } from './voice';

/** Modifier bits of KeyDown/KeyUp. @public */
export const Modifier = { Shift: 0x01, Ctrl: 0x02, Alt: 0x04, Meta: 0x08 } as const;

/** Pointer position in source pixels and the DOM `buttons` bitmask. @public */
export interface PointerInput {
  kind: 'pointer' | 'pointerdown' | 'pointerup';
  x: number;
  y: number;
  buttons: number;
}
/** A key, as the legacy `keyCode` (u16) and `Modifier` bits. @public */
export interface KeyInput {
  kind: 'keydown' | 'keyup';
  keyCode: number;
  modifiers: number;
}
/** One touch point in source pixels; `touchend` when it lifts. @public */
export interface TouchInput {
  kind: 'touch' | 'touchend';
  id: number;
  x: number;
  y: number;
}
/** One gamepad axis, -1..1. @public */
export interface GamepadAxisInput {
  kind: 'gamepadaxis';
  axis: number;
  value: number;
}
/** One gamepad button; `value` 0..1 for analogue triggers. @public */
export interface GamepadButtonInput {
  kind: 'gamepadbutton';
  button: number;
  pressed: boolean;
  value: number;
}
/** A raw MIDI message. @public */
export interface MidiInput {
  kind: 'midi';
  status: number;
  d1: number;
  d2: number;
}
/** Wheel deltas in pixels, clamped to i16. @public */
export interface ScrollInput {
  kind: 'scroll';
  dx: number;
  dy: number;
}
/** The receiver's viewport size. @public */
export interface ResizeInput {
  kind: 'resize';
  width: number;
  height: number;
}
/** Ask the source for a keyframe (no payload). @public */
export interface KeyframeRequestInput {
  kind: 'keyframe-request';
}
/**
 * Acknowledges a decoded frame: its seq and echoed timestamp, the receiver's decode time
 * (microseconds) and how many frames wait to be drawn.
 * @public
 */
export interface AckInput {
  kind: 'ack';
  ackSeq: number;
  echoTimestamp: number;
  decodeMicros: number;
  queueDepth: number;
}
/** Every input event a receiver can send. @public */
export type InputEvent =
  | PointerInput
  | KeyInput
  | TouchInput
  | GamepadAxisInput
  | GamepadButtonInput
  | MidiInput
  | ScrollInput
  | ResizeInput
  | KeyframeRequestInput
  | AckInput
  | VoiceInput
  | BciInput;

/** The `kind` of an input event. @public */
export type InputKind = InputEvent['kind'];

/**
 * What a person did on a receiver: every input event but the receivers' flow control (frame ACKs
 * and keyframe requests, which the source engine answers itself). `onInput` gets these.
 * @public
 */
export type AppInputEvent = Exclude<InputEvent, AckInput | KeyframeRequestInput>;

/** True for an event a person made (not an ACK or a keyframe request). @public */
export function isAppInput(ev: InputEvent): ev is AppInputEvent {
  return ev.kind !== 'ack' && ev.kind !== 'keyframe-request';
}

interface Layout<E extends InputEvent> {
  code: number;
  /** Fixed payload size, or -1 for variable. */
  size: number;
  /** Payload size of one event when `size` is -1. */
  measure?(e: E): number;
  write(v: DataView, e: E): void;
  read(v: DataView, kind: E['kind'], payload: Uint8Array): E;
}

const pointer: Omit<Layout<PointerInput>, 'code'> = {
  size: 5,
  write: (v, e) => {
    v.setUint16(0, e.x, true);
    v.setUint16(2, e.y, true);
    v.setUint8(4, e.buttons);
  },
  read: (v, kind) => ({ kind, x: v.getUint16(0, true), y: v.getUint16(2, true), buttons: v.getUint8(4) }),
};
const key: Omit<Layout<KeyInput>, 'code'> = {
  size: 3,
  write: (v, e) => {
    v.setUint16(0, e.keyCode, true);
    v.setUint8(2, e.modifiers);
  },
  read: (v, kind) => ({ kind, keyCode: v.getUint16(0, true), modifiers: v.getUint8(2) }),
};
const touch: Omit<Layout<TouchInput>, 'code'> = {
  size: 5,
  write: (v, e) => {
    v.setUint8(0, e.id);
    v.setUint16(1, e.x, true);
    v.setUint16(3, e.y, true);
  },
  read: (v, kind) => ({ kind, id: v.getUint8(0), x: v.getUint16(1, true), y: v.getUint16(3, true) }),
};

const clamp16 = (n: number): number => Math.max(-32768, Math.min(32767, Math.round(n)));

// One table: code, payload size, writer and reader per kind (noVNC's encodings table idea).
type EventOf<K, E = InputEvent> = E extends { kind: infer KK } ? (K extends KK ? E : never) : never;

const LAYOUTS: { [K in InputKind]: Layout<EventOf<K>> } = {
  pointer: { code: InputType.Pointer, ...pointer },
  pointerdown: { code: InputType.PointerDown, ...pointer },
  pointerup: { code: InputType.PointerUp, ...pointer },
  keydown: { code: InputType.KeyDown, ...key },
  keyup: { code: InputType.KeyUp, ...key },
  touch: { code: InputType.Touch, ...touch },
  touchend: { code: InputType.TouchEnd, ...touch },
  gamepadaxis: {
    code: InputType.GamepadAxis,
    size: 5,
    write: (v, e) => {
      v.setUint8(0, e.axis);
      v.setFloat32(1, e.value, true);
    },
    read: (v, kind) => ({ kind, axis: v.getUint8(0), value: v.getFloat32(1, true) }),
  },
  gamepadbutton: {
    code: InputType.GamepadButton,
    size: 6,
    write: (v, e) => {
      v.setUint8(0, e.button);
      v.setUint8(1, e.pressed ? 1 : 0);
      v.setFloat32(2, e.value, true);
    },
    read: (v, kind) => ({
      kind,
      button: v.getUint8(0),
      pressed: v.getUint8(1) !== 0,
      value: v.getFloat32(2, true),
    }),
  },
  midi: {
    code: InputType.Midi,
    size: 3,
    write: (v, e) => {
      v.setUint8(0, e.status);
      v.setUint8(1, e.d1);
      v.setUint8(2, e.d2);
    },
    read: (v, kind) => ({ kind, status: v.getUint8(0), d1: v.getUint8(1), d2: v.getUint8(2) }),
  },
  scroll: {
    code: InputType.Scroll,
    size: 4,
    write: (v, e) => {
      v.setInt16(0, clamp16(e.dx), true);
      v.setInt16(2, clamp16(e.dy), true);
    },
    read: (v, kind) => ({ kind, dx: v.getInt16(0, true), dy: v.getInt16(2, true) }),
  },
  resize: {
    code: InputType.Resize,
    size: 4,
    write: (v, e) => {
      v.setUint16(0, e.width, true);
      v.setUint16(2, e.height, true);
    },
    read: (v, kind) => ({ kind, width: v.getUint16(0, true), height: v.getUint16(2, true) }),
  },
  'keyframe-request': {
    code: InputType.KeyframeRequest,
    size: 0,
    write: () => {},
    read: (_v, kind) => ({ kind }),
  },
  ack: {
    code: InputType.Ack,
    size: 12,
    write: (v, e) => {
      v.setUint16(0, e.ackSeq, true);
      v.setUint32(2, e.echoTimestamp >>> 0, true);
      v.setUint32(6, Math.min(0xffffffff, Math.max(0, Math.round(e.decodeMicros))), true);
      v.setUint16(10, Math.min(0xffff, Math.max(0, e.queueDepth)), true);
    },
    read: (v, kind) => ({
      kind,
      ackSeq: v.getUint16(0, true),
      echoTimestamp: v.getUint32(2, true),
      decodeMicros: v.getUint32(6, true),
      queueDepth: v.getUint16(10, true),
    }),
  },
  voice: {
    code: InputType.VoiceInput,
    size: -1,
    measure: voicePayloadSize,
    write: writeVoice,
    read: (_v, _kind, payload) => readVoice(payload),
  },
  bci: {
    code: InputType.BciInput,
    size: -1,
    measure: bciPayloadSize,
    write: writeBci,
    read: (_v, _kind, payload) => readBci(payload),
  },
};

const BY_CODE = new Map<number, { kind: InputKind; layout: Layout<InputEvent> }>(
  (Object.keys(LAYOUTS) as InputKind[]).map((kind) => [
    LAYOUTS[kind].code,
    { kind, layout: LAYOUTS[kind] as unknown as Layout<InputEvent> },
  ]),
);

/** Payload size of an input kind in bytes, or -1 when variable. @public */
export function inputPayloadSize(kind: InputKind): number {
  return LAYOUTS[kind].size;
}

/** Input type code of an input kind. @public */
export function inputTypeCode(kind: InputKind): number {
  return LAYOUTS[kind].code;
}

/**
 * Encodes an input event as a whole message (FLAG_INPUT set, width = height = 0).
 * @public
 */
export function encodeInput(event: InputEvent, seq = 0, timestamp = 0): Uint8Array {
  const layout = LAYOUTS[event.kind] as unknown as Layout<InputEvent>;
  const size = layout.size >= 0 ? layout.size : (layout.measure?.(event) ?? 0);
  const out = allocMessage(
    { type: layout.code, flags: Flag.Input, seq, timestamp, width: 0, height: 0 },
    size,
  );
  layout.write(new DataView(out.buffer, out.byteOffset + 16, size), event);
  return out;
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
  const entry = BY_CODE.get(header.type);
  if (!entry) fail('UNKNOWN_TYPE', `input type ${inputTypeName(header.type)} has no payload layout`);
  const { kind, layout } = entry;
  if (layout.size >= 0 && payload.length !== layout.size) {
    fail('SIZE_MISMATCH', `${kind} payload is ${payload.length} bytes, expected ${layout.size}`);
  }
  return layout.read(new DataView(payload.buffer, payload.byteOffset, payload.length), kind, payload);
}
