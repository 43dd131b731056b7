/**
 * The data areas of the platform. A user holds rights per page; an API token grants read access per page.
 * Adding a page: one entry here, then its GraphQL module registered in src/graphql/pages.ts.
 */
export const PAGES = ['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'] as const;
export type Page = (typeof PAGES)[number];

export function isPage(value: string): value is Page {
  return (PAGES as readonly string[]).includes(value);
}
