import { posix } from 'node:path';
import { LineIndex } from '../../core/loc.js';
import { get, isMap, mapEntries } from '../../core/node.js';
import type { Document, Loc, MapEntry, MapNode, Node } from '../../core/types.js';
import type { App, EnvVar, EventCategory, FnEvent, GcpBinding } from '../../model/types.js';
import type { TextManifest } from '../types.js';
import { applyOptions, newGcpApp, newGcpFn, textDocument } from './model.js';

/**
 * Deploy commands written in scripts: shell scripts, Makefiles, CI workflows and Cloud Build
 * configs (`args: ['functions', 'deploy', …]`). Each `gcloud functions deploy NAME …` becomes a
 * function whose options are its flags; `gcloud … add-iam-policy-binding` lines become bindings.
 * Nothing is run: `$VAR` and `$(…)` in a value make it a reference, not a literal.
 */

/** A word of a command; `offs[k]` is the text offset of its `k`th character (quotes are not in the word). */
interface Token {
  text: string;
  start: number;
  end: number;
  offs: number[];
}

/** Characters `from`..`to` of a word as a token of their own. */
function sub(t: Token, from: number, to = t.text.length): Token {
  const offs = t.offs.slice(from, to);
  const start = offs[0] ?? t.end;
  return { text: t.text.slice(from, to), start, end: offs.length ? offs[offs.length - 1]! + 1 : start, offs };
}

/** Does the text hold a command this module reads? (for detection, on the file's head) */
export function hasGcloudCommand(text: string): boolean {
  return (
    /gcloud\b[^\n]*\b(functions|run|projects)\b/.test(text) ||
    /['"]functions['"]\s*,\s*['"](deploy|add-iam-policy-binding|add-invoker-policy-binding)['"]/.test(text) ||
    /^\s*-\s*(add-iam-policy-binding|add-invoker-policy-binding)\s*$/m.test(text)
  );
}

/** The words of the text with their offsets, one command per list; quotes, list brackets and commas of YAML dropped. */
function commands(text: string, yaml: boolean): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  const flush = () => {
    if (cur.length) out.push(cur);
    cur = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '\n') {
      // in YAML a command goes on over list items (`- deploy`) and a flow list's lines
      const rest = text.slice(i + 1, i + 200);
      // (but not over a list item that is a map of its own, such as a workflow's next `- run:` step)
      if (!(yaml && /^\s*(-\s|['"]?--|['"][^'"\n]*['"]\s*,|\])/.test(rest) && !/^\s*-\s+[\w.-]+:(\s|$)/.test(rest))) flush();
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '|' || (c === '&' && text[i + 1] === '&')) {
      flush();
      i += c === '&' ? 2 : 1;
      continue;
    }
    if (/\s/.test(c) || (yaml && (c === '[' || c === ']' || c === ','))) {
      i++;
      continue;
    }
    // a word: quoted parts joined, offsets of the unquoted value
    const offs: number[] = [];
    let word = '';
    while (i < text.length && !/\s/.test(text[i]!) && !(yaml && (text[i] === ',' || text[i] === ']')) && text[i] !== ';') {
      const q = text[i]!;
      if (q === '"' || q === "'") {
        const end = text.indexOf(q, i + 1);
        const stop = end < 0 ? text.length : end;
        for (let k = i + 1; k < stop; k++) offs.push(k);
        word += text.slice(i + 1, stop);
        i = stop + 1;
        continue;
      }
      offs.push(i);
      word += q;
      i++;
    }
    if ((yaml && word === '-') || !offs.length) continue;
    cur.push({ text: word, start: offs[0]!, end: offs[offs.length - 1]! + 1, offs });
  }
  flush();
  return out;
}

const BOOLEAN_FLAGS = new Set([
  'allow-unauthenticated',
  'no-allow-unauthenticated',
  'trigger-http',
  'gen2',
  'no-gen2',
  'retry',
  'quiet',
  'async',
]);

/** A command's flags: `--name=value`, `--name value`, boolean flags; the positional words before them. */
function flagsOf(tokens: Token[]): { positional: Token[]; flags: Map<string, { flag: Token; value?: Token }> } {
  const positional: Token[] = [];
  const flags = new Map<string, { flag: Token; value?: Token }>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(t.text);
    if (!m) {
      positional.push(t);
      continue;
    }
    const name = m[1]!;
    if (m[2] !== undefined) {
      flags.set(name, { flag: sub(t, 0, 2 + name.length), value: sub(t, 3 + name.length) });
    } else if (!BOOLEAN_FLAGS.has(name) && tokens[i + 1] && !tokens[i + 1]!.text.startsWith('--')) {
      flags.set(name, { flag: t, value: tokens[++i]! });
    } else flags.set(name, { flag: t });
  }
  return { positional, flags };
}

/** Flags as the option keys the model reads (`applyOptions`), others under their own name. */
const OPTION_KEYS: Record<string, string> = {
  'max-instances': 'maxInstances',
  'min-instances': 'minInstances',
  concurrency: 'concurrency',
  'ingress-settings': 'ingressSettings',
  'service-account': 'serviceAccount',
  'run-service-account': 'serviceAccount',
  memory: 'memory',
  timeout: 'timeoutSeconds',
};

const TRIGGERS: [string, EventCategory][] = [
  ['trigger-http', 'http'],
  ['trigger-topic', 'pubsub'],
  ['trigger-bucket', 'storage'],
  ['trigger-event-filters', 'other'],
  ['trigger-event', 'other'],
];

/** A value written with shell expansion (`$VAR`, `${X}`, `$(cmd)`) is not known. */
function scalar(t: Token, loc: Loc): Node {
  return /\$/.test(t.text) ? { kind: 'ref', text: t.text, loc } : { kind: 'scalar', value: t.text, loc };
}

export function buildDeployScript(file: TextManifest): App | null {
  const yaml = /\.ya?ml$/i.test(file.path);
  const index = new LineIndex(file.text);
  const doc = textDocument(file.path, file.lines, file.comments);
  file.lines.forEach((l, n) => {
    const m = /(?:^|\s)#(.*)$/.exec(l);
    if (m) file.comments.set(n + 1, m[1]!.trim());
  });
  const app = newGcpApp(doc, doc.root as MapNode, 'gcloud', file.path);
  const bindings: GcpBinding[] = [];
  readCommands(app, bindings, file.text, yaml, (t) => index.loc(file.path, t.start, t.end), dirOf(file.path));
  return finish(app, bindings);
}

/**
 * The `scripts` of a `package.json` (`"deploy": "tsc && gcloud functions deploy api --trigger-http
 * --allow-unauthenticated"`), each read as a command line: npm runs it from the package's folder,
 * which is where `--source` is taken from. The words are located in the JSON text (escapes such as
 * `\"` taken into account), so findings point into the string.
 */
export function buildPackageScripts(doc: Document): App | null {
  if (!isMap(doc.root)) return null;
  const app = newGcpApp(doc, doc.root, 'gcloud', doc.file);
  const bindings: GcpBinding[] = [];
  for (const e of mapEntries(get(doc.root, 'scripts'))) {
    const v = e.value;
    if (v.kind !== 'scalar' || typeof v.value !== 'string' || v.loc.line !== v.loc.endLine) continue;
    const decoded = jsonStringPositions(doc.lines[v.loc.line - 1] ?? '', v.loc.column - 1, v.loc.endColumn - 1);
    if (!decoded || !hasGcloudCommand(decoded.text)) continue;
    const { text, cols } = decoded;
    const loc = (t: { start: number; end: number }): Loc => ({
      file: doc.file,
      line: v.loc.line,
      column: (cols[t.start] ?? cols[cols.length - 1]!) + 1,
      endLine: v.loc.line,
      endColumn: t.end > t.start ? cols[t.end - 1]! + 2 : (cols[t.start] ?? 0) + 1,
    });
    readCommands(app, bindings, text, false, loc, dirOf(doc.file));
  }
  return finish(app, bindings);
}

/** A JSON string token (`"…"` from `from` to `to` of a line) as its value, with the line's 0-based column of each character. */
function jsonStringPositions(line: string, from: number, to: number): { text: string; cols: number[] } | null {
  if (line[from] !== '"' || line[to - 1] !== '"') return null;
  let text = '';
  const cols: number[] = [];
  const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
  for (let i = from + 1; i < to - 1; i++) {
    const c = line[i]!;
    if (c !== '\\') {
      text += c;
      cols.push(i);
      continue;
    }
    const n = line[i + 1] ?? '';
    if (n === 'u') {
      text += String.fromCharCode(parseInt(line.slice(i + 2, i + 6), 16) || 0);
      cols.push(i);
      i += 5;
    } else {
      text += ESC[n] ?? n;
      cols.push(i);
      i++;
    }
  }
  return { text, cols };
}

function dirOf(file: string): string {
  return posix.dirname(file) === '.' ? '' : posix.dirname(file);
}

function finish(app: App, bindings: GcpBinding[]): App | null {
  linkPublicBindings(app, bindings);
  app.gcp = { bindings };
  return app.functions.length || bindings.length ? app : null;
}

/** The `gcloud` commands of a text: deployed functions into `app`, IAM bindings into `bindings`. */
function readCommands(
  app: App,
  bindings: GcpBinding[],
  text: string,
  yaml: boolean,
  loc: (t: { start: number; end: number }) => Loc,
  dir: string,
): void {
  for (const cmd of commands(text, yaml)) {
    // the words after `gcloud` (a Cloud Build step's args start at `functions`)
    // gcloud run as the command (after `VAR=x`, `sudo`, a YAML key, a Makefile's `@`), not an argument of `echo`
    const g = cmd.findIndex((t) => /^[@-]*([^\s]*\/)?gcloud$/.test(t.text));
    if (g > 0 && !cmd.slice(0, g).every((t) => COMMAND_PREFIX.test(t.text))) continue;
    const args = yaml && cmd[0]?.text === 'args:' ? cmd.slice(1) : cmd;
    const words = g >= 0 ? cmd.slice(g + 1) : yaml && /^(functions|projects|run|beta|alpha)$/.test(args[0]?.text ?? '') ? args : [];
    const rest = words[0] && /^(alpha|beta)$/.test(words[0].text) ? words.slice(1) : words;
    // `gcloud run services VERB`: the resource type is a word of its own
    const nested = rest[0]?.text === 'run' && rest[1]?.text === 'services' ? 1 : 0;
    const [group, verb] = [rest[0]?.text, rest[1 + nested]?.text];
    if (!group || !verb) continue;
    const { positional, flags } = flagsOf(rest.slice(2 + nested));
    const target = positional[0];
    // `add-invoker-policy-binding` (2nd gen functions) grants the Cloud Run invoker role of the function's service
    const invokerVerb = group === 'functions' && verb === 'add-invoker-policy-binding';
    if ((verb === 'add-iam-policy-binding' || invokerVerb) && target) {
      const member = flags.get('member')?.value;
      const role = invokerVerb ? rest[1 + nested]! : flags.get('role')?.value;
      if (member && role) {
        const b: GcpBinding = {
          target: group === 'projects' ? 'project' : group === 'functions' ? 'function' : 'service',
          name: target.text,
          member: { kind: 'literal', value: member.text, loc: loc(member) },
          role: { kind: 'literal', value: invokerVerb ? 'roles/run.invoker' : role.text, loc: loc(role) },
          loc: loc({ start: rest[0]!.start, end: Math.max(role.end, member.end) }),
        };
        const everyone = publicMember(member.text);
        if (everyone && b.target !== 'project' && INVOKER_ROLES.test(String(b.role.kind === 'literal' ? b.role.value : '')))
          b.publicInvoker = everyone;
        bindings.push(b);
      }
      continue;
    }
    if (group !== 'functions' || verb !== 'deploy' || !target) continue;
    addDeployed(app, target, flags, loc, dir);
  }
}

/** Words that may come before the command on its line: assignments, `sudo`/`env`/`time`, shell keywords, a YAML key (`run:`). */
const COMMAND_PREFIX = /^([A-Za-z_]\w*=.*|sudo|env|time|exec|command|nohup|then|do|else|\(|\{|!|[\w.-]+:|-)$/;

/** Roles whose permissions include invoking a function (`cloudfunctions.functions.invoke`, `run.routes.invoke`). */
const INVOKER_ROLES = /^roles\/(cloudfunctions\.(invoker|developer|admin)|run\.(invoker|developer|admin|servicesInvoker))$/;

/** `allUsers` / `allAuthenticatedUsers` (the principal identifiers gcloud takes, in any case). */
function publicMember(member: string): GcpBinding['publicInvoker'] {
  const m = member.trim().toLowerCase();
  return m === 'allusers' ? 'allUsers' : m === 'allauthenticatedusers' ? 'allAuthenticatedUsers' : undefined;
}

/**
 * A public invoker binding on a function the same script deploys makes that function public, as
 * `--allow-unauthenticated` would: `functions …` by its name, `run services …` by the Cloud Run
 * service of a 2nd gen function (the function's name in lower case).
 */
function linkPublicBindings(app: App, bindings: GcpBinding[]): void {
  for (const b of bindings) {
    if (!b.publicInvoker) continue;
    const fn = app.functions.find((f) => (b.target === 'function' ? f.name === b.name : f.name.toLowerCase() === b.name.toLowerCase()));
    if (!fn?.gcp) continue;
    b.fn = fn.name;
    fn.gcp.publicBinding ??= b;
    for (const ev of fn.events) if (ev.category === 'http' && ev.auth === 'iam') ev.auth = 'none';
  }
}

function addDeployed(
  app: App,
  name: Token,
  flags: Map<string, { flag: Token; value?: Token }>,
  loc: (t: { start: number; end: number }) => Loc,
  dir: string,
): void {
  const nameLoc = loc(name);
  const entries: MapEntry[] = [];
  for (const [flag, { flag: f, value }] of flags) {
    const key = OPTION_KEYS[flag] ?? flag;
    const node: Node = value ? scalar(value, loc(value)) : { kind: 'scalar', value: true, loc: loc(f) };
    entries.push({ key, keyLoc: loc(f), value: node });
  }
  const unauth = flags.get('allow-unauthenticated');
  // `--allow-unauthenticated` grants allUsers the invoker role: the v2 option `invoker: 'public'`
  if (unauth) entries.push({ key: 'invoker', keyLoc: loc(unauth.flag), value: { kind: 'scalar', value: 'public', loc: loc(unauth.flag) } });
  const options: MapNode = { kind: 'map', entries, loc: nameLoc };
  const runtime = flags.get('runtime')?.value;
  const fn = newGcpFn(app, name.text, nameLoc, options, runtime ? { kind: 'literal', value: runtime.text, loc: loc(runtime) } : null);
  const gen2 = flags.has('gen2') || (!flags.has('no-gen2') && undefined);
  const facts = applyOptions(fn, options, nameLoc, gen2 ? 2 : flags.has('no-gen2') ? 1 : undefined);
  const secrets = flags.get('set-secrets')?.value;
  if (secrets) facts.secrets.push({ kind: 'literal', value: secrets.text, loc: loc(secrets) });
  // events: the trigger flag, or HTTP (the default trigger of a 2nd gen function)
  const trig = TRIGGERS.find(([f]) => flags.has(f));
  const category: EventCategory = trig ? trig[1] : 'http';
  const at = trig ? flags.get(trig[0])!.flag : name;
  const ev: FnEvent = {
    category,
    service: category === 'http' ? 'gcpHttp' : 'other',
    raw: trig ? `--${trig[0]}` : 'gcloud functions deploy',
    loc: loc(at),
    node: options,
    auth: category !== 'http' ? 'private' : unauth ? 'none' : 'iam',
    path: { kind: 'literal', value: `/${name.text}`, loc: nameLoc },
    fn,
  };
  fn.events.push(ev);
  for (const flag of ['set-env-vars', 'update-env-vars']) {
    const v = flags.get(flag)?.value;
    if (v) fn.env.push(...envVars(app, v, loc, fn.name));
  }
  // the code: `--source` (default: the folder the command runs in, taken as the script's) and `--entry-point`
  const source = flags.get('source')?.value;
  const srcDir = source && !/\$|^gs:|^https:/.test(source.text) ? posix.normalize(posix.join(dir || '.', source.text)) : dir || '.';
  const entry = flags.get('entry-point')?.value;
  // (a folder outside the scanned roots is never read: the resolver keeps to them)
  fn.entry = {
    kind: 'handler',
    text: entry ? { kind: 'literal', value: entry.text, loc: loc(entry) } : { kind: 'literal', value: name.text, loc: nameLoc },
    codeUri: { kind: 'literal', value: srcDir === '.' ? '' : srcDir, loc: source ? loc(source) : nameLoc },
  };
}

/** `--set-env-vars K=V,K2=V2` (or `^:^K=V:K2=V2`, gcloud's other delimiter) as the function's variables. */
function envVars(app: App, v: Token, loc: (t: { start: number; end: number }) => Loc, fn: string): EnvVar[] {
  let from = 0;
  let sep = ',';
  const custom = /^\^(.+?)\^/.exec(v.text);
  if (custom) {
    sep = custom[1]!;
    from = custom[0].length;
  }
  const out: EnvVar[] = [];
  for (const pair of v.text.slice(from).split(sep)) {
    const eq = pair.indexOf('=');
    if (eq > 0) {
      const name = sub(v, from, from + eq);
      const value = sub(v, from + eq + 1, from + pair.length);
      const vLoc = value.offs.length ? loc(value) : loc(name);
      out.push({
        name: name.text,
        nameLoc: loc(name),
        value: /\$/.test(value.text) ? { kind: 'ref', text: value.text, loc: vLoc } : { kind: 'literal', value: value.text, loc: vLoc },
        scope: 'function',
        functions: [fn],
        app,
      });
    }
    from += pair.length + sep.length;
  }
  app.envVars.push(...out);
  return out;
}
