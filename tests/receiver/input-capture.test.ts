// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type InputEvent, Modifier } from '../../src/protocol/index';
import { InputCapture, modifiersOf, scaleToSource } from '../../src/receiver/input-capture';

describe('scaleToSource', () => {
  test.each([
    // client x,y, box, frame → source x,y
    [150, 100, { left: 0, top: 0, width: 300, height: 200 }, 600, 400, 300, 200],
    [10, 20, { left: 10, top: 20, width: 300, height: 200 }, 600, 400, 0, 0],
    [310, 220, { left: 10, top: 20, width: 300, height: 200 }, 600, 400, 599, 399],
    [-50, 5000, { left: 0, top: 0, width: 300, height: 200 }, 600, 400, 0, 399],
    [60, 30, { left: 0, top: 0, width: 120, height: 60 }, 60, 30, 30, 15],
    [50, 50, { left: 0, top: 0, width: 100, height: 100 }, 0, 0, 50, 50],
  ])('(%i,%i) in %o over %ix%i → (%i,%i)', (cx, cy, box, fw, fh, x, y) => {
    expect(scaleToSource(cx, cy, box, fw, fh)).toEqual({ x, y });
  });
});

test('modifiersOf packs shift/ctrl/alt/meta bits', () => {
  expect(modifiersOf({ shiftKey: true, ctrlKey: false, altKey: true, metaKey: false })).toBe(
    Modifier.Shift | Modifier.Alt,
  );
});

describe('InputCapture on a DOM element', () => {
  let el: HTMLDivElement;
  let sent: InputEvent[];
  let capture: InputCapture;
  let gestures: number;

  const make = (opts: Partial<Record<string, boolean>> = {}) => {
    capture = new InputCapture(
      el,
      {
        box: () => ({ left: 100, top: 50, width: 300, height: 200 }),
        frameSize: () => ({ width: 600, height: 400 }),
        send: (e) => sent.push(e),
        gesture: () => gestures++,
      },
      { pointer: true, keyboard: true, touch: true, gamepad: false, scroll: true, resize: true, ...opts },
    );
  };

  beforeEach(() => {
    el = document.createElement('div');
    el.getBoundingClientRect = () => ({ left: 100, top: 50, width: 300, height: 200 }) as DOMRect;
    document.body.append(el);
    sent = [];
    gestures = 0;
  });
  afterEach(() => {
    capture.dispose();
    el.remove();
  });

  const pointer = (type: string, x: number, y: number, buttons = 0) =>
    el.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, buttons, bubbles: true }));

  test('pointer moves are coalesced per frame, scaled to source pixels', () => {
    make();
    capture.flush();
    sent = []; // drop the initial resize
    for (let i = 0; i < 10; i++) pointer('pointermove', 100 + i * 10, 50 + i * 5);
    expect(sent).toEqual([]);
    capture.flush();
    expect(sent).toEqual([{ kind: 'pointer', x: 180, y: 90, buttons: 0 }]);
    capture.flush();
    expect(sent.length).toBe(1);
  });

  test('a button press flushes the pending move first and is sent at once', () => {
    make({ resize: false });
    pointer('pointermove', 130, 60);
    pointer('pointerdown', 250, 150, 1);
    expect(sent).toEqual([
      { kind: 'pointer', x: 60, y: 20, buttons: 0 },
      { kind: 'pointerdown', x: 300, y: 200, buttons: 1 },
    ]);
    pointer('pointerup', 250, 150, 0);
    expect(sent.at(-1)).toEqual({ kind: 'pointerup', x: 300, y: 200, buttons: 0 });
    expect(gestures).toBe(1);
  });

  test('keys with modifiers; arrow keys do not scroll the page', () => {
    make({ resize: false });
    expect(el.tabIndex).toBe(0);
    const ev = new KeyboardEvent('keydown', {
      keyCode: 37,
      shiftKey: true,
      cancelable: true,
    } as KeyboardEventInit);
    el.dispatchEvent(ev);
    el.dispatchEvent(new KeyboardEvent('keyup', { keyCode: 65, ctrlKey: true } as KeyboardEventInit));
    expect(ev.defaultPrevented).toBe(true);
    expect(sent).toEqual([
      { kind: 'keydown', keyCode: 37, modifiers: Modifier.Shift },
      { kind: 'keyup', keyCode: 65, modifiers: Modifier.Ctrl },
    ]);
  });

  test('wheel deltas add up within a frame (lines become pixels)', () => {
    make({ resize: false });
    el.dispatchEvent(new WheelEvent('wheel', { deltaX: 3, deltaY: 10, cancelable: true }));
    el.dispatchEvent(new WheelEvent('wheel', { deltaY: 2, deltaMode: 1, cancelable: true }));
    capture.flush();
    expect(sent).toEqual([{ kind: 'scroll', dx: 3, dy: 42 }]);
  });

  test('multi-touch keeps ids; moves are coalesced per id; end is sent at once', () => {
    make({ resize: false });
    const touch = (type: string, points: [number, number, number][]) => {
      const e = new Event(type, { cancelable: true });
      Object.defineProperty(e, 'changedTouches', {
        value: points.map(([identifier, clientX, clientY]) => ({ identifier, clientX, clientY })),
      });
      el.dispatchEvent(e);
    };
    touch('touchstart', [
      [0, 100, 50],
      [1, 400, 250],
    ]);
    expect(sent).toEqual([
      { kind: 'touch', id: 0, x: 0, y: 0 },
      { kind: 'touch', id: 1, x: 599, y: 399 },
    ]);
    sent = [];
    touch('touchmove', [[0, 110, 60]]);
    touch('touchmove', [
      [0, 130, 70],
      [1, 250, 150],
    ]);
    capture.flush();
    expect(sent).toEqual([
      { kind: 'touch', id: 0, x: 60, y: 40 },
      { kind: 'touch', id: 1, x: 300, y: 200 },
    ]);
    sent = [];
    touch('touchend', [[1, 250, 150]]);
    expect(sent).toEqual([{ kind: 'touchend', id: 1, x: 300, y: 200 }]);
  });

  test('resize is reported once per change, from the element box', () => {
    make();
    capture.flush();
    capture.flush();
    expect(sent).toEqual([{ kind: 'resize', width: 300, height: 200 }]);
  });

  test('gamepads: axes when they change, buttons on press/release', () => {
    const pad = {
      connected: true,
      axes: [0, 0],
      buttons: [
        { pressed: false, value: 0 },
        { pressed: false, value: 0 },
      ],
    };
    Object.defineProperty(navigator, 'getGamepads', { value: () => [null, pad], configurable: true });
    try {
      make({ resize: false, gamepad: true });
      capture.flush();
      expect(sent).toEqual([
        { kind: 'gamepadaxis', axis: 0, value: 0 },
        { kind: 'gamepadaxis', axis: 1, value: 0 },
      ]);
      sent = [];
      capture.flush();
      expect(sent).toEqual([]);
      pad.axes = [0.5, 0.001];
      pad.buttons[1] = { pressed: true, value: 1 };
      capture.flush();
      expect(sent).toEqual([
        { kind: 'gamepadaxis', axis: 0, value: 0.5 },
        { kind: 'gamepadbutton', button: 1, pressed: true, value: 1 },
      ]);
    } finally {
      delete (navigator as { getGamepads?: unknown }).getGamepads;
    }
  });

  test('dispose removes every listener', () => {
    make({ resize: false });
    capture.dispose();
    pointer('pointerdown', 150, 100, 1);
    el.dispatchEvent(new KeyboardEvent('keydown', { keyCode: 65 } as KeyboardEventInit));
    capture.flush();
    expect(sent).toEqual([]);
  });
});
