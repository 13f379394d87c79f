import * as React from 'react';
import { CAPTION } from './SpringsReceiver';

/**
 * Lists the gamepads this page sees (browsers reveal a pad only after a button press on it).
 * @public
 */
export function GamepadStatus(): React.ReactNode {
  const [pads, setPads] = React.useState<string[]>([]);
  React.useEffect(() => {
    if (typeof navigator.getGamepads !== 'function') return;
    const poll = () =>
      setPads(
        Array.from(navigator.getGamepads())
          .filter((p): p is Gamepad => p !== null)
          .map((p) => p.id),
      );
    poll();
    const t = setInterval(poll, 500);
    return () => clearInterval(t);
  }, []);
  return (
    <p style={CAPTION} data-ds-gamepads={pads.length}>
      {pads.length === 0
        ? 'No gamepad yet: connect one and press a button. Left stick steers, button A kicks.'
        : `Gamepads: ${pads.join(', ')}. Left stick steers, button A kicks.`}
    </p>
  );
}
