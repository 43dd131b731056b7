import type { Client } from '../database/entities.js';
import { builder, type Context } from './builder.js';

/**
 * A client (tenant). Not a page of its own: a client is reached only through the caller's own clients
 * (`viewer.clients`), rows the caller may read, or the caller's own tokens.
 */
export const ClientRef = builder.objectRef<Client>('Client').implement({
  description: 'A client (tenant) of the platform.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
  }),
});

/** Resolves the `client` of a page row through the per-request loader (one query for all rows). */
export async function clientOfRow(row: { client: { id: string } }, _args: unknown, ctx: Context): Promise<Client> {
  const client = await ctx.loaders.client.load(row.client.id);
  if (!client) throw new Error(`Client ${row.client.id} of a row is missing.`);
  return client;
}

/** The clients with these ids, in order, leaving out unknown ones (one batched query with the request's others). */
export async function clientsOf(ctx: Context, ids: readonly string[]): Promise<Client[]> {
  const clients = await ctx.loaders.client.loadMany([...ids]);
  return clients.filter((client): client is Client => client !== null && !(client instanceof Error));
}
