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
// plugins and team policies: what a plugin needs to define its rules, and what loads them
export { definePlugin, loadPlugins, type Plugin, type LoadedPlugin } from './config/plugins.js';
export { resolveConfig } from './lint.js';
export type { Config } from './config/config.js';
export type { At } from './engine/rule.js';
export { entry, get, isMap, literalString, mapEntries, seqItems, str, valueOf } from './core/node.js';
export type { Loc, MapNode, Node, Severity, Value } from './core/types.js';
