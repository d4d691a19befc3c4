import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { repoRoot } from '../../testing/shared-data.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });

/** The wire format's JSON Schema, kept in the repository for clients: `schema/output-event.schema.json`. */
export const validateOutputEvent = ajv.compile(JSON.parse(readFileSync(join(repoRoot, 'schema', 'output-event.schema.json'), 'utf8')));

/** Fails with the schema's complaints unless `value`, as JSON, is a valid output event. */
export function assertWireEvent(value: unknown): void {
  const wire: unknown = JSON.parse(JSON.stringify(value));
  if (!validateOutputEvent(wire)) assert.fail(`not a valid output event: ${ajv.errorsText(validateOutputEvent.errors)}\n${JSON.stringify(wire).slice(0, 500)}`);
}
