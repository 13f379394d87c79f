import type { Meta, StoryObj } from '@storybook/react-vite';
import { GamepadStatus } from './springs/GamepadStatus';
import { SideBySide } from './springs/SideBySide';
import { CAPTION } from './springs/SpringsReceiver';

const meta = {
  title: 'Demo/Input and haptics',
  component: SideBySide,
  args: { mode: 'delta', fps: 30, receivers: 1 },
} satisfies Meta<typeof SideBySide>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The autopilot is off: the springs move only when input from the receiver reaches the source.
 * Move the pointer over the receiver, click to kick, or focus it and press the arrow keys or Space.
 * The green line on the source shows the last input that crossed the relay.
 */
export const PointerAndKeys: Story = {
  args: {
    autopilot: false,
    children: (
      <p style={CAPTION}>Pointer moves the target, a click kicks, arrow keys nudge it, Space kicks.</p>
    ),
  },
};

/**
 * Each wall impact makes the source send a Haptic frame; the receiver calls `navigator.vibrate`.
 * Where there is no motor (desktops), the yellow badge on the receiver flashes instead. Click the
 * page once to hear the impact sound, streamed as audio frames.
 */
export const Haptics: Story = {
  args: {
    autopilot: true,
    children: (
      <p style={CAPTION}>
        Every fourth hop kicks the bodies into the walls: watch the badge, hear the thunk.
      </p>
    ),
  },
};

/** Gamepad input from the receiver's page: the left stick steers the target, button A kicks. */
export const Gamepad: Story = { args: { autopilot: false, children: <GamepadStatus /> } };

/**
 * Touch input: on a touch screen (or with the browser's device emulation), drag on the receiver
 * to move the target; each finger is a touch point sent as Touch input.
 */
export const Touch: Story = {
  args: {
    autopilot: false,
    children: <p style={CAPTION}>Drag a finger on the receiver; lift it to send TouchEnd.</p>,
  },
};
