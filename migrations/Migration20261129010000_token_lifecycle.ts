import { Migration } from '@mikro-orm/migrations';

/** Token lifecycle: last use details, address allow-list, not-before; session details; the audit log. */
export class Migration20261129010000_token_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api_token"
      add column "last_used_ip" text null,
      add column "last_used_user_agent" text null,
      add column "allowed_ips" text[] null,
      add column "not_before" timestamptz null,
      add column "rotated_at" timestamptz null;`);
    this.addSql(`alter table "session"
      add column "ip" text null,
      add column "user_agent" text null;`);
    this.addSql(`create table "audit_event" (
      "id" uuid not null primary key,
      "at" timestamptz not null,
      "action" text not null check ("action" in ('TOKEN_CREATED', 'TOKEN_ROTATED', 'TOKEN_REVOKED', 'TOKEN_EXPIRED', 'ACCESS_DENIED', 'LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'SESSION_ENDED')),
      "actor_user_id" uuid null constraint "audit_event_actor_user_id_foreign" references "app_user" ("id") on update cascade on delete set null,
      "token_id" uuid null constraint "audit_event_token_id_foreign" references "api_token" ("id") on update cascade on delete set null,
      "session_id" uuid null constraint "audit_event_session_id_foreign" references "session" ("id") on update cascade on delete set null,
      "ip" text null,
      "user_agent" text null,
      "detail" text null,
      "count" int not null default 1,
      "dedupe_key" text null constraint "audit_event_dedupe_key_unique" unique);`);
    this.addSql(`create index "audit_event_actor_at_idx" on "audit_event" ("actor_user_id", "at", "id");`);
    this.addSql(`create index "audit_event_token_at_idx" on "audit_event" ("token_id", "at", "id");`);
  }
}
