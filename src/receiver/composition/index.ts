export {
  type CompositeReceiver,
  type CompositeReceiverOptions,
  createCompositeReceiver,
} from './composite-receiver';
export {
  type CompositeLayerState,
  type CompositeState,
  type Compositor,
  type CompositorOptions,
  createCompositor,
  type LayerCanvas,
} from './compositor';
export { baseLayer, drawOrder, layerAt, type PictureSize, regionContains, toLayerPoint } from './layers';
export { type Composite2DLike, type PaintLayer, paintComposite } from './paint';
export type { InputRouting } from './router';
