import { encodeDelta } from '../codec/delta';
import { DeltaBase } from '../codec/delta-resident';
import { encodePixels } from '../codec/pixels';
import { encodeSignalDiff, encodeSignalSync } from '../codec/signal';
import { diffSignal, type SignalState } from '../protocol/index';
import { type LadderMode, QUALITY_LADDER, type StreamMode } from '../quality/ladder';
import { createCompressedEncoder, hasPlatformImageEncoder } from './compressed-encoder';
import type {
  EncodedFrame,
  EncoderFactoryOptions,
  FrameEncoder,
  FrameEncoderFactory,
  SourceEngineOptions,
} from './types';

/**
 * Pixel mode: every frame a raw RGBA keyframe (0x01).
 * @public
 */
export function createPixelEncoder(): FrameEncoder {
  return {
    mode: 'pixel',
    input: 'picture',
    encode(input, ctx) {
      if (input.kind !== 'picture') return null;
      const { rgba, width, height } = input.frame;
      return { message: encodePixels(rgba, width, height, ctx), keyframe: true };
    },
    reset() {},
  };
}

/**
 * Frames between delta mode's periodic keyframes when the app sets no `keyframeInterval`: 10 s
 * at 30 fps. Late joiners do not wait for one (the relay hands them its last keyframe and the
 * deltas since, or asks for a keyframe), so the period only bounds how long a broken chain the
 * relay could not see stays wrong, and the relay's delta log.
 * @public
 */
export const DELTA_KEYFRAME_INTERVAL = 300;

/** Frames between signal mode's periodic SignalSyncs when the app sets no `keyframeInterval`. @internal */
const SIGNAL_KEYFRAME_INTERVAL = 60;

type DeflatedPixelsEncoder = typeof import('../codec/pixels-deflate').encodeDeflatedPixels;
let deflated: DeflatedPixelsEncoder | null = null;
let deflateLoad: Promise<DeflatedPixelsEncoder> | null = null;

/** The keyframe encoder with DEFLATE (fflate), a lazy chunk; a failed load is tried again next time. */
function loadDeflate(): Promise<DeflatedPixelsEncoder> {
  deflateLoad ??= import('../codec/pixels-deflate').then(
    (m) => {
      deflated = m.encodeDeflatedPixels;
      return deflated;
    },
    (e: unknown) => {
      deflateLoad = null;
      throw e;
    },
  );
  return deflateLoad;
}

/**
 * Delta mode: XOR+RLE (0x03) against the last frame actually sent, with a keyframe every
 * `keyframeInterval` frames, on request, and whenever the size changes. Keyframes are Pixels
 * compressed losslessly (FLAG_COMPRESSED, DEFLATE level 1): the springs demo's 960 KB picture
 * goes out in about 12 KB. The reference is only replaced in `commit()`, which the engine calls
 * once the transport took the message; with the WASM kernel it stays in wasm memory (DeltaBase),
 * so each frame is copied there once and becomes the reference by a swap, not a copy.
 * @public
 */
export function createDeltaEncoder(options: { keyframeInterval: number }): FrameEncoder {
  const reference = new DeltaBase();
  let sinceKey = 0;
  return {
    mode: 'delta',
    input: 'picture',
    encode(input, ctx): EncodedFrame | null | Promise<EncodedFrame> {
      if (input.kind !== 'picture') return null;
      const { rgba, width, height } = input.frame;
      const key = ctx.keyframe || !reference.has(width, height) || sinceKey >= options.keyframeInterval;
      // Copied before encoding (into wasm memory where that kernel runs), so the capture buffer
      // may be reused by the next getImageData; commit() makes the copy the reference by a swap.
      const current = reference.stage(rgba, width, height);
      const frame = (message: Uint8Array): EncodedFrame => ({
        message,
        keyframe: key,
        commit() {
          reference.commit(width, height);
          sinceKey = key ? 1 : sinceKey + 1;
        },
      });
      if (!key) return frame(encodeDelta(current, reference.base(), width, height, ctx));
      if (deflated) return frame(deflated(current, width, height, ctx));
      // DEFLATE loads with the first keyframe; the pump awaits it. Copied: a view of wasm memory
      // would be detached if another layer's encoder grew that memory meanwhile.
      const kept = new Uint8Array(current);
      return loadDeflate().then((encode) => frame(encode(kept, width, height, ctx)));
    },
    reset() {
      reference.reset();
    },
  };
}

/**
 * Signal mode: a SignalSync (0x30) of the whole state, then SignalDiffs (0x31) of what changed
 * since the last state sent; nothing when nothing changed; a SignalSync again every
 * `keyframeInterval` frames and on request.
 * @public
 */
export function createSignalEncoder(options: { keyframeInterval: number }): FrameEncoder {
  let sent: SignalState | null = null;
  let sinceKey = 0;
  return {
    mode: 'signal',
    input: 'signal',
    encode(input, ctx): EncodedFrame | null {
      if (input.kind !== 'signal') return null;
      const state = structuredCloneJson(input.state);
      const key = ctx.keyframe || !sent || sinceKey >= options.keyframeInterval;
      let message: Uint8Array;
      if (key) message = encodeSignalSync(state, ctx);
      else {
        const diff = diffSignal(sent!, state);
        if (diff === null) return null;
        message = encodeSignalDiff(diff, ctx);
      }
      return {
        message,
        keyframe: key,
        commit() {
          sent = state;
          sinceKey = key ? 1 : sinceKey + 1;
        },
      };
    },
    reset() {
      sent = null;
    },
  };
}

// The app may mutate its state object in place; keep our own copy as the diff reference.
function structuredCloneJson(s: SignalState): SignalState {
  return JSON.parse(JSON.stringify(s)) as SignalState;
}

/**
 * The encoders built in everywhere: `pixel`, `delta` and `signal`. The engine adds `compressed` where
 * it has an image encoder (a browser, or `imageEncoder` in Node); `neural` is plugged in by the app.
 * @public
 */
export const BUILTIN_ENCODERS: Readonly<Partial<Record<StreamMode, FrameEncoderFactory>>> = {
  pixel: createPixelEncoder,
  delta: createDeltaEncoder,
  signal: createSignalEncoder,
};

/**
 * One encoder per mode, created on first use from the app's factories or the built-in ones. A mode
 * with no encoder (compressed without an image encoder, neural before one is plugged in) falls back
 * to delta, which every receiver can show, so the picture keeps moving; `ladderModes` tells the
 * quality controller not to choose it in the first place.
 * @internal
 */
export class EncoderSet {
  readonly #made = new Map<StreamMode, FrameEncoder>();
  readonly #factories: Partial<Record<StreamMode, FrameEncoderFactory>>;
  readonly #options: EncoderFactoryOptions;

  constructor(
    factories: Partial<Record<StreamMode, FrameEncoderFactory>> | undefined,
    options: EncoderFactoryOptions,
  ) {
    this.#factories = { ...BUILTIN_ENCODERS, ...factories };
    this.#options = options;
  }

  /** Adds the factory of a mode unless the app already gave one. */
  provide(mode: StreamMode, factory: FrameEncoderFactory): void {
    this.#factories[mode] ??= factory;
  }

  /** The ladder modes this set can really produce (`signal` only with a state getter). */
  ladderModes(hasSignal: boolean): LadderMode[] {
    return QUALITY_LADDER.filter((m) => this.#factories[m] !== undefined && (m !== 'signal' || hasSignal));
  }

  /** The encoder for `mode`, or the delta one when `mode` has none. */
  get(mode: StreamMode): FrameEncoder | null {
    let enc = this.#made.get(mode);
    if (enc) return enc;
    const factory = this.#factories[mode];
    if (!factory) return mode === 'delta' ? null : this.get('delta');
    enc = factory(this.#options);
    this.#made.set(mode, enc);
    return enc;
  }

  /** Resets the encoder of `mode` if it exists (the next frame is a keyframe). */
  reset(mode: StreamMode): void {
    this.#made.get(mode)?.reset();
  }
}

/**
 * The engine's encoder set: the app's factories over the built-in ones, plus `compressed` where an
 * image encoder exists (the browser's canvas, or `imageEncoder` in Node).
 * @internal
 */
export function engineEncoders(o: SourceEngineOptions, imageQuality: () => number): EncoderSet {
  const keyframeInterval = o.keyframeInterval;
  // Delta keyframes are rarer by default than SignalSyncs (a picture costs far more than a state).
  const delta: FrameEncoderFactory = () =>
    createDeltaEncoder({ keyframeInterval: keyframeInterval ?? DELTA_KEYFRAME_INTERVAL });
  const set = new EncoderSet(
    { delta, ...o.encoders },
    { keyframeInterval: keyframeInterval ?? SIGNAL_KEYFRAME_INTERVAL, imageQuality },
  );
  const encodeImage = o.imageEncoder;
  if (encodeImage || hasPlatformImageEncoder()) {
    set.provide('compressed', (f) =>
      createCompressedEncoder({
        quality: f.imageQuality,
        lossless: o.lossless === true,
        ...(encodeImage ? { encodeImage } : {}),
      }),
    );
  }
  return set;
}
