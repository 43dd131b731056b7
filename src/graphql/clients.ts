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

/**
 * Resolves the `client` of a page row: one of the caller's clients, which came with the credentials, so no
 * query (the loader reads any other, batched).
 */
export function clientOfRow(row: { client: { id: string } }, _args: unknown, ctx: Context): Client | Promise<Client> {
  const known = knownClients(ctx).get(row.client.id);
  if (known) return known;
  return ctx.loaders.client.load(row.client.id).then((client) => {
    if (!client) throw new Error(`Client ${row.client.id} of a row is missing.`);
    return client;
  });
}

/**
 * The clients with these ids, in order, leaving out unknown ones: the caller's own from the credentials, any
 * other in one batched query with the request's others.
 */
export async function clientsOf(ctx: Context, ids: readonly string[]): Promise<Client[]> {
  const known = knownClients(ctx);
  const unknown = ids.filter((id) => !known.has(id));
  // Most often every one came with the credentials: no loader, no batch.
  if (unknown.length === 0) return ids.flatMap((id) => known.get(id) ?? []);
  const loaded = await ctx.loaders.client.loadMany(unknown);
  const others = new Map(
    loaded.filter((client): client is Client => client !== null && !(client instanceof Error)).map((c) => [c.id, c]),
  );
  return ids.flatMap((id) => known.get(id) ?? others.get(id) ?? []);
}

// By the principal's list, which lives as long as its credentials stay cached.
const byIdOfKnown = new WeakMap<readonly Client[], Map<string, Client>>();
const none = new Map<string, Client>();

/** The owner's clients that came with the credentials, by id. */
function knownClients(ctx: Context): ReadonlyMap<string, Client> {
  const clients = ctx.principal?.knownClients;
  if (!clients) return none;
  let byId = byIdOfKnown.get(clients);
  if (!byId) {
    byId = new Map(clients.map((client) => [client.id, client]));
    byIdOfKnown.set(clients, byId);
  }
  return byId;
}
