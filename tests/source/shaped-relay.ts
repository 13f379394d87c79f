// A real relay on 127.0.0.1 with a link shaper in front of it, and receivers over either, for the
// tests where the relay moves a throttled receiver to another quality layer.
import { createCanvasSurface, createReceiverEngine, type ReceiverEngine } from '@ds-stream/react/core';
import {
  createLinkShaper,
  createRelay,
  type LinkShaper,
  type LinkShaperOptions,
  type Relay,
} from '@ds-stream/react/relay';
import { createCanvas } from '@napi-rs/canvas';
import { WebSocket } from 'ws';

/** What a test undoes after it, last first. */
export type Cleanup = (() => unknown)[];

/** A relay, and a shaper (`shaping`, targeting it) whose url gives the throttled link. */
export async function shapedRelay(
  cleanup: Cleanup,
  shaping: Omit<LinkShaperOptions, 'target'>,
): Promise<{ relay: Relay; shaper: LinkShaper }> {
  const relay = createRelay({ port: 0, host: '127.0.0.1' });
  await relay.listen();
  cleanup.push(() => relay.close());
  const shaper = createLinkShaper({ target: relay.url, ...shaping });
  await shaper.listen();
  cleanup.push(() => shaper.close());
  return { relay, shaper };
}

// The default keepalive (a ping a second, three missed: closed): pongs behind a throttled
// link's queue come late, and a tighter one would close the slow receiver before the relay moves it.
/** A connected receiver on `channel` at `url`, painting into a 1x1 canvas. */
export function shapedReceiver(cleanup: Cleanup, url: string, channel: string): ReceiverEngine {
  const engine = createReceiverEngine({ url, channel, WebSocket });
  engine.attach(null, createCanvasSurface(createCanvas(1, 1)));
  cleanup.push(() => engine.dispose());
  engine.connect();
  return engine;
}
