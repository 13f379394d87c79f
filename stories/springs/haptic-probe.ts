// Lets a story show haptics on machines without a vibration motor (desktops, headless): while a
// listener is registered, `navigator.vibrate` is wrapped (or provided, where the browser has
// none) so every call the receiver engine makes is reported to the page.

/** Listener of vibration calls: the pattern in milliseconds (on, off, on, ...). @internal */
export type VibrateListener = (pattern: number[]) => void;

const listeners = new Set<VibrateListener>();
let original: Navigator['vibrate'] | null | undefined;

function install(): void {
  const nav = navigator as Navigator & { vibrate?: Navigator['vibrate'] };
  original = typeof nav.vibrate === 'function' ? nav.vibrate.bind(nav) : null;
  Object.defineProperty(nav, 'vibrate', {
    configurable: true,
    writable: true,
    value: (pattern: VibratePattern) => {
      const list = typeof pattern === 'number' ? [pattern] : Array.from(pattern);
      for (const listener of listeners) listener(list);
      return original ? original(pattern) : true;
    },
  });
}

function uninstall(): void {
  if (original === undefined) return;
  if (original)
    Object.defineProperty(navigator, 'vibrate', { configurable: true, writable: true, value: original });
  else Reflect.deleteProperty(navigator, 'vibrate');
  original = undefined;
}

/** Reports every `navigator.vibrate` call until the returned function is called. @internal */
export function onVibrate(listener: VibrateListener): () => void {
  if (typeof navigator === 'undefined') return () => {};
  if (listeners.size === 0) install();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) uninstall();
  };
}

/** Whether this device has a real vibration motor API (before any wrapping). @internal */
export function hasNativeVibrate(): boolean {
  if (typeof navigator === 'undefined') return false;
  if (original !== undefined) return original !== null;
  return typeof (navigator as Navigator & { vibrate?: unknown }).vibrate === 'function';
}
