import { createStore, type StoreApi } from 'zustand/vanilla';
import type { QualityState, StreamMode } from '../quality/ladder';
import { EMPTY_STATS } from '../transport/index';
import type { SourceState } from './types';

/** Quality state before any controller ran: the app's mode, pinned. @internal */
export function initialQuality(mode: StreamMode, fps: number): QualityState {
  return {
    level: mode,
    fps,
    reason: 'initial',
    pinned: true,
    estimates: { rttMs: null, bandwidthBps: null, lagFrames: null },
  };
}

/**
 * The state a source engine starts in (idle, in `mode` at `fps`, the mode pinned): what UI shows
 * before an engine exists, so it matches the engine's first snapshot.
 * @example
 * ```ts
 * const shown = engine?.store.getState() ?? initialSourceState('delta', 30, 0.8);
 * ```
 * @public
 */
export function initialSourceState(mode: StreamMode, fps: number, imageQuality: number): SourceState {
  return {
    connection: 'idle',
    transport: 'websocket',
    error: null,
    mode,
    stats: EMPTY_STATS,
    quality: initialQuality(mode, fps),
    receivers: 0,
    receiverIds: null,
    implausibleAcks: 0,
    badInput: 0,
    imageQuality,
    audioCodec: null,
    layers: null,
  };
}

/** Creates the source's vanilla store. @internal */
export function createSourceStore(
  mode: StreamMode,
  fps: number,
  imageQuality: number,
): StoreApi<SourceState> {
  return createStore<SourceState>()(() => initialSourceState(mode, fps, imageQuality));
}
