// The NATS v3 client is an optional peer dependency: imported only when `nats` is configured, so
// a relay without it (and every browser bundle) never loads it.

import type { KV } from '@nats-io/kv';
import type { NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';

/** What the cluster uses of the three client packages. @internal */
export interface NatsModules {
  connect(options: NodeConnectionOptions): Promise<NatsConnection>;
  /** Opens (creating when missing) the KV bucket `name` with history 1. */
  openBucket(nc: NatsConnection, name: string): Promise<KV>;
}

/**
 * Why clustering cannot start: `nats` is configured and the client is not installed.
 * @public
 */
export class NatsUnavailableError extends Error {
  readonly code = 'NATS_UNAVAILABLE' as const;
  constructor(cause: unknown) {
    super(
      'NATS_UNAVAILABLE: --nats needs the optional peer dependencies @nats-io/transport-node, ' +
        '@nats-io/jetstream and @nats-io/kv (npm install @nats-io/transport-node @nats-io/jetstream ' +
        `@nats-io/kv); they could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'NatsUnavailableError';
  }
}

// Variables, so bundlers leave the imports alone.
const TRANSPORT = '@nats-io/transport-node';
const JETSTREAM = '@nats-io/jetstream';
const KV_MODULE = '@nats-io/kv';

/**
 * Loads the client packages.
 * @throws NatsUnavailableError when one is missing
 * @internal
 */
export async function loadNats(): Promise<NatsModules> {
  try {
    const [t, j, k] = await Promise.all([
      import(TRANSPORT) as Promise<typeof import('@nats-io/transport-node')>,
      import(JETSTREAM) as Promise<typeof import('@nats-io/jetstream')>,
      import(KV_MODULE) as Promise<typeof import('@nats-io/kv')>,
    ]);
    return {
      connect: (options) => t.connect(options),
      openBucket: (nc, name) => new k.Kvm(j.jetstream(nc)).create(name, { history: 1 }),
    };
  } catch (err) {
    throw new NatsUnavailableError(err);
  }
}
