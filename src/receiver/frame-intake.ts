import type { StoreApi } from 'zustand/vanilla';
import type { AckInput, Message } from '../protocol/index';
import type { StatsMeter } from '../transport/stats';
import { MODE_OF_FRAME } from './frame-loop';
import type { RendererRegistry } from './registry';
import type { FrameRenderer, ReceiverState } from './types';

/** Frames kept while a lazy renderer loads: a few seconds of frames, at most 64 MB of payload. */
const MAX_HELD_FRAMES = 240;
const MAX_HELD_BYTES = 64 * 1024 * 1024;

/** What frame intake needs from the engine. @internal */
export interface FrameIntakeHost {
  readonly registry: RendererRegistry;
  readonly meter: StatsMeter;
  readonly store: StoreApi<ReceiverState>;
  requestKeyframe(reason: string): void;
  fail(e: unknown): void;
  disposed(): boolean;
  /** Sends an ACK, or `null` when ACKs are off. */
  readonly ack: ((ev: AckInput) => void) | null;
  /** A new picture is ready to draw. */
  ready(): void;
}

/**
 * Picture and signal frames in: each is decoded at once into its renderer (deltas must chain,
 * compressed pictures decode asynchronously; while a lazy renderer loads, frames wait in order), then ACKed with its decode time and the number of
 * decoded frames still waiting for a draw. The engine's animation frame draws `current` once.
 * @internal
 */
export class FrameIntake {
  /** The renderer of the latest decoded frame. */
  current: FrameRenderer | null = null;
  /** Draws owed: frames decoded since the last draw (all but one will never be shown), plus invalidations. */
  pendingDraws = 0;
  /**
   * Frames decoded since the last draw, only frames: what an ACK's queueDepth reports. An attach or
   * a renderer's invalidation owes a draw too, but counting it would report more frames waiting
   * than were ever sent (the relay and the source refuse such an ACK as implausible).
   */
  framesWaiting = 0;
  /** Frames handed to a renderer so far, in arrival order. */
  #arrivals = 0;
  /** Arrival number of the newest frame accepted for drawing: an older one finishing later is stale. */
  #shown = 0;
  /** Frames that arrived while a lazy renderer loaded, in arrival order (payloads copied). */
  #held: Message[] = [];
  #heldBytes = 0;
  /** The lazy renderer load the held frames wait for. */
  #loading: Promise<FrameRenderer> | null = null;
  /** Held frames are being handed over (see `#loaded`). */
  #draining = false;
  /** Held frames were dropped (too many, or a reset): the picture needs a keyframe once loaded. */
  #lostWhileLoading = false;
  readonly #host: FrameIntakeHost;

  constructor(host: FrameIntakeHost) {
    this.#host = host;
  }

  /** Decodes one picture or signal frame into its renderer and ACKs it once decoded. */
  receive(message: Message): void {
    const h = this.#host;
    const { header } = message;
    if (!h.registry.has(header.type)) return;
    h.meter.framesReceived++;
    h.meter.lastSeq = header.seq;
    if (this.#loading) this.#hold(message);
    else this.#process(message);
  }

  /**
   * Drops the frames held for a loading renderer: they belong to a stream the engine no longer
   * trusts (a reconnect), and a delta of the new one must never land on a base of the old.
   */
  reset(): void {
    this.#dropHeld();
  }

  #process(message: Message): void {
    const h = this.#host;
    const { header } = message;
    const r = h.registry.get(header.type);
    if (!r) return;
    if (r === 'failed') {
      // Its load failed (reported once); the registry tries again after a backoff.
      h.meter.framesDropped++;
      return;
    }
    if (r instanceof Promise) {
      // A lazily loaded renderer: this frame and every later one wait, in order, until it is there
      // (met while handing over held frames, this one goes back in front of the later ones).
      this.#loading = r;
      this.#hold(message, this.#draining);
      void r.then(
        () => this.#loaded(r),
        (e: unknown) => {
          if (this.#loading !== r) return;
          this.#loading = null;
          this.#dropHeld();
          this.#lostWhileLoading = false;
          h.fail(e);
        },
      );
      return;
    }
    const t0 = performance.now();
    const arrival = ++this.#arrivals;
    let result: boolean | Promise<boolean>;
    try {
      result = r.receive(message);
    } catch (e) {
      h.meter.framesDropped++;
      h.fail(e);
      return;
    }
    const done = (ok: boolean) => {
      const ms = performance.now() - t0;
      h.meter.decoded(ms);
      // A newer frame was accepted while this one decoded (a compressed decode overtaken by raw
      // pixels, or by another renderer's frame): its late result must never be painted, nor take
      // the picture back from the renderer that is current now.
      const stale = arrival < this.#shown;
      if (!ok || stale || h.disposed()) {
        if (!ok || stale) h.meter.framesDropped++;
        return;
      }
      this.#shown = arrival;
      if (this.current !== r) {
        h.registry.resetOthers(r);
        this.current = r;
      }
      this.pendingDraws++;
      this.framesWaiting++;
      this.#noteFrame(header.type, header.width, header.height);
      if (h.ack) {
        h.ack({
          kind: 'ack',
          ackSeq: header.seq,
          echoTimestamp: header.timestamp,
          decodeMicros: ms * 1000,
          queueDepth: this.framesWaiting,
        });
      }
      h.ready();
    };
    if (typeof result === 'boolean') done(result);
    else
      result.then(done, (e: unknown) => {
        h.meter.framesDropped++;
        h.fail(e);
      });
  }

  #hold(message: Message, first = false): void {
    const bytes = message.payload.length;
    if (this.#held.length >= MAX_HELD_FRAMES || this.#heldBytes + bytes > MAX_HELD_BYTES) {
      // A stall this long is not worth replaying: start again from the keyframe asked for on load.
      this.#dropHeld();
    }
    // Copied: a transport may reuse its receive buffer once the message handler returns.
    const kept = { header: message.header, payload: new Uint8Array(message.payload) };
    if (first) this.#held.unshift(kept);
    else this.#held.push(kept);
    this.#heldBytes += bytes;
  }

  #dropHeld(): void {
    if (this.#held.length > 0) this.#lostWhileLoading = true;
    this.#host.meter.framesDropped += this.#held.length;
    this.#held = [];
    this.#heldBytes = 0;
  }

  /** The awaited renderer is there: hands it the held frames in order (another load may start). */
  #loaded(load: Promise<FrameRenderer>): void {
    if (this.#loading !== load) return;
    this.#loading = null;
    if (this.#lostWhileLoading) {
      this.#lostWhileLoading = false;
      this.#host.requestKeyframe('renderer loaded');
    }
    this.#draining = true;
    try {
      while (this.#held.length > 0 && !this.#loading && !this.#host.disposed()) {
        const next = this.#held.shift()!;
        this.#heldBytes -= next.payload.length;
        this.#process(next);
      }
    } finally {
      this.#draining = false;
    }
  }

  #noteFrame(type: number, width: number, height: number): void {
    const h = this.#host;
    const s = h.store.getState();
    const mode = MODE_OF_FRAME[type] ?? s.mode;
    const picture = width > 0 && height > 0 && mode !== 'signal';
    if (s.mode !== mode || (picture && (s.width !== width || s.height !== height)) || !s.sourceOnline) {
      h.store.setState(picture ? { mode, width, height, sourceOnline: true } : { mode, sourceOnline: true });
    }
  }
}
