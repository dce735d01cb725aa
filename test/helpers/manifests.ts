/**
 * A serverless.yml whose provider role allows `*` on `*` (iam/no-admin-policy and iam/no-wildcard-action
 * on line 9): the finding hostile-input cases check survives beside, or inside, a hostile file.
 */
export function adminServerless(service = 's'): string {
  return [
    `service: ${service}`,
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action: "*"',
    '          Resource: "*"',
    'functions:',
    '  a:',
    '    handler: a.handler',
    '',
  ].join('\n');
}
