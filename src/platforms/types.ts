import type { Document, FileProbe, ToolNotice } from '../core/types.js';
import type { ModuleResolver } from '../code/resolve.js';
import type { App, Fn } from '../model/types.js';
import type { BuildContext } from './context.js';

/** An adapter's verdict on a file: it is one of its manifests, or a file it knows and will not read. */
export type Detection = { manifest: true } | { skip: string } | null;

/** A manifest read as text: its lines, and the comments by 1-based line the adapter finds in them. */
export interface TextManifest {
  path: string;
  text: string;
  lines: string[];
  comments: Map<number, string>;
}

/** One function's entry file and export, as the platform names it. */
export interface Entry {
  file: string;
  fn: Fn;
}

/**
 * A deployment platform (Serverless Framework, SAM/CloudFormation, …): it recognises its manifests,
 * builds provider-neutral apps from them, and names each function's entry in the code. Registered in
 * `platforms/index.ts`; a new platform is a new folder and one line there.
 */
export interface PlatformAdapter {
  /** e.g. `aws-serverless` */
  id: string;
  /** the cloud it deploys to, e.g. `aws` */
  platform: string;
  /**
   * Names that say "I am this platform's manifest" whatever the content: such a file that cannot be
   * read (binary, too big, a link out of the root, a FIFO) fails the gate instead of being passed over.
   */
  names: RegExp;
  /** `manifest` for a file this adapter builds; checked in registry order, the first claim wins */
  detect(file: FileProbe): Detection;
  /** an app from the manifest's parsed document, or null when it is not one after all */
  build(doc: Document, ctx: BuildContext): App | null;
  /** manifests this adapter reads as plain text (shell scripts, Firebase rules), by path; the others are parsed as YAML/JSON */
  readsText?(path: string): boolean;
  /** an app from a manifest read as text (`readsText`); it fills in the file's comments (for suppressions) */
  buildText?(file: TextManifest, ctx: BuildContext): App | null;
  /** each function's entry file and export (null when the code is elsewhere, not JS/TS, or not found) */
  entries?(app: App, resolver: ModuleResolver, notice: (n: ToolNotice) => void): Entry[];
}
