import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { type Role, verifyToken } from './auth';
import { RelayError } from './errors';
import { Peer, ReceiverPeer } from './peer';
import type { RelayServer } from './relay';

/** Channel names: URL-safe, 1–128 characters, no ':' (tokens sign `channel:role:expiry`). @internal */
export const CHANNEL_NAME: RegExp = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

interface Door {
  channel: string;
  role: Role;
}

/** Checks URL, origin and token of an upgrade request. @throws RelayError @internal */
export function checkDoor(relay: RelayServer, req: IncomingMessage): Door {
  const { options } = relay;
  const url = new URL(req.url ?? '/', 'http://relay');
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
  return { channel, role };
}

/**
 * Admits a new socket: door checks, then channel limits, then attaches it to its channel.
 * @throws RelayError with the close code to refuse it with
 * @internal
 */
export function admit(relay: RelayServer, ws: WebSocket, req: IncomingMessage): Peer {
  const { channel: name, role } = checkDoor(relay, req);
  const { options, store, metricsRegistry } = relay;
  if (!store.get(name) && store.size >= options.maxChannels) {
    throw new RelayError('LIMIT_REACHED', `relay has reached its limit of ${options.maxChannels} channels`);
  }
  const channel = store.open(name);
  if (role === 'source') {
    if (channel.source) {
      throw new RelayError('SOURCE_EXISTS', `channel ${name} already has a source`);
    }
    const peer = new Peer(ws, 'source', name, metricsRegistry);
    channel.attachSource(peer);
    return peer;
  }
  if (channel.receivers.size >= options.maxReceiversPerChannel) {
    store.release(channel);
    throw new RelayError(
      'LIMIT_REACHED',
      `channel has reached its limit of ${options.maxReceiversPerChannel} receivers`,
    );
  }
  const peer = new ReceiverPeer(ws, name, metricsRegistry, options.maxBufferedBytes);
  channel.attachReceiver(peer);
  return peer;
}
