import { useStore } from 'zustand';
import type { QualityState } from '../core';
import { type CommonStreamState, type StreamEngine, useEnsureStore } from './context';

const select = (s: CommonStreamState): QualityState | null => s.quality ?? null;

/**
 * The `useQuality` hook returns the source's quality controller state (level, fps, reason,
 * link estimates); `null` for a receiver, which has no controller, and for an explicit `null` engine.
 * @example
 * ```tsx
 * function Level() {
 *   const quality = useQuality();
 *   return quality ? <span title={quality.reason}>{quality.level}</span> : null;
 * }
 * ```
 * @public
 */
export function useQuality(engine?: StreamEngine | null): QualityState | null {
  return useStore(useEnsureStore(engine, 'useQuality'), select);
}
