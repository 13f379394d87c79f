// What a source's encoders consume and produce: captured pictures, encoder inputs, encoded
// frames, encoder factories, and the pluggable image encoder of compressed mode.
import type { ImageEncodeMime } from '../media/webp-encoder';
import type { SignalState } from '../protocol/index';
import type { StreamMode } from '../quality/index';

/** One captured picture: tightly packed RGBA rows. @public */
export interface CapturedFrame {
  /** `width*height*4` bytes, row-major, no padding. */
  rgba: Uint8Array | Uint8ClampedArray;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/**
 * Reads the current picture of whatever the app renders. `createCanvasCapture` wraps a
 * canvas; Node sources and tests can implement it directly.
 * @public
 */
export interface FrameCapture {
  /** The current picture, or `null` when there is none (zero size, not ready). */
  capture(): CapturedFrame | null | Promise<CapturedFrame | null>;
  /** Releases scratch canvases or readers. */
  dispose?(): void;
}

/** What a `FrameEncoder` consumes: a picture, or the app's signal state. @public */
export type EncoderInput = { kind: 'picture'; frame: CapturedFrame } | { kind: 'signal'; state: SignalState };

/** Per-call facts an encoder needs. @public */
export interface EncodeContext {
  /** Sequence number to stamp on the message. */
  seq: number;
  /** Milliseconds since the stream started (u32). */
  timestamp: number;
  /** The engine wants a keyframe now (request, reconnect, mode change). */
  keyframe: boolean;
}

/** An encoded message and what the engine must do once it was really sent. @public */
export interface EncodedFrame {
  /** Whole message (header included). */
  message: Uint8Array;
  /** True when it decodes without earlier frames. */
  keyframe: boolean;
  /** Called only when the transport accepted the message: make it the new reference. */
  commit?(): void;
}

/**
 * Encodes one mode. The delta and signal encoders keep the last *sent* frame as their
 * reference: they update it only in `commit()`, so a frame skipped for backpressure
 * never becomes a base the receiver does not have. Later modes (neural, compressed with a
 * platform encoder) plug in through `SourceEngineOptions.encoders`.
 * @public
 */
export interface FrameEncoder {
  /** The mode this encoder produces. */
  readonly mode: StreamMode;
  /** Which input the engine must gather before calling `encode`. */
  readonly input: EncoderInput['kind'];
  /** Encodes, or returns `null` when there is nothing to send (signal unchanged). */
  encode(input: EncoderInput, ctx: EncodeContext): EncodedFrame | null | Promise<EncodedFrame | null>;
  /** Forgets the reference; the next frame is a keyframe. */
  reset(): void;
}

/** What the engine hands every encoder factory. @public */
export interface EncoderFactoryOptions {
  /** Frames between keyframes (delta) or SignalSyncs (signal): the app's `keyframeInterval`, or the mode's default (300 delta, 60 signal). */
  keyframeInterval: number;
  /** Current lossy image quality 0..1 (compressed mode; moved by `setImageQuality` and the controller). */
  imageQuality: () => number;
}

/** Builds an encoder for a mode. @public */
export type FrameEncoderFactory = (options: EncoderFactoryOptions) => FrameEncoder;

/**
 * Encodes one captured picture to image file bytes (WebP or PNG). Browsers use the built-in one
 * (`OffscreenCanvas.convertToBlob` / `canvas.toBlob`); a Node source passes its own (sharp,
 * `@napi-rs/canvas`) through `SourceEngineOptions.imageEncoder`.
 * @example
 * ```ts
 * import { createCanvas, ImageData } from '@napi-rs/canvas';
 * const imageEncoder: ImageEncodeFn = (f, o) => {
 *   const c = createCanvas(f.width, f.height);
 *   c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(f.rgba), f.width, f.height), 0, 0);
 *   return o.type === 'image/png' ? c.encode('png') : c.encode('webp', Math.round(o.quality * 100));
 * };
 * ```
 * @public
 */
export type ImageEncodeFn = (
  frame: CapturedFrame,
  options: { type: ImageEncodeMime; quality: number },
) => Uint8Array | Promise<Uint8Array>;
