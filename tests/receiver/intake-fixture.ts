// A FrameIntake over the built-in renderers (or given ones), with what it reports collected for
// assertions: keyframe requests, ACKed seqs and errors. Shared by the intake and decode-queue tests.
import { type AckInput, FrameType } from '../../src/protocol/index';
import { FrameIntake } from '../../src/receiver/frame-intake';
import { RendererRegistry } from '../../src/receiver/registry';
import {
  createCompressedRenderer,
  createRasterRenderer,
  createSignalRenderer,
} from '../../src/receiver/renderers';
import { createReceiverStore } from '../../src/receiver/store';
import { StatsMeter } from '../../src/transport/stats';

type Renderers = ConstructorParameters<typeof RendererRegistry>[0];
type RegistryOptions = ConstructorParameters<typeof RendererRegistry>[2];

export interface IntakeFixture {
  intake: FrameIntake;
  registry: RendererRegistry;
  store: ReturnType<typeof createReceiverStore>;
  meter: StatsMeter;
  /** Reasons of every keyframe request (renderers' and the intake's). */
  asked: string[];
  /** `ackSeq` of every ACK the intake sent. */
  acks: number[];
  errors: unknown[];
}

// The built-in renderers loaded up front (BUILTIN_RENDERERS loads each on the first frame of its
// kind), so the decode-queue tests see every frame decoded the moment they send it.
const EAGER_RENDERERS: Renderers = {
  [FrameType.Pixels]: createRasterRenderer,
  [FrameType.DeltaPixels]: createRasterRenderer,
  [FrameType.NeuralFrame]: createRasterRenderer,
  [FrameType.CompressedPixels]: createCompressedRenderer,
  [FrameType.SignalSync]: createSignalRenderer,
  [FrameType.SignalDiff]: createSignalRenderer,
};

export function intakeFixture(
  renderers: Renderers = EAGER_RENDERERS,
  registryOptions?: RegistryOptions,
): IntakeFixture {
  const asked: string[] = [];
  const acks: number[] = [];
  const errors: unknown[] = [];
  const store = createReceiverStore();
  const registry = new RendererRegistry(
    renderers,
    {
      requestKeyframe: (reason) => asked.push(reason),
      invalidate: () => {},
      setSignal: () => {},
      renderSignal: undefined,
    },
    registryOptions,
  );
  const meter = new StatsMeter(0);
  const intake = new FrameIntake({
    registry,
    meter,
    store,
    requestKeyframe: (reason) => asked.push(reason),
    fail: (e) => errors.push(e),
    disposed: () => false,
    ack: (ev: AckInput) => acks.push(ev.ackSeq),
    ready: () => {},
  });
  return { intake, registry, store, meter, asked, acks, errors };
}
