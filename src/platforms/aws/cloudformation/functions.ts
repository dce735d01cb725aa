import { get, isMap, str, toValue, valueOf, values } from '../../../core/node.js';
import type { Loc, MapNode, Node, Value } from '../../../core/types.js';
import type { EnvVar, Fn, Origin } from '../../../model/types.js';
import { roleFromValue } from './references.js';
import { attachRole } from './roles.js';
import { TemplateIndex, warn, type RawResource } from './template.js';
/** `AWS::Lambda::Function` as a provider-neutral `Fn`, and what SAM functions share with it. */

export function newFn(st: TemplateIndex, rr: RawResource, origin: Origin, props: MapNode): Fn {
  const arch = get(props, 'Architectures');
  const fn: Fn = {
    name: str(get(props, 'FunctionName')) ?? rr.id,
    id: rr.id,
    origin,
    platform: 'aws',
    app: st.app,
    loc: rr.resource.idLoc,
    node: props,
    runtime: valueOf(get(props, 'Runtime')),
    architecture: arch?.kind === 'seq' ? valueOf(arch.items[0]) : valueOf(arch),
    memory: valueOf(get(props, 'MemorySize')),
    timeout: valueOf(get(props, 'Timeout')),
    reservedConcurrency: valueOf(get(props, 'ReservedConcurrentExecutions')),
    entry: null,
    env: [],
    events: [],
    role: null,
    layers: values(get(props, 'Layers')) ?? [],
    url: null,
    tracing: null,
    logRetention: null,
  };
  st.app.functions.push(fn);
  return fn;
}

export function envValue(n: Node): Value | Node {
  return n.kind === 'scalar' || n.kind === 'ref' ? toValue(n) : n;
}

function sameLoc(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The function's own `Environment.Variables` (scope 'function'); globals ones are matched by location. */
export function addEnv(st: TemplateIndex, fn: Fn, props: MapNode, globals: EnvVar[]): void {
  const vars = get(props, 'Environment', 'Variables');
  if (!vars) return;
  if (!isMap(vars)) {
    if (vars.kind !== 'ref') warn(st.ctx, `"Environment.Variables" of "${fn.id}" must be a map`, vars.loc);
    return;
  }
  for (const e of vars.entries) {
    const g = globals.find((v) => v.name === e.key && sameLoc(v.nameLoc, e.keyLoc));
    if (g) {
      if (!g.functions.includes(fn.name)) g.functions.push(fn.name);
      fn.env.push(g);
      continue;
    }
    const v: EnvVar = { name: e.key, nameLoc: e.keyLoc, value: envValue(e.value), scope: 'function', functions: [fn.name], app: st.app };
    st.app.envVars.push(v);
    fn.env.push(v);
  }
}

/** A scalar/ref property as a Value; maps (an S3 location) and lists are not a local path. */
export function pathValue(n: Node | undefined): Value | undefined {
  return n && (n.kind === 'scalar' || n.kind === 'ref') ? toValue(n) : undefined;
}

export function buildLambdaFunction(st: TemplateIndex, rr: RawResource): void {
  const props = rr.props ?? { kind: 'map', entries: [], loc: rr.resource.node.loc };
  const fn = newFn(st, rr, 'cloudformation', props);
  const code = get(props, 'Code');
  const handler = get(props, 'Handler');
  if (handler && str(get(props, 'PackageType')) !== 'Image' && !get(code, 'ImageUri')) {
    fn.entry = { kind: 'handler', text: toValue(handler) };
    const inline = pathValue(get(code, 'ZipFile'));
    if (inline) fn.entry.inlineCode = inline;
  }
  fn.tracing = valueOf(get(props, 'TracingConfig', 'Mode'));
  addEnv(st, fn, props, []);
  const role = roleFromValue(st, get(props, 'Role'));
  if (role) attachRole(fn, role);
}
