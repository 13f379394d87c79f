// Watches the receiver's audio path from outside the engine: every AudioWorkletNode the page
// creates gets its port messages counted (samples handed to the worklet) and an AnalyserNode
// on its output (what the worklet actually plays).

/** What the probe saw. @internal */
export interface AudioProbe {
  /** Names of the worklet processors created. */
  nodes: string[];
  /** Float samples posted to the worklets. */
  samplesPosted: number;
  /** Largest absolute sample seen on a worklet's output so far. */
  outputPeak(): number;
}

/** Installs the probe; call before the engine creates its audio graph. @internal */
export function probeAudio(): AudioProbe {
  const analysers: AnalyserNode[] = [];
  const probe: AudioProbe = {
    nodes: [],
    samplesPosted: 0,
    outputPeak() {
      let peak = 0;
      for (const a of analysers) {
        const buf = new Float32Array(a.fftSize);
        a.getFloatTimeDomainData(buf);
        for (const v of buf) peak = Math.max(peak, Math.abs(v));
      }
      return peak;
    },
  };
  if (typeof AudioWorkletNode === 'undefined') return probe;
  const Base = AudioWorkletNode;
  class ProbedWorkletNode extends Base {
    constructor(context: BaseAudioContext, name: string, options?: AudioWorkletNodeOptions) {
      super(context, name, options);
      probe.nodes.push(name);
      const post = this.port.postMessage.bind(this.port) as (msg: unknown, transfer?: Transferable[]) => void;
      this.port.postMessage = ((msg: unknown, transfer?: Transferable[]) => {
        if (msg instanceof Float32Array) probe.samplesPosted += msg.length;
        post(msg, transfer);
      }) as MessagePort['postMessage'];
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      this.connect(analyser);
      analysers.push(analyser);
    }
  }
  Object.defineProperty(globalThis, 'AudioWorkletNode', {
    configurable: true,
    writable: true,
    value: ProbedWorkletNode,
  });
  return probe;
}
