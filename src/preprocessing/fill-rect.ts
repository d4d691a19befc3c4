/**
 * Sets an axis-aligned rectangle of an NHWC tensor (3 channels) to `value`; the rectangle is in tensor
 * pixels, may be fractional and may reach outside the tensor (it is clipped). Pixels whose centres lie
 * inside are filled.
 */
export function fillTensorRect(
  tensor: Float32Array,
  width: number,
  height: number,
  rect: { x0: number; y0: number; x1: number; y1: number },
  value = 0,
): void {
  const left = Math.max(0, Math.ceil(rect.x0 - 0.5));
  const right = Math.min(width, Math.ceil(rect.x1 - 0.5));
  const top = Math.max(0, Math.ceil(rect.y0 - 0.5));
  const bottom = Math.min(height, Math.ceil(rect.y1 - 0.5));
  if (left >= right) return;
  for (let y = top; y < bottom; y++) tensor.fill(value, (y * width + left) * 3, (y * width + right) * 3);
}
