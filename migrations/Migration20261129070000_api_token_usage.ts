import { Migration } from '@mikro-orm/migrations';

/** Requests and refusals per API token and day, added in batches by every gateway process (auth/token-usage.ts). */
export class Migration20261129070000_api_token_usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "api_token_usage" ("token_id" uuid not null, "day" date not null, "requests" int not null default 0, "refused" int not null default 0, constraint "api_token_usage_pkey" primary key ("token_id", "day"));',
    );
    this.addSql(
      'alter table "api_token_usage" add constraint "api_token_usage_token_id_foreign" foreign key ("token_id") references "api_token" ("id") on update cascade on delete cascade;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table "api_token_usage";');
  }
}
