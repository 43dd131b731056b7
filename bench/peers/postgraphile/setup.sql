-- The peer's access rules, applied (idempotently) to the benchmark database by bench/run.ts. The gateway connects
-- as the owner and is not subject to them; PostGraphile switches to bench_reader for every request (the JWT's role).
do $$ begin create role bench_reader nologin; exception when duplicate_object then null; end $$;
grant usage on schema public to bench_reader;
grant select on client, connector, interface, run to bench_reader;

-- A row is visible when its client is in the JWT's clients claim (comma-separated ids) and its page is in the
-- pages claim: the gateway's page and client rules, as policies.
create or replace function bench_clients() returns uuid[] stable language sql as $$
  select string_to_array(nullif(current_setting('jwt.claims.clients', true), ''), ',')::uuid[]
$$;
-- The pages the JWT grants: the peer's counterpart of viewer.pages.
create or replace function current_pages() returns text[] stable language sql as $$
  select string_to_array(nullif(current_setting('jwt.claims.pages', true), ''), ',')
$$;
-- Interface.lastRun: the newest run of an interface, as the gateway reads it (index run_interface_client_started_idx).
create or replace function interface_last_run(i interface) returns run stable language sql as $$
  select * from run where interface_id = i.id and client_id = i.client_id order by started_at desc, id desc limit 1
$$;
grant execute on function bench_clients(), current_pages(), interface_last_run(interface) to bench_reader;

alter table client enable row level security;
alter table connector enable row level security;
alter table interface enable row level security;
alter table run enable row level security;
drop policy if exists tenant on client;
drop policy if exists tenant on connector;
drop policy if exists tenant on interface;
drop policy if exists tenant on run;
-- The functions are wrapped in (select …) so that PostgreSQL evaluates them once per statement (an InitPlan) and
-- keeps its index plans: written plainly, a runs page took 8.9 ms (bitmap scan and sort) instead of 0.3 ms.
create policy tenant on client for select to bench_reader using (id = any ((select bench_clients())::uuid[]));
create policy tenant on connector for select to bench_reader
  using (client_id = any ((select bench_clients())::uuid[]) and (select 'CONNECTORS' = any (current_pages())));
create policy tenant on interface for select to bench_reader
  using (client_id = any ((select bench_clients())::uuid[]) and (select 'INTERFACES' = any (current_pages())));
create policy tenant on run for select to bench_reader
  using (client_id = any ((select bench_clients())::uuid[]) and (select 'RUNS' = any (current_pages())));
