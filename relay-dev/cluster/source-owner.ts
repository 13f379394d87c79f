import type { ClusterNode } from './nats-node';

/** The KV record of which relay holds a channel's source. @internal */
export interface OwnerRecord {
  relay: number;
  /** Last heartbeat, ms since the epoch. */
  at: number;
  /** The holder's heartbeat interval, ms. */
  hb: number;
}

const enc = new TextEncoder();

function encode(node: ClusterNode): Uint8Array {
  return enc.encode(
    JSON.stringify({ relay: node.id, at: Date.now(), hb: node.heartbeatMs } satisfies OwnerRecord),
  );
}

/** Parses an owner record; null for a deleted or malformed one. @internal */
export function parseOwner(value: Uint8Array | undefined): OwnerRecord | null {
  if (!value || value.byteLength === 0) return null;
  try {
    const o = JSON.parse(new TextDecoder().decode(value)) as Partial<OwnerRecord>;
    if (typeof o.relay !== 'number' || typeof o.at !== 'number') return null;
    return { relay: o.relay, at: o.at, hb: typeof o.hb === 'number' ? o.hb : 1000 };
  } catch {
    return null;
  }
}

/**
 * Claims channel `key`'s source for this relay, compare-and-set, so two relays cannot both win:
 * create the record, or take it over from a relay that no longer holds the source (it does not
 * answer, or says no). Resolves with the record's revision (0: NATS is away and the claim is
 * local only, re-asserted on the next heartbeat), or null when another relay holds a live source.
 * @internal
 */
export async function claimSource(
  node: ClusterNode,
  key: string,
  channel: string,
  probeMs: number,
): Promise<number | null> {
  const kv = node.kv;
  if (!kv || !node.connected) return 0;
  try {
    return await kv.create(key, encode(node));
  } catch {
    // Exists (or a race): read who holds it.
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const e = await kv.get(key);
    if (!e) return kv.create(key, encode(node)).catch(() => null);
    const o = e.operation === 'PUT' ? parseOwner(e.value) : null;
    if (o && o.relay !== node.id && (await ownerHolds(node, o.relay, channel, probeMs))) return null;
    try {
      return await kv.update(key, encode(node), e.revision);
    } catch {
      // Someone wrote in between: look again.
    }
  }
  return null;
}

/** Probes before a take-over: an owner that does not answer this many times in a row is checked for heartbeats. */
const PROBES = 3;

/**
 * True while relay `owner` still holds `channel`'s source. Silence alone proves nothing: on a
 * loaded machine the probe times out before the owner (or this relay, stalled) gets to answer.
 * So an unanswered probe is asked again, and then an owner that still heartbeats keeps the
 * source (the newcomer gets 4409 and retries); only a "no", no responders or an owner unheard
 * for 3 heartbeats of this relay's running time hands the channel over.
 */
async function ownerHolds(
  node: ClusterNode,
  owner: number,
  channel: string,
  probeMs: number,
): Promise<boolean> {
  for (let i = 0; i < PROBES; i++) {
    const answer = await node.probeOwner(owner, channel, probeMs);
    if (answer !== 'silent') return answer === 'holds';
  }
  return node.liveness.hearsFrom(owner, () => node.stopped);
}

/**
 * Renews this relay's record (the heartbeat). Resolves with the new revision, or null when
 * another relay took the record over (this relay lost the source).
 * @internal
 */
export async function renewSource(node: ClusterNode, key: string, revision: number): Promise<number | null> {
  const kv = node.kv;
  if (!kv) return revision;
  if (revision === 0) {
    // Claimed while NATS was away: claim it now, unless another relay holds it meanwhile.
    const e = await kv.get(key);
    const o = e && e.operation === 'PUT' ? parseOwner(e.value) : null;
    if (o && o.relay !== node.id && node.liveness.alive(o.relay)) return null;
    return kv.put(key, encode(node));
  }
  try {
    return await kv.update(key, encode(node), revision);
  } catch {
    const e = await kv.get(key);
    const o = e && e.operation === 'PUT' ? parseOwner(e.value) : null;
    // Our own write landed but the reply was lost (a NATS restart): still ours.
    if (o?.relay === node.id && e) return e.revision;
    return null;
  }
}

/** Deletes this relay's record (its source left), unless another relay holds it by now. @internal */
export async function releaseSource(node: ClusterNode, key: string): Promise<void> {
  const kv = node.kv;
  if (!kv || !node.connected) return;
  const e = await kv.get(key);
  const o = e && e.operation === 'PUT' ? parseOwner(e.value) : null;
  if (o?.relay === node.id) await kv.delete(key);
}
