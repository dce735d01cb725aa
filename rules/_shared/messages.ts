import type { Fn } from '../_api.js';

/** `function "a"`, `functions "a", "b"`, or `every function of the app` — for messages. */
export function affected(functions: string[], total?: number): string {
  const list = [...new Set(functions)].sort();
  if (!list.length) return 'no function';
  if (total !== undefined && total > 2 && list.length === total) return `all ${total} functions`;
  if (list.length > 3)
    return `functions ${list
      .slice(0, 3)
      .map((f) => `"${f}"`)
      .join(', ')} and ${list.length - 3} more`;
  return `${list.length === 1 ? 'function' : 'functions'} ${list.map((f) => `"${f}"`).join(', ')}`;
}

export function fnNames(fns: Fn[]): string[] {
  return fns.map((f) => f.name);
}
