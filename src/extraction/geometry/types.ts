/** A 2-D point; each function says whether it is in pixels or normalised. */
export interface Point {
  x: number;
  y: number;
}

/** An SSD anchor, normalised to the detector's input tensor. */
export interface Anchor {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
}

/** A palm detection in normalised [0,1] image coordinates of the tensor (or image) it came from. */
export interface Detection {
  score: number;
  box: { xMin: number; yMin: number; width: number; height: number };
  keypoints: Point[];
}

/**
 * A rotated rectangle in PIXELS of the source image: centre, size, and rotation in radians, clockwise on
 * screen (y points down), as MediaPipe's NormalizedRect.rotation. Pixel coordinates here are continuous:
 * 0 is the left/top EDGE of the image and pixel k covers [k, k+1), i.e. MediaPipe's normalised value × size.
 */
export interface RotatedRect {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
  rotation: number;
}
