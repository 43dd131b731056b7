import type { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { badUserInput, notFound } from '../core/errors.js';
import type { Page } from '../core/pages.js';
import { type LocatedReads, locatePageRows, PAGE_TABLE_NAMES, type PageTable } from '../database/page-queries.js';
import { builder, forbiddenPage, type WithPrincipal } from './builder.js';
import { attachJoined } from './loaders.js';
import { joinsSelected } from './page-lists.js';
import { NodeRef, type PageRow, tagNode } from './page-types.js';
import { fieldsSelectedOn } from './selections.js';

/** The page and the GraphQL type of each page's table. */
const NODE_TYPES: Record<PageTable, { page: Page; typeName: string }> = {
  users: { page: 'USERS', typeName: 'User' },
  connectors: { page: 'CONNECTORS', typeName: 'Connector' },
  interfaces: { page: 'INTERFACES', typeName: 'Interface' },
  runs: { page: 'RUNS', typeName: 'Run' },
};
const MAX_NODES = 100;

/**
 * Rows of any page by id, in the order asked: one statement for all of them. Each is a row, or an error in its
 * place: NOT_FOUND alike for an id that exists nowhere and for a row of another client (of any page); FORBIDDEN
 * (requiredPage) for a row of one of the caller's clients on a page the caller lacks, which tells only that the
 * caller's own client has such a row. The row's type guards it once more when it is read.
 */
async function resolveNodes(
  context: WithPrincipal,
  ids: readonly string[],
  coordinate: string,
  info: GraphQLResolveInfo,
): Promise<(PageRow | GraphQLError)[]> {
  const { principal } = context;
  // Each page's rows read what its fragment selects (e.g. `... on Run { status interface { name } }`), and the
  // relations it selects come in the same statement.
  const reads: LocatedReads = Object.fromEntries(
    PAGE_TABLE_NAMES.map((table) => {
      const selected = fieldsSelectedOn(info, info.fieldNodes, NODE_TYPES[table].typeName);
      return [table, { select: selected.keys(), joins: joinsSelected(table, selected, info) }];
    }),
  );
  const hits = await locatePageRows(context.reads, [...new Set(ids)], reads);
  const found = new Map(
    hits.map((hit) => {
      attachJoined(hit.row, hit.joined);
      return [hit.row.id, hit];
    }),
  );
  return ids.map((id) => {
    const hit = found.get(id);
    // The client first: whether an id exists outside the caller's clients, on any page, is never told.
    if (!hit || !principal.clientIds.has(hit.clientId)) return notFound('Node');
    const { page, typeName } = NODE_TYPES[hit.page];
    if (!principal.pages.has(page)) {
      const refusal = forbiddenPage(principal, page);
      context.refusals.push({ coordinate, lacking: `page:${page}`, reason: refusal.message });
      return refusal;
    }
    return tagNode(hit.row, typeName);
  });
}

builder.queryField('node', (t) =>
  t.withAuth({ loggedIn: true }).field({
    type: NodeRef,
    nullable: true,
    description:
      "A row of any page by its id (ids are UUIDs, unique across pages). Null with NOT_FOUND when there is no such row or it belongs to a client the caller may not see, whatever its page (the two are not told apart); null with FORBIDDEN (extensions.requiredPage) when it is a row of one of the caller's clients on a page the caller lacks. An id that is not a UUID is BAD_USER_INPUT.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx, info) => {
      const [node] = await resolveNodes(ctx, [id], 'Query.node', info);
      if (node === undefined || node instanceof Error) throw node ?? notFound('Node');
      return node;
    },
  }),
);

builder.queryField('nodes', (t) =>
  t.withAuth({ loggedIn: true }).field({
    type: [NodeRef],
    nullable: { list: false, items: true },
    description: `At most ${MAX_NODES} ids; each entry answers as node(id:) would, in the order asked.`,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx, info) => {
      if (ids.length > MAX_NODES) throw badUserInput(`Give at most ${MAX_NODES} ids.`, 'ids');
      // An error in a list is that item's error (null with its path); the others still answer.
      return resolveNodes(ctx, ids, 'Query.nodes', info) as Promise<PageRow[]>;
    },
  }),
);
