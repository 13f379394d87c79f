// Input from the receiver page (pointer, keys, touch, gamepad) crosses the relay, reaches the
// source and moves the springs.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';
import { onSource, waitOnReceiver, waitOnSource } from './helpers/page-api';

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

describe('input from the receiver', () => {
  it('pointer moves and key presses on the receiver page change the source state', async () => {
    const source = await env.open('source', { channel: 'input', mode: 'delta', autopilot: 0 });
    const receiver = await env.open('receiver', { channel: 'input' });
    await waitOnReceiver(receiver.page, (api) => api.state().width === 600, undefined);
    const before = await onSource(source.page, (api) => api.app.state().target);
    expect(before).toEqual({ x: 300, y: 200 });

    // The receiver canvas sits at the page's top left at 1:1 scale, so page = source pixels.
    await receiver.page.mouse.move(120, 90);
    await receiver.page.mouse.move(150, 110, { steps: 3 });
    await waitOnSource(source.page, (api) => api.app.state().target.x === 150, undefined);
    expect(await onSource(source.page, (api) => api.app.state().target)).toEqual({ x: 150, y: 110 });

    await receiver.page.focus('#root');
    await receiver.page.keyboard.press('ArrowRight');
    await receiver.page.keyboard.press('ArrowDown');
    await waitOnSource(source.page, (api) => api.app.state().target.y === 134, undefined);
    const target = await onSource(source.page, (api) => api.app.state().target);
    expect(target).toEqual({ x: 174, y: 134 });

    const kinds = await onSource(source.page, (api) => api.inputs.map((ev) => ev.kind));
    expect(kinds).toContain('pointer');
    expect(kinds).toContain('keydown');
    const keys = await onSource(source.page, (api) =>
      api.inputs.flatMap((ev) => (ev.kind === 'keydown' ? [ev.keyCode] : [])),
    );
    expect(keys).toEqual([39, 40]);

    // And the springs really move towards the new target (the lead body starts at x = 300).
    await waitOnSource(source.page, (api) => (api.app.state().bodies[0]?.x ?? 300) < 290, undefined, 30_000);
    const lead = await onSource(source.page, (api) => api.app.state().bodies[0]);
    expect(lead?.x).toBeLessThan(290);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });

  it('a click on the receiver kicks the bodies on the source', async () => {
    const source = await env.open('source', { channel: 'click', mode: 'delta', autopilot: 0 });
    const receiver = await env.open('receiver', { channel: 'click' });
    await waitOnReceiver(receiver.page, (api) => api.state().width === 600, undefined);
    await receiver.page.mouse.click(300, 200);
    await waitOnSource(source.page, (api) => api.inputs.some((e) => e.kind === 'pointerdown'), undefined);
    const speed = await onSource(source.page, (api) =>
      Math.max(...api.app.state().bodies.map((b) => Math.hypot(b.vx, b.vy))),
    );
    expect(speed).toBeGreaterThan(100);
  });
});

describe('touch input from the receiver', () => {
  it('a tap on a touch screen sends Touch and TouchEnd, and the source target follows the finger', async () => {
    const source = await env.open('source', { channel: 'touch', mode: 'delta', autopilot: 0 });
    const receiver = await env.open('receiver', { channel: 'touch' }, { hasTouch: true });
    await waitOnReceiver(receiver.page, (api) => api.state().width === 600, undefined);
    await receiver.page.touchscreen.tap(420, 260);
    await waitOnSource(source.page, (api) => api.inputs.some((e) => e.kind === 'touchend'), undefined);
    const touches = await onSource(source.page, (api) =>
      api.inputs.flatMap((e) => (e.kind === 'touch' || e.kind === 'touchend' ? [e] : [])),
    );
    expect(touches[0]).toMatchObject({ kind: 'touch', x: 420, y: 260 });
    expect(touches.at(-1)).toMatchObject({ kind: 'touchend', x: 420, y: 260 });
    expect(await onSource(source.page, (api) => api.app.state().target)).toEqual({ x: 420, y: 260 });
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});

/** Installed before the receiver page's scripts: one connected pad whose state the test sets. */
function stubGamepad(): void {
  const pad = {
    id: 'e2e pad',
    index: 0,
    connected: true,
    mapping: 'standard',
    timestamp: 0,
    axes: [0, 0, 0, 0],
    buttons: Array.from({ length: 16 }, () => ({ pressed: false, touched: false, value: 0 })),
  };
  Object.defineProperty(window, '__pad', { value: pad });
  Object.defineProperty(Navigator.prototype, 'getGamepads', {
    configurable: true,
    value: () => [pad, null, null, null],
  });
}

describe('gamepad input from the receiver', () => {
  it('the left stick steers the source target and button A kicks the bodies', async () => {
    const source = await env.open('source', { channel: 'pad', mode: 'delta', autopilot: 0 });
    const receiver = await env.open('receiver', { channel: 'pad' }, { init: stubGamepad });
    await waitOnReceiver(receiver.page, (api) => api.state().width === 600, undefined);
    await receiver.page.evaluate(() => {
      (window as unknown as { __pad: { axes: number[] } }).__pad.axes[0] = 1;
    });
    await waitOnSource(source.page, (api) => api.app.state().target.x > 360, undefined);
    const axes = await onSource(source.page, (api) =>
      api.inputs.flatMap((e) => (e.kind === 'gamepadaxis' ? [[e.axis, e.value]] : [])),
    );
    expect(axes).toContainEqual([0, 1]);

    await receiver.page.evaluate(() => {
      const pad = (
        window as unknown as { __pad: { axes: number[]; buttons: { pressed: boolean; value: number }[] } }
      ).__pad;
      pad.axes[0] = 0;
    });
    // Let the bodies come to rest, so the speed measured next comes from the kick alone.
    await waitOnSource(
      source.page,
      (api) => api.app.state().bodies.every((b) => Math.hypot(b.vx, b.vy) < 5),
      undefined,
      60_000,
    );
    await receiver.page.evaluate(() => {
      const pad = (window as unknown as { __pad: { buttons: { pressed: boolean; value: number }[] } }).__pad;
      pad.buttons[0] = { pressed: true, value: 1 };
    });
    await waitOnSource(
      source.page,
      (api) => api.inputs.some((e) => e.kind === 'gamepadbutton' && e.pressed),
      undefined,
    );
    const speed = await onSource(source.page, (api) =>
      Math.max(...api.app.state().bodies.map((b) => Math.hypot(b.vx, b.vy))),
    );
    expect(speed).toBeGreaterThan(100);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});
