import type { Loc } from '../../core/types.js';
import { REGION_PATTERN } from '../../knowledge/lockin/index.js';

/**
 * ARNs and service endpoints written with a literal region, account id or partition where the
 * platform supplies them (`${AWS::Region}`, `${aws:region}`, `AWS::AccountId`, `process.env.AWS_REGION`).
 * Not reported: parts that are references, AWS-owned ARNs (`arn:aws:iam::aws:policy/…`, no account),
 * an account in a layer ARN (the publisher's), Serverless Application Repository applications (deployed
 * from any region), an account principal (`arn:aws:iam::111122223333:root`, another account), us-east-1
 * where the service requires it (ACM certificates for CloudFront, Lambda@Edge function versions), and
 * hosts of one resource (`abc123.execute-api.eu-west-1.amazonaws.com`) rather than of a service.
 */

export interface ArnFinding {
  part: 'region' | 'account' | 'partition';
  /** the literal part */
  value: string;
  /** the ARN or host it is part of */
  text: string;
  kind: 'arn' | 'endpoint';
  /** the service named by the ARN or host (`sqs`, `lambda`) */
  service: string;
  where: 'manifest' | 'code';
  /** the part in the file, when it can be placed on one line; the whole value otherwise */
  loc: Loc;
}

const ARN = /\barn:(aws(?:-cn|-us-gov|-iso|-iso-b)?):([a-z0-9-]+):([^:\s"'`]*):([^:\s"'`]*):([^\s"'`,]*)/g;
const ENDPOINT = /\b([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.([a-z]{2}(?:-gov|-iso|-isob)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?(\/\d{12}\/)?/g;
/** Longest value examined (longer strings are data, not configuration). */
const MAX_TEXT = 4096;

export function hardcodedArnParts(value: string, loc: Loc, where: ArnFinding['where'], line?: string): ArnFinding[] {
  if (value.length > MAX_TEXT || (!value.includes('arn:') && !value.includes('.amazonaws.com'))) return [];
  const out: ArnFinding[] = [];
  const at = (offset: number, length: number): Loc => partLoc(value, loc, offset, length, line);
  // a `${AWS::Region}`, `${aws:region}` or `#{AWS::AccountId}` has colons of its own: the parts are split with them masked
  const masked = value.replace(/[$#]\{[^}]*\}/g, (r) => '_'.repeat(r.length));
  for (const m of masked.matchAll(ARN)) {
    const [, partition, service, region, account, resource] = m as unknown as string[];
    const text = value.slice(m.index!, m.index! + m[0].length);
    const base = m.index!;
    const regionAt = base + 4 + partition!.length + 1 + service!.length + 1;
    const accountAt = regionAt + region!.length + 1;
    const edgeOnly =
      (region === 'us-east-1' &&
        ((service === 'acm' && resource!.startsWith('certificate/')) ||
          (service === 'lambda' && /^function:[^:]+:\d+$/.test(resource!)))) ||
      // a public application of the Serverless Application Repository is deployed from any region by its ARN
      service === 'serverlessrepo';
    if (REGION_PATTERN.test(region!) && !edgeOnly)
      out.push({ part: 'region', value: region!, text, kind: 'arn', service: service!, where, loc: at(regionAt, region!.length) });
    const principal = service === 'iam' && resource === 'root';
    const publisher = service === 'lambda' && resource!.startsWith('layer:');
    if (/^\d{12}$/.test(account!) && !principal && !publisher && !edgeOnly && !(service === 'acm'))
      out.push({
        part: 'account',
        value: account!,
        text: text!,
        kind: 'arn',
        service: service!,
        where,
        loc: at(accountAt, account!.length),
      });
    if (partition === 'aws')
      out.push({
        part: 'partition',
        value: partition,
        text: text!,
        kind: 'arn',
        service: service!,
        where,
        loc: at(base + 4, partition.length),
      });
  }
  for (const m of masked.matchAll(ENDPOINT)) {
    const [text, host, region, accountPath] = m as unknown as [string, string, string, string | undefined];
    // a service endpoint (`sqs.eu-west-1.amazonaws.com`); a resource's own host (`abc123.execute-api.…`,
    // `bucket.s3.…`) names one deployed resource, which a pseudo parameter alone does not make portable
    if (!REGION_PATTERN.test(region) || host.includes('.')) continue;
    const service = host;
    const regionAt = m.index! + host.length + 1;
    out.push({ part: 'region', value: region, text, kind: 'endpoint', service, where, loc: at(regionAt, region.length) });
    if (accountPath) {
      const account = accountPath.slice(1, -1);
      out.push({
        part: 'account',
        value: account,
        text,
        kind: 'endpoint',
        service,
        where,
        loc: at(m.index! + text.length - accountPath.length + 1, 12),
      });
    }
  }
  return out;
}

/**
 * The part's own region when the value is written on one line as it is (a plain or quoted scalar, a
 * string literal without escapes): found by its text in the line, once; the whole value otherwise.
 */
function partLoc(value: string, loc: Loc, offset: number, length: number, line?: string): Loc {
  if (loc.line !== loc.endLine) return loc;
  if (line !== undefined) {
    const span = line.slice(loc.column - 1, loc.endColumn - 1);
    const start = span.indexOf(value);
    if (start < 0 || span.indexOf(value, start + 1) >= 0) return loc;
    const column = loc.column + start + offset;
    return { file: loc.file, line: loc.line, column, endLine: loc.line, endColumn: column + length };
  }
  return loc;
}
