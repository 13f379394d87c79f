import * as React from 'react';
import type { InputEvent, InputKind, InputOfKind, SourceEngine } from '../core';
import { useEnsureEngine, useMaybeStreamContext } from './context';
import { useLatest } from './useLatest';

/** The input event of one `kind` (e.g. `KeyInput` for `'keydown'`), or any event for `'*'`. @public */
export type InputEventOf<K extends InputKind | '*'> = K extends InputKind ? InputOfKind<K> : InputEvent;

/**
 * The `useStreamInput` hook subscribes to a source's input events (from every receiver) of one
 * kind, or all of them with `'*'`. The handler may change on every render without resubscribing.
 * @example
 * ```tsx
 * function Player() {
 *   const [pos, setPos] = React.useState({ x: 0, y: 0 });
 *   useStreamInput('pointer', (ev) => setPos({ x: ev.x, y: ev.y }));
 *   return <Sprite x={pos.x} y={pos.y} />;
 * }
 * // inside <StreamSource url="ws://localhost:9100" channel="game">
 * ```
 * @public
 */
export function useStreamInput<K extends InputKind | '*'>(
  kind: K,
  handler: (event: InputEventOf<K>) => void,
  engine?: SourceEngine | null,
): void {
  const ctx = useMaybeStreamContext();
  const source = useEnsureEngine(engine) as SourceEngine | null;
  const latest = useLatest(handler);
  React.useEffect(() => {
    if (!source) return;
    return source.on(kind, (ev: InputEvent) => (latest.current as (event: InputEvent) => void)(ev));
  }, [source, kind, latest]);
  if (engine === undefined && ctx?.role === 'receiver') {
    throw new Error('useStreamInput: input events arrive at a source; use it inside <StreamSource>.');
  }
}
