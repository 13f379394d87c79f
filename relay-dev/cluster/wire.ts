// How protocol messages travel on NATS: an envelope (kind, sending relay) around each fragment.
import { fragmentMessage, Reassembler } from '../../src/protocol/index';
import { ClusterMetrics } from './cluster-metrics';
import type { ClusterNode } from './nats-node';
import { ENVELOPE_SIZE, Kind, readEnvelope, writeEnvelope } from './subjects';

/** A message from another relay, put back together. @internal */
export interface Arrival {
  relay: number;
  id: number;
  message: Uint8Array;
  /** Messages of that relay missed since its last one (a gap). */
  lost: number;
}

/**
 * Publishes `bytes` on `subject` as fragments under NATS's max_payload (the protocol's own
 * fragmenter, shared with the WebRTC transport), each in an envelope naming this relay.
 * Nothing is sent (and it is counted) while NATS is away: frames are at most once.
 * @internal
 */
export function sendMessage(node: ClusterNode, subject: string, bytes: Uint8Array, id: number): void {
  if (!node.connected) {
    node.metrics.dropped.inc();
    return;
  }
  const slot = ClusterMetrics.slot(bytes);
  for (const f of fragmentMessage(bytes, id, node.maxPayload - ENVELOPE_SIZE)) {
    const out = new Uint8Array(ENVELOPE_SIZE + f.byteLength);
    writeEnvelope(out, Kind.Fragment, node.id);
    out.set(f, ENVELOPE_SIZE);
    node.publish(subject, out);
    node.metrics.bytesOut[slot]! += out.byteLength;
  }
  node.metrics.messagesOut[slot]!++;
}

/** Publishes a bare envelope (source online/offline) on `subject`. @internal */
export function sendNote(node: ClusterNode, subject: string, kind: Kind): void {
  const out = new Uint8Array(ENVELOPE_SIZE);
  writeEnvelope(out, kind, node.id);
  if (node.connected) node.publish(subject, out);
}

/**
 * Takes one fragment envelope; returns the message it completes, or null. One reassembler per
 * sending relay (`parts`). A malformed fragment from a peer relay is a gap, never a frame: it is
 * counted and `onGap` is told, since the reassembler that would have seen the missing ids is
 * dropped with it.
 * @internal
 */
export function receiveFragment(
  node: ClusterNode,
  parts: Map<number, Reassembler>,
  data: Uint8Array,
  maxMessageBytes: number,
  onGap?: () => void,
): Arrival | null {
  const env = readEnvelope(data);
  if (!env || env.kind !== Kind.Fragment) return null;
  let r = parts.get(env.relay);
  if (!r) {
    r = new Reassembler({ maxMessageBytes, maxPending: 2 });
    parts.set(env.relay, r);
  }
  let done: ReturnType<Reassembler['push']>;
  try {
    done = r.push(data.subarray(ENVELOPE_SIZE));
  } catch {
    parts.delete(env.relay);
    node.metrics.gaps.inc();
    onGap?.();
    return null;
  }
  if (!done) return null;
  const slot = ClusterMetrics.slot(done.message);
  node.metrics.messagesIn[slot]!++;
  node.metrics.bytesIn[slot]! += done.message.byteLength;
  return { relay: env.relay, id: done.id, message: done.message, lost: done.lost };
}
