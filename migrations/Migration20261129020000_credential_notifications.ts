import { Migration } from '@mikro-orm/migrations';

/**
 * Every change to a token, a session or a user that can change what a credential may do announces the row's id on
 * the `salure_auth` channel when its transaction commits, so gateway processes drop their cached credentials.
 * Updates that only record the last use are left out: they happen on every minute of use and change no right.
 */
export class Migration20261129020000_credential_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function salure_notify_credential_change() returns trigger language plpgsql as $$
      begin
        perform pg_notify('salure_auth', (case when tg_op = 'DELETE' then old.id else new.id end)::text);
        return null;
      end $$;`);
    for (const table of ['api_token', 'session', 'app_user']) {
      this.addSql(`create trigger "${table}_credential_change" after update on "${table}" for each row
        when ((to_jsonb(old) - array['last_used_at', 'last_used_ip', 'last_used_user_agent'])
              is distinct from (to_jsonb(new) - array['last_used_at', 'last_used_ip', 'last_used_user_agent']))
        execute function salure_notify_credential_change();`);
      this.addSql(`create trigger "${table}_credential_delete" after delete on "${table}" for each row
        execute function salure_notify_credential_change();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['api_token', 'session', 'app_user']) {
      this.addSql(`drop trigger "${table}_credential_change" on "${table}";`);
      this.addSql(`drop trigger "${table}_credential_delete" on "${table}";`);
    }
    this.addSql('drop function salure_notify_credential_change();');
  }
}
