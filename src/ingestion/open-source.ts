import { monotonicClock, type Clock } from '../core/clock.js';
import { parseSettings } from '../core/settings.js';
import { captureConfigSchema, type CaptureConfig, type CaptureOptions } from './capture-config.js';
import type { SourceKind } from './captured-frame.js';
import { FrameSource, type FrameProducer } from './frame-source.js';
import { ImageProducer } from './image-producer.js';
import { redactUrl } from '../core/redact-url.js';
import { PushedFrameProducer } from './pushed-frame-producer.js';
import { playsAsRecording } from './recording-url.js';
import { ThreadedLiveProducer } from './threaded-live-producer.js';
import type { SourceSpec } from './source-spec.js';
import { VideoFileProducer } from './video-file-producer.js';

/** Cameras are mirrored by default (natural to interact with); recordings and streams are shown as they are. */
export function defaultMirror(kind: SourceKind): boolean {
  return kind === 'webcam' || kind === 'pushed';
}

/** Fills the capture defaults and checks them. @throws HandflowError INVALID_OPTION naming the setting. */
export function resolveCaptureConfig(options: CaptureOptions = {}): CaptureConfig {
  return parseSettings(captureConfigSchema, options, { prefix: 'capture' });
}

/** A source for `spec`, ready to `start()`. Nothing is opened until then. */
export function openSource(spec: SourceSpec, options: CaptureOptions = {}, clock: Clock = monotonicClock): FrameSource {
  const config = resolveCaptureConfig(options);
  return new FrameSource(producerFor(spec, config), { bufferSize: config.bufferSize, realtime: config.realtime, clock });
}

/** A source fed by `push()` (a browser camera); `end()` ends it. */
export function openPushedSource(
  label: string,
  options: CaptureOptions = {},
  clock: Clock = monotonicClock,
): { source: FrameSource; producer: PushedFrameProducer } {
  const config = resolveCaptureConfig(options);
  const producer = new PushedFrameProducer(label, config.mirror ?? defaultMirror('pushed'));
  return { source: new FrameSource(producer, { bufferSize: config.bufferSize, realtime: false, clock }), producer };
}

function producerFor(spec: SourceSpec, config: CaptureConfig): FrameProducer {
  const mirror = config.mirror ?? defaultMirror(spec.kind);
  const live = { mirror, reconnect: config.reconnect, stallTimeoutMs: config.stallTimeoutMs, fps: config.fps, recording: false };
  switch (spec.kind) {
    case 'video-file':
      return new VideoFileProducer(spec.path, mirror, spec.startFrame);
    case 'images':
      return new ImageProducer(spec.path, mirror, config.fps, spec.within);
    case 'network': {
      const hostPatterns = spec.hosts?.patterns ?? [];
      const caFile = config.streamCaFile;
      const input = { kind: 'network' as const, url: spec.url, hostPatterns, ...(caFile === undefined ? {} : { caFile }) };
      return new ThreadedLiveProducer('network', redactUrl(spec.url), input, { ...live, recording: playsAsRecording(spec) }, config.bufferSize);
    }
    case 'webcam': {
      const device = spec.device ?? config.device;
      const mode = { width: config.width, height: config.height, fps: config.fps };
      return new ThreadedLiveProducer('webcam', `webcam:${device}`, { kind: 'webcam', device, mode }, live, config.bufferSize);
    }
  }
}
