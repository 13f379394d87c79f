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
  boundsOf,
  engineQuality,
  fixedMode,
  idleMode,
  layerKey,
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
  // Bounds the engine was created with, so the bounds effect does not set them a second time.
  const appliedBounds = React.useRef<{ engine: SourceEngine | null; key: string | null }>({
    engine: null,
    key: null,
  });
  const engine = useEngineLifecycle(() => {
    const o = latest.current;
    appliedBounds.current = { engine: null, key: boundsOf(o.quality)?.key ?? null };
    return createSourceEngine(toEngineOptions(o, signalGetter, tokenTrampoline(latest)));
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

  // Live props -> live engine. A fixed mode pins the controller; a change to 'auto' unpins it. A new
  // engine in 'auto' is left as created, so the controller's own `mode`/`pin` options hold.
  const syncedMode = React.useRef<{ engine: SourceEngine | null; want: StreamMode | null }>({
    engine: null,
    want: null,
  });
  React.useEffect(() => {
    if (!engine) return;
    const want = fixedMode(mode);
    const last = syncedMode.current;
    if (last.engine === engine && last.want === want) return; // StrictMode's second run
    const fresh = last.engine !== engine;
    syncedMode.current = { engine, want };
    const s = engine.store.getState();
    if (want === null) {
      if (!fresh && s.quality.pinned) engine.setMode(null);
    } else if (s.mode !== want || !s.quality.pinned) engine.setMode(want);
  }, [engine, mode]);
  const bounds = boundsOf(options.quality);
  const boundsKey = bounds?.key ?? null;
  React.useEffect(() => {
    if (!engine) return;
    const applied = appliedBounds.current;
    if (applied.engine === null) applied.engine = engine; // first sight: created with `applied.key`
    if (applied.engine === engine && applied.key === boundsKey) return;
    appliedBounds.current = { engine, key: boundsKey };
    const b = boundsOf(latest.current.quality);
    if (b) engine.setQualityBounds(b.bounds);
  }, [engine, boundsKey, latest]);
  React.useEffect(() => {
    if (engine && imageQuality !== undefined) engine.setImageQuality(imageQuality);
  }, [engine, imageQuality]);
  const hasSignal = signalState !== undefined;
  React.useEffect(() => {
    engine?.setSignalState(hasSignal ? signalGetter : null);
  }, [engine, hasSignal, signalGetter]);
  React.useEffect(() => {
    if (engine && fps !== undefined) engine.setFps(fps);
  }, [engine, fps]);
  // A composition layer moved: the engine sends the new placement (the id is in restartKey).
  const placement = layerKey(options.layer);
  React.useEffect(() => {
    const layer = latest.current.layer;
    if (!engine || !layer || placement === '') return;
    try {
      engine.setLayer(layer);
    } catch (e) {
      latest.current.onError?.(e instanceof Error ? e : new Error(String(e)));
    }
  }, [engine, placement, latest]);
  React.useEffect(() => {
    engine?.setAudioNode(audioNode ?? null);
  }, [engine, audioNode]);
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
