// Public API.
export { lint, VERSION, type LintOptions, type LintOutput } from './lint.js';
export {
  defineRule,
  formatMessage,
  type Rule,
  type RuleMeta,
  type RuleContext,
  type Visitors,
  type ReportDescriptor,
} from './engine/rule.js';
export type { Diagnostic, RunResult, RuleInfo, Suppression } from './engine/result.js';
export type * from './model/types.js';
export { format, FORMATS, type FormatName } from './formatters/index.js';
export { rules } from '../rules/index.js';
