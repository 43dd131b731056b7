import { Migration } from '@mikro-orm/migrations';

/**
 * Notices before things break (docs/organisation.md): one row per notice, unique by what it is about, so that it
 * is written once whichever gateway notices it first; sent by e-mail by whichever gateway claims it (a lease).
 */
export class Migration20261204130000_notices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "notice" (
      "id" uuid not null primary key,
      "kind" text not null check ("kind" in ('TOKEN_ENDING', 'TOKEN_BLOCKED', 'TOKEN_REVOKED', 'REQUEST_DECIDED')),
      "dedupe_key" text not null constraint "notice_dedupe_key_unique" unique,
      "token_id" uuid null constraint "notice_token_id_foreign" references "api_token" ("id") on update cascade on delete cascade,
      "user_id" uuid null constraint "notice_user_id_foreign" references "app_user" ("id") on update cascade on delete cascade,
      "client_id" uuid null constraint "notice_client_id_foreign" references "client" ("id") on update cascade on delete cascade,
      "subject" text not null,
      "body" text not null,
      "created_at" timestamptz(3) not null,
      "sent_at" timestamptz(3) null,
      "claimed_until" timestamptz(3) null,
      "attempts" int not null default 0,
      "last_error" text null);`);
    this.addSql('create index "notice_sent_created_idx" on "notice" ("sent_at", "created_at");');
    this.addSql('create index "notice_user_created_idx" on "notice" ("user_id", "created_at");');
    this.addSql('create index "notice_client_created_idx" on "notice" ("client_id", "created_at");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table "notice";');
  }
}
