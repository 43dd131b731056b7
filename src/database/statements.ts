import type { MikroORM } from '@mikro-orm/postgresql';
import { statementName } from '../core/logger.js';

/** What a statement is told by: its name (`select api_token`), never its text or values. */
export type StatementObserver = {
  started(id: string, name: string): void;
  finished(id: string, failed: boolean): void;
};

type StatementEvent = { sql?: string; __knexQueryUid?: string };

/**
 * Tells `observer` of every statement sent through the ORM's knex (MikroORM's statements and readRows' prepared
 * ones), in the async context of whoever sent it. Returns a function that stops it.
 */
export function observeStatements(orm: MikroORM, observer: StatementObserver): () => void {
  const knex = orm.em.getConnection().getKnex();
  const onQuery = (event: StatementEvent) => {
    if (event.__knexQueryUid) observer.started(event.__knexQueryUid, statementName(event.sql ?? '') ?? 'statement');
  };
  const onResponse = (_response: unknown, event: StatementEvent) => {
    if (event.__knexQueryUid) observer.finished(event.__knexQueryUid, false);
  };
  const onError = (_error: unknown, event: StatementEvent) => {
    if (event.__knexQueryUid) observer.finished(event.__knexQueryUid, true);
  };
  knex.on('query', onQuery).on('query-response', onResponse).on('query-error', onError);
  return () => {
    knex.off('query', onQuery).off('query-response', onResponse).off('query-error', onError);
  };
}
