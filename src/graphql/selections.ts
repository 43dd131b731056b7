import { type FieldNode, type GraphQLResolveInfo, isObjectType, Kind, type SelectionSetNode } from 'graphql';

// What a request selects under a field, read from its document (through fragments), so that a page query reads
// and joins only what is asked for.

/**
 * The fields a request selects on `edges.node` of the connection being resolved, by name (through fragments too;
 * whatever the aliases, all occurrences of a name together). Lets a page query read and join what the nodes need.
 */
export function selectedNodeFields(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const add = (node: FieldNode) => {
    for (const field of subfields(info, [node])) {
      const name = field.name.value;
      fields.set(name, [...(fields.get(name) ?? []), field]);
    }
  };
  for (const connectionField of subfields(info, info.fieldNodes)) {
    if (connectionField.name.value !== 'edges') continue;
    for (const node of subfields(info, [connectionField])) if (node.name.value === 'node') add(node);
  }
  return fields;
}

/**
 * The fields a request selects on objects of `typeName` under these field nodes (e.g. `... on Run { status }`
 * under `nodes`), by name: fragments on another type are left out.
 */
export function fieldsSelectedOn(
  info: GraphQLResolveInfo,
  fieldNodes: readonly FieldNode[],
  typeName: string,
): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const applies = (condition: { name: { value: string } } | undefined) =>
    condition === undefined || condition.name.value === typeName || !isObjectTypeName(info, condition.name.value);
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        fields.set(selection.name.value, [...(fields.get(selection.name.value) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition)) visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition)) visit(fragment.selectionSet);
      }
    }
  };
  for (const field of fieldNodes) visit(field.selectionSet);
  return fields;
}

/** Whether a type condition names an object type (a fragment on an interface applies to all its objects). */
function isObjectTypeName(info: GraphQLResolveInfo, name: string): boolean {
  return isObjectType(info.schema.getType(name));
}

/** The fields selected under these field nodes, through inline fragments and fragment spreads. */
export function subfields(info: GraphQLResolveInfo, fieldNodes: readonly FieldNode[]): FieldNode[] {
  const found: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) found.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const field of fieldNodes) visit(field.selectionSet);
  return found;
}
