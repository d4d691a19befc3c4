import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A temporary folder for one test file, removed after its tests; `file` writes a file into it. */
export function scratchFolder(prefix: string): { readonly path: string; file(name: string, bytes: Uint8Array | string): string } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(path, { recursive: true, force: true }));
  return {
    path,
    file(name, bytes) {
      const target = join(path, name);
      writeFileSync(target, bytes);
      return target;
    },
  };
}
