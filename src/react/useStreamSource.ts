import * as React from 'react';
import { useStore } from 'zustand';
import {
  createSourceEngine,
  type InputEvent,
  isAppInput,
  type SignalState,
  type SourceEngine,
  type SourceState,
  type StreamMode,
} from '../core';
import { DEFAULT_SOURCE_FPS, idleSourceState, type ReadonlyStore, staticStore } from './idle';
import {
  engineQuality,
  fixedMode,
  idleMode,
  qualityBounds,
  restartKey,
  toEngineOptions,
  type UseStreamSourceOptions,
} from './sourceOptions';
import { tokenTrampoline } from './tokenTrampoline';
import { urlKey } from './urlKey';
import { useEngineLifecycle } from './useEngineLifecycle';
import { useLatest } from './useLatest';

export type {
  SourceCanvas,
  StreamSourceMode,
  StreamSourceQuality,
  UseStreamSourceOptions,
} from './sourceOptions';

/** Attributes `useStreamSource` puts on the element it wraps. @public */
export interface StreamSourceHtmlProps {
  'data-ds-role': 'source';
  'data-ds-mode': StreamMode;
  'data-ds-state': SourceState['connection'];
}

/** What the `useStreamSource` hook returns. @public */
export interface UseStreamSourceResult {
  /** The live engine; `null` before the mount effect ran and on the server. */
  engine: SourceEngine | null;
  /** The store hooks read: the engine's, or an idle snapshot of the options before it exists. */
  store: ReadonlyStore<SourceState>;
  /** The store's state. */
  state: SourceState;
  /** `data-ds-*` attributes for the wrapping element. */
  htmlProps: StreamSourceHtmlProps;
  /**
   * Callback ref for the wrapping element: with no `canvas` option, the first `<canvas>` inside
   * it is captured (and followed when the children change).
   */
  rootRef: React.RefCallback<HTMLElement>;
}

const readSignal = (s: UseStreamSourceOptions['signalState']): SignalState =>
  typeof s === 'function' ? s() : (s ?? {});

/**
 * The `useStreamSource` hook creates a source engine in an effect, connects it to the relay,
 * keeps it in sync with the options and disposes it on unmount.
 * @example
 * ```tsx
 * function Game() {
 *   const { htmlProps, rootRef, state } = useStreamSource({ url: 'ws://localhost:9100', channel: 'game', mode: 'delta' });
 *   // With no `canvas` option the first <canvas> inside `rootRef` is streamed.
 *   return (
 *     <section {...htmlProps} ref={rootRef}>
 *       <canvas width={640} height={360} />
 *       <p>{state.connection}, {state.receivers} watching</p>
 *     </section>
 *   );
 * }
 * ```
 * @public
 */
export function useStreamSource(options: UseStreamSourceOptions): UseStreamSourceResult {
  const latest = useLatest(options);
  const { url, channel, token, transport, mode, canvas, audioNode, signalState, imageQuality } = options;

  // A getter over the latest props: new signal state reaches the engine without a new engine.
  const signalGetter = React.useCallback(() => readSignal(latest.current.signalState), [latest]);
  const engine = useEngineLifecycle(() => {
    return createSourceEngine(toEngineOptions(latest.current, signalGetter, tokenTrampoline(latest)));
  }, [urlKey(url), channel, token, transport, restartKey(options)]);

  // Before the engine exists (and on the server) the hooks read a snapshot of the props.
  const fps = options.fps;
  const startMode = idleMode(options);
  const adaptive = engineQuality(options.quality) !== undefined;
  const idle = React.useMemo(
    () =>
      staticStore(
        idleSourceState(
          startMode,
          fps ?? DEFAULT_SOURCE_FPS,
          !adaptive || fixedMode(mode) !== null,
          imageQuality,
        ),
      ),
    [startMode, fps, adaptive, mode, imageQuality],
  );
  const store: ReadonlyStore<SourceState> = engine ? engine.store : idle;
  const state = useStore(store);

  // Live props -> live engine, after every render: the engine applies only what changed (the
  // policy, such as a fixed mode pinning the controller, is the engine's: SourceEngine.update).
  const hasSignal = signalState !== undefined;
  React.useEffect(() => {
    if (!engine) return;
    engine.update({
      mode,
      fps,
      imageQuality,
      signalState: hasSignal ? signalGetter : null,
      bounds: qualityBounds(latest.current.quality),
      audioNode: audioNode ?? null,
    });
    // A placement the engine refuses is the app's error, not a crash.
    try {
      engine.update({ layer: latest.current.layer });
    } catch (e) {
      latest.current.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  });
  React.useEffect(() => {
    if (!engine) return;
    const offInput = engine.on('*', (ev: InputEvent) => {
      if (isAppInput(ev)) latest.current.onInput?.(ev);
    });
    const offError = engine.store.subscribe((s, prev) => {
      if (s.error && s.error !== prev.error) latest.current.onError?.(s.error);
    });
    return () => {
      offInput();
      offError();
    };
  }, [engine, latest]);

  // Canvas: the option wins; otherwise the first <canvas> inside the root, followed as children change.
  const [root, setRoot] = React.useState<HTMLElement | null>(null);
  React.useEffect(() => {
    if (!engine) return;
    if (canvas !== undefined || !root) {
      engine.setCanvas(canvas ?? null);
      return;
    }
    let found: HTMLCanvasElement | null = null;
    const pick = () => {
      const next = root.querySelector('canvas');
      if (next !== found) {
        found = next;
        engine.setCanvas(next);
      }
    };
    pick();
    const observer = new MutationObserver(pick);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [engine, canvas, root]);

  const htmlProps = React.useMemo<StreamSourceHtmlProps>(
    () => ({ 'data-ds-role': 'source', 'data-ds-mode': state.mode, 'data-ds-state': state.connection }),
    [state.mode, state.connection],
  );
  return { engine, store, state, htmlProps, rootRef: setRoot };
}
