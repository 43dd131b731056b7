import {
  defaultFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { badUserInput } from '../core/errors.js';
import { isUuid } from '../core/ids.js';

type Check = (value: unknown, field: string) => void;

/**
 * Every String and ID a caller passes (arguments, their lists and input objects, at any depth) is checked before
 * any resolver or guard sees it, so no resolver can forget it:
 * - no NUL character: PostgreSQL text cannot hold one (and the driver would take it for a broken connection);
 * - an ID is a UUID: every id of this API is one, and anything else is refused before it reaches SQL.
 * Either answers BAD_USER_INPUT naming the argument (or input field) in `extensions.field`, never quoting it.
 */
export function guardStringArguments(schema: GraphQLSchema): void {
  const checks = new Map<GraphQLInputType, Check | null>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const guarded = field.args.flatMap((arg) => {
        const check = checkOf(arg.type, checks);
        return check ? [[arg.name, check] as const] : [];
      });
      if (guarded.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        for (const [name, check] of guarded) check(args[name], name);
        return resolve(source, args, context, info);
      };
    }
  }
}

/** The check of a value of this input type, or null when it holds no String or ID. */
function checkOf(type: GraphQLInputType, memo: Map<GraphQLInputType, Check | null>): Check | null {
  if (memo.has(type)) return memo.get(type) ?? null;
  memo.set(type, null); // input types may refer to themselves
  let check: Check | null = null;
  if (isNonNullType(type)) check = checkOf(type.ofType, memo);
  else if (isListType(type)) {
    const item = checkOf(type.ofType, memo);
    if (item) {
      check = (value, field) => {
        for (const each of Array.isArray(value) ? value : [value]) item(each, field);
      };
    }
  } else if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).flatMap((inner) => {
      const innerCheck = checkOf(inner.type, memo);
      return innerCheck ? [[inner.name, innerCheck] as const] : [];
    });
    if (fields.length > 0) {
      check = (value) => {
        if (value === null || typeof value !== 'object') return;
        for (const [name, innerCheck] of fields) innerCheck((value as Record<string, unknown>)[name], name);
      };
    }
  } else if (isScalarType(type) && (type.name === 'String' || type.name === 'ID')) {
    const id = type.name === 'ID';
    check = (value, field) => {
      if (typeof value !== 'string') return;
      if (value.includes('\u0000')) throw badUserInput(`"${field}" may not contain a NUL character.`, field);
      if (id && !isUuid(value)) throw badUserInput(`"${field}" is not an id: ids are UUIDs.`, field);
    };
  }
  memo.set(type, check);
  return check;
}
