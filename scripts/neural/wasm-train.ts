// Training setup: tfjs (for its gradients) on the wasm backend, plus the Conv2DBackpropFilter
// kernel wasm lacks (tensorflow/tfjs#8474), built from the backend's own Reshape and
// Conv3DBackpropFilterV2 kernels. Right for stride 1 only (wasm's 3-D filter gradient is wrong
// for stride 2), which is why every model here uses stride-1 convolutions.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;
interface Backend {
  disposeData(id: object): void;
}

function registerConvFilterGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3 = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  const reshape = tf.getKernel('Reshape', 'wasm');
  if (!conv3 || !reshape) throw new Error('wasm backend lacks Conv3DBackpropFilterV2 or Reshape');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: Info; dy: Info };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: string;
        filterShape: number[];
      };
      const strides = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      if (strides[0] !== 1 || strides[1] !== 1)
        throw new Error('Conv2DBackpropFilter on wasm: stride 1 only');
      const r = (t: Info, shape: number[]) =>
        reshape.kernelFunc({ inputs: { x: t }, backend, attrs: { shape } }) as Info;
      const x5 = r(x, [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!, x.shape[3]!]);
      const dy5 = r(dy, [dy.shape[0]!, 1, dy.shape[1]!, dy.shape[2]!, dy.shape[3]!]);
      const out = conv3.kernelFunc({
        inputs: { x: x5, dy: dy5 },
        backend,
        attrs: { strides: [1, 1, 1], pad: a.pad, filterShape: [1, ...a.filterShape] },
      }) as Info;
      const res = r(out, a.filterShape);
      const b = backend as unknown as Backend;
      for (const t of [x5, dy5, out]) b.disposeData(t.dataId);
      return res;
    },
  });
}

/** Starts tfjs on wasm with the stride-1 filter gradient; returns tf. */
export async function trainingTf(): Promise<typeof tf> {
  await tf.setBackend('wasm');
  await tf.ready();
  registerConvFilterGrad();
  return tf;
}
