import type { Value } from '../_api.js';

/**
 * A function's ingress setting, however it is spelled: Firebase and the Cloud Functions API
 * (`ALLOW_ALL`, `ALLOW_INTERNAL_ONLY`, `ALLOW_INTERNAL_AND_GCLB`) or gcloud (`all`, `internal-only`,
 * `internal-and-gclb`). `unset` (the platform default, all traffic); undefined when not a literal.
 */
export type Ingress = 'all' | 'internal' | 'internal-and-gclb' | 'unset';

export function ingressOf(v: Value | null | undefined): Ingress | undefined {
  if (!v) return 'unset';
  if (v.kind !== 'literal') return undefined;
  const s = String(v.value)
    .trim()
    .toLowerCase()
    .replace(/^allow_/, '')
    .replace(/_/g, '-');
  if (s === 'all') return 'all';
  if (s === 'internal-only' || s === 'internal') return 'internal';
  if (s === 'internal-and-gclb' || s === 'internal-and-cloud-load-balancing') return 'internal-and-gclb';
  return undefined;
}
