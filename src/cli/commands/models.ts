import { MEDIAPIPE_MODEL_NAMES } from '../../models/mediapipe-assets.js';
import { ensureOnnxModel, modelCacheDirectory } from '../../models/model-store.js';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

export const modelsCommand: Command = {
  summary: 'convert the MediaPipe models to ONNX now (otherwise done on first use)',
  usage: [
    'Usage: handflow models prepare',
    '',
    'Converts the palm detector and hand landmark models shipped by @mediapipe/hands to ONNX, into',
    'HANDFLOW_MODEL_DIR (default: .cache/models in the handflow folder). npm install runs this.',
  ].join('\n'),
  async run(args) {
    if (args[0] !== 'prepare' || args.length > 1) throw new UsageError('expected "handflow models prepare"');
    for (const name of MEDIAPIPE_MODEL_NAMES) await ensureOnnxModel(name);
    console.error(`handflow: models ready in ${modelCacheDirectory()}`);
    return 0;
  },
};
