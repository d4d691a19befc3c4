import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/**
 * Runs an original `.tflite` model with Google's LiteRT for JavaScript (`@litertjs/core`, WASM), the
 * reference the ONNX conversion is checked against. LiteRT.js is built for browsers and workers: it loads
 * its Emscripten glue with `importScripts`, which this shim provides from the local package files.
 */
export interface LiteRtModel {
  run(input: Float32Array, shape: readonly number[]): Promise<Float32Array[]>;
}

let loading: Promise<typeof import('@litertjs/core')> | undefined;

async function loadRuntime(): Promise<typeof import('@litertjs/core')> {
  const require = createRequire(import.meta.url);
  const wasmDirectory = join(dirname(require.resolve('@litertjs/core/package.json')), 'wasm');
  const globals = globalThis as Record<string, unknown>;
  globals.self ??= globalThis;
  globals.require ??= require;
  globals.__dirname ??= wasmDirectory;
  globals.importScripts ??= (path: string) => vm.runInThisContext(readFileSync(path, 'utf8'), { filename: path });
  const litert = await import('@litertjs/core');
  await litert.loadLiteRt(`${wasmDirectory}/`);
  return litert;
}

export async function loadLiteRtModel(tflite: Uint8Array): Promise<LiteRtModel> {
  loading ??= loadRuntime();
  const litert = await loading;
  const model = await litert.loadAndCompile(tflite, { accelerator: 'wasm' });
  return {
    async run(input, shape) {
      const tensor = new litert.Tensor(input, [...shape]);
      const outputs = await model.run(tensor);
      tensor.delete();
      const arrays = outputs.map((output) => Float32Array.from(output.toTypedArray() as Float32Array));
      for (const output of outputs) output.delete();
      return arrays;
    },
  };
}
