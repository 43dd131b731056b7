import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ApiToken,
  type ApiTokenApproval,
  ApiTokenApprovalEntity,
  ApiTokenEntity,
  type Client,
  ClientEntity,
  type ClientTokenPolicy,
  ClientTokenPolicyEntity,
  type Session,
  SessionEntity,
  type User,
  UserEntity,
} from './entities.js';
import { rowShape } from './rows.js';

export type CredentialKind = 'apiToken' | 'session';

/**
 * A token or session as read for authentication: the row, its owner, the owner's clients (for their names), and
 * for a token the token policies of those clients.
 */
export type CredentialRows =
  | {
      kind: 'apiToken';
      credential: ApiToken;
      owner: User;
      clients: Client[];
      policies: ClientTokenPolicy[];
      approvals: ApiTokenApproval[];
    }
  | { kind: 'session'; credential: Session; owner: User; clients: Client[] };

/** A token or session by its secret's hash, with its user, the user's clients and their policies, in one statement. */
export async function readCredential(
  em: EntityManager,
  kind: CredentialKind,
  secretHash: string,
): Promise<CredentialRows | undefined> {
  const credential = rowShape<ApiToken | Session>(em, (kind === 'apiToken' ? ApiTokenEntity : SessionEntity) as never);
  const user = rowShape<User>(em, UserEntity);
  const client = rowShape<Client>(em, ClientEntity);
  const policy = rowShape<ClientTokenPolicy>(em, ClientTokenPolicyEntity);
  const approval = rowShape<ApiTokenApproval>(em, ApiTokenApprovalEntity);
  const policies =
    kind === 'apiToken'
      ? `, (select coalesce(json_agg(json_build_object(${policy.jsonFields('p')})), '[]') from client_token_policy p
           where p.client_id = any(u.client_ids)) as policies,
         (select coalesce(json_agg(json_build_object(${approval.jsonFields('a')})), '[]') from api_token_approval a
           where a.token_id = c.id) as approvals`
      : '';
  const [raw] = await em.getConnection().execute<Record<string, unknown>[]>(
    `select ${credential.columns('c', 'c__')}, ${user.columns('u', 'u__')},
       (select coalesce(json_agg(json_build_object(${client.jsonFields('k')})), '[]') from client k
        where k.id = any(u.client_ids)) as clients${policies}
     from "${credential.table}" c join app_user u on u.id = c.user_id where c.secret_hash = ?`,
    [secretHash],
  );
  if (!raw) return undefined;
  return {
    kind,
    credential: credential.toRow(raw, 'c__'),
    owner: user.toRow(raw, 'u__'),
    clients: (raw.clients as Record<string, unknown>[]).map((row) => client.toRow(row)),
    ...(kind === 'apiToken'
      ? {
          policies: (raw.policies as Record<string, unknown>[]).map((row) => policy.toRow(row)),
          approvals: (raw.approvals as Record<string, unknown>[]).map((row) => approval.toRow(row)),
        }
      : {}),
  } as CredentialRows;
}
