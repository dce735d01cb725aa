import { get, str } from '../../core/node.js';
import type { Node } from '../../core/types.js';
import type { ResourceRef } from '../../model/types.js';
import { getAttTarget, intrinsic, refName, subVariables } from './cloudformation/intrinsics.js';

/**
 * A manifest value as the resource it names (see `ResourceRef`): literals as written, `Ref`,
 * `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` (long form, short tags, or already resolved into `${…}`
 * text) written in `Fn::Sub` syntax. Anything else is unreadable: `text` undefined.
 */
export function resourceRef(n: Node): ResourceRef {
  const text = subText(n, 0);
  const ids = text
    ? subVariables(text)
        .map((v) => v.name)
        .filter((id) => !id.startsWith('AWS::'))
    : [];
  return text === undefined ? { ids, loc: n.loc } : { text, ids, loc: n.loc };
}

function subText(n: Node | undefined, depth: number): string | undefined {
  if (!n || depth > 8) return undefined;
  if (n.kind === 'scalar') return n.value === null ? undefined : String(n.value);
  const r = refName(n);
  if (r) return '${' + r + '}';
  const g = getAttTarget(n);
  if (g) return '${' + g.id + '.' + g.attr + '}';
  if (n.kind === 'ref') return n.text.startsWith('!') ? undefined : n.text;
  const i = intrinsic(n);
  if (i?.name === 'Fn::Sub') {
    const tmpl = str(i.arg.kind === 'seq' ? i.arg.items[0] : i.arg);
    if (tmpl === undefined) return undefined;
    const vars = i.arg.kind === 'seq' ? i.arg.items[1] : undefined;
    let unknown = false;
    const out = tmpl.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
      const v = get(vars, name.trim());
      if (!v) return whole;
      const s = subText(v, depth + 1);
      if (s === undefined) unknown = true;
      return s ?? whole;
    });
    return unknown ? undefined : out;
  }
  if (i?.name === 'Fn::Join' && i.arg.kind === 'seq' && i.arg.items.length === 2) {
    const delim = str(i.arg.items[0]);
    const list = i.arg.items[1]!;
    if (delim === undefined || list.kind !== 'seq') return undefined;
    const parts = list.items.map((p) => subText(p, depth + 1));
    return parts.every((p) => p !== undefined) ? parts.join(delim) : undefined;
  }
  return undefined;
}

/**
 * The refs of a statement expanded from a SAM policy template, with the template's parameters
 * (`${BucketName}`) replaced by what their values name (`BucketName: !Ref Uploads` → `${Uploads}`).
 */
export function withTemplateParams(refs: ResourceRef[] | undefined, params: Node | null): ResourceRef[] | undefined {
  if (!refs || !params || params.kind !== 'map') return refs;
  return refs.map((r) => {
    if (r.text === undefined) return r;
    let unknown = false;
    const text = r.text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
      const v = get(params, name);
      if (!v) return whole;
      const s = subText(v, 0);
      if (s === undefined) unknown = true;
      return s ?? whole;
    });
    if (unknown) return { ids: [], loc: r.loc };
    const ids = subVariables(text)
      .map((v) => v.name)
      .filter((id) => !id.startsWith('AWS::'));
    return { text, ids, loc: r.loc };
  });
}
