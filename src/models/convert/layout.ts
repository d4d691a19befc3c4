/**
 * TFLite keeps 4-D activations as NHWC; ONNX Runtime's CPU convolutions want NCHW. The converter stores
 * every 4-D runtime tensor as NCHW and these helpers translate shapes, axes and constants between the two.
 */
export const NHWC_TO_NCHW = [0, 3, 1, 2] as const;
export const NCHW_TO_NHWC = [0, 2, 3, 1] as const;

/** Where an NHWC axis sits in NCHW order. */
export function nchwAxis(nhwcAxis: number): number {
  return [0, 2, 3, 1][nhwcAxis]!;
}

export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

export function toNchwShape(shape: readonly number[]): number[] {
  return NHWC_TO_NCHW.map((axis) => shape[axis]!);
}

/** Permutes a dense row-major array: output axis k takes input axis `perm[k]`. */
export function transposeArray<T extends Float32Array>(values: T, shape: readonly number[], perm: readonly number[]): T {
  const rank = shape.length;
  const outShape = perm.map((axis) => shape[axis]!);
  const inStrides = stridesOf(shape);
  const out = new (values.constructor as new (length: number) => T)(values.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < values.length; o++) {
    let source = 0;
    for (let k = 0; k < rank; k++) source += index[k]! * inStrides[perm[k]!]!;
    out[o] = values[source]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < outShape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = stride;
    stride *= shape[k]!;
  }
  return strides;
}
