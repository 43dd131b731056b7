import { Migration } from '@mikro-orm/migrations';

const OLD_ACTIONS = [
  'TOKEN_CREATED',
  'TOKEN_ROTATED',
  'TOKEN_REVOKED',
  'TOKEN_EXPIRED',
  'ACCESS_DENIED',
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'SESSION_ENDED',
];
const NEW_ACTIONS = [...OLD_ACTIONS, 'TOKEN_CLIENT_REMOVED', 'POLICY_CHANGED'];
const actionCheck = (actions: string[]) =>
  `alter table "audit_event" add constraint "audit_event_action_check" check ("action" in (${actions.map((a) => `'${a}'`).join(', ')}));`;

/**
 * Client administrators (docs/organisation.md): the right per user and client, the audit trail that names the
 * administrator who acted, and each client's token policy. A policy change is announced on `salure_auth` with the
 * client's id, so every gateway drops the cached credentials of users who have the client.
 */
export class Migration20261204100000_client_administration extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "admin_client_ids" uuid[] not null default '{}';`);
    this.addSql(`alter table "audit_event"
      add column "by_user_id" uuid null constraint "audit_event_by_user_id_foreign" references "app_user" ("id") on update cascade on delete set null,
      add column "client_id" uuid null constraint "audit_event_client_id_foreign" references "client" ("id") on update cascade on delete set null;`);
    this.addSql('alter table "audit_event" drop constraint "audit_event_action_check";');
    this.addSql(actionCheck(NEW_ACTIONS));
    this.addSql(`create table "client_token_policy" (
      "client_id" uuid not null primary key constraint "client_token_policy_client_id_foreign" references "client" ("id") on update cascade on delete cascade,
      "max_lifetime_days" int null,
      "end_required" boolean not null default false,
      "allowed_pages" text[] null,
      "addresses_required" boolean not null default false,
      "idle_days" int null,
      "updated_at" timestamptz(3) not null,
      "updated_by_id" uuid null constraint "client_token_policy_updated_by_id_foreign" references "app_user" ("id") on update cascade on delete set null);`);
    this.addSql(`create function salure_notify_client_policy_change() returns trigger language plpgsql as $$
      begin
        perform pg_notify('salure_auth', (case when tg_op = 'DELETE' then old.client_id else new.client_id end)::text);
        return null;
      end $$;`);
    this.addSql(`create trigger "client_token_policy_change" after insert or update or delete on "client_token_policy"
      for each row execute function salure_notify_client_policy_change();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table "client_token_policy";');
    this.addSql('drop function salure_notify_client_policy_change();');
    this.addSql(`delete from "audit_event" where "action" in ('TOKEN_CLIENT_REMOVED', 'POLICY_CHANGED');`);
    this.addSql('alter table "audit_event" drop constraint "audit_event_action_check";');
    this.addSql(actionCheck(OLD_ACTIONS));
    this.addSql('alter table "audit_event" drop column "by_user_id", drop column "client_id";');
    this.addSql('alter table "app_user" drop column "admin_client_ids";');
  }
}
