import type { TSESTree } from '@typescript-eslint/typescript-estree';
import {
  isFunction,
  memberName,
  propertyKeyName,
  staticString,
  unwrapExpression,
  type AstNode,
  type FunctionNode,
} from '../../code/ast.js';
import { nodeLoc } from '../../code/parse.js';
import type { Loc } from '../../core/types.js';
import type { Fn, Project, SourceFile } from '../../model/types.js';
import {
  CHECKED_VALIDATORS,
  LOGGING_CALLS,
  NON_CARRYING_METHODS,
  PRE_VALIDATION,
  SANITISERS,
  type SanitiserSpec,
} from '../../knowledge/sanitisers.js';
import { CalleeIndex, type CallKeys } from './callee-index.js';
import { normaliseModule, SINKS, type CalleeSpec, type SinkClass, type SinkSpec } from '../../knowledge/sinks.js';
import { BODY_METHODS, CLIENT_FACTORIES, COMPUTED_KEY_SINK, HTML_BODY_SINK, LOCATION_HEADER_SINK } from '../../knowledge/sinks-input.js';
import { bodyIsMarkup, escapesRegex, fixedOrigin, plusOperands, responseParts, rootOption, unsafeYamlSchema } from './shapes.js';
import {
  CONTEXT_REQUEST_PATHS,
  MORE_EVENT_PARAMS,
  TRIGGER_SOURCES,
  TRUSTED_HTTP_PATHS,
  UNKNOWN_TRIGGER,
  type TriggerSource,
} from '../../knowledge/sources.js';
import { isPromisify, Modules, requireSpecifier } from './modules.js';
import { DEFAULT_BUDGET, pathText, type Budget, type Fact, type Flow, type Step, type TaintNote, type UnvalidatedUse } from './types.js';
import { validatedByMiddleware } from './validators.js';
import { registeredEntries } from './registered.js';
import { addCrossing, crossingOf, eventCrossings, type Crossing, type EventCrossing } from './crossings.js';
import { checkedKeys, pathKey, refineKey, subKey, withObjectKeyPrefix, type Checks } from './guards.js';
import { instanceOf } from './classes.js';
import {
  asUrlBase,
  CLEAN,
  clampSteps,
  dedupeFacts,
  Env,
  flatten,
  getProp,
  union,
  withCleared,
  withoutCleared,
  withStep,
  type AVal,
  type FnRef,
} from './values.js';

/**
 * The taint engine: abstract interpretation of a handler over typescript-estree ASTs. A handler's
 * event parameter is the source; values carry facts (which source path they depend on, by which
 * steps); statements run in order with branches merged, loops twice; calls into project functions
 * use summaries (each parameter labelled, the summary records the labels reaching its return value
 * and its sinks) that are instantiated at each call; nested functions are analysed in their scope.
 * Every evaluation step counts against a per-handler and a per-run budget: when one runs out, the
 * analysis stops and says so in a note, never presenting the silence as safety.
 */

interface Hit {
  spec: SinkSpec;
  sink: string;
  loc: Loc;
  facts: Fact[];
}

interface Summary {
  ret: AVal;
  hits: Hit[];
  uses: Use[];
  crosses: Crossing[];
}

/** Event data passed to a call of a package or a built-in, or returned by the handler. */
interface Use {
  loc: Loc;
  facts: Fact[];
}

class BudgetExhausted extends Error {
  constructor(readonly scope: 'function' | 'run') {
    super(`taint budget per ${scope} exhausted`);
  }
}

interface Frame {
  env: Env;
  file: SourceFile;
  ret: AVal[];
  hits: Hit[];
  uses: Use[];
  crosses: Crossing[];
  depth: number;
}

const ARRAY_CALLBACKS = new Set([
  'map',
  'flatMap',
  'forEach',
  'filter',
  'find',
  'findLast',
  'some',
  'every',
  'reduce',
  'reduceRight',
  'sort',
  'findIndex',
]);
const CLEAN_CONSTRUCTORS = new Set([
  'Date',
  'Number',
  'Boolean',
  'RegExp',
  'Error',
  'TypeError',
  'RangeError',
  'Map',
  'Set',
  'WeakMap',
  'Promise',
]);
/** Sink classes whose call returns data from elsewhere (rows, a response, a file), not its arguments. */
const CONSUMING_SINKS: ReadonlySet<SinkClass> = new Set<SinkClass>([
  'sql',
  'nosql',
  'nosql-filter',
  'url',
  'command',
  'path',
  'redirect',
  'html',
  'page-html',
  'module',
]);
const SAFE_PREDICATES =
  /^(isInteger|isSafeInteger|isFinite|isUUID|isUuid|isInt|isNumeric|isNumber|isAlphanumeric|isAlpha|isEmail|isIn|isBoolean|isDate|isHexadecimal|isValid|validate|uuidValidate|timingSafeEqual)$/;
const MAX_HITS = 64;
const SINK_INDEX = new CalleeIndex(SINKS, (s) => s.callee);
const VALIDATOR_INDEX = new CalleeIndex(CHECKED_VALIDATORS, (v) => v.callee);
const PRE_VALIDATION_INDEX = new CalleeIndex(PRE_VALIDATION, (c) => c);
const SANITISER_INDEX = new CalleeIndex(SANITISERS, (s) => s.callee);
const MAX_FLOWS = 32;
const MAX_USES = 16;

export class TaintAnalysis {
  readonly modules: Modules;
  readonly notes: TaintNote[] = [];
  private readonly summaries = new Map<FunctionNode, Summary | 'pending'>();
  private readonly unvalidated = new Map<Fn, UnvalidatedUse[]>();
  private readonly crossed = new Map<Fn, EventCrossing[]>();
  private runTicks = 0;
  private fnTicks = 0;
  private depthNoted = false;
  /** checked validator calls met so far (`validate(dto)`): what their result proves when checked */
  private readonly checkedCalls = new WeakMap<AstNode, Checks>();
  /** validator calls that throw on invalid input (`validateOrReject(dto)`): the keys they prove */
  private readonly throwingCalls = new WeakMap<AstNode, string[]>();

  constructor(
    readonly project: Project,
    readonly budget: Budget = DEFAULT_BUDGET,
  ) {
    this.modules = new Modules(project);
  }

  /** The trigger a function's event comes from, or null when its event is not a source (schedules). */
  static triggerOf(fn: Fn): TriggerSource | null {
    if (!fn.events.length && !fn.url) return UNKNOWN_TRIGGER;
    const cats = fn.events.map((e) => e.category);
    if (fn.url || cats.includes('http')) return TRIGGER_SOURCES.http!;
    for (const c of cats) {
      const t = TRIGGER_SOURCES[c];
      if (t) return t;
    }
    return cats.every((c) => TRIGGER_SOURCES[c] === null) ? null : UNKNOWN_TRIGGER;
  }

  /**
   * Where the function's handler first uses data of its event that no validator checked (passes it to
   * a call of a package or a built-in, or returns it); filled in by `analyseFunction`.
   */
  unvalidatedUses(fn: Fn): UnvalidatedUse[] {
    return this.unvalidated.get(fn) ?? [];
  }

  /** Where the function's event (or part of it) is passed to a function of another project file; filled in by `analyseFunction`. */
  crossings(fn: Fn): EventCrossing[] {
    return this.crossed.get(fn) ?? [];
  }

  /** Every flow from the function's event to a sink. */
  analyseFunction(fn: Fn): Flow[] {
    const file = fn.entry?.file !== undefined ? this.modules.file(fn.entry.file) : undefined;
    const exportName = fn.entry?.exportName;
    const registered = fn.entry?.registered;
    if (!file || !fn.entry || (exportName === undefined && !registered)) return [];
    const trigger = TaintAnalysis.triggerOf(fn);
    if (!trigger) return [];
    const handler = exportName !== undefined ? this.modules.exportValue(file, exportName).fn : undefined;
    // an express-style app behind an adapter (`serverless(app)`): each route is an entry point
    let routes = handler || exportName === undefined ? [] : this.modules.adapterRoutes(file, exportName);
    // a handler the registration call passes (inline, a function of the file, an app behind `onRequest(app)`)
    if (!handler && !routes.length && registered) routes = registeredEntries(this.modules, file, registered, fn.name);
    if (!handler && !routes.length) {
      this.notes.push({
        loc: fn.entry.text.loc,
        message: `the handler of function "${fn.name}" is not a function the taint analysis can read statically; flows from its event are not analysed`,
      });
      return [];
    }
    const flows: Flow[] = [];
    const uses: UnvalidatedUse[] = [];
    this.unvalidated.set(fn, uses);
    const middleware = exportName !== undefined && validatedByMiddleware(file, exportName);
    for (const entry of handler ? [handler] : routes) {
      if (this.runTicks >= this.budget.perRun) {
        this.notes.push({
          loc: fn.entry.text.loc,
          message: `taint analysis of function "${fn.name}" skipped: the run's step budget (${this.budget.perRun}) is exhausted`,
        });
        break;
      }
      flows.push(...this.analyseEntry(fn, entry, trigger, middleware ? null : uses, entry === handler));
    }
    return flows.slice(0, MAX_FLOWS);
  }

  private analyseEntry(fn: Fn, handler: FnRef, trigger: TriggerSource, uses: UnvalidatedUse[] | null, isExport = false): Flow[] {
    this.fnTicks = 0;
    this.depthNoted = false;
    const params = handler.node.params;
    const first = params[0];
    const root = first?.type === 'Identifier' ? first.name : 'event';
    const frame = this.frame(handler, 0);
    const flows: Flow[] = [];
    const crossed = this.crossed.get(fn) ?? [];
    this.crossed.set(fn, crossed);
    try {
      if (first) {
        const source = (name: string, param: AstNode, segs: string[] = []): AVal => ({
          facts: [
            {
              label: {
                kind: 'source',
                level: trigger.level,
                trigger: trigger.describe,
                trusted: trigger === TRIGGER_SOURCES.http ? TRUSTED_HTTP_PATHS : [],
                root: name,
                segs,
              },
              steps: [{ loc: nodeLoc(handler.file.path, param), message: `\`${pathText(name, segs)}\`: ${trigger.describe}` }],
              cleared: [],
            },
          ],
        });
        const src = source(root, first);
        if (first.type === 'Identifier') frame.env.vars.set(first.name, src);
        else this.bindParam(first, src, frame);
        // Azure's legacy `(context, req)`: the request is the second parameter
        for (const i of Object.hasOwn(MORE_EVENT_PARAMS, fn.platform) ? MORE_EVENT_PARAMS[fn.platform]! : []) {
          const p = params[i];
          if (p?.type === 'Identifier' && fn.origin === 'azure-functions' && fn.entry?.kind !== 'registration')
            frame.env.vars.set(p.name, source(p.name, p));
        }
        // Netlify's `(req, context)` and Next.js's `(request, { params })`: the route's parameters
        const ctxSpec = Object.hasOwn(CONTEXT_REQUEST_PATHS, fn.platform) ? CONTEXT_REQUEST_PATHS[fn.platform]! : undefined;
        const ctxParam = ctxSpec && isExport && ctxSpec.exports.includes(fn.entry?.exportName ?? '') ? params[ctxSpec.index] : undefined;
        if (ctxSpec && ctxParam) {
          const name = ctxParam.type === 'Identifier' ? ctxParam.name : 'context';
          const props = new Map<string, AVal>();
          // `derived`: the context passed on whole (`helper(req, context)`) is not itself request data
          for (const key of ctxSpec.props) props.set(key, { ...source(name, ctxParam, [key]), derived: true });
          const v: AVal = { facts: [], props };
          if (ctxParam.type === 'Identifier') frame.env.vars.set(ctxParam.name, v);
          else this.bindParam(ctxParam, v, frame);
        }
      }
      this.runBody(handler.node, frame);
    } catch (e) {
      if (!(e instanceof BudgetExhausted)) throw e;
      const limit = e.scope === 'run' ? this.budget.perRun : this.budget.perFunction;
      this.notes.push({
        loc: nodeLoc(handler.file.path, handler.node),
        message: `taint analysis of function "${fn.name}" stopped: its ${e.scope === 'run' ? "run's" : ''}${e.scope === 'run' ? '' : 'function'} step budget (${limit}) ran out; flows past that point are not reported`,
      });
    }
    if (this.depthNoted)
      this.notes.push({
        loc: nodeLoc(handler.file.path, handler.node),
        message: `taint analysis of function "${fn.name}" did not follow calls nested deeper than ${this.budget.callDepth}; flows through them are not reported`,
      });
    crossed.push(...eventCrossings(frame.crosses));
    for (const u of uses ? frame.uses : []) {
      for (const f of u.facts) {
        if (f.label.kind !== 'source' || uses!.length >= MAX_USES * 2) continue;
        const source = pathText(f.label.root, f.label.segs);
        const steps = clampSteps([...f.steps, { loc: u.loc, message: 'used here' }]);
        uses!.push({ loc: u.loc, source, segs: f.label.segs, level: f.label.level, steps });
      }
    }
    const seen = new Set<string>();
    for (const h of frame.hits) {
      for (const f of h.facts) {
        if (f.label.kind !== 'source') continue;
        const source = pathText(f.label.root, f.label.segs);
        const key = `${h.loc.line}:${h.loc.column}:${h.spec.class}:${source}`;
        if (seen.has(key) || flows.length >= MAX_FLOWS) continue;
        seen.add(key);
        flows.push({
          class: h.spec.class,
          sink: h.sink,
          loc: h.loc,
          source,
          level: f.label.level,
          trigger: f.label.trigger,
          steps: clampSteps([...f.steps, { loc: h.loc, message: `reaches \`${h.sink}\`` }]),
        });
      }
    }
    return flows;
  }

  // -------------------------------------------------------------------------------------------------
  // functions

  private frame(fn: FnRef, depth: number): Frame {
    const moduleLookup = (name: string) => this.modules.scopeValue(fn.file, name);
    const env = new Env(new Map(), fn.env, fn.env ? null : moduleLookup);
    return { env, file: fn.file, ret: [], hits: [], uses: [], crosses: [], depth };
  }

  private runBody(node: FunctionNode, frame: Frame): void {
    if (node.body.type === 'BlockStatement') this.execBlock(node.body.body, frame);
    else frame.ret.push(this.ev(node.body, frame));
  }

  private bindParam(p: TSESTree.Parameter, v: AVal, frame: Frame): void {
    this.bindPattern(p.type === 'TSParameterProperty' ? p.parameter : p, v, frame);
  }

  /** The summary of a top-level project function: labels of its parameters reaching return and sinks. */
  private summaryOf(fn: FnRef): Summary | null {
    const memo = this.summaries.get(fn.node);
    if (memo === 'pending') return null;
    if (memo) return memo;
    this.summaries.set(fn.node, 'pending');
    try {
      const frame = this.frame(fn, 1);
      fn.node.params.forEach((p, index) => {
        const v: AVal = { facts: [{ label: { kind: 'param', index, segs: [] }, steps: [], cleared: [] }] };
        this.bindParam(p, v, frame);
      });
      this.runBody(fn.node, frame);
      const s: Summary = { ret: union(frame.ret), hits: frame.hits, uses: frame.uses, crosses: frame.crosses };
      this.summaries.set(fn.node, s);
      return s;
    } catch (e) {
      this.summaries.delete(fn.node);
      throw e;
    }
  }

  /** A call of a project function with these argument values. */
  private callFunction(fn: FnRef, args: AVal[], call: AstNode, frame: Frame): AVal {
    const loc = nodeLoc(frame.file.path, call);
    if (fn.env === null) {
      const s = this.summaryOf(fn);
      if (!s) return union(args); // recursion: what goes in may come out
      const step = { loc, message: `passed to \`${fn.name}\`` };
      // an argument encoded for the sink's class (`encodeURIComponent(x)`) is not a flow through the summary
      for (const h of s.hits) {
        const facts = h.facts.flatMap((f) => this.instantiate(f, args, step)).filter((f) => !f.cleared.includes(h.spec.class));
        this.addHit(frame, { ...h, facts });
      }
      for (const u of s.uses)
        this.addUse(
          frame,
          u.loc,
          u.facts.flatMap((f) => this.instantiate(f, args, step)),
        );
      for (const c of s.crosses)
        addCrossing(frame.crosses, {
          ...c,
          args: c.args.map((a) => ({ ...a, facts: a.facts.flatMap((f) => this.instantiate(f, args, step)) })),
        });
      const ret = this.instantiateValue(s.ret, args, step);
      return withStep(ret, { loc, message: `returned from \`${fn.name}\`` });
    }
    if (frame.depth >= this.budget.callDepth) {
      this.depthNoted = true;
      return union(args);
    }
    const inner = this.frame(fn, frame.depth + 1);
    fn.node.params.forEach((p, i) => {
      if (p.type === 'RestElement') this.bindPattern(p.argument, union(args.slice(i)), inner);
      else this.bindParam(p, args[i] ?? CLEAN, inner);
    });
    this.runBody(fn.node, inner);
    for (const h of inner.hits) this.addHit(frame, h);
    for (const u of inner.uses) this.addUse(frame, u.loc, u.facts);
    for (const c of inner.crosses) addCrossing(frame.crosses, c);
    return union(inner.ret);
  }

  private instantiate(f: Fact, args: AVal[], step: Step): Fact[] {
    if (f.label.kind === 'source') return [f];
    let v = args[f.label.index] ?? CLEAN;
    for (const s of f.label.segs) v = this.prop(v, s === '[]' ? null : s);
    return flatten(v).map((a) => ({
      label: a.label,
      steps: clampSteps([...a.steps, step, ...f.steps]),
      cleared: [...new Set([...a.cleared, ...f.cleared])],
    }));
  }

  private instantiateValue(v: AVal, args: AVal[], step: Step, envs: Map<Env, Env> = new Map()): AVal {
    const out: AVal = { facts: dedupeFacts(v.facts.flatMap((f) => this.instantiate(f, args, step))) };
    if (v.props) out.props = new Map([...v.props].map(([k, p]) => [k, this.instantiateValue(p, args, step, envs)]));
    // a closure returned from a summary (`return { parse: (x) => check(x, secret) }`) closes over the
    // summary's parameter labels: bind them to this call's arguments, or a later call would read
    // them as the parameters of whichever summary it runs in
    if (v.fn) out.fn = v.fn.env ? { ...v.fn, env: this.instantiateEnv(v.fn.env, args, step, envs) } : v.fn;
    if (v.ref) out.ref = v.ref;
    if (v.mod) out.mod = v.mod;
    return out;
  }

  /** A copy of a closure's scope chain with the summary's parameter labels bound to `args` (cycles kept). */
  private instantiateEnv(env: Env, args: AVal[], step: Step, envs: Map<Env, Env>): Env {
    const known = envs.get(env);
    if (known) return known;
    const chain: Env[] = [];
    for (let e: Env | null = env; e && !envs.has(e); e = e.parent) chain.push(e);
    for (let i = chain.length - 1; i >= 0; i--) {
      const e = chain[i]!;
      envs.set(e, new Env(new Map(), e.parent ? envs.get(e.parent)! : null, e.moduleLookup));
    }
    for (const e of chain) {
      const copy = envs.get(e)!;
      for (const [k, x] of e.vars) copy.vars.set(k, this.instantiateValue(x, args, step, envs));
    }
    return envs.get(env)!;
  }

  private addHit(frame: Frame, h: Hit): void {
    if (h.facts.length && frame.hits.length < MAX_HITS) frame.hits.push(h);
  }

  private addUse(frame: Frame, loc: Loc, facts: Fact[]): void {
    if (facts.length && frame.uses.length < MAX_USES) frame.uses.push({ loc, facts: dedupeFacts(facts) });
  }

  private tick(): void {
    if (++this.runTicks > this.budget.perRun) throw new BudgetExhausted('run');
    if (++this.fnTicks > this.budget.perFunction) throw new BudgetExhausted('function');
  }

  private prop(v: AVal, key: string | null): AVal {
    return getProp(v, key, (mod, name) => this.modules.exportValue(mod, name));
  }

  // -------------------------------------------------------------------------------------------------
  // statements

  /** Runs statements in order; true when the block always leaves (return/throw/break/continue). */
  private execBlock(body: readonly TSESTree.Statement[], frame: Frame): boolean {
    // function declarations are hoisted
    for (const st of body) {
      const d = st.type === 'ExportNamedDeclaration' && st.declaration ? st.declaration : st;
      if (d.type === 'FunctionDeclaration' && d.id)
        frame.env.vars.set(d.id.name, { facts: [], fn: { node: d, file: frame.file, env: frame.env, name: d.id.name } });
    }
    for (const st of body) if (this.exec(st, frame)) return true;
    return false;
  }

  private exec(st: TSESTree.Statement, frame: Frame): boolean {
    this.tick();
    switch (st.type) {
      case 'ExpressionStatement': {
        this.ev(st.expression, frame);
        let e = unwrapExpression(st.expression);
        if (e.type === 'ChainExpression') e = unwrapExpression(e.expression);
        const proved = this.throwingCalls.get(e.type === 'AwaitExpression' ? unwrapExpression(e.argument) : e);
        for (const k of proved ?? [])
          refineKey(
            frame.env,
            k,
            () => CLEAN,
            (v, key) => this.prop(v, key),
          );
        return false;
      }
      case 'VariableDeclaration':
        for (const d of st.declarations) this.bindPattern(d.id, d.init ? this.ev(d.init, frame) : CLEAN, frame);
        return false;
      case 'ReturnStatement': {
        const v = st.argument ? this.ev(st.argument, frame) : CLEAN;
        if (frame.depth === 0 && st.argument) this.addUse(frame, nodeLoc(frame.file.path, st.argument), flatten(v));
        frame.ret.push(v);
        return true;
      }
      case 'ThrowStatement':
        this.ev(st.argument, frame);
        return true;
      case 'BreakStatement':
      case 'ContinueStatement':
        return true;
      case 'BlockStatement':
        return this.execBlock(st.body, frame);
      case 'IfStatement': {
        this.ev(st.test, frame);
        const before = frame.env;
        const a = before.clone();
        const b = before.clone();
        const prop = (v: AVal, k: string) => this.prop(v, k);
        for (const n of this.refine(st.test, true, before, frame.file)) refineKey(a, n, () => CLEAN, prop);
        for (const n of this.refine(st.test, false, before, frame.file)) refineKey(b, n, () => CLEAN, prop);
        for (const [n, cls] of this.refineClasses(st.test, true, before)) refineKey(a, n, (v) => withCleared(v, cls), prop);
        for (const [n, cls] of this.refineClasses(st.test, false, before)) refineKey(b, n, (v) => withCleared(v, cls), prop);
        frame.env = a;
        const leftA = this.exec(st.consequent, frame);
        const envA = frame.env;
        frame.env = b;
        const leftB = st.alternate ? this.exec(st.alternate, frame) : false;
        const envB = frame.env;
        frame.env = leftA && !leftB ? envB : leftB && !leftA ? envA : Env.merge(envA, envB);
        frame.env = this.rebase(before, frame.env);
        return leftA && leftB;
      }
      case 'ForStatement':
        if (st.init) st.init.type === 'VariableDeclaration' ? this.exec(st.init, frame) : this.ev(st.init, frame);
        return this.loop(frame, () => {
          if (st.test) this.ev(st.test, frame);
          this.exec(st.body, frame);
          if (st.update) this.ev(st.update, frame);
        });
      case 'ForOfStatement':
      case 'ForInStatement': {
        const right = this.ev(st.right, frame);
        const item = this.prop(right, null);
        return this.loop(frame, () => {
          const left = st.left.type === 'VariableDeclaration' ? st.left.declarations[0]?.id : st.left;
          if (left) this.bindPattern(left, item, frame);
          this.exec(st.body, frame);
        });
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        return this.loop(frame, () => {
          this.ev(st.test, frame);
          this.exec(st.body, frame);
        });
      case 'TryStatement': {
        const before = frame.env;
        this.exec(st.block, frame);
        let env = Env.merge(before, frame.env);
        if (st.handler) {
          frame.env = env.clone();
          if (st.handler.param) this.bindPattern(st.handler.param, CLEAN, frame);
          this.exec(st.handler.body, frame);
          env = Env.merge(env, frame.env);
        }
        frame.env = env;
        if (st.finalizer) this.exec(st.finalizer, frame);
        frame.env = this.rebase(before, frame.env);
        return false;
      }
      case 'SwitchStatement': {
        this.ev(st.discriminant, frame);
        const before = frame.env;
        let env = before;
        for (const c of st.cases) {
          frame.env = before.clone();
          if (c.test) this.ev(c.test, frame);
          this.execBlock(c.consequent, frame);
          env = Env.merge(env, frame.env);
        }
        frame.env = env;
        frame.env = this.rebase(before, frame.env);
        return false;
      }
      case 'LabeledStatement':
        return this.exec(st.body, frame);
      case 'FunctionDeclaration':
        return false; // hoisted
      case 'ExportNamedDeclaration':
        if (st.declaration && st.declaration.type === 'VariableDeclaration') return this.exec(st.declaration, frame);
        return false;
      default:
        return false;
    }
  }

  /**
   * Nested functions close over the Env object current when they were declared; after a branch the
   * merged variables are written back into that object, and the frame goes on with it.
   */
  private rebase(before: Env, after: Env): Env {
    if (before === after) return before;
    const merged = [...after.vars];
    before.vars.clear();
    for (const [k, v] of merged) before.vars.set(k, v);
    return before;
  }

  /** A loop body runs twice (values carried round once), merged with not entering it at all. */
  private loop(frame: Frame, body: () => void): boolean {
    const before = frame.env;
    frame.env = before.clone();
    body();
    body();
    frame.env = Env.merge(before, frame.env);
    frame.env = this.rebase(before, frame.env);
    return false;
  }

  /**
   * Names a test proves safe when it is `truthy` (or falsy): an allow-list check
   * (`ALLOWED.includes(x)`, `set.has(x)`), a comparison with a literal (`x === 'asc'`), a type test
   * (`typeof x === 'number'`) or a validator predicate (`isUUID(x)`, `Number.isInteger(x)`).
   */
  private refine(test: AstNode, truthy: boolean, env?: Env, file?: SourceFile): string[] {
    const t = unwrapExpression(test);
    if (t.type === 'UnaryExpression' && t.operator === '!') return this.refine(t.argument, !truthy, env, file);
    if (t.type === 'LogicalExpression') {
      if (t.operator === '&&' && truthy) return [...this.refine(t.left, true, env, file), ...this.refine(t.right, true, env, file)];
      if (t.operator === '||' && !truthy) return [...this.refine(t.left, false, env, file), ...this.refine(t.right, false, env, file)];
      // `x === 'a' || x === 'b'` when true, `x !== 'a' && x !== 'b'` when false: both sides prove it
      const l = this.refine(t.left, truthy, env, file);
      const r = new Set(this.refine(t.right, truthy, env, file));
      return l.filter((n) => r.has(n));
    }
    // a checked validator result (`errors.length`, `!valid`, `result.isEmpty()`)
    const checked = checkedKeys(t, truthy, (n) => (n.type === 'Identifier' ? env?.lookup(n.name)?.checks : this.checkedCalls.get(n)));
    if (checked) return checked;
    if (t.type === 'CallExpression') {
      if (!truthy) return [];
      const arg = t.arguments[0] && unwrapExpression(t.arguments[0]);
      const key = pathKey(arg);
      if (!arg || key === undefined) return [];
      const callee = unwrapExpression(t.callee);
      const name = callee.type === 'MemberExpression' ? memberName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
      if (name === 'includes' || name === 'has') {
        const recv = callee.type === 'MemberExpression' ? unwrapExpression(callee.object) : null;
        return recv && pathKey(recv) !== key ? [key] : [];
      }
      if (name === 'test' && callee.type === 'MemberExpression' && isRestrictiveRegex(regexOf(unwrapExpression(callee.object), env, file)))
        return [key];
      if (isCompiledValidator(callee, env, file)) return [key];
      // ajv `validate(schema, data)` is a checked validator, not a predicate of its schema
      if (name === 'validate' && t.arguments.length > 1) return [];
      return name !== undefined && SAFE_PREDICATES.test(name) ? [key] : [];
    }
    if (t.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(t.operator)) {
      const positive = t.operator === '===' || t.operator === '==';
      if (positive !== truthy) return [];
      const l = unwrapExpression(t.left);
      const r = unwrapExpression(t.right as AstNode);
      const lit = (n: AstNode) => n.type === 'Literal' || staticString(n) !== undefined;
      const lk = pathKey(l);
      const rk = pathKey(r);
      if (lk !== undefined && lit(r) && !(r.type === 'Literal' && (r.value === null || r.value === undefined))) return [lk];
      if (rk !== undefined && lit(l) && !(l.type === 'Literal' && l.value === null)) return [rk];
      const typeOf = (n: AstNode, other: AstNode) => {
        const k = n.type === 'UnaryExpression' && n.operator === 'typeof' ? pathKey(n.argument) : undefined;
        return k !== undefined && ['number', 'boolean'].includes(staticString(other) ?? '') ? [k] : [];
      };
      return [...typeOf(l, r), ...typeOf(r, l)];
    }
    return [];
  }

  // -------------------------------------------------------------------------------------------------
  // patterns and assignments

  private bindPattern(p: AstNode, v: AVal, frame: Frame): void {
    this.tick();
    switch (p.type) {
      case 'Identifier':
        frame.env.vars.set(p.name, withStep(v, { loc: nodeLoc(frame.file.path, p), message: `assigned to \`${p.name}\`` }));
        return;
      case 'ObjectPattern': {
        const used: string[] = [];
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') {
            const rest: AVal = { facts: v.facts };
            if (v.props) rest.props = new Map([...v.props].filter(([k]) => !used.includes(k)));
            this.bindPattern(prop.argument, rest, frame);
            continue;
          }
          const key = propertyKeyName(prop.key, prop.computed) ?? null;
          if (key === null && prop.computed) this.ev(prop.key, frame);
          if (key !== null) used.push(key);
          this.bindPattern(prop.value, this.prop(v, key), frame);
        }
        return;
      }
      case 'ArrayPattern':
        p.elements.forEach((el, i) => {
          if (!el) return;
          if (el.type === 'RestElement') this.bindPattern(el.argument, v, frame);
          else this.bindPattern(el, this.prop(v, String(i)), frame);
        });
        return;
      case 'AssignmentPattern':
        this.bindPattern(p.left, union([v, this.ev(p.right, frame)]), frame);
        return;
      case 'RestElement':
        this.bindPattern(p.argument, v, frame);
        return;
      case 'MemberExpression':
        this.assignMember(p, v, frame, false);
        return;
      default:
        return;
    }
  }

  /** `o.k = v`: a local object gains (or, for `+=`, widens) property `k`. */
  private assignMember(m: TSESTree.MemberExpression, v: AVal, frame: Frame, widen: boolean): void {
    const obj = unwrapExpression(m.object);
    const keyB = m.computed ? this.ev(m.property, frame) : CLEAN;
    // `o[a][b] = v` with both keys from the event: `a` = `__proto__` writes into Object.prototype
    if (m.computed && obj.type === 'MemberExpression' && obj.computed && keyB.facts.length) {
      const base = unwrapExpression(obj.object);
      const keyA = this.ev(obj.property, frame);
      const safeBase = base.type === 'Identifier' && frame.env.lookup(base.name)?.nullProto;
      if (!safeBase && protoFacts(keyA).length && protoFacts(keyB).length)
        this.sinkHit(frame, COMPUTED_KEY_SINK, COMPUTED_KEY_SINK.label!, m, [...protoFacts(keyA), ...protoFacts(keyB)]);
    }
    // `cur = obj[a]; cur[b] = v`: the same write, one step at a time (a path setter's loop)
    if (m.computed && obj.type === 'Identifier' && protoFacts(keyB).length) {
      const via = frame.env.lookup(obj.name)?.viaKey;
      if (via?.length) this.sinkHit(frame, COMPUTED_KEY_SINK, COMPUTED_KEY_SINK.label!, m, [...via, ...protoFacts(keyB)]);
    }
    if (obj.type !== 'Identifier') {
      this.ev(obj, frame);
      return;
    }
    const cur = frame.env.lookup(obj.name) ?? CLEAN;
    const key = memberName(m);
    const next: AVal = { ...cur, props: new Map(cur.props ?? []) };
    if (key === undefined) next.facts = dedupeFacts([...cur.facts, ...flatten(v)]);
    else next.props!.set(key, widen ? union([cur.props?.get(key) ?? CLEAN, v]) : v);
    frame.env.vars.set(obj.name, next);
  }

  // -------------------------------------------------------------------------------------------------
  // expressions

  private ev(node: AstNode, frame: Frame): AVal {
    this.tick();
    const n = unwrapExpression(node);
    switch (n.type) {
      case 'Identifier':
        return n.name === 'undefined' ? CLEAN : (frame.env.lookup(n.name) ?? CLEAN);
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'MetaProperty':
      case 'ClassExpression':
      case 'JSXElement':
      case 'JSXFragment':
        return CLEAN;
      case 'TemplateLiteral': {
        const parts = n.expressions.map((e) => this.ev(e, frame));
        const pieces = n.quasis.flatMap((q, i) => [q.value.cooked ?? q.value.raw, ...(i < parts.length ? [parts[i]!] : [])]);
        return withStep(stringOf(pieces), { loc: nodeLoc(frame.file.path, n), message: 'interpolated into a template literal' });
      }
      case 'TaggedTemplateExpression':
        // a tag receives the literal parts and the values apart (`sql\`… ${id}\`` binds `id`)
        for (const e of n.quasi.expressions) this.ev(e, frame);
        this.ev(n.tag, frame);
        return CLEAN;
      case 'BinaryExpression': {
        if (n.operator === '+') {
          // `a + b + c` as one list, so a constant origin at its start is seen (`'https://api/' + id`)
          const pieces = plusOperands(n).map((o) => staticString(o) ?? this.ev(o, frame));
          return withStep(stringOf(pieces), { loc: nodeLoc(frame.file.path, n), message: 'concatenated into a string' });
        }
        if (n.left.type !== 'PrivateIdentifier') this.ev(n.left, frame);
        this.ev(n.right, frame);
        return CLEAN;
      }
      case 'LogicalExpression':
        return union([this.ev(n.left, frame), this.ev(n.right, frame)]);
      case 'ConditionalExpression':
        this.ev(n.test, frame);
        return union([this.ev(n.consequent, frame), this.ev(n.alternate, frame)]);
      case 'UnaryExpression':
        this.ev(n.argument, frame);
        return CLEAN;
      case 'UpdateExpression':
        return CLEAN;
      case 'AwaitExpression':
      case 'ChainExpression':
        return this.ev('argument' in n ? n.argument : n.expression, frame);
      case 'YieldExpression':
        return n.argument ? this.ev(n.argument, frame) : CLEAN;
      case 'SequenceExpression': {
        let last = CLEAN;
        for (const e of n.expressions) last = this.ev(e, frame);
        return last;
      }
      case 'AssignmentExpression': {
        const r = this.ev(n.right, frame);
        const widen = n.operator !== '=';
        const left = unwrapExpression(n.left);
        if (left.type === 'Identifier') {
          const v = widen ? union([frame.env.lookup(left.name) ?? CLEAN, r]) : r;
          frame.env.vars.set(left.name, withStep(v, { loc: nodeLoc(frame.file.path, left), message: `assigned to \`${left.name}\`` }));
        } else if (left.type === 'MemberExpression') this.assignMember(left, r, frame, widen);
        else this.bindPattern(left, r, frame);
        return r;
      }
      case 'MemberExpression': {
        const obj = this.ev(n.object, frame);
        const key = memberName(n);
        const k = key === undefined && n.computed ? protoFacts(this.ev(n.property, frame)) : [];
        const v = this.prop(obj, key ?? null);
        return k.length && !obj.nullProto ? { ...v, viaKey: k } : v;
      }
      case 'ObjectExpression': {
        const props = new Map<string, AVal>();
        const facts: Fact[] = [];
        for (const p of n.properties) {
          if (p.type === 'SpreadElement') {
            const s = this.ev(p.argument, frame);
            facts.push(...s.facts);
            if (s.props) for (const [k, v] of s.props) props.set(k, v);
            continue;
          }
          const key = propertyKeyName(p.key, p.computed);
          if (key === undefined && p.computed) this.ev(p.key, frame);
          const value = isFunction(p.value) ? this.fnValue(p.value, frame, key ?? 'method') : this.ev(p.value, frame);
          if (key !== undefined) props.set(key, value);
          else facts.push(...flatten(value));
        }
        const out: AVal = { facts: dedupeFacts(facts), props };
        this.responseSinks(n, out, frame);
        return out;
      }
      case 'ArrayExpression': {
        const parts = n.elements.map((e) => (e ? this.ev(e.type === 'SpreadElement' ? e.argument : e, frame) : CLEAN));
        return union(parts);
      }
      case 'SpreadElement':
        return this.ev(n.argument, frame);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.fnValue(n, frame, 'callback');
      case 'CallExpression':
        return this.evCall(n, frame, false);
      case 'NewExpression':
        return this.evCall(n, frame, true);
      case 'ImportExpression': {
        const v = this.ev(n.source, frame);
        const spec = SINKS.find((k) => k.callee.kind === 'global' && k.callee.name === 'import');
        if (spec) this.sinkHit(frame, spec, spec.label!, n.source, flatten(v));
        return CLEAN;
      }
      default:
        return CLEAN;
    }
  }

  private fnValue(node: FunctionNode, frame: Frame, name: string): AVal {
    return { facts: [], fn: { node, file: frame.file, env: frame.env, name } };
  }

  private evCall(n: TSESTree.CallExpression | TSESTree.NewExpression, frame: Frame, isNew: boolean): AVal {
    const calleeNode = unwrapExpression(n.callee);
    const file = frame.file;
    if (!isNew && n.type === 'CallExpression') {
      const spec = requireSpecifier(n);
      if (spec !== undefined) return this.modules.moduleValue(file, spec);
    }
    let recv: AVal | undefined;
    let method: string | undefined;
    let callee: AVal;
    if (calleeNode.type === 'MemberExpression') {
      recv = this.ev(calleeNode.object, frame);
      method = memberName(calleeNode);
      if (method === undefined && calleeNode.computed) this.ev(calleeNode.property, frame);
      callee = this.prop(recv, method ?? null);
    } else callee = this.ev(calleeNode, frame);
    const args = n.arguments.map((a) => this.ev(a.type === 'SpreadElement' ? a.argument : a, frame));
    const globalName = calleeNode.type === 'Identifier' && frame.env.lookup(calleeNode.name) === undefined ? calleeNode.name : undefined;
    const recvGlobal =
      calleeNode.type === 'MemberExpression' &&
      calleeNode.object.type === 'Identifier' &&
      frame.env.lookup(calleeNode.object.name) === undefined
        ? calleeNode.object.name
        : undefined;
    const loc = nodeLoc(file.path, n);
    const keys: CallKeys = { ref: callee.ref, method, globalName, recvGlobal };

    // sinks
    let consumed = false;
    if (!callee.fn) {
      for (const spec of SINK_INDEX.candidates(keys)) {
        if (spec.construct === 'only' ? !isNew : isNew && spec.construct !== 'also') continue;
        // a method of an object made from a project class is the project's, not a package's
        if (spec.callee.kind === 'method' && recv?.instance) continue;
        if (!this.calleeMatches(spec.callee, callee, method, globalName, file)) continue;
        if (spec.when === 'shell-option' && !shellOption(n.arguments)) continue;
        if (spec.when === 'no-root-option' && rootOption(n.arguments)) continue;
        if (spec.when === 'unsafe-yaml-schema' && !unsafeYamlSchema(n.arguments)) continue;
        if (spec.when === 'deep-flag' && !(n.arguments[0]?.type === 'Literal' && n.arguments[0].value === true)) continue;
        const sink = spec.label ?? calleeText(file, calleeNode);
        if (CONSUMING_SINKS.has(spec.class)) consumed = true;
        const indices = spec.args === 'all' ? args.map((_, i) => i) : spec.args;
        for (const i of indices) {
          const argNode = n.arguments[i];
          const v = args[i];
          if (!argNode || !v || argNode.type === 'SpreadElement') continue;
          const a = unwrapExpression(argNode);
          let facts: Fact[];
          // an object literal: each named property is the sink, at its value
          if (spec.argProps && a.type === 'ObjectExpression') {
            for (const k of spec.argProps) {
              const at = propPathNode(a, k);
              if (at) this.sinkHit(frame, spec, sink, at.node, propPathFacts(v, k.split('.')));
            }
            this.sinkHit(frame, spec, sink, argNode, v.facts);
            continue;
          }
          // an object of known shape (a local built from a literal): only the named properties
          if (spec.argProps && v.props) facts = spec.argProps.flatMap((k) => propPathFacts(v, k.split('.'))).concat(v.facts);
          else if (spec.argPropsOnly) continue;
          else facts = flatten(v);
          this.sinkHit(frame, spec, sink, argNode, facts);
        }
      }
      // express `res.send('<p>' + name)`: markup built from the value
      if (method && BODY_METHODS.names.includes(method) && n.arguments[0] && args[0] && this.hasPackage(BODY_METHODS.packages, file)) {
        const a = unwrapExpression(n.arguments[0]);
        if (bodyIsMarkup(a, calleeNode)) this.sinkHit(frame, HTML_BODY_SINK, calleeText(file, calleeNode), a, flatten(args[0]));
      }
    }

    // what a query, a request, a command or a file read returns comes from elsewhere, not from its
    // arguments (the rows of `pool.query(sql)` are not the request's id); the arguments are still used
    if (consumed) {
      for (const a of args) if (a.fn && a.fn.env) this.callFunction(a.fn, [], n, frame);
      n.arguments.forEach((a, i) => {
        if (!args[i]?.fn) this.addUse(frame, nodeLoc(file.path, a), flatten(args[i] ?? CLEAN));
      });
      return CLEAN;
    }
    // a client made by a factory is the package itself (`axios.create({ … }).get(url)`)
    if (
      callee.ref &&
      !isNew &&
      CLIENT_FACTORIES.some((f) => f.module === normaliseModule(callee.ref!.module) && sameList(f.path, callee.ref!.path))
    )
      return { facts: [], ref: { module: callee.ref.module, path: [] } };
    // `s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')` escapes every metacharacter of a pattern
    if (method && recv && (method === 'replace' || method === 'replaceAll') && n.arguments[0] && escapesRegex(n.arguments[0]))
      return withCleared(recv, ['regex']);

    // validators whose result is checked (`validate(dto)`), or that throw (`validateOrReject(dto)`)
    if (!callee.fn) {
      for (const v of VALIDATOR_INDEX.candidates(keys)) {
        if (n.arguments.length < (v.minArgs ?? 1) || !this.calleeMatches(v.callee, callee, method, globalName, file)) continue;
        const key = pathKey(n.arguments[v.arg] as AstNode | undefined);
        const names = key === undefined ? [] : v.parts ? v.parts.map((p) => subKey(key, p)) : [key];
        if (v.result === 'throws') {
          this.throwingCalls.set(n, names);
          return CLEAN;
        }
        const checks = { names, result: v.result };
        this.checkedCalls.set(n, checks);
        return { facts: [], checks };
      }
      // `validationResult(req).throw()`
      if (method === 'throw' && recv?.checks?.result === 'report') this.throwingCalls.set(n, recv.checks.names);
      if (PRE_VALIDATION_INDEX.candidates(keys).some((spec) => this.calleeMatches(spec, callee, method, globalName, file)))
        return withStep(union(args.filter((a) => !a.fn)), { loc, message: `through \`${calleeText(file, calleeNode)}\`` });
    }

    // sanitisers
    if (!callee.fn) {
      for (const s of SANITISER_INDEX.candidates(keys)) {
        if (!this.sanitiserMatches(s, callee, method, globalName, recvGlobal, calleeNode, file)) continue;
        if (s.clears === 'all') return CLEAN;
        return withCleared(union(args), s.clears);
      }
    }

    // a digest (`createHmac(…).update(body)`) is fixed-length hex: neither a use of the input nor carrying it
    if (method === 'update' && isDigestChain(calleeNode)) return CLEAN;
    // built-ins that pass their input through
    if (recvGlobal === 'Buffer' && method === 'from') return withStep(args[0] ?? CLEAN, { loc, message: 'through `Buffer.from`' });
    if (recvGlobal === 'JSON' && (method === 'parse' || method === 'stringify')) {
      const through = withStep(args[0] ?? CLEAN, { loc, message: `through \`JSON.${method}\`` });
      return method === 'parse' ? withoutCleared(through, ['nosql-filter']) : withCleared(through, ['nosql-filter']);
    }
    if (recvGlobal === 'Object' && method === 'create' && n.arguments[0]?.type === 'Literal' && n.arguments[0].value === null)
      return { facts: [], nullProto: true };
    // the same object back, not a use of it (`Object.freeze({ headers, body })`, `structuredClone(dto)`)
    if (recvGlobal === 'Object' && (method === 'freeze' || method === 'seal' || method === 'preventExtensions')) return args[0] ?? CLEAN;
    if (globalName === 'structuredClone') return args[0] ?? CLEAN;
    if (recvGlobal === 'Object' && method === 'assign') {
      const merged = union(args);
      const target = n.arguments[0] && unwrapExpression(n.arguments[0]);
      if (target?.type === 'Identifier' && frame.env.vars.has(target.name))
        frame.env.vars.set(target.name, { ...(frame.env.lookup(target.name) ?? CLEAN), facts: dedupeFacts(flatten(merged)) });
      return merged;
    }
    if (n.type === 'CallExpression' && isPromisify(n)) return args[0] ?? CLEAN;
    const ofKind =
      callee.ref && normaliseModule(callee.ref.module) === 'path' && sameList(callee.ref.path, ['relative'])
        ? 'relative'
        : isNew && globalName === 'URL'
          ? 'url'
          : undefined;
    if (ofKind) {
      const target = n.arguments[ofKind === 'relative' ? 1 : 0];
      const t = target && unwrapExpression(target);
      // `new URL(path, request.url)`: the base gives the deployment's own origin
      const carried = ofKind === 'url' && args.length >= 2 ? union([args[0]!, asUrlBase(args[1]!), ...args.slice(2)]) : union(args);
      const names = t?.type === 'Identifier' ? [t.name] : [];
      return {
        ...withStep({ facts: flatten(carried) }, { loc, message: `through \`${calleeText(file, calleeNode)}\`` }),
        of: { kind: ofKind, names },
      };
    }

    // callbacks of array methods and promises
    if (method && recv && !callee.fn) {
      const cb = args[0]?.fn;
      if (cb && ARRAY_CALLBACKS.has(method)) {
        const item = this.prop(recv, null);
        const cbArgs = method.startsWith('reduce') ? [args[1] ?? CLEAN, item] : [item, CLEAN, recv];
        const ret = this.callFunction(cb, cbArgs, n, frame);
        if (method === 'map' || method === 'flatMap') return ret;
        if (method.startsWith('reduce')) return union([ret, args[1] ?? CLEAN]);
        if (['filter', 'find', 'findLast', 'sort'].includes(method)) return method.startsWith('find') ? item : recv;
        return CLEAN;
      }
      if (cb && method === 'then') return this.callFunction(cb, [recv], n, frame);
    }

    // project functions; a closure passed to a summarised function runs in this scope too
    // (`withConnection(async (db) => db.query(event.body))`)
    if (callee.fn) {
      if (callee.fn.env === null) for (const a of args) if (a.fn && a.fn.env) this.callFunction(a.fn, [], n, frame);
      if (callee.fn.file !== file) addCrossing(frame.crosses, crossingOf(loc, callee.fn, args));
      return this.callFunction(callee.fn, args, n, frame);
    }

    // anything else: callbacks run in this scope with unknown arguments; the result carries the inputs
    for (const a of args) if (a.fn && a.fn.env) this.callFunction(a.fn, [], n, frame);
    if (isNew && calleeNode.type === 'Identifier' && CLEAN_CONSTRUCTORS.has(calleeNode.name)) return CLEAN;
    if (isNew && callee.cls) return instanceOf(callee.cls, dedupeFacts(args.flatMap((a) => flatten(a))));
    if (method && NON_CARRYING_METHODS.has(method)) return CLEAN;
    // logging is not a use of the data (`console.log(event)`, `logger.info(body)`), nor a check (`validate(body)`)
    const checks =
      SAFE_PREDICATES.test(method ?? (calleeNode.type === 'Identifier' ? calleeNode.name : '')) ||
      isCompiledValidator(calleeNode, frame.env, frame.file);
    if (recvGlobal !== 'console' && !checks && !isLoggingCall(calleeNode, method))
      n.arguments.forEach((a, i) => {
        if (!args[i]?.fn) this.addUse(frame, nodeLoc(file.path, a), flatten(args[i] ?? CLEAN));
      });
    const carried = union([...(recv && !recv.mod && !recv.ref ? [recv] : []), ...args.filter((a) => !a.fn)]);
    return carried.facts.length
      ? withStep({ facts: flatten(carried) }, { loc, message: `through \`${calleeText(file, calleeNode)}\`` })
      : CLEAN;
  }

  /** A sink argument's facts, less those encoded for the sink's class. */
  private sinkHit(frame: Frame, spec: SinkSpec, sink: string, node: AstNode, facts: Fact[]): void {
    // the request's own URL (`request.url`, `request.nextUrl`, a path set on it) points at the deployment itself
    const own = spec.class === 'url' || spec.class === 'redirect' ? asUrlBase({ facts }).facts : facts;
    const live = own.filter((f) => !f.cleared.includes(spec.class));
    this.addHit(frame, { spec, sink, loc: nodeLoc(frame.file.path, node), facts: dedupeFacts(live) });
  }

  /**
   * Does the file of the call reach one of the packages (through its imports, transitively)? A method
   * name is a package's only where its code can hold that package's objects: judged from the file, so
   * a finding does not depend on which other apps are linted in the same run.
   */
  private hasPackage(packages: readonly string[], file: SourceFile): boolean {
    const pkgs = this.modules.packagesAround(file);
    return packages.some((p) => pkgs.has(p));
  }

  /**
   * A Lambda proxy response built as an object literal: its `Location` header (a redirect, when the
   * status is not a literal outside 3xx) and its body when a literal `Content-Type` says text/html.
   */
  private responseSinks(n: TSESTree.ObjectExpression, v: AVal, frame: Frame): void {
    const r = responseParts(n);
    if (!r) return;
    const headerValue = (group: string, key: string) => v.props?.get(group)?.props?.get(key);
    for (const h of r.location) {
      const hv = headerValue(h.group, h.key);
      if (hv) this.sinkHit(frame, LOCATION_HEADER_SINK, LOCATION_HEADER_SINK.label!, h.node, flatten(hv));
    }
    if (r.body && r.html) {
      const bv = v.props?.get('body');
      if (bv) this.sinkHit(frame, HTML_BODY_SINK, HTML_BODY_SINK.label!, r.body, flatten(bv));
    }
  }

  /**
   * Names a test proves safe for some sink classes only: a containment check of a path
   * (`resolved.startsWith(base)`, `!path.relative(base, p).startsWith('..')`), a relative-path check
   * of a redirect target (`t.startsWith('/') && !t.startsWith('//')`), a URL whose host or origin is
   * compared with a constant or an allow-list (`new URL(u).host === 'api.example.com'`).
   */
  private refineClasses(test: AstNode, truthy: boolean, env: Env): [string, SinkClass[]][] {
    const t = unwrapExpression(test);
    if (t.type === 'UnaryExpression' && t.operator === '!') return this.refineClasses(t.argument, !truthy, env);
    if (t.type === 'LogicalExpression') {
      if ((t.operator === '&&' && truthy) || (t.operator === '||' && !truthy)) {
        const both = [...this.refineClasses(t.left, truthy, env), ...this.refineClasses(t.right, truthy, env)];
        const rel = relativeRedirectCheck(t, truthy);
        return rel ? [...both, [rel, ['redirect']]] : both;
      }
      return [];
    }
    const withOf = (name: string, cls: SinkClass[], kind: 'relative' | 'url'): [string, SinkClass[]][] => {
      const of = env.lookup(name)?.of;
      return [[name, cls], ...(of && of.kind === kind ? of.names.map((x): [string, SinkClass[]] => [x, cls]) : [])];
    };
    if (t.type === 'CallExpression' && t.callee.type === 'MemberExpression') {
      const method = memberName(t.callee);
      const recv = unwrapExpression(t.callee.object);
      const arg = t.arguments[0] && unwrapExpression(t.arguments[0]);
      const proto = protoKeyCheck(t, truthy);
      if (proto) return [[proto, ['prototype']]];
      if (method === 'startsWith' && arg) {
        const lit = staticString(arg);
        if (lit === '..' || lit === '../') {
          if (truthy) return [];
          if (recv.type === 'Identifier') return withOf(recv.name, ['path'], 'relative');
          // `path.relative(base, p).startsWith('..')` inline
          if (recv.type === 'CallExpression' && memberName(recv.callee as TSESTree.MemberExpression) === 'relative') {
            const p = recv.arguments[1] && unwrapExpression(recv.arguments[1]);
            return p?.type === 'Identifier' ? [[p.name, ['path']]] : [];
          }
          return [];
        }
        const rk = pathKey(recv);
        if (!truthy || rk === undefined) return [];
        // a containment check: the path lies under a base that is not `/` alone
        const contained = lit === undefined || (lit.length > 1 && lit.startsWith('/'));
        // a constant origin with its slash (or a path that is not protocol-relative): the host is fixed
        const host = lit !== undefined && fixedOrigin(lit);
        // an object key under a prefix of the developer's (`uploads/`, `${tenant}/`)
        const prefixed = lit === undefined || (lit.length > 1 && lit !== '//');
        const cls: SinkClass[] = [
          ...(contained ? (['path'] as const) : []),
          ...(host ? (['url', 'redirect'] as const) : []),
          ...(prefixed ? (['object-key'] as const) : []),
        ];
        return cls.length ? [[rk, cls]] : [];
      }
      // `ALLOWED_HOSTS.includes(new URL(u).host)`, `set.has(url.hostname)`
      if ((method === 'includes' || method === 'has') && truthy && arg?.type === 'MemberExpression') {
        const o = unwrapExpression(arg.object);
        if (o.type === 'Identifier' && ['host', 'hostname', 'origin'].includes(memberName(arg) ?? ''))
          return withOf(o.name, ['url', 'redirect'], 'url');
      }
      return [];
    }
    if (t.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(t.operator)) {
      // `key !== '__proto__'` (or the falsy side of `key === 'constructor'`)
      if ((t.operator === '===' || t.operator === '==') !== truthy) {
        const [l, r] = [unwrapExpression(t.left as AstNode), unwrapExpression(t.right as AstNode)];
        const id = l.type === 'Identifier' ? l : r.type === 'Identifier' ? r : undefined;
        const lit = staticString(id === l ? r : l);
        return id && lit !== undefined && PROTO_KEYS.includes(lit) ? [[id.name, ['prototype']]] : [];
      }
      for (const [side, other] of [
        [t.left, t.right],
        [t.right, t.left],
      ] as const) {
        const m = unwrapExpression(side as AstNode);
        if (m.type !== 'MemberExpression' || !['host', 'hostname', 'origin'].includes(memberName(m) ?? '')) continue;
        const o = unwrapExpression(m.object);
        const ov = unwrapExpression(other as AstNode);
        const constant = staticString(ov) !== undefined || (ov.type === 'Identifier' && !(env.lookup(ov.name)?.facts.length ?? 0));
        if (o.type === 'Identifier' && constant) return withOf(o.name, ['url', 'redirect'], 'url');
      }
    }
    return [];
  }

  private calleeMatches(
    spec: CalleeSpec,
    callee: AVal,
    method: string | undefined,
    globalName: string | undefined,
    file: SourceFile,
  ): boolean {
    switch (spec.kind) {
      case 'global':
        return globalName === spec.name || (callee.ref?.module === 'globalThis' && callee.ref.path.join('.') === spec.name);
      case 'module':
        return (
          !!callee.ref &&
          normaliseModule(callee.ref.module) === spec.module &&
          callee.ref.path.length === spec.path.length &&
          spec.path.every((p, i) => callee.ref!.path[i] === p)
        );
      case 'method': {
        if (method === undefined || !spec.names.includes(method)) return false;
        return this.hasPackage(spec.packages, file);
      }
    }
  }

  private sanitiserMatches(
    s: SanitiserSpec,
    callee: AVal,
    method: string | undefined,
    globalName: string | undefined,
    recvGlobal: string | undefined,
    calleeNode: AstNode,
    file: SourceFile,
  ): boolean {
    if (s.callee.kind === 'global-member') return recvGlobal === s.callee.object;
    if (s.callee.kind === 'method' && calleeNode.type === 'MemberExpression') {
      const recv = unwrapExpression(calleeNode.object);
      if (recv.type === 'Identifier' && s.receiverNot?.includes(recv.name)) return false;
    }
    return this.calleeMatches(s.callee, callee, method, globalName, file);
  }
}

/** `logger.info(…)`, `ctx.logger.debug(…)`, `this.log.warn(…)`, `tracer.putAnnotation(…)` (see LOGGING_CALLS). */
function isLoggingCall(callee: AstNode, method: string | undefined): boolean {
  if (callee.type !== 'MemberExpression' || method === undefined || !LOGGING_CALLS.methods.has(method)) return false;
  const recv = unwrapExpression(callee.object);
  const name = recv.type === 'Identifier' ? recv.name : recv.type === 'MemberExpression' ? memberName(recv) : undefined;
  return name !== undefined && LOGGING_CALLS.receiver.test(name);
}

/**
 * Where a sink property (`Key`, or a nested `Image.S3Object.Bucket`) is written in an object literal:
 * the deepest property of the path the literal spells out (`Image: img` when `img` is not a literal).
 */
function propPathNode(o: TSESTree.ObjectExpression, path: string): { node: AstNode } | undefined {
  let at: TSESTree.ObjectExpression = o;
  const names = path.split('.');
  for (let i = 0; i < names.length; i++) {
    const p = at.properties.find((q) => q.type === 'Property' && propertyKeyName(q.key, q.computed) === names[i]);
    if (p?.type !== 'Property') return undefined;
    const value = unwrapExpression(p.value as AstNode);
    if (i === names.length - 1 || value.type !== 'ObjectExpression') return { node: p.value };
    at = value;
  }
  return undefined;
}

/**
 * The facts of a property path of a value: the named property's, and those of the objects on the way
 * (`Image: body.image` carries the taint of every property under it).
 */
function propPathFacts(v: AVal, names: string[]): Fact[] {
  let cur: AVal | undefined = v;
  const out: Fact[] = [];
  for (let i = 0; i < names.length && cur; i++) {
    cur = cur.props?.get(names[i]!);
    if (!cur) break;
    if (i === names.length - 1) out.push(...flatten(cur));
    else out.push(...cur.facts);
  }
  return out;
}

/** `createHmac(…).update` / `crypto.createHash(…).update`: the receiver is a fresh digest. */
function isDigestChain(callee: AstNode): boolean {
  if (callee.type !== 'MemberExpression') return false;
  const recv = unwrapExpression(callee.object);
  if (recv.type !== 'CallExpression') return false;
  const c = unwrapExpression(recv.callee);
  const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
  return name === 'createHmac' || name === 'createHash';
}

/**
 * The initialiser of a module-level `const NAME = …` of the frame's file, when no local binding
 * shadows the name.
 */
function moduleConstInit(name: string, env: Env | undefined, file: SourceFile | undefined): AstNode | undefined {
  if (!env || !file) return undefined;
  for (let e: Env | null = env; e; e = e.parent) if (e.vars.has(name)) return undefined;
  for (const st of file.ast.body) {
    const decl = st.type === 'ExportNamedDeclaration' ? st.declaration : st;
    if (decl?.type !== 'VariableDeclaration' || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return unwrapExpression(d.init);
  }
  return undefined;
}

/** The regular expression a `.test` receiver is: the literal itself, or the literal a module-level const holds. */
function regexOf(n: AstNode, env: Env | undefined, file: SourceFile | undefined): AstNode {
  return (n.type === 'Identifier' && moduleConstInit(n.name, env, file)) || n;
}

/**
 * A schema validator compiled at module level, whatever its name: `const isOrder = ajv.compile(schema)`,
 * `new Ajv().compile(…)`, `ajv.getSchema('order')`; its call in a test checks its argument.
 */
function isCompiledValidator(callee: AstNode, env: Env | undefined, file: SourceFile | undefined): boolean {
  const init = callee.type === 'Identifier' ? moduleConstInit(callee.name, env, file) : undefined;
  if (init?.type !== 'CallExpression') return false;
  const c = unwrapExpression(init.callee);
  return c.type === 'MemberExpression' && ['compile', 'getSchema', 'compileAsync'].includes(memberName(c) ?? '');
}

/**
 * A regular expression literal that pins the whole string to a narrow alphabet: anchored at both ends
 * (`/^[a-z0-9-]+$/`), with no `.`, no negated class and no `\\S`/`\\W`/`\\D`, which would let a quote
 * or a `;` through.
 */
function isRestrictiveRegex(n: AstNode): boolean {
  if (n.type !== 'Literal' || !('regex' in n) || !n.regex) return false;
  const p = n.regex.pattern;
  if (!p.startsWith('^') || !p.endsWith('$') || p.endsWith('\\$')) return false;
  if (/\\[SWDs]/.test(p)) return false;
  const plain = p.replace(/\\./g, 'e'); // escapes are single characters
  if (plain.includes('[^')) return false;
  // a `.` inside a character class is a literal dot; outside, or an alternative, lets anything through
  return !/[.|]/.test(plain.replace(/\[[^\]]*\]/g, 'c'));
}

/**
 * The value of a string built from pieces (literal text or values): it carries the values' facts; a
 * string is never an operator object (cleared for `nosql-filter`); when the text before the first
 * tainted piece fixes the origin (`https://api.example.com/…`, `https://${clean}/…`, or a clean value followed by `/`), the
 * host is the developer's, and the rest is cleared for outbound requests and redirects.
 */
function stringOf(pieces: (string | AVal)[]): AVal {
  const vals = pieces.filter((p): p is AVal => typeof p !== 'string');
  const v = union(vals);
  if (!v.facts.length && !v.props) return v;
  let prefix = '';
  for (const p of pieces) {
    if (typeof p === 'string') prefix += p;
    else if (flatten(p).length) break;
    else prefix += '\u0000';
  }
  // a clean value in the host (`https://${process.env.API_HOST}/…`) is the developer's too
  const host = fixedOrigin(prefix) || /^\u0000+[/?#]/.test(prefix) || /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s\\@]+[/?#]/i.test(prefix);
  const out = withCleared(v, host ? ['nosql-filter', 'url', 'redirect'] : ['nosql-filter']);
  return prefix.includes('/') ? withObjectKeyPrefix(out) : out;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** The facts of a key that are not proven free of `__proto__`/`constructor`. */
function protoFacts(k: AVal): Fact[] {
  return flatten(k).filter((f) => !f.cleared.includes('prototype'));
}

/**
 * A key test that keeps `Object.prototype` out of reach: an own-property check that is true
 * (`obj.hasOwnProperty(k)`, `Object.hasOwn(obj, k)`, `Object.prototype.hasOwnProperty.call(obj, k)`),
 * or a list of the dangerous keys that does not include it (`!['__proto__', …].includes(k)`).
 */
function protoKeyCheck(t: TSESTree.CallExpression, truthy: boolean): string | undefined {
  const callee = t.callee as TSESTree.MemberExpression;
  const method = memberName(callee);
  const id = (n: AstNode | undefined) => {
    const x = n && unwrapExpression(n);
    return x?.type === 'Identifier' ? x.name : undefined;
  };
  if (truthy && method === 'hasOwnProperty') return id(t.arguments[0]);
  if (truthy && (method === 'hasOwn' || method === 'call') && callee.object.type !== 'Super') {
    const o = unwrapExpression(callee.object);
    const ownCall = method === 'hasOwn' || (o.type === 'MemberExpression' && memberName(o) === 'hasOwnProperty');
    return ownCall ? id(t.arguments[1]) : undefined;
  }
  if (!truthy && method === 'includes') {
    const list = unwrapExpression(callee.object);
    if (list.type === 'ArrayExpression' && list.elements.some((e) => e && PROTO_KEYS.includes(staticString(e) ?? '')))
      return id(t.arguments[0]);
  }
  return undefined;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => b[i] === x);
}

/** `t.startsWith('/') && !t.startsWith('//')` (either order, or the `||` of the negations): `t` */
function relativeRedirectCheck(t: TSESTree.LogicalExpression, truthy: boolean): string | undefined {
  const test = (e: AstNode, positive: boolean): { name: string; lit: string } | undefined => {
    let x = unwrapExpression(e);
    let pos = true;
    while (x.type === 'UnaryExpression' && x.operator === '!') {
      pos = !pos;
      x = unwrapExpression(x.argument);
    }
    if (pos !== positive || x.type !== 'CallExpression' || x.callee.type !== 'MemberExpression') return undefined;
    if (memberName(x.callee) !== 'startsWith') return undefined;
    const recv = unwrapExpression(x.callee.object);
    const lit = staticString(x.arguments[0]);
    return recv.type === 'Identifier' && lit !== undefined ? { name: recv.name, lit } : undefined;
  };
  // truthy `&&`: `a && !b`; falsy `||`: `!a || b`
  for (const [x, y] of [
    [t.left, t.right],
    [t.right, t.left],
  ] as const) {
    const one = test(x, truthy);
    const two = test(y, !truthy);
    if (one && two && one.name === two.name && one.lit === '/' && two.lit === '//') return one.name;
  }
  return undefined;
}

/** An options object literal with `shell` set to anything but `false` (`{ shell: true }`, `{ shell: '/bin/sh' }`). */
function shellOption(args: readonly TSESTree.CallExpressionArgument[]): boolean {
  for (const a of args) {
    const o = unwrapExpression(a);
    if (o.type !== 'ObjectExpression') continue;
    for (const p of o.properties) {
      if (p.type !== 'Property' || propertyKeyName(p.key, p.computed) !== 'shell') continue;
      const v = unwrapExpression(p.value);
      return !(v.type === 'Literal' && (v.value === false || v.value === null || v.value === 0 || v.value === ''));
    }
  }
  return false;
}

/** The callee as written, shortened for messages (`pool.query`, `this.db.query`). */
function calleeText(file: SourceFile, n: AstNode): string {
  const text = file.text.slice(n.range[0], n.range[1]).replace(/\s+/g, '');
  return text.length > 40 ? `…${text.slice(-39)}` : text;
}

export type { SinkClass };
