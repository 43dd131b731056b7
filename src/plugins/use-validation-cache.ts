import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Validation results kept per parsed document (yoga keeps the documents: its parse cache, on with
 * `validationCache: false`). Yoga's own validation cache also keys them by the names of the rules, which it reads
 * and joins on every request: about 8 µs of a viewer query (some 30 rules, a key of 600 characters). Every rule
 * here is the same for every request and caller (graphql-js's, graphql-armor's with fixed limits,
 * useKnownOperationTypes), so the document alone decides the result. A rule that depends on the caller must not be
 * added without changing this key.
 */
export function useValidationCache(): Plugin {
  const results = new WeakMap<DocumentNode, readonly Error[]>();
  return {
    onValidate({ params: { documentAST }, setResult }) {
      const known = results.get(documentAST);
      if (known) {
        setResult(known);
        return;
      }
      return ({ result }) => {
        results.set(documentAST, result);
      };
    },
  };
}
