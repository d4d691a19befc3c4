import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { outputEventJsonSchema } from '../output/events/output-event.js';

/**
 * Writes schema/output-event.schema.json from the output event's zod schema (`npm run build:schema`): the
 * file is generated, for clients, and a test fails when it is stale.
 */
const file = fileURLToPath(new URL('../../schema/output-event.schema.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(outputEventJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file}`);
