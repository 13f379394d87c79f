// Loaded by dynamic import when a `<StreamReceiver voice>` turns the microphone on, so receivers
// that never do carry none of the capture code (gate, worklet, Opus encoder).
import { type ReceiverEngine, startVoiceCapture, type VoiceCaptureOptions } from '../core';

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
