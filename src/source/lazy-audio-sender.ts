import type { AudioWireCodec } from '../media/audio-messages';
import type { AudioSenderHost } from './audio-sender';

/**
 * Starts streaming `node` with the audio sender loaded as a lazy chunk: the worklet tap, silence
 * gate and Opus encoder (about 2 kB min+gzip) stay out of a source that streams no audio. The
 * returned `stop` also stops a sender that is still loading. A failed load is the host's error.
 * @internal
 */
export function startLazyEngineAudio(
  node: AudioNode,
  o: { audioCodec?: AudioWireCodec | 'auto' | undefined; audioBitrate?: number | undefined },
  host: AudioSenderHost,
): { stop(): void } {
  let stopped = false;
  let sender: { stop(): void } | null = null;
  import('./audio-sender').then(
    ({ startEngineAudio }) => {
      if (!stopped) sender = startEngineAudio(node, o, host);
    },
    (e: unknown) => {
      if (!stopped) host.error(e instanceof Error ? e : new Error(String(e)));
    },
  );
  return {
    stop() {
      stopped = true;
      sender?.stop();
      sender = null;
    },
  };
}
