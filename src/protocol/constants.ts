/** Bytes in every message header. @public */
export const HEADER_SIZE = 16;

/** Default largest payload a decoder accepts: 16 MiB. @internal */
export const DEFAULT_MAX_PAYLOAD: number = 16 * 1024 * 1024;

/**
 * Frame type codes (source → receiver). Codes 0x01–0xFF from the seed table are fixed;
 * the project's additions (`StreamStatus`, `Roster`, `LayerOffer`, `LayerReport`, `Pong`) use codes
 * the seed leaves free.
 * @public
 */
export const FrameType = {
  Pixels: 0x01,
  CompressedPixels: 0x02,
  DeltaPixels: 0x03,
  AudioPcm: 0x10,
  AudioCompressed: 0x11,
  Haptic: 0x20,
  SignalSync: 0x30,
  SignalDiff: 0x31,
  NeuralFrame: 0x40,
  NeuralAudio: 0x41,
  NeuralActuator: 0x42,
  NeuralLatent: 0x43,
  /** Relay → receiver: the channel's source went offline / came back (project addition). */
  StreamStatus: 0x50,
  /** Relay → source: which receivers joined, left, or are connected (project addition). */
  Roster: 0x51,
  /** Relay → client: this relay terminates WebRTC DataChannels (project addition, docs/PROTOCOL.md). */
  RtcHello: 0x54,
  /** WebRTC signalling (offer, answer, ICE candidate, switched) between a client and the relay (project addition). */
  RtcSignal: 0x55,
  /** Source → relay: which quality layers the source produces (project addition; never forwarded). */
  LayerOffer: 0x52,
  /** Relay → source and receiver: the quality layer each receiver is on, and why (project addition). */
  LayerReport: 0x53,
  /** Source → relay: where its composition layer sits in the composite (project addition; never forwarded). */
  LayerPlacement: 0x58,
  /** Relay → receiver: the channel's composition layers, their placement and whether online (project addition). */
  LayerDirectory: 0x59,
  /** Answer to a Ping, echoing its seq, timestamp and payload (project addition). */
  Pong: 0xfd,
  Ping: 0xfe,
  End: 0xff,
} as const;

/** A frame type code. @public */
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

/**
 * Input type codes (receiver → source, sent with `FLAG_INPUT`). The seed's codes are fixed;
 * `TouchEnd`, `GamepadButton`, `KeyframeRequest`, `Ack` and `Ping` are project additions.
 * @public
 */
export const InputType = {
  Pointer: 0x01,
  PointerDown: 0x02,
  PointerUp: 0x03,
  KeyDown: 0x10,
  KeyUp: 0x11,
  Touch: 0x20,
  /** A touch point lifted (project addition; same payload as Touch). */
  TouchEnd: 0x21,
  GamepadAxis: 0x30,
  /** Gamepad button state (project addition): button u8, pressed u8, value f32. */
  GamepadButton: 0x31,
  Midi: 0x40,
  Scroll: 0x50,
  Resize: 0x60,
  /** Ask the source for a keyframe (project addition; sent by receivers or the relay). */
  KeyframeRequest: 0x70,
  /** Acknowledge a decoded frame (project addition). */
  Ack: 0x71,
  /** WebRTC signalling from a receiver to the relay (project addition; same payload as frame 0x55). */
  RtcSignal: 0x72,
  /** A chunk of microphone audio, PCM or Opus (project addition, docs/PROTOCOL.md). */
  VoiceInput: 0x80,
  BciInput: 0x90,
  /** Keep-alive from a receiver; the relay answers with Pong (project addition). */
  Ping: 0xfe,
} as const;

/** An input type code. @public */
export type InputType = (typeof InputType)[keyof typeof InputType];

/** Header flag bits. Bits 5–7 are reserved: 0 on send and ignored on receive. @public */
export const Flag = {
  /** Message is input (receiver → source). */
  Input: 0x01,
  /** Full state; decodable without any earlier frame. */
  Keyframe: 0x02,
  /** Payload is compressed. */
  Compressed: 0x04,
  /** Bits 3–4: the frame's quality layer, 0 = none (`frameLayer`, `withLayer` in layers.ts). */
  LayerMask: 0x18,
} as const;

/** A flag bit. @public */
export type Flag = (typeof Flag)[keyof typeof Flag];

const frameNames = /* @__PURE__ */ new Map<number, string>(
  /* @__PURE__ */ Object.entries(FrameType).map(([k, v]) => [v, k]),
);
const inputNames = /* @__PURE__ */ new Map<number, string>(
  /* @__PURE__ */ Object.entries(InputType).map(([k, v]) => [v, k]),
);

/** True when `code` is a known frame type. @public */
export function isFrameType(code: number): code is FrameType {
  return frameNames.has(code);
}

/** True when `code` is a known input type. @public */
export function isInputType(code: number): code is InputType {
  return inputNames.has(code);
}

/** Name of a frame type for logs and errors, e.g. `"DeltaPixels"`, or `"0x7a"` when unknown. @public */
export function frameTypeName(code: number): string {
  return frameNames.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}

/** Name of an input type for logs and errors, or `"0x7a"` when unknown. @public */
export function inputTypeName(code: number): string {
  return inputNames.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}
