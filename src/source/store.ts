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

/** Creates the source's vanilla store. @internal */
export function createSourceStore(
  mode: StreamMode,
  fps: number,
  imageQuality: number,
): StoreApi<SourceState> {
  return createStore<SourceState>()(() => ({
    connection: 'idle',
    error: null,
    mode,
    stats: EMPTY_STATS,
    quality: initialQuality(mode, fps),
    receivers: 0,
    imageQuality,
    audioCodec: null,
  }));
}
