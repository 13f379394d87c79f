import { decodeMessage, decodeRtcSignal, encodeRtcSignal, type RtcSignal } from '../../src/protocol/index';
import { DataLink, fragmentLimit, PICTURES_LABEL, RELIABLE_LABEL } from './link';
import type { RtcModule } from './load';

/** What a session needs from the relay for its peer. @internal */
export interface SessionHost {
  readonly module: RtcModule;
  readonly config: RTCConfiguration & { bindAddress?: string };
  /** Writes a signalling message on the peer's WebSocket (never on its channels). */
  sendOnSocket(bytes: Uint8Array): void;
  /** The peer's channels are open and the relay now sends on them (Peer.send reads `link`). */
  linked(link: DataLink | null): void;
  /** One whole message from the peer's channels: routed exactly like a WebSocket message. */
  message(bytes: Uint8Array): void;
  askKeyframe(): void;
  /** The channels failed after the switch: the peer must reconnect (it cannot know what was lost). */
  lost(reason: string): void;
  /** Bytes a peer may send on its channels before its `switched` arrives. */
  readonly maxHeldBytes: number;
  /** Drops a session that never opened (ms). */
  readonly openTimeoutMs: number;
}

/**
 * One peer's WebRTC session on the relay: answers the peer's offer, trickles ICE candidates both
 * ways, and once both DataChannels are open says `switched` on the WebSocket and hands the link
 * to the peer. Before the switch any failure just ends the session (the peer stays on its
 * WebSocket); after it, a failure ends the peer's connection.
 * @internal
 */
export class RtcSession {
  #pc: RTCPeerConnection | null = null;
  #link: DataLink | null = null;
  #switched = false;
  #peerSwitched = false;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #channels = new Map<string, RTCDataChannel>();
  readonly #early = new Map<string, unknown[]>();

  constructor(private readonly host: SessionHost) {}

  /** Handles one RtcSignal message from the peer. @throws ProtocolError when malformed */
  async signal(bytes: Uint8Array): Promise<void> {
    const s = decodeRtcSignal(decodeMessage(bytes));
    if (s.kind === 'offer') await this.#offer(s.sdp);
    else if (s.kind === 'candidate') {
      if (this.#pc && s.candidate !== '')
        await this.#pc.addIceCandidate({ candidate: s.candidate, sdpMid: s.sdpMid });
    } else if (s.kind === 'switched') {
      this.#peerSwitched = true;
      this.#link?.release();
    }
    // An `answer` from a peer means nothing: the relay never offers. Ignored.
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const pc = this.#pc;
    this.#pc = null;
    if (this.#link) this.host.linked(null);
    this.#link?.close();
    this.#link = null;
    this.#channels.clear();
    this.#early.clear();
    if (pc) {
      pc.onicecandidate = pc.ondatachannel = pc.onconnectionstatechange = null;
      pc.close();
    }
  }

  #send(signal: RtcSignal): void {
    this.host.sendOnSocket(encodeRtcSignal(signal, false, { seq: this.#seq++ & 0xffff, timestamp: 0 }));
  }

  async #offer(sdp: string): Promise<void> {
    // A new offer restarts the session (the client gave up on the last one, or reconnected).
    this.close();
    this.#switched = this.#peerSwitched = false;
    const pc = new this.host.module.RTCPeerConnection(this.host.config);
    this.#pc = pc;
    this.#timer = setTimeout(() => {
      if (!this.#switched) this.close();
    }, this.host.openTimeoutMs);
    pc.onicecandidate = (ev) => {
      if (this.#pc !== pc) return;
      const c = ev.candidate;
      this.#send({ kind: 'candidate', candidate: c?.candidate ?? '', sdpMid: c?.sdpMid ?? null });
    };
    pc.ondatachannel = (ev) => {
      if (this.#pc !== pc) return;
      const dc = ev.channel;
      if (dc.label !== RELIABLE_LABEL && dc.label !== PICTURES_LABEL) return;
      this.#channels.set(dc.label, dc);
      // The peer may send as soon as its end is open, before this end's other channel is: keep it.
      const early: unknown[] = [];
      this.#early.set(dc.label, early);
      dc.binaryType = 'arraybuffer';
      dc.onmessage = (m: MessageEvent) => early.push(m.data);
      if (dc.readyState === 'open') this.#maybeOpen(pc);
      else dc.onopen = () => this.#maybeOpen(pc);
    };
    pc.onconnectionstatechange = () => {
      if (this.#pc !== pc) return;
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed')
        this.#fail(`connection ${pc.connectionState}`);
    };
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (this.#pc !== pc) return;
    this.#send({ kind: 'answer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '' });
  }

  #maybeOpen(pc: RTCPeerConnection): void {
    const reliable = this.#channels.get(RELIABLE_LABEL);
    const pictures = this.#channels.get(PICTURES_LABEL);
    if (this.#pc !== pc || this.#link || !reliable || !pictures) return;
    if (reliable.readyState !== 'open' || pictures.readyState !== 'open') return;
    const link = new DataLink(
      reliable,
      pictures,
      fragmentLimit(pc),
      {
        message: (m) => this.host.message(m),
        askKeyframe: () => this.host.askKeyframe(),
        broken: (reason) => this.#fail(reason),
      },
      this.host.maxHeldBytes,
    );
    this.#link = link;
    for (const [label, early] of this.#early) link.feed(label, early);
    this.#early.clear();
    if (this.#peerSwitched) link.release();
    // `switched` is the last thing this relay writes on the socket for the peer's stream: from
    // here on its frames go on the channels, so none can overtake one sent before.
    this.#send({ kind: 'switched' });
    this.#switched = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.host.linked(link);
  }

  #fail(reason: string): void {
    const wasSwitched = this.#switched && this.#link !== null;
    this.close();
    if (wasSwitched) this.host.lost(reason);
  }
}
