import { Migration } from '@mikro-orm/migrations';

const BEFORE = [
  'TOKEN_CREATED',
  'TOKEN_ROTATED',
  'TOKEN_REVOKED',
  'TOKEN_EXPIRED',
  'ACCESS_DENIED',
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'SESSION_ENDED',
  'TOKEN_CLIENT_REMOVED',
  'POLICY_CHANGED',
];
const AFTER = [...BEFORE, 'TOKEN_APPROVED', 'TOKEN_DENIED'];
const actionCheck = (actions: string[]) =>
  `alter table "audit_event" add constraint "audit_event_action_check" check ("action" in (${actions.map((a) => `'${a}'`).join(', ')}));`;

/**
 * Approvals (docs/organisation.md): a client's policy says which new tokens need an administrator's approval to
 * read it; a request per token and client until it is decided. A decision is announced on `salure_auth` with the
 * token's id, so every gateway drops the token's cached credentials.
 */
export class Migration20261204110000_token_approvals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "client_token_policy"
      add column "approval" text not null default 'NEVER' check ("approval" in ('NEVER', 'ALWAYS', 'ABOVE_THRESHOLD')),
      add column "approval_above_days" int null,
      add column "approval_all_clients" boolean not null default false,
      add column "approval_users_page" boolean not null default false;`);
    this.addSql(`create table "api_token_approval" (
      "token_id" uuid not null constraint "api_token_approval_token_id_foreign" references "api_token" ("id") on update cascade on delete cascade,
      "client_id" uuid not null constraint "api_token_approval_client_id_foreign" references "client" ("id") on update cascade on delete cascade,
      "status" text not null check ("status" in ('PENDING', 'APPROVED', 'DENIED')),
      "requested_at" timestamptz(3) not null,
      "decided_at" timestamptz(3) null,
      "decided_by_id" uuid null constraint "api_token_approval_decided_by_id_foreign" references "app_user" ("id") on update cascade on delete set null,
      "reason" text null,
      constraint "api_token_approval_pkey" primary key ("token_id", "client_id"));`);
    this.addSql('create index "api_token_approval_client_status_idx" on "api_token_approval" ("client_id", "status");');
    this.addSql(`create function salure_notify_token_approval_change() returns trigger language plpgsql as $$
      begin
        perform pg_notify('salure_auth', (case when tg_op = 'DELETE' then old.token_id else new.token_id end)::text);
        return null;
      end $$;`);
    this.addSql(`create trigger "api_token_approval_change" after insert or update or delete on "api_token_approval"
      for each row execute function salure_notify_token_approval_change();`);
    this.addSql('alter table "audit_event" drop constraint "audit_event_action_check";');
    this.addSql(actionCheck(AFTER));
  }

  override async down(): Promise<void> {
    this.addSql('drop table "api_token_approval";');
    this.addSql('drop function salure_notify_token_approval_change();');
    this.addSql(`delete from "audit_event" where "action" in ('TOKEN_APPROVED', 'TOKEN_DENIED');`);
    this.addSql('alter table "audit_event" drop constraint "audit_event_action_check";');
    this.addSql(actionCheck(BEFORE));
    this.addSql(`alter table "client_token_policy" drop column "approval", drop column "approval_above_days",
      drop column "approval_all_clients", drop column "approval_users_page";`);
  }
}
