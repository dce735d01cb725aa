/**
 * Libraries whose root import loads the whole library at init where a deep import or a lighter
 * module loads only what is used: which imports of them load it whole, and what to write instead.
 */

export interface WholeImport {
  pkg: string;
  /** which imports of the root specifier load it whole */
  when: 'any' | 'require';
  instead: string;
}

export const WHOLE_IMPORTS: readonly WholeImport[] = [
  // CommonJS: a bundler cannot drop what a `lodash` import does not use, named imports included
  {
    pkg: 'lodash',
    when: 'any',
    instead: 'import each method from its module (`lodash/get`) or use `lodash-es`, which bundlers tree-shake',
  },
  // one module with its locale data; no deep import
  { pkg: 'moment', when: 'any', instead: 'use `dayjs` or `date-fns` functions, which load only what is imported' },
  // every Google API client
  { pkg: 'googleapis', when: 'any', instead: 'depend on the one API package (`@googleapis/drive`, `@googleapis/sheets`)' },
  // the CommonJS barrel requires every function; ESM named imports tree-shake
  {
    pkg: 'date-fns',
    when: 'require',
    instead: 'require each function from its module (`date-fns/format`) or import it from the ES module',
  },
  { pkg: 'rxjs', when: 'require', instead: 'import the operators from the ES module so the bundler keeps only those used' },
];

/** The entry for an import of `specifier` (the root of the package only), or undefined. */
export function wholeImport(specifier: string, kind: string): WholeImport | undefined {
  const w = WHOLE_IMPORTS.find((x) => x.pkg === specifier);
  if (!w) return undefined;
  return w.when === 'any' || kind === 'require' ? w : undefined;
}
