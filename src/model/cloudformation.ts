import type { App, Document, MapNode, Node, Role } from './types.js';
import type { BuildContext } from './context.js';

/** Builds an App from a SAM or CloudFormation template document. */
export function buildCloudFormationApp(doc: Document, ctx: BuildContext): App | null {
  void doc;
  void ctx;
  return null;
}

/**
 * Adds raw CloudFormation resources (serverless.yml `resources.Resources`, or a template's) to an app:
 * resources, roles, statements, Lambda permissions/URLs, resource policies.
 */
export function addCloudFormationResources(app: App, resources: MapNode, ctx: BuildContext): void {
  void app;
  void resources;
  void ctx;
}

/** The role a `Role`/`role` value points at (`!GetAtt R.Arn`, `!Ref R`, `{'Fn::GetAtt': [R, Arn]}`, a logical id). */
export function findRoleByRef(app: App, node: Node | undefined): Role | undefined {
  void app;
  void node;
  return undefined;
}
