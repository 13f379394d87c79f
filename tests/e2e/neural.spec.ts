// Model B end to end in real Chromium: the springs source encodes each frame with the shipped
// latent encoder (tfjs on wasm), the NeuralLatent crosses the relay at <= 1 KB, and the receiver
// paints it with the shipped decoder. The picture it paints is as close to the true render as the
// same model gives in Node (the benchmark's implementation), within 1 dB of PSNR.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { psnr } from '../../scripts/neural/metrics';
import { decodeNeuralLatent, encodeNeuralLatent } from '../../src/codec/neural';
import { type LatentCodec, loadLatentCodec } from '../../src/neural/index';
import { decodeMessage, FrameType } from '../../src/protocol/index';
import { type E2eEnv, startE2e } from './helpers/env';

interface NeuralPageApi {
  ready(): boolean;
  pause(): void;
  latents(): number;
  decodeMs(): number;
  encodeMs(): number;
  error(): string | null;
  hash(which: 'source' | 'receiver'): string;
  pixels(which: 'source' | 'receiver'): { width: number; height: number; base64: string };
}
const onPage = <R>(page: Page, fn: string): Promise<R> =>
  page.evaluate(`(${fn})((window).e2e)`) as Promise<R>;

/** The measured held-out mean of Model B (bench/results/neural.md), for the log. */
const BENCH_PSNR_DB = 27.71;
const MAX_PAYLOAD = 1024;

let env: E2eEnv;
let codec: LatentCodec;
beforeAll(async () => {
  [env, codec] = await Promise.all([
    startE2e([], ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm']),
    loadLatentCodec(),
  ]);
}, 120_000);
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

describe('Model B: a NeuralLatent stream through the relay', () => {
  it('paints the latent in Chromium as Node decodes it (within 1 dB), at <= 1 KB a frame', async () => {
    const { page, wire, errors } = await env.open(
      'neural',
      { channel: 'neural-latent', fps: 4 },
      { wire: true },
    );
    await page.waitForFunction(
      () => (window as unknown as { e2e: NeuralPageApi }).e2e.latents() >= 3,
      undefined,
      {
        timeout: 90_000,
      },
    );
    // Freeze the scene, then wait until the receiver shows the latent of the frozen frame: two reads
    // a second apart give the same picture, with latents still arriving in between.
    await onPage(page, '(api) => api.pause()');
    let last = '';
    for (let tries = 0; ; tries++) {
      if (tries === 60) throw new Error('the receiver picture did not settle on the frozen frame in 60 s');
      const before = await onPage<number>(page, '(api) => api.latents()');
      await page.waitForTimeout(1000);
      const now = await onPage<string>(page, '(api) => api.hash("receiver")');
      const after = await onPage<number>(page, '(api) => api.latents()');
      if (now === last && after > before) break;
      last = now;
    }
    const read = async (which: 'source' | 'receiver') => {
      const p = await onPage<{ width: number; height: number; base64: string }>(
        page,
        `(api) => api.pixels("${which}")`,
      );
      return { ...p, rgba: new Uint8Array(Buffer.from(p.base64, 'base64')) };
    };
    const truth = await read('source');
    const painted = await read('receiver');
    expect([painted.width, painted.height]).toEqual([truth.width, truth.height]);

    // The same frame through the same bytes in Node: encode, the wire message, decode.
    const onWire = encodeNeuralLatent(codec.encode(truth.rgba, truth.width, truth.height), {
      seq: 0,
      timestamp: 0,
    });
    const inNode = codec.decode(decodeNeuralLatent(decodeMessage(onWire)));
    const chromiumDb = psnr(painted.rgba, truth.rgba);
    const nodeDb = psnr(inNode, truth.rgba);
    const decodeMs = await onPage<number>(page, '(api) => api.decodeMs()');
    const encodeMs = await onPage<number>(page, '(api) => api.encodeMs()');

    const latentsOut = wire.filter((m) => m.dir === 'out' && m.type === FrameType.NeuralLatent);
    const biggest = Math.max(...latentsOut.map((m) => m.bytes));
    console.log(
      `neural e2e: ${latentsOut.length} NeuralLatent messages, at most ${biggest} B (16 header + ${biggest - 16} payload); ` +
        `PSNR in Chromium ${chromiumDb.toFixed(2)} dB, same frame in Node ${nodeDb.toFixed(2)} dB ` +
        `(held-out mean ${BENCH_PSNR_DB} dB); in Chromium encode ${encodeMs.toFixed(1)} ms, decode ${decodeMs.toFixed(1)} ms a frame`,
    );
    expect(latentsOut.length).toBeGreaterThan(0);
    expect(biggest - 16).toBeLessThanOrEqual(MAX_PAYLOAD);
    expect(Math.abs(chromiumDb - nodeDb)).toBeLessThanOrEqual(1);
    expect(await onPage(page, '(api) => api.error()')).toBeNull();
    expect(errors).toEqual([]);
  });
});
