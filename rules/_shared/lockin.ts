// What the lockin/* rules share: the layout options (which files are adapters, which domain code)
// and how a finding names the functions whose code reaches a file.
import type { Fn } from '../_api.js';

/** JSON Schema of the `adapters`/`domain` options; omitted, `settings.lockin` or the defaults apply. */
export const LAYOUT_OPTIONS = {
  adapters: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Globs of adapter files, where the provider SDK belongs (matched from the app directory)',
  },
  domain: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Globs of domain files, which should not depend on the provider (matched from the app directory)',
  },
} as const;

export interface LayoutOptions {
  adapters?: string[];
  domain?: string[];
}

/** `` `a`, `b` and 2 more `` — the functions, by name, at most three named. */
export function functionList(fns: readonly Fn[]): string {
  const names = [...new Set(fns.map((f) => f.name))];
  if (!names.length) return 'no function';
  const shown = names.slice(0, 3).map((n) => `\`${n}\``);
  const more = names.length - shown.length;
  const head = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}` : shown[0]!;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : head;
}
