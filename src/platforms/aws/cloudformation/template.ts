import { get, isMap, scalarText, seqItems, str } from '../../../core/node.js';
import type { Loc, MapNode, Node } from '../../../core/types.js';
import type { App, EnvVar, Resource } from '../../../model/types.js';
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
