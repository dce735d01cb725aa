import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ImportInfo, JwtFacts, SignatureCheck, SourceFile, StringLiteralInfo } from '../model/types.js';
import type { Loc } from '../core/types.js';
import { LINE_BREAK, LineIndex, splitLines, fileLoc } from '../core/loc.js';
import { isModuleExports, memberName, propertyKeyName, staticString, type AstNode } from './ast.js';
import { callSiteOf } from './call-site.js';
import { signatureCollector } from './signatures.js';
import { jwtCollector } from './jwt.js';

/**
 * JavaScript/TypeScript sources: parse with typescript-estree (syntax only: no type information, no
 * tsconfig, no file system), then collect in ONE walk the facts many rules share (imports, exports,
 * string literals with the name they are bound to, comments by line).
 *
 * Positions: the model's columns are 1-based and end-exclusive; estree's are 0-based, so `nodeLoc`
 * adds 1. Lines follow TypeScript's line terminators (\r\n, \n, \r, U+2028, U+2029) and
 * `SourceFile.lines` is split the same way, so an AST line always indexes `lines`.
 */

/** Extensions parsed as code, in the order a TypeScript-first project resolves them. */
export const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isCodeFile(path: string): boolean {
  const ext = extensionOf(path);
  return (CODE_EXTENSIONS as readonly string[]).includes(ext) && !/\.d\.[mc]?ts$/i.test(path);
}

function extensionOf(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(dot).toLowerCase() : '';
}

/**
 * The line index of each parsed file, kept on its Program node. A node of a parsed file keeps its `range`
 * and not its `loc`: the parse drops the three `loc` objects of every node (a quarter of a retained
 * AST's memory, and of what the collector marks while the analyses run), and `nodeLoc` computes a
 * location from the range, through the file's root, when it is asked for one.
 */
const LINE_INDEX: unique symbol = Symbol('sls-lint line index');
/** What the parse keeps on a file's Program node, under symbols (no walk, clone or JSON sees them). */
interface ParsedRoot {
  [LINE_INDEX]?: LineIndex;
  [WALK_ORDER]?: WalkOrder;
}

/** The model location of an AST node or comment (estree columns are 0-based; the model's 1-based). */
export function nodeLoc(file: string, node: { loc?: TSESTree.SourceLocation; range?: TSESTree.Range }): Loc {
  if (!node.loc && node.range) {
    let root = node as AstNode;
    while (root.parent) root = root.parent;
    const index = (root as ParsedRoot)[LINE_INDEX];
    if (index) {
      const a = index.pos(node.range[0]);
      const b = index.pos(node.range[1]);
      return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    }
  }
  const loc = node.loc!;
  return { file, line: loc.start.line, column: loc.start.column + 1, endLine: loc.end.line, endColumn: loc.end.column + 1 };
}

export type ParseSourceResult = { file: SourceFile } | { error: { message: string; loc: Loc } };

/**
 * Parses one source file (path: posix, relative to the srcroot; its extension picks TS/JS/JSX).
 * Never throws: a syntax error comes back as a located error. A leading BOM is dropped.
 */
export function parseSource(path: string, source: string): ParseSourceResult {
  const ext = extensionOf(path);
  // a BOM is invisible in editors (columns are counted without it) and breaks a following `#!` line
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let ast: TSESTree.Program;
  try {
    ast = estreeParse()(text, {
      // the path only selects the script kind (TS/TSX/JS); `parse` reads nothing from disk
      filePath: path,
      jsx: ext === '.tsx' || ext === '.jsx',
      loc: true,
      range: true,
      comment: true,
      tokens: false,
      jsDocParsingMode: 'none',
      loggerFn: false,
      suppressDeprecatedPropertyWarnings: true,
    });
  } catch (e) {
    return { error: parseErrorOf(path, e, text) };
  }
  const lines = splitLines(text);
  const index = new LineIndex(text);
  // TypeScript ends lines at U+2028/U+2029 too; locations count lines as every other file does
  // (a node's location comes from the index once the facts walk has passed it; this is for the
  // comments, and for the nodes the facts walk places before it reaches them: import specifiers)
  if (/[\u2028\u2029]/.test(text)) relocate(ast, index);
  (ast as ParsedRoot)[LINE_INDEX] = index;
  const facts = collectFacts(path, ast, text);
  return {
    file: {
      path,
      text,
      lines,
      ast,
      comments: commentsByLine(ast),
      imports: facts.imports,
      exports: facts.exports,
      strings: facts.strings,
      handlerOf: [],
      signatureChecks: facts.signatureChecks,
      ...(facts.jwt ? { jwt: facts.jwt } : {}),
    },
  };
}

type ErrorPos = { line: number; column: number; offset?: number };

function parseErrorOf(file: string, e: unknown, text: string): { message: string; loc: Loc } {
  const err = e as { message?: unknown; location?: { start: ErrorPos; end: ErrorPos } };
  const raw = typeof err?.message === 'string' ? err.message : String(e);
  const message = `Parsing error: ${raw.split('\n')[0]}`;
  let at = err?.location;
  if (!at) return { message, loc: fileLoc(file) };
  // TypeScript ends lines at U+2028/U+2029 too: place the error by its offsets, as the nodes are
  if (/[\u2028\u2029]/.test(text) && typeof at.start.offset === 'number' && typeof at.end.offset === 'number') {
    const index = new LineIndex(text);
    const pos = (o: number) => {
      const p = index.pos(o);
      return { line: p.line, column: p.column - 1 };
    };
    at = { start: pos(at.start.offset!), end: pos(at.end.offset!) };
  }
  const column = at.start.column + 1;
  let endColumn = at.end.column + 1;
  // a zero-width error still gets a one-character region (SARIF viewers hide empty regions)
  if (at.end.line === at.start.line && endColumn <= column) endColumn = column + 1;
  return { message, loc: { file, line: at.start.line, column, endLine: at.end.line, endColumn } };
}

/** Recomputes every node's and comment's `loc` from its `range` with the one line index. */
function relocate(ast: TSESTree.Program, index: LineIndex): void {
  const fix = (n: { loc: TSESTree.SourceLocation; range: TSESTree.Range }) => {
    const a = index.pos(n.range[0]);
    const b = index.pos(n.range[1]);
    n.loc = { start: { line: a.line, column: a.column - 1 }, end: { line: b.line, column: b.column - 1 } };
  };
  walk(ast, (node) => {
    fix(node);
  });
  for (const c of ast.comments ?? []) fix(c);
}

/**
 * Comment text by line. A block comment is recorded on the line it starts and on every line it covers;
 * JSDoc-style leading `*` are dropped. Several comments on one line are joined with a newline.
 */
function commentsByLine(ast: TSESTree.Program): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of ast.comments ?? []) {
    const text =
      c.type === 'Line'
        ? c.value.trim()
        : c.value
            .split(LINE_BREAK)
            .map((l) => l.replace(/^\s*\*?/, '').trim())
            .filter(Boolean)
            .join('\n');
    for (let line = c.loc.start.line; line <= c.loc.end.line; line++) {
      const prev = out.get(line);
      out.set(line, prev === undefined ? text : `${prev}\n${text}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
/**
 * typescript-estree loads the TypeScript compiler (most of a second): it is required on the first
 * code file parsed, so `--version`, `--help` and manifest-only runs never pay for it. Node's module
 * cache makes every later call a lookup (no state of our own).
 */
const requireHere = createRequire(import.meta.url);
type EstreeParse = typeof import('@typescript-eslint/typescript-estree').parse;
function estreeParse(): EstreeParse {
  return (requireHere('@typescript-eslint/typescript-estree') as { parse: EstreeParse }).parse;
}

// Traversal

type VisitorKeys = Record<string, readonly string[] | undefined>;

/**
 * typescript-estree's own child keys, from its dependency @typescript-eslint/visitor-keys. Loaded
 * defensively: if the package cannot be found, `childKeys` falls back to a generic scan.
 */
const VISITOR_KEYS: VisitorKeys | null = (() => {
  try {
    const req = createRequire(import.meta.url);
    return (req('@typescript-eslint/visitor-keys') as { visitorKeys: VisitorKeys }).visitorKeys;
  } catch {
    return null;
  }
})();

/** Properties that never hold child nodes (or point back up the tree). */
const NOT_CHILDREN = new Set(['parent', 'loc', 'range', 'comments', 'tokens']);

function childKeys(node: AstNode): readonly string[] {
  const known = VISITOR_KEYS?.[node.type];
  if (known) return known;
  return Object.keys(node).filter((k) => !NOT_CHILDREN.has(k));
}

function isNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}

/**
 * A parsed file's nodes in walk order (depth first, source order), each with its parent and the
 * index just past its subtree. The parse records it in its one walk over the file; every later walk
 * of a whole file (the analyses walk each file several times) is then a loop over it, a skipped
 * subtree a jump, rather than a traversal of the tree's properties. ASTs are not changed after the
 * parse, so the order stays true.
 */
interface WalkOrder {
  nodes: AstNode[];
  parents: (AstNode | undefined)[];
  ends: Int32Array;
}
const WALK_ORDER: unique symbol = Symbol('sls-lint walk order');

/**
 * Depth-first walk in source order, iterative (deep ASTs cannot overflow the stack). `enter` gets
 * each node and its parent; returning `false` skips the node's children.
 */
export function walk(root: AstNode, enter: (node: AstNode, parent: AstNode | undefined) => boolean | void): void {
  const order = (root as ParsedRoot)[WALK_ORDER];
  if (!order) {
    traverse(root, enter);
    return;
  }
  const { nodes, parents, ends } = order;
  for (let i = 0; i < nodes.length;) i = enter(nodes[i]!, parents[i]) === false ? ends[i]! : i + 1;
}

/** The walk of a file at its parse: every node is entered (none skipped), and the order is kept for later walks. */
function walkRecording(root: AstNode, enter: (node: AstNode, parent: AstNode | undefined) => void): void {
  const nodes: AstNode[] = [];
  const parents: (AstNode | undefined)[] = [];
  const parentAt: number[] = [];
  traverse(
    root,
    (node, parent) => {
      enter(node, parent);
      nodes.push(node);
      parents.push(parent);
    },
    parentAt,
  );
  // a subtree ends where its last descendant's does: children come after their parent, so one
  // backward pass carries each end up to the parent
  const ends = new Int32Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (ends[i]! < i + 1) ends[i] = i + 1;
    const p = parentAt[i]!;
    if (p >= 0 && ends[p]! < ends[i]!) ends[p] = ends[i]!;
  }
  (root as ParsedRoot)[WALK_ORDER] = { nodes, parents, ends };
}

/**
 * The traversal itself. `parentAt`, when given, receives each entered node's parent's entry index
 * (-1 for the root), in entry order (the recording walk enters every node).
 */
function traverse(root: AstNode, enter: (node: AstNode, parent: AstNode | undefined) => boolean | void, parentAt?: number[]): void {
  // parallel stacks rather than a tuple per node: a tuple per node is garbage the collector pays
  // for on the whole tree
  const nodes: AstNode[] = [root];
  const parents: (AstNode | undefined)[] = [undefined];
  const parentIdx: number[] = [-1];
  let entered = 0;
  while (nodes.length) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    const pIdx = parentIdx.pop()!;
    if (enter(node, parent) === false) continue;
    const at = entered++;
    parentAt?.push(pIdx);
    const rec = node as unknown as Record<string, unknown>;
    const keys = childKeys(node);
    // pushed last child first, so children are entered in source order
    for (let k = keys.length - 1; k >= 0; k--) {
      const v = rec[keys[k]!];
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) {
          const c: unknown = v[i];
          if (isNode(c)) {
            nodes.push(c);
            parents.push(node);
            parentIdx.push(at);
          }
        }
      } else if (isNode(v)) {
        nodes.push(v);
        parents.push(node);
        parentIdx.push(at);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Facts

interface Facts {
  imports: ImportInfo[];
  exports: string[];
  strings: StringLiteralInfo[];
  signatureChecks: SignatureCheck[];
  jwt?: JwtFacts;
}

/**
 * The single walk over a parsed file: sets `parent` pointers (the AST then matches its TSESTree types,
 * which rules may rely on) and collects imports, exports and string literals.
 */
function collectFacts(file: string, ast: TSESTree.Program, text: string): Facts {
  const imports: ImportInfo[] = [];
  const exports = new Set<string>();
  const strings: StringLiteralInfo[] = [];
  /** module specifiers and other syntax-only strings, seen on their parent before the walk reaches them */
  const notData = new Set<AstNode>();

  /** `at`: the call, for a `require()`/`import()`, whose ancestors say whether it runs at init */
  const addImport = (source: AstNode | null | undefined, kind: ImportInfo['kind'], typeOnly: boolean, at?: AstNode): void => {
    if (!source) return;
    const value = staticString(source);
    if (value === undefined) return;
    notData.add(source);
    const info: ImportInfo = { source: value, loc: nodeLoc(file, source), kind, typeOnly };
    if (at && insideFunction(at)) info.lazy = true;
    imports.push(info);
  };

  const signatures = signatureCollector((n) => nodeLoc(file, n));
  const jwt = jwtCollector(
    (n) => nodeLoc(file, n),
    (n) => text.slice(n.range[0], n.range[1]),
  );
  walkRecording(ast, (node, parent) => {
    (node as { parent?: AstNode }).parent = parent;
    // positions come from the range and the file's line index from here on (see `nodeLoc`)
    (node as { loc?: unknown }).loc = undefined;
    signatures.visit(node);
    jwt.visit(node);
    switch (node.type) {
      case 'ImportDeclaration': {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        addImport(node.source, 'import', typeOnly);
        break;
      }
      case 'ExportNamedDeclaration': {
        const typeOnly =
          node.exportKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'));
        if (node.source) addImport(node.source, 'export-from', typeOnly);
        if (node.exportKind === 'type') break;
        if (node.declaration) for (const n of declaredNames(node.declaration)) exports.add(n);
        for (const s of node.specifiers) {
          if (s.exportKind === 'type') continue;
          const name = s.exported.type === 'Identifier' ? s.exported.name : staticString(s.exported);
          if (name !== undefined) exports.add(name);
        }
        break;
      }
      case 'ExportAllDeclaration':
        addImport(node.source, 'export-from', node.exportKind === 'type');
        if (node.exported && node.exportKind !== 'type') {
          const name = node.exported.type === 'Identifier' ? node.exported.name : staticString(node.exported);
          if (name !== undefined) exports.add(name);
        }
        break;
      case 'ExportDefaultDeclaration':
        exports.add('default');
        break;
      case 'TSExportAssignment': // `export = { main }` is `module.exports = { main }`
        for (const n of objectKeys(node.expression)) exports.add(n);
        break;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference')
          addImport(node.moduleReference.expression, 'require', node.importKind === 'type');
        break;
      case 'ImportExpression':
        addImport(node.source, 'dynamic', false, node);
        break;
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1)
          addImport(node.arguments[0], 'require', false, node);
        break;
      case 'AssignmentExpression':
        if (node.left.type === 'MemberExpression') {
          for (const n of commonJsExports(node.left, node.right)) exports.add(n);
        }
        break;
      case 'Literal':
      case 'TemplateLiteral': {
        if (notData.has(node) || isSyntaxString(node, parent)) break;
        const value = staticString(node);
        if (value === undefined) break;
        const info: StringLiteralInfo = { value, loc: nodeLoc(file, node) };
        const name = boundName(node);
        if (name !== undefined) info.name = name;
        const call = name !== undefined ? callSiteOf(node) : undefined;
        if (call) info.call = call;
        strings.push(info);
        break;
      }
      case 'ImportAttribute': // `with { type: 'json' }`
        notData.add(node.key);
        notData.add(node.value);
        break;
    }
  });
  const jwtFacts = jwt.done();
  return { imports, exports: [...exports], strings, signatureChecks: signatures.done(imports), ...(jwtFacts ? { jwt: jwtFacts } : {}) };
}

/** Is the node inside a function body (its parents are set: the walk sets them on the way down)? */
function insideFunction(node: AstNode): boolean {
  for (let n = (node as { parent?: AstNode }).parent; n; n = (n as { parent?: AstNode }).parent)
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return true;
  return false;
}

/** Names a declaration introduces (`export const {a, b: [c]} = …` → a, c). Type-only declarations give none. */
function declaredNames(decl: TSESTree.NamedExportDeclarations): string[] {
  switch (decl.type) {
    case 'VariableDeclaration':
      return decl.declarations.flatMap((d) => patternNames(d.id));
    case 'FunctionDeclaration':
    case 'TSDeclareFunction':
    case 'ClassDeclaration':
    case 'TSEnumDeclaration':
      return decl.id ? [decl.id.name] : [];
    case 'TSModuleDeclaration':
      return decl.id.type === 'Identifier' ? [decl.id.name] : [];
    default: // type aliases, interfaces
      return [];
  }
}

function patternNames(p: AstNode | null): string[] {
  if (!p) return [];
  switch (p.type) {
    case 'Identifier':
      return [p.name];
    case 'ObjectPattern':
      return p.properties.flatMap((prop) => patternNames(prop.type === 'Property' ? prop.value : prop.argument));
    case 'ArrayPattern':
      return p.elements.flatMap((e) => patternNames(e));
    case 'RestElement':
      return patternNames(p.argument);
    case 'AssignmentPattern':
      return patternNames(p.left);
    default:
      return [];
  }
}

/** Property names of an object literal (`{ a, b: 1, 'c': 2, d() {} }` → a, b, c, d); spreads are skipped. */
function objectKeys(n: AstNode): string[] {
  if (n.type !== 'ObjectExpression') return [];
  const out: string[] = [];
  for (const p of n.properties) {
    const name = p.type === 'Property' ? propertyKeyName(p.key, p.computed) : undefined;
    if (name !== undefined) out.push(name);
  }
  return out;
}

/** `exports.x = …`, `module.exports.x = …` → x; `module.exports = { x, y }` → x, y. */
function commonJsExports(left: TSESTree.MemberExpression, right: AstNode): string[] {
  if (isModuleExports(left)) return objectKeys(right);
  const obj = left.object;
  if ((obj.type === 'Identifier' && obj.name === 'exports') || isModuleExports(obj)) {
    const name = memberName(left);
    return name === undefined ? [] : [name];
  }
  return [];
}

/**
 * Strings that are syntax rather than data: property keys and member names (`{'a-b': 1}`, `x['y']`),
 * literal types (`type T = 'a'`), directives (`'use strict'`), import/export names, ambient module
 * names (`declare module 'x'`).
 */
function isSyntaxString(node: AstNode, parent: AstNode | undefined): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'Property':
    case 'PropertyDefinition':
    case 'AccessorProperty':
    case 'MethodDefinition':
    case 'TSPropertySignature':
    case 'TSMethodSignature':
    case 'TSAbstractPropertyDefinition':
    case 'TSAbstractMethodDefinition':
    case 'TSAbstractAccessorProperty':
      return parent.key === node;
    case 'MemberExpression':
      return parent.property === node;
    case 'TSEnumMember':
      return parent.id === node;
    case 'TSLiteralType':
    case 'TSModuleDeclaration':
    case 'ImportSpecifier':
    case 'ExportSpecifier':
    case 'ExportAllDeclaration':
      return true;
    case 'ExpressionStatement':
      return parent.directive !== undefined;
    default:
      return false;
  }
}

/**
 * The name a string is bound to: variable (`const apiKey = '…'`), property (`{ password: '…' }`),
 * assignment target (`x.token = '…'`, `headers['X-Api-Key'] = '…'`), default value
 * (`function f(secret = '…')`), class field, enum member or JSX attribute. Looks through TS
 * assertions, `a ?? 'x'`, `a || 'x'` and `c ? 'x' : 'y'`, so a fallback value keeps its name.
 */
function boundName(node: AstNode): string | undefined {
  let child: AstNode = node;
  let p = child.parent;
  while (p && isTransparent(p, child)) {
    child = p;
    p = p.parent;
  }
  if (!p) return undefined;
  switch (p.type) {
    case 'VariableDeclarator':
      return p.init === child && p.id.type === 'Identifier' ? p.id.name : undefined;
    case 'Property':
      return p.value === child ? propertyKeyName(p.key, p.computed) : undefined;
    case 'PropertyDefinition':
    case 'AccessorProperty':
      return p.value === child ? propertyKeyName(p.key, p.computed) : undefined;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      if (p.right !== child) return undefined;
      if (p.left.type === 'Identifier') return p.left.name;
      return p.left.type === 'MemberExpression' ? memberName(p.left) : undefined;
    case 'TSEnumMember':
      return p.initializer === child ? propertyKeyName(p.id, false) : undefined;
    case 'JSXAttribute':
      if (p.value !== child) return undefined;
      return p.name.type === 'JSXIdentifier' ? p.name.name : `${p.name.namespace.name}:${p.name.name.name}`;
    default:
      return undefined;
  }
}

/** Wrappers that pass a value through unchanged as far as its name is concerned. */
function isTransparent(p: AstNode, child: AstNode): boolean {
  switch (p.type) {
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'JSXExpressionContainer':
    case 'LogicalExpression':
      return true;
    case 'ConditionalExpression':
      return p.test !== child;
    default:
      return false;
  }
}
