import { writeFileSync } from 'node:fs';
import { printedSchema } from './schema.js';

// Writes schema/schema.graphql; test/schema.test.ts fails when the file and the code drift apart.
writeFileSync(new URL('../../schema/schema.graphql', import.meta.url), printedSchema());
process.stdout.write('schema/schema.graphql written\n');
