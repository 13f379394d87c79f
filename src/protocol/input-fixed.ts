import { Flag, InputType, inputTypeName } from './constants';
import { fail } from './errors';
import type {
  AckInput,
  FixedInputEvent,
  FixedInputKind,
  InputEvent,
  KeyInput,
  PointerInput,
  TouchInput,
} from './input-types';
import { allocMessage } from './message';
import type { Message } from './types';

// The fixed-size input kinds, writers and readers: `encodeInput` and `decodeInput` in input.ts add
// the two variable-size kinds (VoiceInput, BciInput), whose validation is most of the input
// codec's bytes. A receiver's engine sends its ACKs with `encodeAck` alone and loads the rest with
// its input capture; a source engine decodes with `decodeFixedInput` and loads the rest with the
// first VoiceInput or BciInput. The table is built by a pure call: to a
// bundler a module-level read of `InputType.X` may have side effects, which would keep it in
// every bundle that shares a chunk with it.

/** @internal */
export interface Layout<E extends InputEvent> {
  code: number;
  /** Fixed payload size, or -1 for variable. */
  size: number;
  /** Payload size of one event when `size` is -1. */
  measure?(e: E): number;
  write(v: DataView, e: E): void;
}

const pointer: Omit<Layout<PointerInput>, 'code'> = {
  size: 5,
  write: (v, e) => {
    v.setUint16(0, e.x, true);
    v.setUint16(2, e.y, true);
    v.setUint8(4, e.buttons);
  },
};
const key: Omit<Layout<KeyInput>, 'code'> = {
  size: 3,
  write: (v, e) => {
    v.setUint16(0, e.keyCode, true);
    v.setUint8(2, e.modifiers);
  },
};
const touch: Omit<Layout<TouchInput>, 'code'> = {
  size: 5,
  write: (v, e) => {
    v.setUint8(0, e.id);
    v.setUint16(1, e.x, true);
    v.setUint16(3, e.y, true);
  },
};
const ack: Layout<AckInput> = {
  code: InputType.Ack,
  size: 12,
  write: (v, e) => {
    v.setUint16(0, e.ackSeq, true);
    v.setUint32(2, e.echoTimestamp >>> 0, true);
    v.setUint32(6, Math.min(0xffffffff, Math.max(0, Math.round(e.decodeMicros))), true);
    v.setUint16(10, Math.min(0xffff, Math.max(0, e.queueDepth)), true);
  },
};

const clamp16 = (n: number): number => Math.max(-32768, Math.min(32767, Math.round(n)));

// One table of the fixed-size kinds: code, payload size and writer per kind (noVNC's encodings
// table idea). Their readers are in input.ts beside decodeInput: a source decodes, a receiver encodes.
/** @internal */
export type EventOf<K, E = InputEvent> = E extends { kind: infer KK } ? (K extends KK ? E : never) : never;

/** @internal */
export const FIXED_LAYOUTS: { [K in FixedInputKind]: Layout<EventOf<K>> } = /* @__PURE__ */ (() => ({
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
  },
  gamepadbutton: {
    code: InputType.GamepadButton,
    size: 6,
    write: (v, e) => {
      v.setUint8(0, e.button);
      v.setUint8(1, e.pressed ? 1 : 0);
      v.setFloat32(2, e.value, true);
    },
  },
  midi: {
    code: InputType.Midi,
    size: 3,
    write: (v, e) => {
      v.setUint8(0, e.status);
      v.setUint8(1, e.d1);
      v.setUint8(2, e.d2);
    },
  },
  scroll: {
    code: InputType.Scroll,
    size: 4,
    write: (v, e) => {
      v.setInt16(0, clamp16(e.dx), true);
      v.setInt16(2, clamp16(e.dy), true);
    },
  },
  resize: {
    code: InputType.Resize,
    size: 4,
    write: (v, e) => {
      v.setUint16(0, e.width, true);
      v.setUint16(2, e.height, true);
    },
  },
  'keyframe-request': {
    code: InputType.KeyframeRequest,
    size: 0,
    write: () => {},
  },
  ack,
}))();

/** Writes an input message (FLAG_INPUT set, width = height = 0) of `size` payload bytes. @internal */
export function writeInput<E extends InputEvent>(
  layout: Layout<E>,
  size: number,
  event: E,
  seq: number,
  timestamp: number,
): Uint8Array {
  const out = allocMessage(
    { type: layout.code, flags: Flag.Input, seq, timestamp, width: 0, height: 0 },
    size,
  );
  layout.write(new DataView(out.buffer, out.byteOffset + 16, size), event);
  return out;
}

/**
 * Encodes a frame ACK (input 0x71): the one input a receiver's engine sends before it has loaded
 * the input codec, so its layout is reachable on its own.
 * @internal
 */
export function encodeAck(event: AckInput, seq = 0, timestamp = 0): Uint8Array {
  return writeInput(ack, ack.size, event, seq, timestamp);
}

type Reader<E extends InputEvent> = (v: DataView, kind: E['kind'], payload: Uint8Array) => E;

const readPointer: Reader<PointerInput> = (v, kind) => ({
  kind,
  x: v.getUint16(0, true),
  y: v.getUint16(2, true),
  buttons: v.getUint8(4),
});
const readKey: Reader<KeyInput> = (v, kind) => ({
  kind,
  keyCode: v.getUint16(0, true),
  modifiers: v.getUint8(2),
});
const readTouch: Reader<TouchInput> = (v, kind) => ({
  kind,
  id: v.getUint8(0),
  x: v.getUint16(1, true),
  y: v.getUint16(3, true),
});

/** Payload readers by kind: the decoding half of the layouts table. */
const READERS: { [K in FixedInputKind]: Reader<EventOf<K>> } = {
  pointer: readPointer,
  pointerdown: readPointer,
  pointerup: readPointer,
  keydown: readKey,
  keyup: readKey,
  touch: readTouch,
  touchend: readTouch,
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
};

type CodeEntry = { kind: FixedInputKind; size: number; read: Reader<FixedInputEvent> };
let byCode: Map<number, CodeEntry> | null = null;

/**
 * Code → kind, size and reader, built on the first decode rather than at module load: a top-level
 * computation is a side effect no bundler may drop.
 */
function entryOf(code: number): CodeEntry | undefined {
  byCode ??= new Map(
    (Object.keys(READERS) as FixedInputKind[]).map((kind) => [
      FIXED_LAYOUTS[kind].code,
      { kind, size: FIXED_LAYOUTS[kind].size, read: READERS[kind] as unknown as Reader<FixedInputEvent> },
    ]),
  );
  return byCode.get(code);
}

/**
 * Decodes an input message of a fixed-size kind (every kind but `voice` and `bci`, which
 * `decodeInput` adds): a source engine takes these without the VoiceInput and BciInput codecs.
 * @throws ProtocolError `UNKNOWN_TYPE` (not input, or not a fixed-size kind), `SIZE_MISMATCH`
 * @internal
 */
export function decodeFixedInput(message: Message): FixedInputEvent {
  const { header, payload } = message;
  if ((header.flags & Flag.Input) === 0) fail('UNKNOWN_TYPE', 'message is not input (FLAG_INPUT clear)');
  const entry = entryOf(header.type);
  if (!entry) fail('UNKNOWN_TYPE', `input type ${inputTypeName(header.type)} has no payload layout`);
  const { kind, size, read } = entry;
  if (payload.length !== size) {
    fail('SIZE_MISMATCH', `${kind} payload is ${payload.length} bytes, expected ${size}`);
  }
  return read(new DataView(payload.buffer, payload.byteOffset, payload.length), kind, payload);
}
