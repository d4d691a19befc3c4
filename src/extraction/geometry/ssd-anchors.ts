import type { Anchor } from './types.js';

/** The options of MediaPipe's SsdAnchorsCalculator that a fixed-grid (non-multiscale) SSD model needs. */
export interface SsdAnchorOptions {
  inputWidth: number;
  inputHeight: number;
  minScale: number;
  maxScale: number;
  anchorOffsetX: number;
  anchorOffsetY: number;
  numLayers: number;
  strides: readonly number[];
  aspectRatios: readonly number[];
  interpolatedScaleAspectRatio: number;
  reduceBoxesInLowestLayer: boolean;
  fixedAnchorSize: boolean;
}

/** MediaPipe's palm detector (palm_detection_cpu.pbtxt): 24x24 cells x 2 + 12x12 cells x 6 = 2016 anchors. */
export const PALM_DETECTION_ANCHOR_OPTIONS: Readonly<SsdAnchorOptions> = Object.freeze({
  inputWidth: 192,
  inputHeight: 192,
  minScale: 0.1484375,
  maxScale: 0.75,
  anchorOffsetX: 0.5,
  anchorOffsetY: 0.5,
  numLayers: 4,
  strides: Object.freeze([8, 16, 16, 16]),
  aspectRatios: Object.freeze([1.0]),
  interpolatedScaleAspectRatio: 1.0,
  reduceBoxesInLowestLayer: false,
  fixedAnchorSize: true,
});

interface AnchorShape {
  width: number;
  height: number;
}

/** SsdAnchorsCalculator's CalculateScale: scales spread linearly from minScale to maxScale over the layers. */
function layerScale(options: SsdAnchorOptions, layer: number): number {
  const count = options.strides.length;
  if (count === 1) return (options.minScale + options.maxScale) / 2;
  return options.minScale + ((options.maxScale - options.minScale) * layer) / (count - 1);
}

/** The anchor shapes one layer contributes to each cell of its feature map, in MediaPipe's order. */
function layerAnchorShapes(options: SsdAnchorOptions, layer: number): AnchorShape[] {
  const shapes: AnchorShape[] = [];
  const add = (scale: number, aspectRatio: number): void => {
    const ratioSqrt = Math.sqrt(aspectRatio);
    shapes.push({ width: scale * ratioSqrt, height: scale / ratioSqrt });
  };
  const scale = layerScale(options, layer);
  if (layer === 0 && options.reduceBoxesInLowestLayer) {
    add(0.1, 1.0);
    add(scale, 2.0);
    add(scale, 0.5);
    return shapes;
  }
  for (const aspectRatio of options.aspectRatios) add(scale, aspectRatio);
  if (options.interpolatedScaleAspectRatio > 0) {
    const nextScale = layer === options.strides.length - 1 ? 1 : layerScale(options, layer + 1);
    add(Math.sqrt(scale * nextScale), options.interpolatedScaleAspectRatio);
  }
  return shapes;
}

/**
 * Ports SsdAnchorsCalculator::GenerateAnchors (without multiscale generation or explicit feature-map sizes):
 * the anchor list the detector's raw outputs are indexed by. Consecutive layers with the same stride share
 * one feature map, so their anchor shapes are merged per cell; cells run row by row (y outer, x inner).
 * With fixedAnchorSize every anchor is 1x1, so decoded box sizes are just the raw values over the scale.
 */
export function generateSsdAnchors(options: SsdAnchorOptions): Anchor[] {
  const { strides, numLayers } = options;
  if (strides.length !== numLayers) {
    throw new RangeError(`SSD anchors need one stride per layer: ${strides.length} strides for ${numLayers} layers`);
  }
  const anchors: Anchor[] = [];
  let layer = 0;
  while (layer < numLayers) {
    const stride = strides[layer];
    const shapes: AnchorShape[] = [];
    let next = layer;
    for (; next < numLayers && strides[next] === stride; next++) shapes.push(...layerAnchorShapes(options, next));

    const rows = Math.ceil(options.inputHeight / stride);
    const cols = Math.ceil(options.inputWidth / stride);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        for (const shape of shapes) {
          anchors.push({
            xCenter: (x + options.anchorOffsetX) / cols,
            yCenter: (y + options.anchorOffsetY) / rows,
            width: options.fixedAnchorSize ? 1 : shape.width,
            height: options.fixedAnchorSize ? 1 : shape.height,
          });
        }
      }
    }
    layer = next;
  }
  return anchors;
}
