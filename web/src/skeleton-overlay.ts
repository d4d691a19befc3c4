import { HAND_BONES } from '../../src/server/ws/hand-skeleton';
import type { FrameSummary } from '../../src/server/ws/protocol';

const HAND_COLOURS: Record<string, string> = { Left: '#22d3ee', Right: '#f472b6' };

/**
 * Draws the hands of a frame on `canvas`, whose pixels are the frame's: CSS scales it over the video. The
 * server's landmarks are in the frame as it was processed (mirrored for cameras), as the video is shown.
 */
export function drawSkeleton(canvas: HTMLCanvasElement, frame: FrameSummary | undefined): void {
  const context = canvas.getContext('2d')!;
  if (frame !== undefined && (canvas.width !== frame.width || canvas.height !== frame.height)) {
    canvas.width = frame.width;
    canvas.height = frame.height;
  }
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (frame === undefined) return;
  const lineWidth = Math.max(2, frame.width / 200);
  for (const hand of frame.hands) {
    const colour = HAND_COLOURS[hand.label] ?? '#a3e635';
    context.strokeStyle = colour;
    context.lineWidth = lineWidth;
    context.beginPath();
    for (const [from, to] of HAND_BONES) {
      const [x1, y1] = hand.landmarks[from]!;
      const [x2, y2] = hand.landmarks[to]!;
      context.moveTo(x1, y1);
      context.lineTo(x2, y2);
    }
    context.stroke();
    context.fillStyle = '#ffffff';
    for (const [x, y] of hand.landmarks) {
      context.beginPath();
      context.arc(x, y, lineWidth * 1.4, 0, Math.PI * 2);
      context.fill();
    }
  }
}
