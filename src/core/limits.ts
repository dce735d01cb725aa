/**
 * The work budgets of parsing and resolution, in one place (the README's Safety section lists them).
 * Each is far above what a real manifest needs, and each bounds something hostile input could
 * otherwise make unbounded. A file or value that exceeds one gets an error-level notice naming the
 * limit (so the gate fails: what could not be analysed is not passed); the run goes on with every
 * other file.
 */
export const LIMITS = {
  /**
   * Nodes that YAML aliases may add to one document once expanded (every `*alias` counts the size of
   * what it names). Sharing a block of settings among a hundred functions costs a few thousand;
   * a 600-byte alias bomb asks for a billion.
   */
  aliasNodes: 100_000,
  /**
   * Nesting depth of a document (YAML, JSON, a `${file()}` document, a tsconfig.json), and of the
   * tree variable resolution builds. Real manifests nest a few dozen levels; every walk over a tree
   * recurses once per level, so this also keeps each far from the stack's end.
   */
  maxDepth: 500,
  /**
   * Tokens of one YAML or JSON file that are a node or a comment — scalars (keys included), aliases,
   * flow collections, comments — counted before anything is built. CloudFormation takes templates up
   * to 1 MB, some 100,000 of them; a map of 300,000 one-letter keys, or 400,000 comment lines, would
   * otherwise cost seconds and most of a gigabyte to model.
   */
  documentTokens: 200_000,
  /** Characters of a string built by `Fn::Sub`, `Fn::Join`, `Fn::Base64` or variable interpolation. */
  stringLength: 1_000_000,
  /** How deep CloudFormation intrinsic functions may nest (through mappings and conditions too). */
  intrinsicDepth: 64,
  /** Nodes intrinsic-function evaluation may visit for one template value (one top-level call). */
  intrinsicSteps: 1_000_000,
  /** Variable evaluations for one service (`${…}` sources, chains and fallbacks included). */
  variableSteps: 200_000,
  /**
   * Nodes variable resolution may create for one service: `${self:}` copies an object wherever it is
   * referenced, so objects that reference each other can multiply. A 5 MB manifest has fewer.
   */
  resolvedNodes: 2_000_000,
} as const;

export type LimitName = keyof typeof LIMITS;

/** The text a notice uses to name a limit: `the maxDepth limit (500)`. */
export function limitText(name: LimitName): string {
  return `the ${name} limit (${LIMITS[name]})`;
}
