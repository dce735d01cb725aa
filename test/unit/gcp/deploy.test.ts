import { describe, expect, it } from 'vitest';
import { splitLines } from '../../../src/core/loc.js';
import { parseJson } from '../../../src/parse/json.js';
import { buildDeployScript, buildPackageScripts, hasGcloudCommand } from '../../../src/platforms/gcp/deploy.js';

const script = (path: string, text: string) => buildDeployScript({ path, text, lines: splitLines(text), comments: new Map() });

describe('gcloud commands in package.json scripts', () => {
  const text = [
    '{',
    '  "scripts": {',
    '    "deploy": "tsc && gcloud functions deploy api --gen2 --trigger-http --set-env-vars \\"A=1,KEY=sk_x\\" --allow-unauthenticated",',
    '    "note": "echo gcloud functions deploy fake --trigger-http"',
    '  }',
    '}',
  ].join('\n');
  const { doc } = parseJson('svc/package.json', text);
  const app = buildPackageScripts(doc)!;

  it('reads the deploy command, not a gcloud named as an argument of echo', () => {
    expect(app.functions.map((f) => f.name)).toEqual(['api']);
  });

  it('locates words inside the JSON string, past its escaped quotes', () => {
    const line = text.split('\n')[2]!;
    const fn = app.functions[0]!;
    const key = fn.env.find((e) => e.name === 'KEY')!;
    expect(key.value).toMatchObject({ kind: 'literal', value: 'sk_x' });
    expect(key.value.loc).toMatchObject({ line: 3, column: line.indexOf('sk_x') + 1, endColumn: line.indexOf('sk_x') + 5 });
    const flag = fn.gcp!.options.entries.find((e) => e.key === 'allow-unauthenticated')!;
    expect(flag.keyLoc.column).toBe(line.indexOf('--allow-unauthenticated') + 1);
    // npm runs scripts from the package's folder: the default --source
    expect(fn.entry?.codeUri).toMatchObject({ value: 'svc' });
  });

  it('builds nothing from a package.json without gcloud deploys or bindings', () => {
    const { doc: plain } = parseJson('package.json', '{ "scripts": { "logs": "gcloud functions logs read api" } }');
    expect(buildPackageScripts(plain)).toBeNull();
  });
});

describe('IAM bindings of deploy scripts', () => {
  it('marks allUsers/allAuthenticatedUsers invoker bindings and links them to the function deployed', () => {
    const app = script(
      'deploy.sh',
      [
        'gcloud run services add-iam-policy-binding listorders --member=allUsers --role=roles/run.invoker',
        'gcloud functions deploy listOrders --gen2 --trigger-http',
        'gcloud functions add-invoker-policy-binding other --member=allAuthenticatedUsers',
        'gcloud functions add-iam-policy-binding listOrders --member=allUsers --role=roles/cloudfunctions.viewer',
        'gcloud projects add-iam-policy-binding p --member=allUsers --role=roles/run.invoker',
      ].join('\n'),
    )!;
    const b = app.gcp!.bindings!;
    expect(b.map((x) => [x.target, x.name, x.publicInvoker, x.fn])).toEqual([
      ['service', 'listorders', 'allUsers', 'listOrders'],
      ['function', 'other', 'allAuthenticatedUsers', undefined],
      ['function', 'listOrders', undefined, undefined],
      ['project', 'p', undefined, undefined],
    ]);
    const fn = app.functions[0]!;
    expect(fn.gcp!.publicBinding).toBe(b[0]);
    expect(fn.events[0]!.auth).toBe('none');
  });

  it('keeps workflow steps apart and knows binding-only Cloud Build files', () => {
    const app = script(
      '.github/workflows/d.yml',
      ['steps:', '  - run: gcloud functions deploy a --trigger-topic=t', '  - run: gcloud functions deploy b --trigger-http'].join('\n'),
    )!;
    expect(app.functions.map((f) => [f.name, f.events[0]!.category])).toEqual([
      ['a', 'pubsub'],
      ['b', 'http'],
    ]);
    expect(hasGcloudCommand("args: ['functions', 'add-iam-policy-binding', 'x']")).toBe(true);
  });
});
