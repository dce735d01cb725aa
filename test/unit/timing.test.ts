import { describe, expect, it } from 'vitest';
import { Timing } from '../../src/engine/timing.js';

/** A clock that moves only when told: every reading is the value last set. */
function clock(): { now: () => number; at: (t: number) => void } {
  let t = 0;
  return { now: () => t, at: (v) => (t = v) };
}

describe('Timing', () => {
  it('charges each phase its own time: a nested phase pauses the one around it', () => {
    const c = clock();
    const timing = new Timing(false, c.now);
    c.at(1);
    timing.enter('platform build');
    c.at(3);
    timing.enter('read/parse'); // a document the template includes
    c.at(7);
    timing.leave('read/parse');
    c.at(8);
    timing.leave('platform build');
    timing.enter('rule walk');
    c.at(9);
    timing.enterRule('iam/no-wildcard-action');
    c.at(11);
    timing.leaveRule('iam/no-wildcard-action');
    timing.enterRule('input/no-sql-injection');
    c.at(12);
    // the analysis the rule asks for is its own row, not the rule's
    const analysis = timing.analysis('taint', {
      flows: () => {
        c.at(16);
        return 'flows';
      },
    });
    expect(analysis.flows()).toBe('flows');
    c.at(17);
    timing.leaveRule('input/no-sql-injection');
    c.at(18);
    timing.leave('rule walk');
    c.at(20);
    expect(timing.report()).toBe(
      [
        'Phase                  | Time (ms) | Relative',
        ':----------------------|----------:|--------:',
        'config                 |     0.000 |     0.0%',
        'discover               |     0.000 |     0.0%',
        'read/parse             |     4.000 |    20.0%',
        'platform build         |     3.000 |    15.0%',
        'code model parse       |     0.000 |     0.0%',
        'analysis: taint        |     4.000 |    20.0%',
        'rule walk              |     6.000 |    30.0%',
        'suppress/baseline/mask |     0.000 |     0.0%',
        'format                 |     0.000 |     0.0%',
        'other                  |     3.000 |    15.0%',
        'total                  |    20.000 |   100.0%',
        '',
        'Rule                   | Time (ms) | Relative',
        ':----------------------|----------:|--------:',
        'iam/no-wildcard-action |     2.000 |    50.0%',
        'input/no-sql-injection |     2.000 |    50.0%',
        'total                  |     4.000 |   100.0%',
        '',
      ].join('\n'),
    );
  });

  it('lists the ten slowest rules and sums the rest; a phase a throw left open is closed with its parent', () => {
    const c = clock();
    const timing = new Timing(false, c.now);
    timing.enter('rule walk');
    for (let i = 1; i <= 12; i++) {
      timing.enterRule(`r/${String(i).padStart(2, '0')}`);
      c.at(i * i);
      timing.leaveRule(`r/${String(i).padStart(2, '0')}`);
    }
    timing.enter('format');
    timing.enter('read/parse'); // never left
    c.at(150);
    timing.leave('format');
    const rules = timing.report().split('\n\n')[1]!.split('\n');
    expect(rules.map((l) => l.split(' | ')[0]!.trim())).toEqual([
      'Rule',
      ':--------|----------:|--------:',
      'r/12',
      'r/11',
      'r/10',
      'r/09',
      'r/08',
      'r/07',
      'r/06',
      'r/05',
      'r/04',
      'r/03',
      '(2 more)',
      'total',
      '',
    ]);
    expect(rules[12]).toBe('(2 more) |     4.000 |     2.8%');
    const phases = timing.report().split('\n');
    expect(phases.find((l) => l.startsWith('read/parse'))).toBe('read/parse             |     6.000 |     4.0%');
  });

  it('keeps debug lines only when asked for', () => {
    const quiet = new Timing(false);
    quiet.note('discover: a.yml: claimed by aws-serverless');
    expect(quiet.report()).not.toMatch(/debug/);
    const loud = new Timing(true);
    loud.traceDetect((_f: unknown) => null)({ name: 'a.yml', path: 'x/a.yml', head: () => null });
    loud.discovered([{ kind: 'dotenv', path: '.env' }]);
    expect(loud.report().split('\n').slice(0, 4)).toEqual([
      'sls-lint: debug: discover: x/a.yml: not claimed by any platform',
      'sls-lint: debug: discover: .env: an env file',
      'sls-lint: debug: discover: 1 file to read',
      '',
    ]);
  });
});
