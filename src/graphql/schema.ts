import { lexicographicSortSchema, printSchema } from 'graphql';
import { guardStringArguments } from './arguments.js';
import { builder } from './builder.js';
import { guardPageTypes } from './page-guard.js';
import { pageOfNode, pageOfType } from './page-types.js';
// Each domain module adds its types and fields to the builder.
import './clients.js';
import './viewer.js';
import './users.js';
import './connectors.js';
import './interfaces.js';
import './runs.js';
import './deletions.js';
import './api-tokens.js';
import './sessions.js';
import './audit.js';
import './administration.js';
import './client-policies.js';
import './token-requests.js';
import './service-tokens.js';
import './notices.js';
import './webhooks.js';
import './nodes.js';

export const schema = builder.toSchema();
guardStringArguments(schema);
/** The fields that produce page rows, each wrapped by its page's guard (page-guard.ts). */
export const pageGuardedFields = guardPageTypes(schema, pageOfType, pageOfNode);

/** The schema as printed to schema/schema.graphql (sorted, so the file changes only when the schema does). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
