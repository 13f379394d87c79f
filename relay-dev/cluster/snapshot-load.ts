import { fragmentIdAfter } from '../../src/protocol/index';
import type { ClusterNode } from './nats-node';
import { parseOwner } from './source-owner';
import { decodeSnapshot, type Snapshot } from './state-snapshot';
import type { ChannelNames } from './subjects';
import type { Arrival } from './wire';

/** What a following relay's first receiver needs from the channel's KV record. @internal */
export interface ChannelRecord {
  /** The other relay that holds the source while its owner record is live, else null. */
  owner: number | null;
  snapshot: Snapshot | null;
}

/**
 * Reads the channel's owner record and state snapshot from KV (both null without KV or on a KV
 * error, which is counted). An owner record counts while its relay is heard from or its last
 * heartbeat is under three heartbeats old (the record of a killed relay stays in KV after it).
 * @internal
 */
export async function readChannelRecord(node: ClusterNode, names: ChannelNames): Promise<ChannelRecord> {
  const kv = node.kv;
  if (!kv) return { owner: null, snapshot: null };
  const [state, owner] = await Promise.all([kv.get(names.state), kv.get(names.owner)]).catch(() => {
    node.metrics.kvErrors.inc({ op: 'get' });
    return [null, null];
  });
  const o = owner?.operation === 'PUT' ? parseOwner(owner.value) : null;
  const live =
    o !== null && o.relay !== node.id && (node.liveness.alive(o.relay) || Date.now() - o.at < 3 * o.hb);
  return {
    owner: live ? o.relay : null,
    snapshot: state?.operation === 'PUT' ? decodeSnapshot(state.value) : null,
  };
}

/** Where a snapshot ends: the source's relay and the id of the last frame it includes. @internal */
export interface JoinPoint {
  relay: number;
  lastId: number;
}

/**
 * How a live frame stands to a snapshot's end: already in it (`held`), the frame right after it
 * (`next`), or anything else (`gap`: frames between them were missed, or another relay sends).
 * @internal
 */
export function afterSnapshot(at: JoinPoint, a: Arrival): 'held' | 'next' | 'gap' {
  if (a.relay !== at.relay) return 'gap';
  if (!fragmentIdAfter(a.id, at.lastId)) return 'held';
  return a.id === (at.lastId + 1) >>> 0 ? 'next' : 'gap';
}

/**
 * Joins the snapshot to the live frames held while it loaded: drops what it already holds and
 * says whether anything is missing between them (`joined` false: a gap). When no frame arrived
 * while it loaded, the join is not known yet: `pending` is where the first live frame must
 * continue from (a snapshot written a few frames back, with those frames published before this
 * relay subscribed, is only seen to have a gap at that frame).
 * @internal
 */
export function joinSnapshot(
  snap: Snapshot,
  held: readonly Arrival[],
): { held: Arrival[]; joined: boolean; pending: JoinPoint | null } {
  const rest = held.filter((a) => afterSnapshot(snap, a) !== 'held');
  const first = rest[0];
  const joined = snap.chained && (first === undefined || afterSnapshot(snap, first) === 'next');
  const pending = joined && first === undefined ? { relay: snap.relay, lastId: snap.lastId } : null;
  return { held: rest, joined, pending };
}
