import { Migration } from '@mikro-orm/migrations';

/** The page tables and the page each holds. */
const PAGE_TABLES = [
  ['app_user', 'USERS'],
  ['connector', 'CONNECTORS'],
  ['interface', 'INTERFACES'],
  ['run', 'RUNS'],
] as const;

/**
 * Incremental reads (docs/changes.md): every page row carries when and by which transaction it was last written
 * (`updated_at`, `change_id`) and which transaction made it (`created_change_id`), set by a trigger whoever writes;
 * a deleted row, or one moved to another client, leaves a marker in `page_deletion` (no foreign key: the rows of
 * a client being deleted leave theirs too). A transaction id
 * (`pg_current_xact_id()`, 64 bits) orders changes so that readers can stop below every running transaction.
 */
export class Migration20261205100000_incremental_reads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "page_deletion" (
      "id" uuid not null default gen_random_uuid() primary key,
      "page" text not null,
      "row_id" uuid not null,
      "client_id" uuid not null,
      "deleted_at" timestamptz(3) not null default now(),
      "change_id" bigint not null default 0,
      "created_change_id" bigint not null default 0);`);
    this.addSql(
      'create index "page_deletion_page_client_change_idx" on "page_deletion" ("page", "client_id", "change_id", "row_id");',
    );
    this.addSql('create index "page_deletion_deleted_at_idx" on "page_deletion" ("deleted_at");');
    this.addSql(`create function salure_page_row_written() returns trigger language plpgsql as $$
      begin
        new.updated_at := now();
        new.change_id := pg_current_xact_id()::text::bigint;
        if tg_op = 'INSERT' then
          new.created_change_id := new.change_id;
        else
          new.created_change_id := old.created_change_id;
          -- A row moved to another client is gone for the readers of the old one.
          if new.client_id is distinct from old.client_id then
            insert into page_deletion (page, row_id, client_id, change_id, created_change_id)
            values (tg_argv[0], old.id, old.client_id, new.change_id, old.created_change_id);
          end if;
        end if;
        return new;
      end $$;`);
    this.addSql(`create function salure_page_row_deleted() returns trigger language plpgsql as $$
      begin
        insert into page_deletion (page, row_id, client_id, change_id, created_change_id)
        values (tg_argv[0], old.id, old.client_id, pg_current_xact_id()::text::bigint, old.created_change_id);
        return old;
      end $$;`);
    for (const [table, page] of PAGE_TABLES) {
      this.addSql(`alter table "${table}"
        add column "updated_at" timestamptz(3) not null default now(),
        add column "change_id" bigint not null default 0,
        add column "created_change_id" bigint not null default 0;`);
      // The rows already there were all written by this transaction, as far as readers can tell.
      this.addSql(`update "${table}" set "change_id" = pg_current_xact_id()::text::bigint,
        "created_change_id" = pg_current_xact_id()::text::bigint;`);
      this.addSql(`create index "${table}_client_change_idx" on "${table}" ("client_id", "change_id", "id");`);
      this.addSql(`create trigger "${table}_written" before insert or update on "${table}"
        for each row execute function salure_page_row_written('${page}');`);
      this.addSql(`create trigger "${table}_deleted" after delete on "${table}"
        for each row execute function salure_page_row_deleted('${page}');`);
    }
  }

  override async down(): Promise<void> {
    for (const [table] of PAGE_TABLES) {
      this.addSql(`drop trigger "${table}_written" on "${table}";`);
      this.addSql(`drop trigger "${table}_deleted" on "${table}";`);
      this.addSql(
        `alter table "${table}" drop column "updated_at", drop column "change_id", drop column "created_change_id";`,
      );
    }
    this.addSql('drop function salure_page_row_written();');
    this.addSql('drop function salure_page_row_deleted();');
    this.addSql('drop table "page_deletion";');
  }
}
