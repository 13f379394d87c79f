import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { type Role, verifyToken } from './auth';
import type { Channel } from './channel';
import { layerChannel } from './composition/names';
import type { DoorContext } from './context';
import { RelayError } from './errors';
import { Peer, ReceiverPeer } from './peer';

/** Channel names: URL-safe, 1–128 characters, no ':' (tokens sign `channel:role:expiry`). @internal */
export const CHANNEL_NAME: RegExp = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

/** Where an upgrade request wants to go. @internal */
export interface Door {
  channel: string;
  role: Role;
}

/** Parses the request target. Never quotes it: the query string may carry a token. */
function parseTarget(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://relay');
  } catch {
    throw new RelayError('BAD_REQUEST', 'request target is not a valid URL');
  }
}

/** Checks URL, origin and token of an upgrade request. @throws RelayError @internal */
export function checkDoor(ctx: DoorContext, req: IncomingMessage): Door {
  const { options } = ctx;
  const url = parseTarget(req);
  let channel: string;
  try {
    channel = decodeURIComponent(url.pathname.slice(1));
  } catch {
    throw new RelayError('BAD_REQUEST', 'channel name is not valid URL encoding');
  }
  if (!CHANNEL_NAME.test(channel)) {
    throw new RelayError('BAD_REQUEST', 'channel must be 1-128 of A-Z a-z 0-9 . _ ~ - (path /<channel>)');
  }
  const role = url.searchParams.get('role');
  if (role !== 'source' && role !== 'receiver') {
    throw new RelayError('BAD_REQUEST', 'role must be ?role=source or ?role=receiver');
  }
  const origin = req.headers.origin;
  if (options.allowedOrigins && origin !== undefined && !options.allowedOrigins.has(origin)) {
    throw new RelayError('FORBIDDEN', `origin ${origin} is not allowed`);
  }
  if (options.tokenSecret !== undefined && options.requireTokenFor.includes(role)) {
    verifyToken(options.tokenSecret, url.searchParams.get('token'), channel, role);
  }
  // A composition layer is the channel `<channel>:<name>`; its token is the base channel's.
  const layer = url.searchParams.get('layer');
  return { channel: layer === null ? channel : layerChannel(channel, layer), role };
}

/**
 * Admits a new socket that passed `checkDoor`: channel limits, then attaches it to its channel.
 * A join either completes or leaves no trace: if attaching throws (whatever the cause), the
 * peer is detached again, its id released and an emptied channel dropped, then the error
 * is rethrown for the caller to close the socket.
 * @throws RelayError with the close code to refuse it with (or any error from attaching)
 * @internal
 */
export function admit(ctx: DoorContext, ws: WebSocket, door: Door): Peer {
  const { channel: name, role } = door;
  const { options, store, metricsRegistry, peerIds } = ctx;
  if (!store.get(name) && store.size >= options.maxChannels) {
    throw new RelayError('LIMIT_REACHED', `relay has reached its limit of ${options.maxChannels} channels`);
  }
  if (role === 'source') ctx.composition.checkSource(name);
  const channel = store.open(name);
  let id = 0;
  let peer: Peer | null = null;
  try {
    if (role === 'source' && channel.source) {
      throw new RelayError('SOURCE_EXISTS', `channel ${name} already has a source`);
    }
    if (role === 'receiver' && channel.receivers.size >= options.maxReceiversPerChannel) {
      throw new RelayError(
        'LIMIT_REACHED',
        `channel has reached its limit of ${options.maxReceiversPerChannel} receivers`,
      );
    }
    id = peerIds.allocate();
    if (role === 'source') {
      peer = new Peer(ws, 'source', name, metricsRegistry, id);
      channel.attachSource(peer);
    } else {
      const receiver = new ReceiverPeer(ws, name, metricsRegistry, options.maxBufferedBytes, id);
      peer = receiver;
      channel.attachReceiver(receiver);
    }
    ctx.composition.attached(peer);
    return peer;
  } catch (err) {
    rollBack(channel, peer);
    if (id !== 0) peerIds.release(id);
    store.release(channel);
    if (peer) ctx.composition.detached(peer, store.get(name) === channel);
    throw err;
  }
}

function rollBack(channel: Channel, peer: Peer | null): void {
  if (peer instanceof ReceiverPeer) channel.detachReceiver(peer);
  else if (peer) channel.detachSource(peer);
}
