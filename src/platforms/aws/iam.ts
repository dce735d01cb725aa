import type { App, IamSource, IamStatement, Role } from '../../model/types.js';
import type { Node, Value } from '../../core/types.js';
import { getCI, seqItems, valueOf, values } from '../../core/node.js';
import { policyFromString } from './policy-string.js';
import { resourceRef } from './resource-ref.js';

/**
 * One IAM statement from its located node. Keys are matched case-insensitively (serverless.yml
 * accepts `effect`/`Effect`). Shared by every manifest builder so all formats yield the same shape.
 */
export function statementFromNode(node: Node, source: IamSource, app: App, functions: string[], role?: Role): IamStatement {
  return {
    effect: valueOf(getCI(node, 'Effect')),
    actions: values(getCI(node, 'Action')),
    notActions: values(getCI(node, 'NotAction')),
    resources: values(getCI(node, 'Resource')),
    notResources: values(getCI(node, 'NotResource')),
    principal: getCI(node, 'Principal') ?? null,
    notPrincipal: getCI(node, 'NotPrincipal') ?? null,
    condition: getCI(node, 'Condition') ?? null,
    loc: node.loc,
    source,
    functions,
    role,
    app,
    resourceRefs: seqItems(getCI(node, 'Resource')).map(resourceRef),
  };
}

/** Statements of a policy document node (`{Version, Statement: [...]}`) or a bare statement list. */
export function statementsFromDocument(
  doc: Node | undefined,
  source: IamSource,
  app: App,
  functions: string[],
  role?: Role,
): IamStatement[] {
  if (!doc) return [];
  // a policy written as JSON text (`!Sub '{"Statement": …}'`) is read as the document it holds
  if (doc.kind === 'scalar' || doc.kind === 'ref') doc = policyFromString(doc, doc.loc.file === app.doc.file ? app.doc.lines : []);
  if (!doc) return [];
  const list = doc.kind === 'seq' ? doc : getCI(doc, 'Statement');
  return seqItems(list)
    .filter((n) => n.kind === 'map')
    .map((n) => statementFromNode(n, source, app, functions, role));
}
