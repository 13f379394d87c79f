import { describe, expect, test } from 'vitest';
import { InputRouter, type RoutableLayer } from '../../src/receiver/composition/router';

const layer = (name: string, over: Partial<RoutableLayer> = {}): RoutableLayer => ({
  name,
  z: 0,
  x: 0,
  y: 0,
  width: 600,
  height: 400,
  opacity: 255,
  input: true,
  online: true,
  picture: { width: 600, height: 400 },
  ...over,
});

const bg = layer('bg');
const pip = layer('pip', {
  z: 10,
  x: 400,
  y: 250,
  width: 160,
  height: 120,
  picture: { width: 320, height: 240 },
});
const score = layer('score', {
  z: 20,
  x: 0,
  y: 0,
  width: 200,
  height: 40,
  picture: { width: 200, height: 40 },
});
const all = [bg, pip, score];
const SIZE = { width: 600, height: 400 };

describe('InputRouter topmost', () => {
  test('a press goes to the layer under it in that layer coordinates and focuses it', () => {
    const r = new InputRouter();
    expect(r.route({ kind: 'pointerdown', x: 410, y: 260, buttons: 1 }, all, SIZE)).toEqual([
      { name: 'pip', event: { kind: 'pointerdown', x: 21, y: 21, buttons: 1 } },
    ]);
    expect(r.focused).toBe('pip');
    expect(r.route({ kind: 'keydown', keyCode: 65, modifiers: 0 }, all, SIZE)).toEqual([
      { name: 'pip', event: { kind: 'keydown', keyCode: 65, modifiers: 0 } },
    ]);
  });

  test('a drag stays with the layer it began on until the release', () => {
    const r = new InputRouter();
    r.route({ kind: 'pointerdown', x: 10, y: 10, buttons: 1 }, all, SIZE);
    expect(r.route({ kind: 'pointer', x: 450, y: 300, buttons: 1 }, all, SIZE)).toEqual([
      { name: 'score', event: { kind: 'pointer', x: 199, y: 39, buttons: 1 } },
    ]);
    expect(r.route({ kind: 'pointerup', x: 450, y: 300, buttons: 0 }, all, SIZE)[0]?.name).toBe('score');
    expect(r.route({ kind: 'pointer', x: 450, y: 300, buttons: 0 }, all, SIZE)[0]?.name).toBe('pip');
  });

  test('pass-through and offline layers are skipped; empty space sends nothing', () => {
    const r = new InputRouter();
    const hud = { ...score, input: false };
    expect(r.route({ kind: 'pointerdown', x: 10, y: 10, buttons: 1 }, [bg, hud], SIZE)[0]?.name).toBe('bg');
    expect(
      r.route({ kind: 'pointer', x: 450, y: 300, buttons: 0 }, [bg, { ...pip, online: false }], SIZE)[0]
        ?.name,
    ).toBe('bg');
    expect(r.route({ kind: 'pointer', x: 10, y: 10, buttons: 0 }, [pip], SIZE)).toEqual([]);
  });

  test('each touch point stays with the layer it started on', () => {
    const r = new InputRouter();
    expect(r.route({ kind: 'touch', id: 1, x: 410, y: 260 }, all, SIZE)[0]?.name).toBe('pip');
    expect(r.route({ kind: 'touch', id: 2, x: 100, y: 200 }, all, SIZE)[0]?.name).toBe('bg');
    expect(r.route({ kind: 'touch', id: 1, x: 100, y: 200 }, all, SIZE)).toEqual([
      { name: 'pip', event: { kind: 'touch', id: 1, x: 0, y: 0 } },
    ]);
    expect(r.route({ kind: 'touchend', id: 1, x: 100, y: 200 }, all, SIZE)[0]?.name).toBe('pip');
    expect(r.route({ kind: 'touch', id: 1, x: 100, y: 200 }, all, SIZE)[0]?.name).toBe('bg');
    expect(r.focused).toBe('bg');
  });

  test('keys before any click go to the topmost input layer; a gone focus falls back too', () => {
    const r = new InputRouter();
    const key = { kind: 'keyup', keyCode: 32, modifiers: 0 } as const;
    expect(r.route(key, all, SIZE)[0]?.name).toBe('score');
    r.route({ kind: 'pointerdown', x: 410, y: 260, buttons: 1 }, all, SIZE);
    expect(r.route(key, [bg, score], SIZE)[0]?.name).toBe('score');
  });

  test('resize gives every layer its share of the viewport; acks are never routed', () => {
    const r = new InputRouter();
    expect(r.route({ kind: 'resize', width: 1200, height: 800 }, [bg, pip], SIZE)).toEqual([
      { name: 'bg', event: { kind: 'resize', width: 1200, height: 800 } },
      { name: 'pip', event: { kind: 'resize', width: 320, height: 240 } },
    ]);
    expect(r.route({ kind: 'keyframe-request' }, all, SIZE)).toEqual([]);
  });
});

describe('InputRouter broadcast', () => {
  test('every online input layer gets every event in its own coordinates', () => {
    const r = new InputRouter('broadcast');
    const out = r.route(
      { kind: 'pointerdown', x: 410, y: 260, buttons: 1 },
      [...all, layer('off', { online: false })],
      SIZE,
    );
    expect(out).toEqual([
      { name: 'bg', event: { kind: 'pointerdown', x: 410, y: 260, buttons: 1 } },
      { name: 'pip', event: { kind: 'pointerdown', x: 21, y: 21, buttons: 1 } },
      { name: 'score', event: { kind: 'pointerdown', x: 199, y: 39, buttons: 1 } },
    ]);
    expect(r.route({ kind: 'keydown', keyCode: 65, modifiers: 0 }, all, SIZE).map((x) => x.name)).toEqual([
      'bg',
      'pip',
      'score',
    ]);
  });
});
