import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { TokenUsage } from '../auth/token-usage.js';
import { readClientPolicies, readTokenApprovals, type TokenApprovalRow } from '../database/administration.js';
import {
  type Client,
  ClientEntity,
  type Connector,
  ConnectorEntity,
  type Interface,
  InterfaceEntity,
  type Run,
  type User,
  UserEntity,
} from '../database/entities.js';
import type { ClientTokenPolicy } from '../database/governance-entities.js';
import type { Joined } from '../database/page-queries.js';
import { readByIds, readLastRuns } from '../database/row-reads.js';

type UsageDay = { day: string; requests: number; refused: number };

/**
 * Per-request batching of the nested fields (client, source, target, interface, lastRun) that a page query did
 * not join: one statement per kind, through `em` (the context's `reads`).
 */
export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(em: EntityManager, usage: { tokens: TokenUsage; now: () => Date }) {
  return {
    /** A token's usage by `<days>:<token id>`: the tokens of a list in one statement per number of days. */
    tokenUsage: new DataLoader<string, UsageDay[]>(async (keys) => {
      const byDays = new Map<number, string[]>();
      for (const key of keys) {
        const [days, tokenId] = key.split(':') as [string, string];
        byDays.set(Number(days), [...(byDays.get(Number(days)) ?? []), tokenId]);
      }
      const read = new Map<string, UsageDay[]>();
      for (const [days, tokenIds] of byDays) {
        for (const [tokenId, daysOfToken] of await usage.tokens.days(tokenIds, days, usage.now())) {
          read.set(`${days}:${tokenId}`, daysOfToken);
        }
      }
      return keys.map((key) => read.get(key) ?? []);
    }),
    client: byId<Client>((ids) => readByIds(em, ClientEntity, ids)),
    /** A token's requests to read clients (ApiToken.approvals): the tokens of a list in one statement. */
    tokenApprovals: new DataLoader<string, TokenApprovalRow[]>(async (tokenIds) => {
      const rows = await readTokenApprovals(em, tokenIds);
      return tokenIds.map((id) => rows.filter((row) => row.tokenId === id).map((row) => row.approval));
    }),
    /** A person by id (the administrator an audit event names). */
    user: byId<User>((ids) => readByIds(em, UserEntity, ids)),
    /** A client's token policy (null: none), for the tokens' blocked clients. */
    clientPolicy: new DataLoader<string, ClientTokenPolicy | null>(async (clientIds) => {
      const byClient = new Map((await readClientPolicies(em, clientIds)).map((row) => [row.client.id, row]));
      return clientIds.map((id) => byClient.get(id) ?? null);
    }),
    connector: byId<Connector>((ids) => readByIds(em, ConnectorEntity, ids)),
    interface: byId<Interface>((ids) => readByIds(em, InterfaceEntity, ids)),
    lastRun: new DataLoader<string, Run | null>(async (interfaceIds) => {
      const byInterface = new Map((await readLastRuns(em, interfaceIds)).map((run) => [run.interface.id, run]));
      return interfaceIds.map((id) => byInterface.get(id) ?? null);
    }),
  };
}

function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

const JOINED = Symbol('joined relations');
type WithJoined = { [JOINED]?: Joined };

/**
 * Attaches what the page query joined onto a page row (by relation; null: nothing to join), for the relation's
 * resolver (`joinedOr`). Not put in a loader: other paths of the request may select other columns of the row.
 * The field's guard is untouched; a joined row the caller may not see is never resolved.
 */
export function attachJoined(row: object, joined: Joined | undefined): void {
  if (joined !== undefined) (row as WithJoined)[JOINED] = joined;
}

/** The row joined for `relation` of this page row if the page query joined it, else what `load` reads. */
export function joinedOr<T>(row: object, relation: string, load: () => Promise<T>): T | Promise<T> {
  const joined = (row as WithJoined)[JOINED];
  const value = joined?.[relation];
  return value !== undefined ? (value as T) : load();
}
