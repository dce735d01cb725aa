import { describe, expect, it } from 'vitest';
import {
  IntrinsicResolver,
  getAttTarget,
  referencedIds,
  refName,
  subVariables,
} from '../../../src/platforms/aws/cloudformation/intrinsics.js';
import { get } from '../../../src/core/node.js';
import type { MapNode, Node, ToolNotice } from '../../../src/core/types.js';
import { fixtureDoc, parse, show, span } from './helpers.js';

function resolvedThing(name: string): { props: MapNode; resolver: IntrinsicResolver; root: Node } {
  const root = fixtureDoc(name).root!;
  const resolver = new IntrinsicResolver(root);
  const props = resolver.resolve(get(root, 'Resources', 'Thing', 'Properties')!);
  if (!props || props.kind !== 'map') throw new Error('no properties');
  return { props, resolver, root };
}

describe('intrinsic resolution (YAML)', () => {
  const { props, resolver, root } = resolvedThing('intrinsics.yaml');
  const at = (key: string) => show(get(props, key));

  it('takes a parameter default, located where the default is written', () => {
    expect(at('Origin')).toBe('"*"@9:14-9:17');
  });

  it('keeps parameters without default, SSM parameters, pseudo parameters and resources as refs', () => {
    expect(at('NoDefault')).toBe('ref(!Ref NoDefault)@36:18-36:32');
    expect(at('Secret')).toBe('ref(!Ref Secret)@37:15-37:26');
    expect(at('Region')).toBe('ref(!Ref AWS::Region)@38:15-38:31');
    expect(at('Bucket')).toBe('ref(!Ref Bucket)@39:15-39:26');
    expect(at('Arn')).toBe('ref(!GetAtt Bucket.Arn)@40:12-40:30');
    expect(at('Zones')).toBe('ref(!GetAZs )@54:14-54:24');
    expect(at('Imported')).toBe('ref(!ImportValue shared-vpc)@55:17-55:40');
  });

  it('substitutes Fn::Sub literals and escapes, located at the Sub string', () => {
    expect(at('SubLiteral')).toBe('"dev-app-${Literal}"@41:24-41:50');
    expect(at('SubVars')).toBe('"name-dev"@44:11-44:27');
  });

  it('keeps a Fn::Sub with a resource or pseudo parameter as a ref with the original text (never "*")', () => {
    expect(at('SubRef')).toBe('ref(arn:${AWS::Partition}:s3:::${Bucket}/*)@42:20-42:60');
  });

  it('joins literals, and writes an unresolved join in Sub syntax', () => {
    expect(at('Join')).toBe('"a-dev-1"@46:13-46:44');
    expect(at('JoinRef')).toBe('ref(arn:aws:s3:::${Bucket}/*)@47:16-47:64');
  });

  it('finds mapping values with literal keys, located at the mapping value', () => {
    expect(at('Memory')).toBe('256@21:15-21:18');
    expect(at('MemoryByRegion')).toBe('ref(!FindInMap …)@49:23-49:67');
  });

  it('chooses Fn::If branches of static conditions and keeps others as refs', () => {
    expect(at('Timeout')).toBe('10@50:33-50:35');
    expect(at('Tracing')).toBe('ref(!If [Unknown, …])@51:16-51:50');
    expect(at('Both')).toBe('"yes"@57:24-57:27');
    expect(at('Either')).toBe('"yes"@58:28-58:31'); // Or: one unknown, one true
    expect(at('Loop')).toBe('ref(!If [Loop, …])@59:13-59:32'); // a cyclic condition is unknown
  });

  it('evaluates conditions', () => {
    expect(resolver.condition('IsProd')).toBe(false);
    expect(resolver.condition('IsDev')).toBe(true);
    expect(resolver.condition('Unknown')).toBeUndefined();
    expect(resolver.condition('Loop')).toBeUndefined();
    expect(resolver.condition('Missing')).toBeUndefined();
  });

  it('selects and splits lists, including CommaDelimitedList defaults', () => {
    expect(at('Picked')).toBe('"y"@52:40-52:47');
    expect(at('Subnet')).toBe('"subnet-a"@17:14-17:32');
  });

  it('encodes a literal Fn::Base64', () => {
    expect(at('Encoded')).toBe('"aGVsbG8="@56:24-56:29');
  });

  it('drops AWS::NoValue keys and items', () => {
    expect(get(props, 'Optional')).toBeUndefined();
    const list = get(props, 'List');
    expect(list?.kind).toBe('seq');
    expect(list?.kind === 'seq' ? list.items.map(show) : []).toEqual(['"one"@62:11-62:14', '"two"@64:23-64:26']);
  });

  it('returns a new tree and leaves the input untouched', () => {
    const raw = get(root, 'Resources', 'Thing', 'Properties')!;
    const before = JSON.stringify(raw);
    resolver.resolve(raw);
    expect(JSON.stringify(raw)).toBe(before);
    expect(get(raw, 'Origin')?.kind).toBe('map');
  });

  it('selects statically without turning resource references into refs', () => {
    const doc = parse('t.yaml', 'Conditions:\n  On: !Equals [a, a]\nX: !If [On, !GetAtt R.Arn, other]\nY: !Ref AWS::NoValue\n');
    const r = new IntrinsicResolver(doc.root);
    const picked = r.select(get(doc.root, 'X'));
    expect(getAttTarget(picked)).toEqual({ id: 'R', attr: 'Arn' });
    expect(span(picked?.loc)).toBe('3:13-3:26');
    expect(r.select(get(doc.root, 'Y'))).toBeUndefined();
    expect(r.resolve(get(doc.root, 'Y')!)).toBeUndefined();
  });
});

describe('intrinsic resolution (JSON)', () => {
  const { props } = resolvedThing('intrinsics.json');
  const at = (key: string) => show(get(props, key));

  it('resolves the long forms with JSON locations', () => {
    expect(at('Stage')).toBe('"dev"@3:45-3:50');
    expect(at('Sub')).toBe('"dev-app"@16:29-16:43');
    expect(at('Memory')).toBe('512@6:35-6:38');
    expect(at('Timeout')).toBe('5@18:42-18:43');
    expect(at('Arn')).toBe('ref(!GetAtt Bucket.Arn)@19:16-19:51');
    expect(at('Join')).toBe('ref(arn:aws:s3:::${Bucket}/*)@20:17-20:83');
  });
});

describe('intrinsic resolution limits', () => {
  it('stops at a nesting limit with one notice instead of recursing without end', () => {
    let text = 'x';
    for (let i = 0; i < 200; i++) text = `{"Fn::Base64": ${i === 0 ? '"x"' : text}}`;
    const doc = parse('deep.json', `{"V": ${text}}`);
    const notices: ToolNotice[] = [];
    const r = new IntrinsicResolver(doc.root, { notice: (n) => notices.push(n) });
    const v = r.resolve(get(doc.root, 'V')!);
    expect(v?.kind).toBe('ref');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.id).toBe('parse-error');
    // what the limit hides is not analysed: error level, so the gate fails, and the limit is named
    expect(notices[0]!.level).toBe('error');
    expect(notices[0]!.message).toContain('the intrinsicDepth limit (64)');
  });

  it('treats malformed intrinsics as refs without throwing', () => {
    const doc = parse(
      'bad.yaml',
      [
        'A: !Select [x, [a]]',
        'B: !Select [5, [a]]',
        'C: {Fn::Join: [a]}',
        'D: {Ref: [1]}',
        'E: {Fn::If: [Nope, a, b]}',
        'F: {Fn::Sub: [s, notamap]}',
        'G: {Fn::FindInMap: [M, a, b]}',
      ].join('\n'),
    );
    const out = new IntrinsicResolver(doc.root).resolve(doc.root!);
    const kinds = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((k) => get(out, k)?.kind);
    expect(kinds).toEqual(['ref', 'ref', 'ref', 'ref', 'ref', 'ref', 'ref']);
  });
});

describe('reference helpers', () => {
  it('reads Ref, GetAtt and Sub references from written and resolved nodes', () => {
    const doc = parse(
      'r.yaml',
      "A: !Ref Fn\nB: !GetAtt Fn.Arn\nC: !Sub 'x/${Fn.Arn}/${AWS::Region}/${Other}/${!Esc}'\nD: !Join ['', [!Ref P, !GetAtt Q.Arn]]\n",
    );
    expect(refName(get(doc.root, 'A'))).toBe('Fn');
    expect(getAttTarget(get(doc.root, 'B'))).toEqual({ id: 'Fn', attr: 'Arn' });
    expect(referencedIds(get(doc.root, 'C')).map((r) => `${r.id}.${r.attr ?? ''}`)).toEqual(['Fn.Arn', 'Other.']);
    expect(referencedIds(get(doc.root, 'D')).map((r) => r.id)).toEqual(['P', 'Q']);
    const resolved = new IntrinsicResolver(doc.root).resolve(get(doc.root, 'C')!);
    expect(referencedIds(resolved).map((r) => r.id)).toEqual(['Fn', 'Other']);
    expect(subVariables('${A}${!B}${C.D}')).toEqual([{ name: 'A' }, { name: 'C', attr: 'D' }]);
  });
});
