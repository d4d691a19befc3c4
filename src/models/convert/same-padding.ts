/**
 * TFLite's SAME padding for one spatial axis, as explicit [before, after] amounts: the total needed to
 * produce `outSize` outputs, with the odd pixel after (as TensorFlow does).
 */
export function samePadding(inSize: number, outSize: number, kernel: number, stride: number, dilation: number): [number, number] {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  const total = Math.max((outSize - 1) * stride + effectiveKernel - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
