import type { EntityManager } from '@mikro-orm/postgresql';
import { PAGES } from '../core/pages.js';
import {
  type ApiToken,
  ApiTokenEntity,
  type Client,
  ClientEntity,
  type Session,
  SessionEntity,
  type User,
  UserEntity,
} from './entities.js';
import {
  type ApiTokenApproval,
  ApiTokenApprovalEntity,
  type ClientTokenPolicy,
  ClientTokenPolicyEntity,
} from './governance-entities.js';
import { rowShape } from './rows.js';

export type CredentialKind = 'apiToken' | 'session';

/** What a credential's rights are computed from: its user, or for a service token its owning client as one. */
export type CredentialOwner = Pick<
  User,
  'id' | 'email' | 'name' | 'isActive' | 'pages' | 'clientIds' | 'adminClientIds'
>;

/**
 * A token or session as read for authentication: the row, its owner, the owner's clients (for their names), and
 * for a token the token policies of those clients.
 */
export type CredentialRows =
  | {
      kind: 'apiToken';
      credential: ApiToken;
      owner: CredentialOwner;
      clients: Client[];
      policies: ClientTokenPolicy[];
      approvals: ApiTokenApproval[];
    }
  | { kind: 'session'; credential: Session; owner: User; clients: Client[] };

/**
 * A token or session by its secret's hash (or, for a webhook's delivery, a token by its id), with its user, the
 * user's clients and their policies, in one statement.
 */
export async function readCredential(
  em: EntityManager,
  kind: CredentialKind,
  secretHash: string,
  by: 'secret_hash' | 'id' = 'secret_hash',
): Promise<CredentialRows | undefined> {
  const credential = rowShape<ApiToken | Session>(em, (kind === 'apiToken' ? ApiTokenEntity : SessionEntity) as never);
  const user = rowShape<User>(em, UserEntity);
  const client = rowShape<Client>(em, ClientEntity);
  const policy = rowShape<ClientTokenPolicy>(em, ClientTokenPolicyEntity);
  const approval = rowShape<ApiTokenApproval>(em, ApiTokenApprovalEntity);
  // A service token has no owning person: it reads its owning client (docs/organisation.md).
  const clientIds = kind === 'apiToken' ? 'coalesce(u.client_ids, array[c.owner_client_id])' : 'u.client_ids';
  const policies =
    kind === 'apiToken'
      ? `, (select coalesce(json_agg(json_build_object(${policy.jsonFields('p')})), '[]') from client_token_policy p
           where p.client_id = any(${clientIds})) as policies,
         (select coalesce(json_agg(json_build_object(${approval.jsonFields('a')})), '[]') from api_token_approval a
           where a.token_id = c.id) as approvals`
      : '';
  const [raw] = await em.getConnection().execute<Record<string, unknown>[]>(
    `select ${credential.columns('c', 'c__')}, ${user.columns('u', 'u__')},
       (select coalesce(json_agg(json_build_object(${client.jsonFields('k')})), '[]') from client k
        where k.id = any(${clientIds})) as clients${policies}
     from "${credential.table}" c left join app_user u on u.id = c.user_id where c.${by} = ?`,
    [secretHash],
  );
  if (!raw) return undefined;
  const row = credential.toRow(raw, 'c__');
  const clients = (raw.clients as Record<string, unknown>[]).map((each) => client.toRow(each));
  const ownerClientId = (row as Partial<ApiToken>).ownerClient?.id;
  return {
    kind,
    credential: row,
    owner: ownerClientId ? serviceOwner(ownerClientId, clients) : user.toRow(raw, 'u__'),
    clients,
    ...(kind === 'apiToken'
      ? {
          policies: (raw.policies as Record<string, unknown>[]).map((row) => policy.toRow(row)),
          approvals: (raw.approvals as Record<string, unknown>[]).map((row) => approval.toRow(row)),
        }
      : {}),
  } as CredentialRows;
}

/**
 * The owner of a service token, in the shape of a user, so that a token's rights are computed one way: the owning
 * client (its id and name), every page and only that client. Never stored; `serviceOwnerOf` tells it apart.
 */
function serviceOwner(clientId: string, clients: readonly Client[]): CredentialOwner {
  const name = clients.find((client) => client.id === clientId)?.name ?? clientId;
  return {
    id: clientId,
    email: '',
    name,
    isActive: true,
    pages: [...PAGES],
    clientIds: [clientId],
    adminClientIds: [],
  };
}
