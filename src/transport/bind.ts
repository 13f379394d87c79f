import { TransportError } from './errors';
import { type ConnectionState, connectionStateOf } from './stats';
import type { OpenInfo, Transport } from './types';

/** What an engine's store learns from its transport. @internal */
export interface ConnectionPatch {
  connection?: ConnectionState;
  error?: Error | null;
}

/** An engine's reactions to its transport. @internal */
export interface BindHandlers {
  /** Writes connection state and errors into the engine's store. */
  update(patch: ConnectionPatch): void;
  /** The link (re)opened; the error is cleared before this runs. */
  open(info: OpenInfo): void;
  message(bytes: Uint8Array): void;
}

/**
 * Connects an engine to its transport the way both engines need it: connection state and errors
 * go to the store (a close after an error reads `'error'`), `open` clears the error, and the
 * transport is opened unless an earlier engine already closed it (transports are owned by one
 * engine and cannot reopen: that is reported as `DISPOSED`). Returns the unsubscribe functions.
 * @internal
 */
export function bindTransport(t: Transport, h: BindHandlers): (() => void)[] {
  let failed = false;
  const unsubs = [
    t.on('state', (next) => h.update({ connection: connectionStateOf(next, failed) })),
    t.on('error', (error) => {
      if (t.state === 'closed') failed = true;
      h.update({ error, connection: connectionStateOf(t.state, failed) });
    }),
    t.on('open', (info) => {
      h.update({ error: null });
      h.open(info);
    }),
    t.on('message', (bytes) => h.message(bytes)),
  ];
  if (t.state === 'idle') t.connect();
  else if (t.state === 'closed' || t.state === 'closing') {
    h.update({
      connection: 'error',
      error: new TransportError('DISPOSED', 'the transport was already closed'),
    });
  } else h.update({ connection: connectionStateOf(t.state) });
  return unsubs;
}
