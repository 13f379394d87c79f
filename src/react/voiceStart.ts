// Loaded by dynamic import when a `<StreamReceiver voice>` turns the microphone on, or a
// `useVoiceInput` / `useVoiceIntents` starts, so apps that never do carry none of the capture and
// intent code (gate, worklet, Opus encoder, keyword matching).
import { type ReceiverEngine, startVoiceCapture, type VoiceCaptureOptions } from '../core';

export { attachVoiceIntents, startVoiceCapture } from '../core';

/** Starts capture into `engine`; the returned function stops it (also when it is still starting). @internal */
export function startVoice(
  engine: ReceiverEngine,
  options: VoiceCaptureOptions,
  onError: (e: Error) => void,
): () => void {
  let stopped = false;
  let stop = () => {};
  startVoiceCapture((ev) => engine.sendInput(ev), options).then(
    (c) => {
      if (stopped) c.stop();
      else stop = () => c.stop();
    },
    (e: unknown) => !stopped && onError(e instanceof Error ? e : new Error(String(e))),
  );
  return () => {
    stopped = true;
    stop();
  };
}
