import { decodeAudioPcm } from '../codec/audio-pcm';
import { type AudioMessageDecoder, createAudioMessageDecoder } from '../media/audio-messages';
import { FrameType, type Message } from '../protocol/index';
import { AudioPlayer } from './audio-player';

/** Seq steps behind the newest packet still taken as a late packet, not a restarted source. */
const MAX_LATE = 256;

/** True when u16 seq `a` comes after `b` (serial-number arithmetic, RFC 1982). @internal */
export function seqAfter(a: number, b: number): boolean {
  const d = (a - b) & 0xffff;
  return d !== 0 && d < 0x8000;
}

/**
 * Audio frames in, sound out: AudioPcm (0x10) goes straight to the player, AudioCompressed (0x11)
 * through a WebCodecs Opus decoder first. Both end in the player's jitter buffer, which absorbs
 * jitter and plays silence over lost packets. A packet that arrives after a newer one (reordered
 * by a future unordered transport) is dropped as late rather than played out of order: the
 * source's seq counter is shared by every message, so a gap in seq is not itself a loss; a packet far
 * behind (more than 256 steps) starts a new sequence, as after a source restart.
 * @internal
 */
export class AudioReceiver {
  readonly #player = new AudioPlayer();
  readonly #onError: (e: Error) => void;
  #decoder: AudioMessageDecoder | null = null;
  #last: number | null = null;
  /** Packets dropped because a newer one had already been played. */
  late = 0;

  constructor(onError: (e: Error) => void) {
    this.#onError = onError;
  }

  /** Takes one AudioPcm or AudioCompressed message. Throws `ProtocolError` for a malformed one. */
  receive(message: Message): void {
    const { seq, type } = message.header;
    // Far behind is not a late packet but a restarted source (seq from 0 again): follow it.
    if (this.#last !== null && !seqAfter(seq, this.#last) && ((this.#last - seq) & 0xffff) <= MAX_LATE) {
      this.late++;
      return;
    }
    this.#last = seq;
    if (type === FrameType.AudioPcm) {
      const pcm = decodeAudioPcm(message);
      this.#player.push(pcm.samples, pcm.sampleRate, pcm.channels);
      return;
    }
    this.#decoder ??= createAudioMessageDecoder({
      onAudio: (a) => {
        try {
          this.#player.push(a.samples, a.sampleRate, a.channels);
        } catch (e) {
          this.#onError(e instanceof Error ? e : new Error(String(e)));
        }
      },
      onError: (e) => {
        // The platform decoder closes itself on error: start a fresh one with the next packet.
        this.#decoder = null;
        this.#onError(e);
      },
    });
    this.#decoder.decode(message);
  }

  /**
   * The source restarted or we reconnected: the next packet starts a new sequence, and the Opus
   * decoder (whose state belongs to the old stream) is closed; the next packet opens a fresh one.
   */
  reset(): void {
    this.#last = null;
    this.#decoder?.close();
    this.#decoder = null;
  }

  resume(): void {
    this.#player.resume();
  }

  close(): void {
    this.#decoder?.close();
    this.#decoder = null;
    this.#player.close();
  }
}
