// The engine interfaces the neural entry plugs into, restated structurally (TypeScript matches
// shapes), so src/neural imports neither engine: a `NeuralFrameEncoderFactory` is a
// `FrameEncoderFactory` and a `NeuralRendererFactory` a `FrameRendererFactory`
// (src/source/types.ts, src/receiver/types.ts; tests/neural checks both against the real types).
import type { Message, SignalState } from '../protocol/index';

/** What the source engine hands an encoder: a picture, or the app's signal state. @public */
export type NeuralEncoderInput =
  | { kind: 'picture'; frame: { rgba: Uint8Array | Uint8ClampedArray; width: number; height: number } }
  | { kind: 'signal'; state: SignalState };

/** A source encoder for `mode="neural"` (a `FrameEncoder`). @public */
export interface NeuralFrameEncoder {
  readonly mode: 'neural';
  readonly input: NeuralEncoderInput['kind'];
  encode(
    input: NeuralEncoderInput,
    ctx: { seq: number; timestamp: number; keyframe: boolean },
  ): { message: Uint8Array; keyframe: boolean } | null;
  reset(): void;
}

/** Builds a neural encoder (a `FrameEncoderFactory`). @public */
export type NeuralFrameEncoderFactory = () => NeuralFrameEncoder;

/** What the receiver engine lends a renderer (a subset of `RendererContext`). @public */
export interface NeuralRendererHost {
  requestKeyframe(reason: string): void;
}

/** Where a picture goes (a subset of `RenderSurface`). @public */
export interface NeuralSurface {
  putPixels(rgba: Uint8ClampedArray, width: number, height: number): void;
}

/** A receiver renderer (a `FrameRenderer`). @public */
export interface NeuralRenderer {
  receive(message: Message): boolean;
  draw(surface: NeuralSurface | null): void;
  reset(): void;
}

/** Creates a renderer lazily (a `FrameRendererFactory`). @public */
export type NeuralRendererFactory = (ctx: NeuralRendererHost) => Promise<NeuralRenderer>;
