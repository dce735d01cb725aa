import type { PlatformAdapter } from '../../types.js';
import { awsEntries } from '../handlers.js';
import { buildCloudFormationApp } from '../template.js';

const TEMPLATE_EXT = /\.(ya?ml|json|template)$/i;

/** Cheap content test: does this YAML/JSON text look like a CloudFormation or SAM template? */
export function looksLikeTemplate(text: string): boolean {
  if (/AWSTemplateFormatVersion/.test(text)) return true;
  if (/AWS::Serverless-2016-10-31/.test(text)) return true;
  return /(^|[\s{"'])Resources["']?\s*:/m.test(text) && /["'\s]AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(text);
}

/** AWS SAM and CloudFormation templates, YAML or JSON, recognised by content. */
export const cloudFormationAdapter: PlatformAdapter = {
  id: 'aws-cloudformation',
  platform: 'aws',
  detect(f) {
    if (!TEMPLATE_EXT.test(f.name)) return null;
    const head = f.head();
    return head !== null && looksLikeTemplate(head) ? { manifest: true } : null;
  },
  build: buildCloudFormationApp,
  entries: awsEntries,
};
