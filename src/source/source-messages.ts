import type { StoreApi } from 'zustand/vanilla';
import {
  type AckInput,
  decodeLayerReport,
  decodeRoster,
  decodeStreamStatus,
  Flag,
  FrameType,
  frameLayer,
  type LayerAssignment,
  type Message,
  type QualityLayer,
  type RosterInfo,
} from '../protocol/index';
import type { StatsMeter } from '../transport/stats';
import type { AdaptiveSource } from './adaptive-source';
import type { FramePump } from './frame-pump';
import { type InputSink, isAck } from './input-sink';
import type { LayerAckGuards } from './layer-acks';
import type { SourceState } from './types';

/** What a message from the relay may touch in the source engine. @internal */
export interface SourceMessageHost {
  readonly input: InputSink;
  /** A keyframe was asked for: on `layer` (the relay, for a receiver switching to it), or 0 for every layer. */
  keyframe(layer: QualityLayer): void;
  /** An ACK, with the relay-stamped receiver id from its `width` field (0: none). */
  ack(ack: AckInput, receiver: number): void;
  rtt(ms: number): void;
  /** Milliseconds since the stream start (u32), the clock Ping timestamps use. */
  now(): number;
  receivers(count: number): void;
  /** The relay's Roster: who joined, left, or is connected (by relay id). */
  roster(roster: RosterInfo): void;
  /** The relay's LayerReport: every receiver's layer and why. */
  layers(entries: LayerAssignment[]): void;
}

/**
 * Handles one message the relay sent the source: receiver input (dispatched to the app's handlers;
 * keyframe requests, per layer, and ACKs also go to the engine), Pong (RTT), StreamStatus (receiver
 * count), Roster (receiver ids) and LayerReport (who is on which layer).
 * Throws `ProtocolError` for a malformed message.
 * @internal
 */
export function handleSourceMessage(message: Message, host: SourceMessageHost): void {
  const { header } = message;
  if (header.flags & Flag.Input) {
    const ev = host.input.dispatch(message);
    if (ev.kind === 'keyframe-request') host.keyframe(frameLayer(header.flags));
    else if (isAck(ev)) host.ack(ev, header.width);
  } else if (header.type === FrameType.Pong) {
    host.rtt((host.now() - header.timestamp) >>> 0);
  } else if (header.type === FrameType.StreamStatus) {
    host.receivers(decodeStreamStatus(message).receivers);
  } else if (header.type === FrameType.Roster) {
    host.roster(decodeRoster(message));
  } else if (header.type === FrameType.LayerReport) {
    host.layers(decodeLayerReport(message));
  }
}

/** The engine's parts a relay message reaches. @internal */
export interface SourceInboxParts {
  readonly input: InputSink;
  readonly pump: FramePump;
  readonly acks: LayerAckGuards;
  readonly meter: StatsMeter;
  readonly store: StoreApi<SourceState>;
  /** The adaptive side, `null` without `quality`. */
  adaptive(): AdaptiveSource | null;
  /** The app's `onAck`. */
  onAck: ((ack: AckInput) => void) | undefined;
  now(): number;
  /** A LayerReport may move production between the single-stream and the per-layer pump. */
  syncPump(): void;
}

/** What each relay message does to the engine (the host {@link handleSourceMessage} calls). @internal */
export function sourceInbox(p: SourceInboxParts): SourceMessageHost {
  return {
    input: p.input,
    keyframe: (layer) => {
      if (layer === 0) p.pump.keyPending = true;
      p.adaptive()?.layers?.keyframe(layer);
    },
    ack: (ev, receiver) => {
      // Refused ACKs are counted (the store shows them on the next stats tick) and go nowhere.
      if (p.acks.check(ev, receiver) !== 'ok') return;
      p.adaptive()?.ack(ev, receiver, p.acks.layerOf(ev));
      p.onAck?.(ev);
    },
    layers: (entries) => {
      p.adaptive()?.report(entries);
      p.syncPump();
    },
    rtt: (ms) => {
      p.meter.rttMs = ms;
    },
    now: p.now,
    receivers: (receivers) => {
      if (receivers === 0) p.adaptive()?.single.noReceivers();
      p.store.setState({ receivers });
    },
    roster: (roster) => {
      p.acks.roster(roster);
      p.adaptive()?.roster(roster);
      p.store.setState({ receiverIds: p.acks.receivers });
    },
  };
}
