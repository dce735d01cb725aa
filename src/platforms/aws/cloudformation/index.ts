import type { PlatformAdapter } from '../../types.js';
import { awsEntries } from '../handlers.js';
import { buildCloudFormationApp } from '../template.js';

const TEMPLATE_EXT = /\.(ya?ml|json|template)$/i;
/** Names of templates whatever their content (`template.yaml`, `x.template.json`, `stack.cfn`). */
const TEMPLATE_NAMES = /^(template|samtemplate|sam-template|cloudformation|cfn)\.(ya?ml|json)$|\.(template|cfn)(\.(ya?ml|json))?$/i;

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
  names: TEMPLATE_NAMES,
  detect(f) {
    if (!TEMPLATE_EXT.test(f.name) && !TEMPLATE_NAMES.test(f.name)) return null;
    const head = f.head();
    // a template by name that cannot be decoded is still claimed: reading it reports why
    if (head === null) return TEMPLATE_NAMES.test(f.name) ? { manifest: true } : null;
    return looksLikeTemplate(head) ? { manifest: true } : null;
  },
  build: buildCloudFormationApp,
  entries: awsEntries,
};
