/** Where the project lives; rule documentation is linked from every output. */
export const PROJECT_URL = 'https://github.com/sls-lint/sls-lint';

/** The README of a rule, as a link. */
export function ruleHelpUri(id: string): string {
  return `${PROJECT_URL}/blob/main/rules/${id}/README.md`;
}
