import type { Message } from '../protocol/index';
import type { AudioReceiver } from './audio-receiver';

/** Audio messages kept while the player loads (about a second of 20 ms packets). */
const MAX_WAITING = 50;

/**
 * The receiver's audio, loaded on the first audio frame: the jitter-buffer player, its worklet and
 * the Opus decoder (about 2.5 kB min+gzip) stay out of the bytes a receiver needs before its first
 * picture, and a stream without audio never loads them. Frames that arrive while the module loads
 * wait (copied: a transport may reuse their bytes) and are played in order once it is there. The
 * player creates its AudioContext on the first chunk either way, so a gesture's `resume()` before
 * that has nothing to resume, loaded or not.
 * @internal
 */
export class LazyAudioReceiver {
  readonly #onError: (e: Error) => void;
  #real: AudioReceiver | null = null;
  #loading = false;
  #waiting: Message[] = [];
  #closed = false;

  constructor(onError: (e: Error) => void) {
    this.#onError = onError;
  }

  /** Takes one AudioPcm or AudioCompressed message (a malformed one is reported once loaded). */
  receive(message: Message): void {
    if (this.#real) {
      this.#real.receive(message);
      return;
    }
    if (this.#waiting.length < MAX_WAITING) {
      this.#waiting.push({ header: message.header, payload: new Uint8Array(message.payload) });
    }
    if (this.#loading || this.#closed) return;
    this.#loading = true;
    import('./audio-receiver').then(
      ({ AudioReceiver }) => {
        this.#loading = false;
        if (this.#closed) return;
        const real = new AudioReceiver(this.#onError);
        this.#real = real;
        for (const m of this.#waiting.splice(0)) {
          try {
            real.receive(m);
          } catch (e) {
            this.#onError(e instanceof Error ? e : new Error(String(e)));
          }
        }
      },
      (e: unknown) => {
        // Retried with the next audio frame.
        this.#loading = false;
        this.#waiting.length = 0;
        this.#onError(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }

  /** See `AudioReceiver.reset`: frames still waiting belong to the old sequence and are dropped. */
  reset(): void {
    this.#waiting.length = 0;
    this.#real?.reset();
  }

  resume(): void {
    this.#real?.resume();
  }

  close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    this.#real?.close();
  }
}
