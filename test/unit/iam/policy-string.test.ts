import { describe, expect, it } from 'vitest';
import { policyFromString } from '../../../src/platforms/aws/policy-string.js';
import { getCI, seqItems } from '../../../src/core/node.js';
import type { Loc, Node } from '../../../src/core/types.js';

/** The located `Action` node of the first statement of the policy in `value`, written as `lines`. */
function actionOf(value: string, lines: string[], region: Loc, sub = false): Node | undefined {
  const n: Node = sub ? { kind: 'ref', text: value, loc: region } : { kind: 'scalar', value, loc: region };
  const doc = policyFromString(n, lines);
  return getCI(seqItems(getCI(doc, 'Statement'))[0], 'Action');
}

const at = (line: number, column: number, endLine: number, endColumn: number): Loc => ({
  file: 't.yaml',
  line,
  column,
  endLine,
  endColumn,
});

describe('policyFromString', () => {
  it('locates a value inside a single-quoted YAML string', () => {
    const line = `P: '{"Statement": [{"Action": "s3:*"}]}'`;
    const a = actionOf('{"Statement": [{"Action": "s3:*"}]}', [line], at(1, 4, 1, line.length + 1));
    expect(a?.loc).toEqual(at(1, line.indexOf('"s3:*"') + 1, 1, line.indexOf('"s3:*"') + 7));
  });

  it('locates a value across the escapes of a JSON string', () => {
    const line = `"P": "{\\"Statement\\": [{\\"Action\\": \\"s3:*\\"}]}"`;
    const a = actionOf('{"Statement": [{"Action": "s3:*"}]}', [line], at(1, 6, 1, line.length + 1));
    const col = line.indexOf('s3:*');
    expect(a?.loc.line).toBe(1);
    expect(a?.loc.column).toBe(col); // the quote before it (the backslash is the file's)
    expect(a?.loc.endColumn).toBe(col + 7); // through the closing quote, after its backslash
  });

  it('locates a value in a block scalar, on its own line', () => {
    const lines = ['P: !Sub |', '  {', '    "Statement": [', '      {"Action": "sqs:*", "Resource": "${Q}"}', '    ]', '  }'];
    const value = '{\n  "Statement": [\n    {"Action": "sqs:*", "Resource": "${Q}"}\n  ]\n}\n';
    const a = actionOf(value, lines, at(1, 10, 6, 4), true);
    expect(a?.loc).toEqual(at(4, 18, 4, 25));
    const r = getCI(
      seqItems(getCI(policyFromString({ kind: 'ref', text: value, loc: at(1, 10, 6, 4) }, lines), 'Statement'))[0],
      'Resource',
    );
    // an unresolved placeholder of a Fn::Sub stays unknown
    expect(r?.kind).toBe('ref');
  });

  it('spans a substituted parameter as written, and ignores what is not JSON', () => {
    const line = `P: !Sub '{"Statement": [{"Action": "\${Svc}:*"}]}'`;
    const a = actionOf('{"Statement": [{"Action": "sqs:*"}]}', [line], at(1, 9, 1, line.length + 1), true);
    const col = line.indexOf('"${Svc}');
    expect(a?.loc).toEqual(at(1, col + 1, 1, col + 11));
    expect(policyFromString({ kind: 'scalar', value: 'arn:aws:iam::aws:policy/ReadOnlyAccess', loc: at(1, 1, 1, 2) }, [])).toBeUndefined();
    expect(policyFromString({ kind: 'scalar', value: '{"Statement": [', loc: at(1, 1, 1, 2) }, [])).toBeUndefined();
  });
});
