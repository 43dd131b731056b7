import { readFileSync } from 'node:fs';
import {
  buildSchema,
  execute,
  findBreakingChanges,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import { compileQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { PAGES } from '../src/core/pages.js';
import { isAdmitted } from '../src/graphql/page-guard.js';
import { pageOfType } from '../src/graphql/page-types.js';
import { pageGuardedFields, printedSchema, schema } from '../src/graphql/schema.js';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the printed schema', () => {
  it('matches the code (run `npm run print-schema` after a schema change)', () => {
    expect(read('../schema/schema.graphql')).toBe(printedSchema());
  });
});

describe('the public contract (test/contract/api.graphql)', () => {
  const contract = buildSchema(read('./contract/api.graphql'));

  it('has no breaking change in the gateway schema', () => {
    expect(findBreakingChanges(contract, schema)).toEqual([]);
  });

  it('keeps every contract operation valid', () => {
    const operations = parse(read('../operations/contract.graphql'));
    expect(validate(contract, operations)).toEqual([]);
    expect(validate(schema, operations)).toEqual([]);
  });
});

describe('page guards', () => {
  it('every page has an object type that refuses rows no guard admitted', () => {
    expect(new Set(pageOfType.values())).toEqual(new Set(PAGES));
    for (const [typeName, page] of pageOfType) {
      const type = schema.getType(typeName);
      expect(isObjectType(type) && type.isTypeOf, `${typeName} (page ${page}) checks admission`).toBe(isAdmitted);
    }
  });

  it('every field that produces rows of a page is wrapped by its guard; connections only hand them on', () => {
    const unguarded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        const named = getNamedType(field.type);
        const reachesPage =
          pageOfType.has(named.name) ||
          (isAbstractType(named) && schema.getPossibleTypes(named).some(({ name }) => pageOfType.has(name))) ||
          pageOfType.has(named.name.replace(/(Connection|Edge)$/, ''));
        if (!reachesPage || pageGuardedFields.has(coordinate)) continue;
        // A page connection's edges and an edge's node read what the connection's guarded field admitted.
        const base = type.name.replace(/(Connection|Edge)$/, '');
        const handsOn =
          base !== type.name && pageOfType.has(base) && field.name === (type.name.endsWith('Edge') ? 'node' : 'edges');
        if (!(handsOn && field.resolve === undefined)) unguarded.push(coordinate);
      }
    }
    expect(unguarded).toEqual([]);
    expect(pageGuardedFields).toContain('Query.runs');
    expect(pageGuardedFields).toContain('Run.interface');
    expect(pageGuardedFields).toContain('Query.nodes');
  });

  it("a page's row that reaches its type by a field without the guard is an error, never data", async () => {
    const run = schema.getType('Run');
    if (!isObjectType(run)) throw new Error('no Run type');
    // A field that hands out a row with nothing in between, as a careless resolver would.
    const row = { id: '00000000-0000-4000-8000-000000000001', status: 'FAILED', client: { id: 'c' } };
    const leaky = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { leak: { type: run, resolve: () => row } } }),
    });
    const document = parse('{ leak { id status } }');
    const compiled = compileQuery(leaky, document);
    if (!('query' in compiled)) throw new Error('graphql-jit could not compile the document');
    for (const answer of [await compiled.query({}, {}, {}), await execute({ schema: leaky, document })]) {
      expect(answer.data).toEqual({ leak: null });
      expect(answer.errors?.map((error) => error.message)).toEqual([
        expect.stringContaining('Expected value of type "Run"'),
      ]);
    }
  });
});
