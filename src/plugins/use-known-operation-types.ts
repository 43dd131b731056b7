import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Refuses an operation of a type the schema does not have (it has no subscriptions) at validation: HTTP 400 with
 * BAD_REQUEST, where graphql-js would only fail while executing it.
 */
export function useKnownOperationTypes(): Plugin {
  const rule = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: null }[
        node.operation
      ];
      if (root) return;
      context.reportError(
        new GraphQLError(`This API has no ${node.operation} operations; send a query or a mutation.`, {
          nodes: node,
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        }),
      );
    },
  });
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}
