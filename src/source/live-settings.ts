import type { SignalState } from '../protocol/index';
import {
  QUALITY_LADDER,
  type QualityBounds,
  QualityController,
  type QualityControllerOptions,
  type StreamMode,
} from '../quality/index';
import type { SourceCompositionLayer } from './composition-layer';
import type { SourceLiveSettings } from './live-types';

/** Bounds with every one given (left out: its default), and a key to compare them by value. @internal */
export function completeBounds(b: NonNullable<SourceLiveSettings['bounds']>): {
  key: string;
  bounds: QualityBounds;
} {
  const bounds: QualityBounds = {
    minMode: b.minMode ?? 'signal',
    maxMode: b.maxMode ?? 'pixel',
    maxBitrate: b.maxBitrate ?? null,
    modes: b.modes ?? QUALITY_LADDER,
  };
  const modes = (bounds.modes ?? []).join(',');
  return { key: `${bounds.minMode}|${bounds.maxMode}|${bounds.maxBitrate}|${modes}`, bounds };
}

/** The bounds of a controller's options (null for none, or a ready instance: it has its own). @internal */
export function optionBounds(
  q: QualityController | QualityControllerOptions | undefined,
): { key: string; bounds: QualityBounds } | null {
  return !q || q instanceof QualityController ? null : completeBounds(q);
}

const placementKey = (l: SourceCompositionLayer): string =>
  `${l.id}|${l.z ?? 0}|${l.x}|${l.y}|${l.width}|${l.height}|${l.opacity ?? 255}|${l.input ?? true}`;

/** What `LiveSettings` drives: a source engine's setters (types.ts imports this file's types). */
interface Target {
  readonly store: { getState(): { mode: StreamMode; quality: { pinned: boolean } } };
  setMode(mode: StreamMode | null): void;
  setFps(fps: number): void;
  setImageQuality(quality: number): void;
  setSignalState(getter: (() => SignalState) | null): void;
  setQualityBounds(bounds: QualityBounds): void;
  setLayer(layer: SourceCompositionLayer): void;
  setAudioNode(node: AudioNode | null): void;
}

const UNSET = Symbol('unset');

/**
 * What `update` last applied to one engine, so each call pushes only the changes (and a second
 * identical call, as React's StrictMode makes, does nothing).
 * @internal
 */
export class LiveSettings {
  #mode: StreamMode | null | typeof UNSET = UNSET;
  #fps: number | undefined;
  #imageQuality: number | undefined;
  #signal: (() => SignalState) | null | typeof UNSET = UNSET;
  #audio: AudioNode | null | typeof UNSET = UNSET;
  #placement = '';

  constructor(
    /** Key of the bounds the engine was created with (null: none). */
    private boundsKey: string | null,
  ) {}

  /** Applies what changed; a placement the engine refuses throws, after everything else is applied. */
  apply(engine: Target, s: SourceLiveSettings): void {
    if (s.mode !== undefined) this.#applyMode(engine, s.mode === 'auto' ? null : s.mode);
    if (s.bounds) {
      const { key, bounds } = completeBounds(s.bounds);
      if (key !== this.boundsKey) {
        this.boundsKey = key;
        engine.setQualityBounds(bounds);
      }
    }
    if (s.fps !== undefined && s.fps !== this.#fps) {
      engine.setFps(s.fps);
      this.#fps = s.fps;
    }
    if (s.imageQuality !== undefined && s.imageQuality !== this.#imageQuality) {
      this.#imageQuality = s.imageQuality;
      engine.setImageQuality(s.imageQuality);
    }
    if (s.signalState !== undefined && s.signalState !== this.#signal) {
      this.#signal = s.signalState;
      engine.setSignalState(s.signalState);
    }
    if (s.audioNode !== undefined && s.audioNode !== this.#audio) {
      this.#audio = s.audioNode;
      engine.setAudioNode(s.audioNode);
    }
    if (s.layer && placementKey(s.layer) !== this.#placement) {
      this.#placement = placementKey(s.layer);
      engine.setLayer(s.layer);
    }
  }

  #applyMode(engine: Target, want: StreamMode | null): void {
    const fresh = this.#mode === UNSET;
    if (!fresh && this.#mode === want) return;
    this.#mode = want;
    const s = engine.store.getState();
    if (want === null) {
      if (!fresh && s.quality.pinned) engine.setMode(null);
    } else if (s.mode !== want || !s.quality.pinned) engine.setMode(want);
  }
}
