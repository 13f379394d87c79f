import { encodePixels } from '../codec/pixels';
import { type LadderMode, QUALITY_LADDER, type StreamMode } from '../quality/ladder';
import { lazyImport } from '../transport/lazy-module';
import type { EncoderFactoryOptions, FrameEncoder, FrameEncoderFactory, SourceEngineOptions } from './types';

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
 * A FrameEncoder whose implementation is a lazy chunk: the first `encode` awaits the load (the
 * pump awaits every encode, so the frame it was given stays put), later ones go straight through.
 * A failed load rejects that encode (the pump reports it) and is tried again on the next frame.
 * @internal
 */
export function lazyEncoder(
  mode: StreamMode,
  input: FrameEncoder['input'],
  load: () => Promise<FrameEncoder>,
): FrameEncoder {
  const impl = lazyImport(load);
  return {
    mode,
    input,
    encode(frame, ctx) {
      const r = impl.loaded;
      return r ? r.encode(frame, ctx) : impl.load().then((loaded) => loaded.encode(frame, ctx));
    },
    reset() {
      // Before the load there is no reference to forget: the first frame is a keyframe anyway.
      impl.loaded?.reset();
    },
  };
}

/** True where the browser's canvas encoder can be used (OffscreenCanvas or a DOM). Checked here, not in the lazily loaded compressed encoder. @internal */
export function hasPlatformImageEncoder(): boolean {
  return (
    typeof ImageData !== 'undefined' &&
    (typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined')
  );
}

/** Signal mode (`createSignalEncoder`), loaded with the first frame. */
const lazySignalEncoder = (keyframeInterval: number): FrameEncoder =>
  lazyEncoder('signal', 'signal', () =>
    import('./signal-encoder').then((m) => m.createSignalEncoder({ keyframeInterval })),
  );

/** Delta mode (`createDeltaEncoder`), loaded with the first frame. */
const lazyDeltaEncoder = (keyframeInterval: number): FrameEncoder =>
  lazyEncoder('delta', 'picture', () =>
    import('./delta-encoder').then((m) => m.createDeltaEncoder({ keyframeInterval })),
  );

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

/**
 * The encoders built in everywhere: `pixel`, `delta` and `signal`. The engine adds `compressed` where
 * it has an image encoder (a browser, or `imageEncoder` in Node); `neural` is plugged in by the app.
 * @internal
 */
export const BUILTIN_ENCODERS: Readonly<Partial<Record<StreamMode, FrameEncoderFactory>>> = {
  pixel: createPixelEncoder,
  // createDeltaEncoder, as a lazy chunk (the delta coder and DEFLATE load with the first frame).
  delta: (o) => lazyDeltaEncoder(o.keyframeInterval),
  signal: (o) => lazySignalEncoder(o.keyframeInterval),
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
  const delta: FrameEncoderFactory = () => lazyDeltaEncoder(keyframeInterval ?? DELTA_KEYFRAME_INTERVAL);
  const set = new EncoderSet(
    { delta, ...o.encoders },
    { keyframeInterval: keyframeInterval ?? SIGNAL_KEYFRAME_INTERVAL, imageQuality },
  );
  const encodeImage = o.imageEncoder;
  if (encodeImage || hasPlatformImageEncoder()) {
    // createCompressedEncoder (WebP through the image encoder), loaded with the first frame.
    set.provide('compressed', (f) =>
      lazyEncoder('compressed', 'picture', () =>
        import('./compressed-encoder').then((m) =>
          m.createCompressedEncoder({
            quality: f.imageQuality,
            lossless: o.lossless === true,
            ...(encodeImage ? { encodeImage } : {}),
          }),
        ),
      ),
    );
  }
  return set;
}
