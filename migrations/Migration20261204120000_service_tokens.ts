import { Migration } from '@mikro-orm/migrations';

/**
 * Service tokens (docs/organisation.md): a token owned by a client instead of a person, made and rotated by the
 * client's administrators, and untouched when the person who made it leaves. Exactly one of `user_id` and
 * `owner_client_id` is set (the application makes them; see auth/api-tokens.ts).
 */
export class Migration20261204120000_service_tokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api_token"
      alter column "user_id" drop not null,
      add column "owner_client_id" uuid null constraint "api_token_owner_client_id_foreign" references "client" ("id") on update cascade on delete cascade,
      add column "created_by_id" uuid null constraint "api_token_created_by_id_foreign" references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql('create index "api_token_owner_client_id_index" on "api_token" ("owner_client_id");');
  }

  override async down(): Promise<void> {
    this.addSql('delete from "api_token" where "user_id" is null;');
    this.addSql(`alter table "api_token" drop column "owner_client_id", drop column "created_by_id",
      alter column "user_id" set not null;`);
  }
}
