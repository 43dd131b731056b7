import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges, getNamedType, isObjectType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PAGES } from '../src/core/pages.js';
import { pageOfType } from '../src/graphql/page-types.js';
import { printedSchema, schema } from '../src/graphql/schema.js';

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
  it('every page has an object type registered with its guard', () => {
    expect(new Set(pageOfType.values())).toEqual(new Set(PAGES));
    for (const [typeName, page] of pageOfType) {
      const type = schema.getType(typeName);
      const options = type?.extensions?.pothosOptions as { authScopes?: unknown } | undefined;
      expect(typeof options?.authScopes, `${typeName} (page ${page}) has a type-level guard`).toBe('function');
    }
  });

  it("every field that leads to a page's type from elsewhere requires that page", () => {
    const unguarded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const target = getNamedType(field.type).name.replace(/(Connection|Edge)$/, '');
        const page = pageOfType.get(target);
        if (!page || pageOfType.get(type.name) === page || `${target}Connection` === type.name) continue;
        if (`${target}Edge` === type.name) continue;
        const scopes = field.extensions?.pothosOptions as { authScopes?: { page?: string } } | undefined;
        if (scopes?.authScopes?.page !== page) unguarded.push(`${type.name}.${field.name} -> ${page}`);
      }
    }
    expect(unguarded).toEqual([]);
  });
});
