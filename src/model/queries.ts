import type { Value } from '../core/types.js';
import type { IamStatement } from './types.js';

/** Questions rules ask of the model, answered in one place. */

/** True when the statement's effect is a literal Allow (a ref or missing effect is not assumed). */
export function isAllow(s: IamStatement): boolean {
  const e = s.effect;
  return !!e && e.kind === 'literal' && typeof e.value === 'string' && e.value.toLowerCase() === 'allow';
}

export function literalStrings(vs: Value[] | null): { value: string; v: Value }[] {
  const out: { value: string; v: Value }[] = [];
  for (const v of vs ?? []) if (v.kind === 'literal' && typeof v.value === 'string') out.push({ value: v.value, v });
  return out;
}
