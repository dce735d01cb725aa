import { maskSecret } from '../knowledge/secrets/mask.js';

/**
 * Holds every raw secret the rules reported and replaces each occurrence in any text with its masked
 * form. Longest first, so a secret that contains another is masked whole.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] | null = null;

  add(values: Iterable<string>): void {
    for (const v of values) {
      if (v && v.length >= 4 && !this.secrets.has(v)) {
        this.secrets.add(v);
        this.ordered = null;
      }
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  redact = (text: string): string => {
    if (!this.secrets.size || !text) return text;
    this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    let out = text;
    for (const s of this.ordered) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
    return out;
  };
}
