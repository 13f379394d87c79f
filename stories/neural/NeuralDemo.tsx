// The Demo/Neural panels: the springs source in `mode="neural"` with one of the two trained
// models plugged in as its neural encoder, and a receiver beside it. The models (tfjs on wasm
// and their weights) load when the story mounts, never with the rest of Storybook.
import { StatsOverlay } from '@ds-stream/react';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';
import { CAPTION, SpringsReceiver } from '../springs/SpringsReceiver';
import { SpringsSource, type SpringsSourceProps } from '../springs/SpringsSource';
import { LatentReceiver } from './LatentReceiver';
import { loadNeuralEntry } from './neural-wasm';

/** Props of the neural demo. @internal */
export interface NeuralDemoProps {
  /** `generator`: Model A (state -> NeuralFrame); `latent`: Model B (picture -> NeuralLatent). */
  model: 'generator' | 'latent';
  /** Capture rate; the models run on the page's main thread, so keep it low. @defaultValue 5 */
  fps?: number;
  /** Rendered under the panels. */
  children?: React.ReactNode;
}

type Encoders = NonNullable<SpringsSourceProps['encoders']>;

const ROW: React.CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' };

/** Loads the model's encoder factory once per mount; an error is shown, not swallowed. */
function useNeuralEncoders(model: NeuralDemoProps['model']): Encoders | Error | null {
  const [encoders, setEncoders] = React.useState<Encoders | Error | null>(null);
  React.useEffect(() => {
    let live = true;
    loadNeuralEntry()
      .then((n) => (model === 'generator' ? n.neuralFrameEncoder() : n.neuralLatentEncoder()))
      .then((neural) => live && setEncoders({ neural }))
      .catch((e: unknown) => live && setEncoders(e instanceof Error ? e : new Error(String(e))));
    return () => {
      live = false;
    };
  }, [model]);
  return encoders;
}

/**
 * The springs source streaming through a trained model, and its receiver. The source canvas
 * shows the true render (the app's own renderer); the receiver shows what crossed the wire.
 * @internal
 */
export function NeuralDemo({ model, fps = 5, children }: NeuralDemoProps): React.ReactNode {
  const [channel] = React.useState(() => storyChannel(`springs-neural-${model}`));
  const encoders = useNeuralEncoders(model);
  if (encoders === null) return <p style={CAPTION}>loading the {model} model (tfjs on wasm)…</p>;
  if (encoders instanceof Error) {
    return (
      <p style={{ ...CAPTION, color: '#f87171' }} data-ds-neural-error="">
        the {model} model did not load: {encoders.message}
      </p>
    );
  }
  const what =
    model === 'generator'
      ? 'the generator renders each frame from the signal state (NeuralFrame 0x40)'
      : 'each frame is encoded to a 900-value int8 latent (NeuralLatent 0x43)';
  return (
    <div>
      <div style={ROW} data-ds-demo={`neural-${model}`}>
        <figure style={{ margin: 0 }}>
          <SpringsSource url={RELAY_URL} channel={channel} mode="neural" fps={fps} encoders={encoders}>
            <StatsOverlay />
          </SpringsSource>
          <figcaption style={CAPTION}>
            source: the true render; {what}, {fps} fps
          </figcaption>
        </figure>
        {model === 'generator' ? (
          <SpringsReceiver
            url={RELAY_URL}
            channel={channel}
            label="receiver: the generator's picture (NeuralFrame)"
          />
        ) : (
          <LatentReceiver
            url={RELAY_URL}
            channel={channel}
            label="receiver: the latent decoded by the shipped decoder (loaded on the first latent)"
          />
        )}
      </div>
      {children}
    </div>
  );
}
