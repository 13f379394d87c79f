// How <ds-stream-receiver> reads its `inputs`, `audio` and `haptics` attributes.
import { describe, expect, it } from 'vitest';
import { ElementAttributeError, parseInputs, parseSwitch } from '../../src/element/attributes';

describe('parseInputs', () => {
  it('reads absent and "all" as every input, "none" and empty as no input', () => {
    expect(parseInputs(null)).toBeUndefined();
    expect(parseInputs(' ALL ')).toBeUndefined();
    expect(parseInputs('none')).toBe(false);
    expect(parseInputs('')).toBe(false);
  });

  it('turns on exactly the listed kinds, separated by spaces or commas', () => {
    expect(parseInputs('pointer, keyboard')).toEqual({
      pointer: true,
      keyboard: true,
      touch: false,
      gamepad: false,
      scroll: false,
      resize: false,
    });
  });

  it('refuses an unknown kind with BAD_ATTRIBUTE naming the attribute', () => {
    const e = (() => {
      try {
        parseInputs('pointer mouse');
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ElementAttributeError);
    expect((e as ElementAttributeError).code).toBe('BAD_ATTRIBUTE');
    expect((e as ElementAttributeError).attribute).toBe('inputs');
    expect((e as Error).message).toContain('inputs="pointer mouse"');
  });
});

describe('parseSwitch', () => {
  it('is on when absent, empty, on, true or 1, and off for off, false or 0', () => {
    for (const v of [null, '', 'on', 'TRUE', '1']) expect(parseSwitch('audio', v)).toBe(true);
    for (const v of ['off', 'False', '0']) expect(parseSwitch('audio', v)).toBe(false);
  });

  it('refuses anything else', () => {
    expect(() => parseSwitch('haptics', 'loud')).toThrow(ElementAttributeError);
  });
});
