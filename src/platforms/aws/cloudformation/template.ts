import { get, isMap, scalarText, seqItems, str } from '../../../core/node.js';
import type { Loc, MapNode, Node } from '../../../core/types.js';
import type { App, EnvVar, Resource, Role } from '../../../model/types.js';
import { IntrinsicResolver } from './intrinsics.js';
import type { BuildContext } from '../../context.js';
/**
 * The index of one template while it is modelled, and after: its resources by logical id (as resolved),
 * the intrinsic resolver over its Parameters/Mappings/Conditions, and what is reported once. An explicit
 * object — built from the app, so queries after the build derive it again instead of keeping state.
 */

export class TemplateIndex {
  readonly template: Node | undefined;
  readonly resolver: IntrinsicResolver;
  readonly sam: boolean;
  /** resources by logical id: those the app already has, then each one `collectResource` adds */
  readonly resources = new Map<string, RawResource>();
  /** SAM `Globals.Function.Environment.Variables`, declared once per template */
  globalEnv: EnvVar[] | undefined;
  /** resolved SAM Globals sections, by section name */
  readonly globals = new Map<string, MapNode | null>();
  /** keys of template-wide problems already reported (each is reported once) */
  readonly warned = new Set<string>();

  /**
   * `resources`: the `Resources` map being added (a template's, or one part of serverless.yml's
   * `resources`); without it, the app's own template. `ctx` absent: a query after the build, which
   * reports nothing.
   */
  constructor(
    readonly app: App,
    readonly ctx: BuildContext | undefined,
    resources?: MapNode,
  ) {
    this.template = templateOf(app, resources);
    this.resolver = new IntrinsicResolver(this.template, { notice: (n) => this.ctx?.notice(n) });
    this.sam = app.origin === 'sam' || hasSamTransform(get(this.template, 'Transform'));
    for (const r of app.resources) this.resources.set(r.id, { id: r.id, type: r.type, props: r.properties, resource: r });
  }

  private readonly rolesById = new Map<string, Role>();
  private readonly rolesByName = new Map<string, Role>();
  /** roles whose resource was not indexed yet when they were seen: their RoleName is looked up again */
  private unnamed: Role[] = [];
  private seenRoles = 0;

  /** The app's first role with this logical id (a map, not a scan: a template can hold thousands). */
  roleById(id: string): Role | undefined {
    this.indexRoles();
    return this.rolesById.get(id);
  }

  /** The app's first role whose resource sets this `RoleName`. */
  roleByName(name: string): Role | undefined {
    this.indexRoles();
    if (this.unnamed.length) {
      const still: Role[] = [];
      for (const r of this.unnamed) if (!this.nameRole(r)) still.push(r);
      this.unnamed = still;
    }
    const hit = this.rolesByName.get(name);
    // the first role in app order, as a scan would find it (a role named late may precede it)
    return hit && this.unnamed.length === 0
      ? hit
      : this.app.roles.find((r) => str(get(this.resources.get(r.id)?.props, 'RoleName')) === name);
  }

  /** Roles are only ever appended to the app: the maps catch up on the new ones. */
  private indexRoles(): void {
    const roles = this.app.roles;
    for (; this.seenRoles < roles.length; this.seenRoles++) {
      const r = roles[this.seenRoles]!;
      if (!this.rolesById.has(r.id)) this.rolesById.set(r.id, r);
      if (!this.nameRole(r)) this.unnamed.push(r);
    }
  }

  /** Indexes a role by its RoleName; false when its resource is not known yet. */
  private nameRole(r: Role): boolean {
    const res = this.resources.get(r.id);
    if (!res) return false;
    const name = str(get(res.props, 'RoleName'));
    if (name !== undefined && !this.rolesByName.has(name)) this.rolesByName.set(name, r);
    return true;
  }
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** One resource of the template, as written and as resolved. */
export interface RawResource {
  id: string;
  type: string;
  /** properties as resolved (SAM: Globals merged first) */
  props: MapNode | null;
  resource: Resource;
}

/**
 * The map holding `Resources` and its siblings (Parameters, Mappings, Conditions, Globals): the
 * template root, or serverless.yml's `resources` section — a map, or a list of maps the framework
 * merges (their entries are concatenated; for a repeated section the last one counts, as `get` reads).
 */
function templateOf(app: App, resources: MapNode | undefined): Node | undefined {
  const root = app.root;
  if (app.origin === 'serverless') {
    const section = get(root, 'resources');
    if (isMap(section)) return section;
    const parts = serverlessResourceParts(section);
    if (parts.length) return { kind: 'map', entries: parts.flatMap((p) => p.entries), loc: parts[0]!.loc };
  } else if (!resources || get(root, 'Resources') === resources) {
    return root;
  }
  if (!resources) return undefined;
  return { kind: 'map', entries: [{ key: 'Resources', keyLoc: resources.loc, value: resources }], loc: resources.loc };
}

/** serverless.yml `resources:`: a map, or a list of maps the framework merges; its map parts. */
export function serverlessResourceParts(section: Node | undefined): MapNode[] {
  return seqItems(section).filter(isMap);
}

export function hasSamTransform(n: Node | undefined): boolean {
  return seqItems(n).some((t) => str(t) === SAM_TRANSFORM);
}

export function warn(ctx: BuildContext | undefined, message: string, loc: Loc): void {
  ctx?.notice({ id: 'parse-error', level: 'warning', message, loc });
}

/** A template-wide problem met once per resource it affects is reported once. */
export function warnOnce(st: TemplateIndex, key: string, message: string, loc: Loc): void {
  if (st.warned.has(key)) return;
  st.warned.add(key);
  warn(st.ctx, message, loc);
}

/** `Metadata: {sls-lint: {ignore: [{id, reason}] | [id]}}`. */
export function ignoresOf(st: TemplateIndex, id: string, node: MapNode): { id: string; reason?: string }[] {
  const cfg = get(node, 'Metadata', 'sls-lint');
  if (!cfg) return [];
  const list = isMap(cfg) ? get(cfg, 'ignore') : cfg;
  if (!list) return [];
  const out: { id: string; reason?: string }[] = [];
  for (const item of seqItems(list)) {
    const s = str(item);
    if (s) {
      out.push({ id: s.trim() });
      continue;
    }
    const ruleId = str(get(item, 'id'));
    if (isMap(item) && ruleId) {
      const reason = scalarText(get(item, 'reason'));
      out.push(reason === undefined ? { id: ruleId.trim() } : { id: ruleId.trim(), reason });
      continue;
    }
    warn(st.ctx, `Metadata sls-lint ignore of "${id}": expected a rule id or {id, reason}`, item.loc);
  }
  return out;
}
