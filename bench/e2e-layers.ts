// The per-layer part of bench/e2e.bench.ts: an adaptive springs source (quality layers) with two
// receivers, one direct and one behind a link shaper throttled under the lossless layer, so the
// relay puts them on different layers. Bytes/s per layer as the source sends it (its store), as
// the relay measures it coming in (/metrics), and on the wire into each receiver (by the layer
// bits of each frame's flags), over one window.
import { frameLayer } from '@ds-stream/react/core';
import { createLinkShaper } from '@ds-stream/react/relay';
import {
  type AdaptivePage,
  type AdaptiveReceiverApi,
  type AdaptiveSourceApi,
  closeAdaptivePages,
  inPage,
  openAdaptive,
} from '../tests/e2e/adaptive-pages/pages';
import type { E2eEnv } from '../tests/e2e/helpers/env';
import { waitUntil } from '../tests/e2e/helpers/wait';

const NAMES = ['none', 'lossless', 'lossy', 'signal'] as const;

/** One layer's row of the table. */
export interface LayerRow {
  layer: (typeof NAMES)[number];
  sourceBps: number;
  relayBps: number;
  direct: { bps: number; fps: number };
  throttled: { bps: number; fps: number };
}

/** Result of the layered run. */
export interface LayersResult {
  rows: LayerRow[];
  throttle: number;
  directLayer: string | null;
  throttledLayer: string | null;
  seconds: number;
}

function onWire(p: AdaptivePage, t0: number, t1: number, layer: number) {
  const got = p.wire.filter((m) => m.dir === 'in' && m.at >= t0 && m.at < t1 && m.type < 0x50);
  const on = got.filter((m) => frameLayer(m.flags) === layer);
  const secs = (t1 - t0) / 1000;
  return { bps: on.reduce((n, m) => n + m.bytes, 0) / secs, fps: on.length / secs };
}

async function relayRates(env: E2eEnv, channel: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${env.relay.url.replace(/^ws/, 'http')}/metrics`)).text();
  const out = new Map<string, number>();
  const re = new RegExp(`^ds_relay_layer_rate_bytes\\{channel="${channel}",layer="(\\w+)"\\} (\\S+)$`);
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** Runs the layered source with a direct and a throttled receiver for `seconds`. */
export async function measureLayers(env: E2eEnv, seconds: number): Promise<LayersResult> {
  const channel = 'bench-layers';
  const shaper = createLinkShaper({ target: env.relay.url, maxQueuedBytes: 64 * 1024 });
  await shaper.listen();
  try {
    const direct = await openAdaptive(env, 'receiver', { channel, relay: env.relay.url }, { wire: true });
    const slow = await openAdaptive(env, 'receiver', { channel, relay: shaper.url }, { wire: true });
    const source = await openAdaptive(env, 'source', {
      channel,
      mode: 'delta',
      fps: 30,
      relay: env.relay.url,
    });
    const layerOf = (p: AdaptivePage) =>
      inPage(p.page, (api: AdaptiveReceiverApi) => api.state().quality?.layer ?? null);
    await waitUntil(async () => (await layerOf(direct)) === 'lossless', 'direct on lossless', 120_000);
    await waitUntil(
      async () =>
        (await inPage(
          source.page,
          (api: AdaptiveSourceApi) => api.state().layers?.lossless?.bytesPerSec ?? 0,
        )) > 0,
      'the lossless layer measured',
      60_000,
    );
    const lossless = await inPage(
      source.page,
      (api: AdaptiveSourceApi) => api.state().layers?.lossless?.bytesPerSec ?? 0,
    );
    const throttle = Math.max(20_000, Math.round(lossless / 2.5));
    shaper.setRate(throttle);
    await waitUntil(
      async () => {
        const l = await layerOf(slow);
        return l !== null && l !== 'lossless';
      },
      'the throttled receiver below lossless',
      120_000,
    );
    await new Promise((r) => setTimeout(r, 3000));
    const t0 = Date.now();
    const sourceBytes: Record<string, number[]> = {};
    while (Date.now() - t0 < seconds * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      const layers = await inPage(source.page, (api: AdaptiveSourceApi) => api.state().layers);
      for (const name of NAMES) {
        const l = layers?.[name as 'lossless'];
        if (!l?.produced) continue;
        sourceBytes[name] ??= [];
        sourceBytes[name].push(l.bytesPerSec);
      }
    }
    const t1 = Date.now();
    const relay = await relayRates(env, channel);
    const rows: LayerRow[] = [];
    for (let layer = 1; layer <= 3; layer++) {
      const name = NAMES[layer]!;
      const s = sourceBytes[name] ?? [];
      rows.push({
        layer: name,
        sourceBps: s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0,
        relayBps: relay.get(name) ?? 0,
        direct: onWire(direct, t0, t1, layer),
        throttled: onWire(slow, t0, t1, layer),
      });
    }
    return {
      rows,
      throttle,
      directLayer: await layerOf(direct),
      throttledLayer: await layerOf(slow),
      seconds: (t1 - t0) / 1000,
    };
  } finally {
    await closeAdaptivePages();
    await shaper.close();
  }
}

/** The markdown table of a layered run. */
export function layersTable(r: LayersResult, rate: (bps: number) => string): string {
  const lines = [
    `Two receivers on one adaptive springs source (600x400, 30 fps target, quality layers), ${r.seconds.toFixed(0)} s window: ` +
      `one direct (ends on ${r.directLayer}), one behind the link shaper at ${rate(r.throttle)} (ends on ` +
      `${r.throttledLayer}). Source: the layer's bytes/s in its store, mean of 1 s samples while produced; relay: ` +
      '`ds_relay_layer_rate_bytes` at the end; receivers: frame messages of that layer on their WebSocket.',
    '',
    '| layer | source sends | relay measures in | direct receiver gets | frames/s | throttled receiver gets | frames/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const x of r.rows) {
    lines.push(
      `| ${x.layer} | ${rate(x.sourceBps)} | ${rate(x.relayBps)} | ${rate(x.direct.bps)} | ${x.direct.fps.toFixed(1)} | ` +
        `${rate(x.throttled.bps)} | ${x.throttled.fps.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}
