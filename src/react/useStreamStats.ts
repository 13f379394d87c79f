import { useStore } from 'zustand';
import type { StreamStats } from '../core';
import { type CommonStreamState, type StreamEngine, useEnsureStore } from './context';

const select = (s: CommonStreamState): StreamStats => s.stats;

/**
 * The `useStreamStats` hook returns an engine's throughput counters (fps, bytes per second,
 * frames, RTT), which the engine refreshes a few times per second, not per frame.
 * @example
 * ```tsx
 * function Fps() {
 *   const { fps, rttMs } = useStreamStats();
 *   return <span>{fps.toFixed(0)} fps, {rttMs ?? '?'} ms</span>;
 * }
 * ```
 * @public
 */
export function useStreamStats(engine?: StreamEngine | null): StreamStats {
  return useStore(useEnsureStore(engine, 'useStreamStats'), select);
}
