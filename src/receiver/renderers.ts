import { FrameType } from '../protocol/index';
import type { FrameRendererFactory } from './types';

export { createCompressedRenderer } from './compressed-renderer';
export { createRasterRenderer } from './raster-renderer';
export { createSignalRenderer } from './signal-renderer';

/**
 * Every built-in decoder is its own chunk, loaded on the first frame of its kind (one decoder per
 * encoding, as in noVNC): a receiver's eager code is its transport, header parsing and frame loop,
 * and a receiver of signal frames never ships the delta coder or deflate, nor one of raw pictures
 * the image decoder. The intake holds the frames that arrive while a decoder loads and hands them
 * over in order once it is there, so nothing is lost and no keyframe round trip is added.
 */
const lazyRasterRenderer: FrameRendererFactory = (ctx) =>
  import('./raster-renderer').then((m) => m.createRasterRenderer(ctx));
const lazySignalRenderer: FrameRendererFactory = (ctx) =>
  import('./signal-renderer').then((m) => m.createSignalRenderer(ctx));
const lazyCompressedRenderer: FrameRendererFactory = (ctx) =>
  import('./compressed-renderer').then((m) => m.createCompressedRenderer(ctx));

/**
 * Built-in renderers by frame type, each loaded on first use. Pixels, DeltaPixels and NeuralFrame
 * share one raster renderer (`createRasterRenderer`: a delta may follow either keyframe);
 * CompressedPixels loads `createCompressedRenderer`, SignalSync and SignalDiff
 * `createSignalRenderer`. Add a NeuralLatent decoder through `ReceiverEngineOptions.renderers`.
 * @internal
 */
export const BUILTIN_RENDERERS: Readonly<Record<number, FrameRendererFactory>> = {
  [FrameType.Pixels]: lazyRasterRenderer,
  [FrameType.DeltaPixels]: lazyRasterRenderer,
  [FrameType.NeuralFrame]: lazyRasterRenderer,
  [FrameType.CompressedPixels]: lazyCompressedRenderer,
  [FrameType.SignalSync]: lazySignalRenderer,
  [FrameType.SignalDiff]: lazySignalRenderer,
};
