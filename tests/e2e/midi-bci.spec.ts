// MIDI and BCI input end to end in Chromium through the relay: the on-screen keyboard's note
// on/off reach the source as Midi (0x40), and the simulated EEG device's blocks reach it as
// BciInput (0x90) whose alpha rhythm the source measures.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e();
});
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

describe('device stories', () => {
  it('a key on the receiver sends note on and note off that the source hears', async () => {
    const { page, wire, errors } = await env.open(
      'devices',
      { story: 'midi', channel: 'midi' },
      { wire: true },
    );
    await page.waitForSelector('[data-ds-role="receiver"][data-ds-source="online"]', { timeout: 60_000 });
    const key = page.locator('[data-ds-key="64"]');
    await key.dispatchEvent('pointerdown');
    await page.waitForSelector('[data-ds-midi="90 64 100"]', { timeout: 30_000 });
    await key.dispatchEvent('pointerup');
    await page.waitForSelector('[data-ds-midi="80 64 0"]', { timeout: 30_000 });
    expect(
      wire.filter((m) => m.dir === 'out' && m.type === 0x40 && (m.flags & 1) === 1).length,
    ).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
  });

  it('the simulated device streams BciInput blocks and the source measures their alpha', async () => {
    const { page, errors } = await env.open('devices', { story: 'bci', channel: 'bci' });
    await page.waitForFunction(
      () => Number(document.querySelector('[data-ds-bci-blocks]')?.getAttribute('data-ds-bci-blocks')) >= 20,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const text = await page.locator('[data-ds-bci-blocks]').textContent();
    // Four channel amplitudes, in µV, as the source computed them from the received samples.
    expect(text).toMatch(/(\d+\.\d \/ ){3}\d+\.\d µV/);
    expect(errors).toEqual([]);
  });
});
