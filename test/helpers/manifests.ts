/**
 * A serverless.yml whose provider role allows `*` on `*` (iam/no-admin-policy and iam/no-wildcard-action
 * on line 9): the finding hostile-input cases check survives beside, or inside, a hostile file.
 */
export function adminServerless(service = 's'): string {
  return serverlessApp(service, ['        - Effect: Allow', '          Action: "*"', '          Resource: "*"'], 'a', 'a.handler');
}

/** A serverless.yml of one Node function whose provider role is `statements` (lines under `statements:`, or an inline value). */
export function serverlessApp(service: string, statements: string[] | string, fn: string, handler: string): string {
  return [
    `service: ${service}`,
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  iam:',
    '    role:',
    ...(typeof statements === 'string' ? [`      statements: ${statements}`] : ['      statements:', ...statements]),
    'functions:',
    `  ${fn}:`,
    `    handler: ${handler}`,
    '',
  ].join('\n');
}
