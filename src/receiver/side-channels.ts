import type { HapticCommand } from '../codec/haptic';
import { decodeStreamStatus, FrameType, type Message } from '../protocol/index';
import type { QualityState } from '../quality/ladder';
import { keptMessage, type Later } from '../transport/lazy-module';
import type { AudioReceiver } from './audio-receiver';
import type { receiverQuality } from './layer-report';

/** What the side-channel handler may touch. @internal */
export interface SideChannelHost {
  /** Milliseconds since the engine's stream start (u32). */
  now(): number;
  rtt(ms: number): void;
  sourceOnline(online: boolean): void;
  /** Whether the source is online as far as the receiver knows (before this message). */
  readonly online: boolean;
  readonly haptics: boolean;
  /** The app's `onHaptic`, told of every Haptic frame whether or not it can be played. */
  readonly onHaptic: ((cmd: HapticCommand) => void) | undefined;
  /** The engine's (lazily loaded) audio, or the real receiver in tests: what both have. */
  readonly audio: Pick<AudioReceiver, 'receive' | 'reset'> | null;
  /** The relay's LayerReport put this receiver on a layer (or on none: `null`). */
  layer(quality: QualityState | null): void;
  /** What the layer's `quality` is built from: the mode, fps and RTT shown now. */
  readonly current: Parameters<typeof receiverQuality>[1];
  /** The haptic decoder and player, loaded on the first Haptic frame. */
  readonly hapticPlayer: Later<typeof import('./haptics')>;
  /** The LayerReport decoder, loaded on the first report (only layered channels send one). */
  readonly layerReports: Later<typeof import('./layer-report')>;
}

/**
 * Handles every message that is not a picture or signal frame: Pong (RTT), StreamStatus and End
 * (source presence), Haptic, AudioPcm and AudioCompressed, LayerReport (this receiver's layer). Returns false for anything else, which the engine then
 * hands to its renderers. Throws `ProtocolError` for a malformed message; a malformed Haptic
 * or LayerReport, whose decoders load lazily, goes to the lazy part's `onError` instead.
 * @internal
 */
export function handleSideChannel(message: Message, host: SideChannelHost): boolean {
  const { header } = message;
  switch (header.type) {
    case FrameType.Pong:
      host.rtt((host.now() - header.timestamp) >>> 0);
      return true;
    case FrameType.StreamStatus: {
      const online = decodeStreamStatus(message).status === 'online';
      // A source that comes back is a new one: its seq counts from 0 again, which the audio
      // intake would otherwise drop as late packets.
      if (online && !host.online) host.audio?.reset();
      host.sourceOnline(online);
      return true;
    }
    case FrameType.End:
      host.audio?.reset();
      host.sourceOnline(false);
      return true;
    case FrameType.Haptic: {
      const kept = keptMessage(message);
      host.hapticPlayer(({ decodeHaptic, playHaptic }) => {
        const cmd = decodeHaptic(kept);
        if (host.haptics) playHaptic(cmd);
        host.onHaptic?.(cmd);
      });
      return true;
    }
    case FrameType.AudioPcm:
    case FrameType.AudioCompressed:
      host.audio?.receive(message);
      return true;
    case FrameType.Ping:
    case FrameType.LayerOffer:
      return true;
    case FrameType.LayerReport: {
      const kept = keptMessage(message);
      host.layerReports(({ receiverQuality }) => host.layer(receiverQuality(kept, host.current)));
      return true;
    }
    default:
      return false;
  }
}
