import type { Meta, StoryObj } from '@storybook/react-vite';
import { SideBySide } from './springs/SideBySide';

const meta = {
  title: 'Demo/Receivers',
  component: SideBySide,
  args: { mode: 'delta', fps: 30, autopilot: true },
} satisfies Meta<typeof SideBySide>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Three receivers watch one source; the relay fans every frame out and merges their input. */
export const SeveralReceivers: Story = { args: { receivers: 3 } };

/**
 * The receiver joins four seconds after the source started. The relay hands it the last
 * keyframe (or the merged signal state) first, so it shows the current picture at once.
 */
export const LateJoiner: Story = { args: { receivers: 1, joinAfterMs: 4000 } };

/** A late joiner in signal mode: it gets the merged state, not a replay of every diff. */
export const LateJoinerSignal: Story = { args: { mode: 'signal', receivers: 1, joinAfterMs: 4000 } };
