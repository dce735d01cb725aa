import { maskSecret } from '../knowledge/secrets/mask.js';
import { indexSecrets, maskAll, type SecretIndex } from './redact-scan.js';

/**
 * Holds every raw secret the rules reported and replaces each occurrence in any text with its masked
 * form, in one pass over the text (see `maskAll`). Longest first, so a secret that contains another is
 * masked whole.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private index: SecretIndex | null = null;

  add(values: Iterable<string>): void {
    for (const v of values) {
      if (v && v.length >= 4 && !this.secrets.has(v)) {
        this.secrets.add(v);
        this.index = null;
      }
    }
  }

  get size(): number {
    return this.secrets.size;
  }

  redact = (text: string): string => {
    if (!this.secrets.size || !text) return text;
    this.index ??= indexSecrets(this.secrets);
    return maskAll(text, this.index, maskSecret);
  };
}
