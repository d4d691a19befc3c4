import { availableParallelism } from 'node:os';

import { expandInputs } from '../../ingestion/input-files.js';
import { analyzeOnWorkers } from '../analyze-pool.js';
import type { Command } from '../command.js';
import { Progress, stopWhenReaderGoes, writeLine } from '../output-lines.js';
import { progressBar } from '../progress-bar.js';
import { FlagSettings, numberOrText } from '../flag-settings.js';
import { loadCliConfig } from '../load-cli-config.js';
import { integerOption, parseOptions } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: handflow analyze <file|folder>... [options]

Finds hands and their 21 landmarks in images and videos. Folders are walked recursively in sorted order
(jpg, jpeg, png, bmp, webp images; mp4, mov, mkv, webm, avi, gif and other videos). Videos use tracking.

Options:
  --json             print one JSON object per image or video frame on stdout
  --max-hands N      the most hands per frame (default 2)
  --model lite|full  model size (default full)
  --precision P      float32 or int8: the landmark model's arithmetic (default float32; int8: full model only)
  --config FILE      settings file (default: handflow.config.json in this folder, if present): its extraction
                     settings apply, as in run, under these flags
  --mirrored         the inputs are mirrored selfie views (affects Left/Right)
  --workers N        analyse N inputs at once, each on its own thread and engine (default: one per core);
                     the output keeps the inputs' order

Progress and errors go to stderr. Exit code 0 when every input was analysed, 1 when any failed.`;

export const analyzeCommand: Command = {
  summary: 'find hands and landmarks in images, folders and videos',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseOptions({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'max-hands': { type: 'string' },
        model: { type: 'string' },
        precision: { type: 'string' },
        config: { type: 'string' },
        mirrored: { type: 'boolean', default: false },
        workers: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one image, video or folder');
    const workers = integerOption('workers', values.workers, availableParallelism(), 1, 64);
    // The same engine settings as run's: the config file's and HANDFLOW_EXTRACTION_*, under the flags.
    const flags = new FlagSettings()
      .set('extraction.maxHands', '--max-hands', numberOrText(values['max-hands']))
      .set('extraction.model', '--model', values.model)
      .set('extraction.precision', '--precision', values.precision);
    const config = await loadCliConfig(values.config, flags);
    const landmarker = { ...config.extraction, mirrored: values.mirrored };

    const progress = new Progress();
    const { files, problems } = await expandInputs(positionals);
    for (const problem of problems) progress.report(errorLine(problem.path, problem.message));
    let failures = problems.length;
    let finished = 0;
    try {
      await analyzeOnWorkers(files, {
        workers,
        landmarker,
        ...(values.json ? { emit: writeLine } : {}),
        stop: stopWhenReaderGoes(),
        onOutcome: (file, outcome) => {
          if (!outcome.ok) failures++;
          // Without --json the summaries are the output; with it, the records are, and the summaries progress.
          if (!outcome.ok) progress.report(errorLine(file.path, outcome.message));
          else if (values.json) progress.report(`${file.path}: ${outcome.summary}`);
          else void progress.output(`${file.path}: ${outcome.summary}`);
          progress.update(`[${++finished}/${files.length}] ${progressBar(finished / files.length)}`);
        },
      });
    } finally {
      progress.done();
    }
    if (failures > 0) progress.report(`${failures} of ${files.length + problems.length} inputs failed`);
    return failures > 0 ? 1 : 0;
  },
};

/** One input's failure, naming it once: most messages (a decoder's, a model's) name the file already. */
function errorLine(path: string, message: string): string {
  const named = message.startsWith(path) && [':', ' '].includes(message.charAt(path.length));
  return named ? `error: ${message}` : `error: ${path}: ${message}`;
}
