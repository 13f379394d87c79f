import type { Meta, StoryObj } from '@storybook/react-vite';
import { BciDemo } from './devices/BciDemo';
import { MidiDemo } from './devices/MidiDemo';

const meta = { title: 'Demo/Devices' } satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Midi (0x40) from the receiver: press the on-screen keys (they send note on/off), or opt in to
 * Web MIDI with "use MIDI devices". The source lights the keys it hears.
 */
export const Midi: Story = { render: () => <MidiDemo /> };

/**
 * BciInput (0x90) from a simulated EEG device on the receiver: 4 channels at 250 Hz with an alpha
 * rhythm (10 Hz) that waxes and wanes; the source shows the alpha amplitude it measures per channel.
 */
export const Bci: Story = { render: () => <BciDemo /> };
