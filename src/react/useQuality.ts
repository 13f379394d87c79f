import { useStore } from 'zustand';
import type { QualityState } from '../core';
import { type CommonStreamState, type StreamEngine, useEnsureStore } from './context';

const select = (s: CommonStreamState): QualityState | null => s.quality ?? null;

/**
 * The `useQuality` hook returns the quality state. On a source, its controller's (level, fps,
 * reason, link estimates; with quality layers, `layer` names the best layer produced and `reason`
 * sums up every layer). On a receiver, the layer the relay put it on (`layer`), the mode of that
 * layer's frames (`level`) and the relay's reason (`join`, `congested`, `lagging`, `recovered`,
 * `offer`); `null` until the relay reports a layer (a fixed-mode stream), and for an explicit
 * `null` engine.
 * @example
 * ```tsx
 * function Level() {
 *   const quality = useQuality();
 *   return quality ? <span title={quality.reason}>{quality.layer ?? quality.level}</span> : null;
 * }
 * ```
 * @public
 */
export function useQuality(engine?: StreamEngine | null): QualityState | null {
  return useStore(useEnsureStore(engine, 'useQuality'), select);
}
