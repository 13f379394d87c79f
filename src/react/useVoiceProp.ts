import * as React from 'react';
import type { ReceiverEngine, VoiceCaptureOptions } from '../core';

/**
 * The `voice` prop of `<StreamReceiver>`: captures the microphone while it is not false, loading
 * the capture code only then. Restarts when the settings change, not on every new object.
 * @internal
 */
export function useVoiceProp(
  voice: boolean | VoiceCaptureOptions | undefined,
  engine: ReceiverEngine | null,
  onError: (e: Error) => void,
): void {
  const options = voice === true ? {} : voice || null;
  const key = options ? JSON.stringify({ ...options, stream: undefined }) : '';
  const latest = React.useRef({ options, onError });
  latest.current = { options, onError };
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart on a settings change (key), not on a new object.
  React.useEffect(() => {
    const o = latest.current.options;
    if (!engine || !o) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    void import('./voiceStart').then(({ startVoice }) => {
      if (!cancelled) stop = startVoice(engine, o, (e) => latest.current.onError(e));
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [engine, key]);
}
