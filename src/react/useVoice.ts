import * as React from 'react';
import type {
  ReceiverEngine,
  SourceEngine,
  VoiceCapture,
  VoiceCaptureOptions,
  VoiceIntentOptions,
} from '../core';
import { useMaybeStreamContext } from './context';
import { useLatest } from './useLatest';

/**
 * The `useVoiceIntents` hook listens for receivers' voice at the nearest `<StreamSource>`:
 * `onVoice` gets decoded audio with the receiver id, `onIntent` `{ intent, confidence, receiverId }`
 * from the recogniser the app passes (create it from `@ds-stream/react/neural`, so the default
 * bundle carries no model). Handlers may change on every render; `recognizer` is read when the
 * engine starts.
 * @example
 * ```tsx
 * import { createIntentRecognizer } from '@ds-stream/react/neural';
 * useVoiceIntents({ recognizer: () => createIntentRecognizer(), onIntent: (i) => setLast(i.intent) });
 * ```
 * @public
 */
export function useVoiceIntents(options: VoiceIntentOptions, engine?: SourceEngine | null): void {
  const ctx = useMaybeStreamContext();
  const source = engine !== undefined ? engine : ctx?.role === 'source' ? ctx.engine : null;
  const latest = useLatest(options);
  React.useEffect(() => {
    if (!source) return;
    // The intent code is a lazy chunk (./voiceStart); voice that arrives before it attaches is
    // not matched, the same as voice before the hook mounted.
    let gone = false;
    let detach: (() => void) | null = null;
    import('./voiceStart').then(
      ({ attachVoiceIntents }) => {
        if (gone) return;
        detach = attachVoiceIntents(source, {
          recognizer: latest.current.recognizer,
          onVoice: (c) => latest.current.onVoice?.(c),
          onIntent: (i) => latest.current.onIntent?.(i),
          onError: (e) => latest.current.onError?.(e),
        });
      },
      (e: unknown) => latest.current.onError?.(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      gone = true;
      detach?.();
    };
  }, [source, latest]);
}

/**
 * The `useVoiceInput` hook captures the microphone for the nearest `<StreamReceiver>` and sends it
 * as VoiceInput, only while `voice` is not `false` (off is the default an app starts from: the
 * browser asks the user first). Returns the capture (for push-to-talk's `talk(on)`) once running,
 * and the error when the microphone was refused.
 * @example
 * ```tsx
 * const { capture } = useVoiceInput(micOn ? { mode: 'push-to-talk' } : false);
 * <button onPointerDown={() => capture?.talk(true)} onPointerUp={() => capture?.talk(false)}>Talk</button>
 * ```
 * @public
 */
export function useVoiceInput(
  voice: VoiceCaptureOptions | false,
  engine?: ReceiverEngine | null,
): { capture: VoiceCapture | null; error: Error | null } {
  const ctx = useMaybeStreamContext();
  const receiver = engine !== undefined ? engine : ctx?.role === 'receiver' ? ctx.engine : null;
  const [state, setState] = React.useState<{ capture: VoiceCapture | null; error: Error | null }>({
    capture: null,
    error: null,
  });
  const key = voice === false ? '' : JSON.stringify({ ...voice, stream: undefined });
  const latest = useLatest(voice);
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart only when the settings change (key), not on a new object.
  React.useEffect(() => {
    const v = latest.current;
    if (!receiver || v === false) return;
    let stopped = false;
    let running: VoiceCapture | null = null;
    import('./voiceStart')
      .then(({ startVoiceCapture }) => startVoiceCapture((ev) => receiver.sendInput(ev), v))
      .then(
        (c) => {
          if (stopped) return c.stop();
          running = c;
          setState({ capture: c, error: null });
        },
        (e: unknown) =>
          !stopped && setState({ capture: null, error: e instanceof Error ? e : new Error(String(e)) }),
      );
    return () => {
      stopped = true;
      running?.stop();
      setState({ capture: null, error: null });
    };
  }, [receiver, key, latest]);
  return state;
}
