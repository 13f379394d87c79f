import type { BciInput } from './bci';
import type { VoiceInput } from './voice';

export type { BciInput, VoiceInput };

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

/** Every input event of a fixed payload size (all but VoiceInput and BciInput). @public */
export type FixedInputEvent = Exclude<InputEvent, VoiceInput | BciInput>;
/** The `kind` of a fixed-size input event. @public */
export type FixedInputKind = FixedInputEvent['kind'];

/**
 * What a person did on a receiver: every input event but the receivers' flow control (frame ACKs
 * and keyframe requests, which the source engine answers itself). `onInput` gets these.
 * @public
 */
export type AppInputEvent = Exclude<InputEvent, AckInput | KeyframeRequestInput>;
