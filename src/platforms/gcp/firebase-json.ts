import { posix } from 'node:path';
import { get, isMap, mapEntries, seqItems, str, toValue, valueOf } from '../../core/node.js';
import type { Document, Loc, Node } from '../../core/types.js';
import type { App, EnvVar, GcpCodebase } from '../../model/types.js';
import type { BuildContext } from '../context.js';
import { LineIndex } from '../../core/loc.js';
import { parseDotenv } from '../../knowledge/secrets/scan.js';
import { newGcpApp } from './model.js';

/**
 * `firebase.json`: the `functions` codebases (`source` folder, default `functions`; `codebase`;
 * `runtime`), each read through its `package.json` (`main`, default `index.js`; the firebase-functions
 * version; `engines.node`) and its `.runtimeconfig.json` (the values `functions.config()` returns
 * in the emulator and, through `firebase functions:config:set`, in 1st gen deployments). The
 * functions themselves are found in code when the entries are asked for (see `code.ts`).
 * `hosting.rewrites` naming a function say the function is served on the site at that path.
 */
export function buildFirebaseJson(doc: Document, ctx: BuildContext): App | null {
  const root = doc.root;
  if (!isMap(root)) return null;
  const app = newGcpApp(
    doc,
    root,
    'firebase',
    posix.basename(posix.dirname(doc.file)) === '.' ? 'firebase' : posix.basename(posix.dirname(doc.file)),
  );
  const functions = get(root, 'functions');
  const list = functions?.kind === 'seq' ? functions.items : functions ? [functions] : [];
  const codebases: GcpCodebase[] = [];
  for (const cb of list) {
    if (!isMap(cb)) continue;
    const source = str(get(cb, 'source')) ?? 'functions';
    const dir = posix.normalize(posix.join(app.dir || '.', source));
    if (posix.isAbsolute(dir) || (ctx.inside ? !ctx.inside(dir) : dir.startsWith('../'))) continue;
    const pkg = ctx.loadDocument(`${dir}/package.json`);
    const main = str(get(pkg?.root, 'main')) ?? 'index.js';
    const mainPath = posix.normalize(posix.join(dir, main.replace(/^\.\//, ''))).replace(/\.(c|m)?js$/, '');
    if (ctx.inside ? !ctx.inside(mainPath) : mainPath.startsWith('../')) continue;
    const version = str(get(pkg?.root, 'dependencies', 'firebase-functions'));
    const major = version ? /(\d+)/.exec(version)?.[1] : undefined;
    const runtime = valueOf(get(cb, 'runtime')) ?? valueOf(get(pkg?.root, 'engines', 'node'));
    const codebase: GcpCodebase = {
      name: str(get(cb, 'codebase')) ?? 'default',
      dir,
      main: mainPath,
      runtime,
      ...(major !== undefined ? { sdkMajor: Number(major) } : {}),
      env: [...runtimeConfig(app, dir, ctx), ...dotenvFiles(app, dir, ctx)],
      loc: (get(cb, 'source') ?? cb).loc,
    };
    codebases.push(codebase);
  }
  app.gcp = { codebases };
  return app;
}

/**
 * `.runtimeconfig.json` of a functions folder: `{ "stripe": { "key": "…" } }` is what
 * `functions.config().stripe.key` returns; each leaf becomes a variable named by its path.
 */
function runtimeConfig(app: App, dir: string, ctx: BuildContext): EnvVar[] {
  const doc = ctx.loadDocument(`${dir}/.runtimeconfig.json`);
  if (!doc) return [];
  const out: EnvVar[] = [];
  const visit = (n: Node | undefined, prefix: string, depth: number) => {
    for (const e of mapEntries(n)) {
      const name = prefix ? `${prefix}.${e.key}` : e.key;
      if (isMap(e.value) && depth < 6) visit(e.value, name, depth + 1);
      else if (e.value.kind === 'scalar' || e.value.kind === 'ref')
        out.push({ name, nameLoc: e.keyLoc, value: toValue(e.value), scope: 'provider', functions: [], app });
    }
  };
  visit(doc.root ?? undefined, '', 0);
  app.envVars.push(...out);
  return out;
}

/** `.env`, `.env.<project id>`, `.env.<alias>` — not `.env.local`, which only the emulator loads, nor the samples. */
const DEPLOYED_DOTENV = /^\.env(\.(?!local$|example$|sample$|template$|dist$|defaults?$|schema$)[\w-]+)?$/i;

/**
 * The `.env` files of a functions folder that the Firebase CLI deploys: `.env` for every project and
 * `.env.<project id or alias>` for that one, each `KEY=value` set as a plain environment variable of
 * every function of the codebase (secrets belong in `defineSecret`). Only files the run discovered are
 * read (a git-ignored `.env` is not), and each stays a `.env` file of its own for the dotenv rules.
 */
function dotenvFiles(app: App, dir: string, ctx: BuildContext): EnvVar[] {
  const out: EnvVar[] = [];
  if (!ctx.readDotenv || !ctx.listFiles) return out;
  for (const name of ctx
    .listFiles(dir)
    .filter((n) => DEPLOYED_DOTENV.test(n))
    .sort()) {
    const file = dir === '.' || dir === '' ? name : `${dir}/${name}`;
    const text = ctx.readDotenv(file);
    if (text === null) continue;
    const index = new LineIndex(text);
    for (const e of parseDotenv(text)) {
      const value = index.loc(file, e.valueStart, e.valueEnd);
      out.push({
        name: e.name,
        nameLoc: index.loc(file, e.nameStart, e.nameStart + e.name.length),
        value:
          /\$\{?\w/.test(e.raw) && e.quote !== "'"
            ? { kind: 'ref', text: e.raw, loc: value }
            : { kind: 'literal', value: e.value, loc: value },
        scope: 'provider',
        functions: [],
        app,
      });
    }
  }
  app.envVars.push(...out);
  return out;
}

/** `hosting.rewrites` (one site or a list) that send a path to a function: function name → the rewrite's `source`. */
export function hostingRewrites(root: Node): Map<string, { source: string; loc: Loc }> {
  const out = new Map<string, { source: string; loc: Loc }>();
  const hosting = get(root, 'hosting');
  for (const site of hosting?.kind === 'seq' ? hosting.items : hosting ? [hosting] : [])
    for (const r of seqItems(get(site, 'rewrites'))) {
      const fnNode = get(r, 'function');
      const name = str(fnNode) ?? str(get(fnNode, 'functionId'));
      const source = get(r, 'source') ?? get(r, 'regex');
      if (name && source && str(source) !== undefined) out.set(name, { source: str(source)!, loc: source.loc });
    }
  return out;
}
