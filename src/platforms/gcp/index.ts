import { posix } from 'node:path';
import { sourceVariants, type ModuleResolver } from '../../code/resolve.js';
import { literalString } from '../../core/node.js';
import type { Document, ToolNotice } from '../../core/types.js';
import type { App } from '../../model/types.js';
import type { BuildContext } from '../context.js';
import type { Entry, PlatformAdapter } from '../types.js';
import { exportNames, scanCodebase, sourceLoader } from './code.js';
import { buildDeployScript, buildPackageScripts, hasGcloudCommand } from './deploy.js';
import { firebaseEntries, registeredHandler } from './entries.js';
import { buildFirebaseJson } from './firebase-json.js';
import { buildDatabaseRules, buildRulesFile } from './security-rules.js';

/** Names that are this platform's whatever their content: firebase.json and the security rules files. */
const NAMES = /^(firebase\.json|firestore\.rules|storage\.rules|database\.rules\.json)$/;
const RULES_FILE = /\.rules$/;
/** Scripts and CI files that may hold `gcloud functions deploy` (read only when their head does). */
const SCRIPTS = /(\.(sh|bash)$|^Makefile$|\.mk$|^cloudbuild[\w.-]*\.ya?ml$|^\.gitlab-ci\.ya?ml$)/;
const WORKFLOW = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;

/**
 * Google Cloud Functions and Firebase: `firebase.json` (functions codebases, whose functions are
 * registered in code), deploy scripts with `gcloud functions deploy` (shell, Makefile, CI, Cloud
 * Build, `package.json` scripts), and Firebase security rules
 * (`firestore.rules`, `storage.rules`, `database.rules.json`).
 */
export const gcpAdapter: PlatformAdapter = {
  id: 'gcp-functions',
  platform: 'gcp',
  names: NAMES,
  detect(f) {
    if (NAMES.test(f.name)) return { manifest: true };
    if (RULES_FILE.test(f.name)) {
      const head = f.head();
      return head !== null && /service\s+(cloud\.firestore|firebase\.storage)/.test(head) ? { manifest: true } : null;
    }
    // a package.json whose scripts run gcloud (claimed before Netlify's package.json: one file, one platform)
    if (SCRIPTS.test(f.name) || WORKFLOW.test(f.path) || f.name === 'package.json') {
      const head = f.head();
      return head !== null && hasGcloudCommand(head) ? { manifest: true } : null;
    }
    return null;
  },
  readsText: (path) => !/\.json$/i.test(path),
  buildText(file) {
    return RULES_FILE.test(posix.basename(file.path)) ? buildRulesFile(file) : buildDeployScript(file);
  },
  build(doc: Document, ctx: BuildContext) {
    const base = posix.basename(doc.file);
    if (base === 'firebase.json') return buildFirebaseJson(doc, ctx);
    if (base === 'database.rules.json') return buildDatabaseRules(doc);
    if (base === 'package.json') return buildPackageScripts(doc);
    return null;
  },
  entries(app, resolver, notice) {
    if (app.origin === 'firebase') return firebaseEntries(app, resolver, notice);
    if (app.origin === 'gcloud') return deployedEntries(app, resolver, notice);
    return [];
  },
};

/**
 * The code of a function deployed with `gcloud functions deploy` (or by serverless.yml's `provider:
 * google`, whose `handler` is the entry point and the service's folder the source): the `--source` folder's
 * `package.json` `main` (else `index`), where `--entry-point` (else the function's name) is a
 * Functions Framework registration (`functions.http('name', handler)`) or an export.
 */
export function deployedEntries(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[] {
  const out: Entry[] = [];
  const load = sourceLoader((f) => resolver.io.read(f));
  for (const fn of app.functions) {
    const dir = literalString(fn.entry?.codeUri);
    const name = literalString(fn.entry?.text);
    if (!fn.entry || dir === undefined || name === undefined) continue;
    const at = (f: string) => (dir ? `${dir}/${f}` : f);
    let main: string | undefined;
    const pkgText = resolver.io.exists(at('package.json')) ? resolver.io.read(at('package.json')) : null;
    try {
      const m = pkgText ? (JSON.parse(pkgText) as { main?: unknown }).main : undefined;
      if (typeof m === 'string') main = resolver.join(dir, m)?.replace(/\.(c|m)?js$/, '');
    } catch {
      // not JSON: the default main
    }
    const file = resolver.probe([...sourceVariants(main), at('index'), at('main')].filter(Boolean));
    if (!file) continue;
    const scan = scanCodebase(file, load, (from, spec) => resolver.resolve(from, spec), undefined);
    const reg = scan.registrations.find((r) => r.name === name && !r.exportName);
    if (reg?.authCheck && fn.gcp) fn.gcp.authCheck = reg.authCheck;
    const sf = load(reg?.file ?? file);
    const exported = sf ? exportNames(sf.ast) : [];
    // the taint analysis starts at an export, or at the handler the registration passes (inline, a
    // function of the file, an express app)
    const exportName = reg
      ? reg.handlerName && exported.includes(reg.handlerName)
        ? reg.handlerName
        : undefined
      : exported.includes(name)
        ? name
        : undefined;
    const registered = reg && exportName === undefined ? registeredHandler(reg) : undefined;
    if (exportName === undefined && !registered) {
      if (reg)
        notice({
          id: 'unresolved-handler',
          level: 'note',
          message: `the handler of function "${fn.name}" is neither written in its functions-framework registration nor named there; flows from its input are not analysed`,
          loc: reg.loc,
        });
      else
        notice({
          id: 'unresolved-handler',
          level: 'note',
          message: `entry point "${name}" of function "${fn.name}" was not found as an export or a functions-framework registration in ${file}; its code is not analysed`,
          loc: fn.entry.text.loc,
        });
      continue;
    }
    fn.entry.file = reg?.file ?? file;
    if (exportName !== undefined) fn.entry.exportName = exportName;
    if (registered) fn.entry.registered = registered;
    out.push({ file: fn.entry.file, fn });
  }
  return out;
}
