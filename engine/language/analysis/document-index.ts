// One walk over a flow file with the catalog's eyes (see context.ts): every reference to a
// declared thing, the secrets slots declare, every `flow/step` call with its type and config,
// the code regions (body and function code) and the labelled branches of the body.

import type { CollNode, KeywordNode, MetaNode, Node, StringNode } from '../../edn/nodes';
import { childrenOf, unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { stepTypeByName } from '../catalog/index';
import type { FieldSpec, RefKind, StepTypeSpec } from '../catalog/types';
import { childContext, isStepCall, rootContext, stepConfigIndex, type MapSchema, type NodeContext } from './node-meaning';
import { sourceRegion, stringRegion, type CodeRegion } from './regions';

export interface Reference {
  kind: RefKind;
  id: string;
  /** The id as written: a keyword, or a string for templates, functions and connections. */
  node: KeywordNode | StringNode;
  /** The field whose value it is (null for `(flow/slot-bound? :slot)`). */
  field: FieldSpec | null;
  /** The map holding it and that map's schema. */
  owner: CollNode | null;
  schema: MapSchema | null;
}

/** A `:secret-ref` a `:requires` slot declares (the slot's own secret name). */
export interface SecretDecl {
  id: string;
  node: KeywordNode;
  slotId: string | null;
  slot: CollNode;
}

export interface StepSite {
  /** The literal step id, or null. */
  id: string | null;
  /** The type as written (`code` stays `code`; see `spec.aliasOf`). */
  type: string;
  spec: StepTypeSpec | undefined;
  typeNode: Node;
  idNode: Node | null;
  call: CollNode;
  config: CollNode | null;
}

/** `^{:label .. :yes .. :no ..}` on an `if` (or on its test). */
export interface Branch {
  meta: MetaNode;
  label: string | null;
  yes: string | null;
  no: string | null;
  /** The `if` form, when the metadata sits on it or on its test. */
  ifForm: CollNode | null;
}

/** A cron expression string and the map holding it (for its `:timezone`). */
export interface CronSite {
  node: StringNode;
  owner: CollNode | null;
}

export interface DocumentIndex {
  crons: CronSite[];
  refs: Reference[];
  secrets: SecretDecl[];
  steps: StepSite[];
  stepByCall: Map<CollNode, StepSite>;
  regions: CodeRegion[];
  branches: Branch[];
}

function keywordId(node: Node | null): string | null {
  const v = unwrapMeta(node);
  return v?.kind === 'keyword' ? (v.ns === null ? v.name : v.ns + '/' + v.name) : null;
}

function stringOf(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'string' ? v.value : null;
}

export function isIfForm(node: Node | null): node is CollNode & { kind: 'list' } {
  return node?.kind === 'list' && node.children[0]?.kind === 'symbol' && node.children[0].ns === null && node.children[0].name === 'if';
}

/** Walks the flow map once; `text` is the source. */
export function indexDocument(flow: CollNode | null, text: string): DocumentIndex {
  const index: DocumentIndex = { crons: [], refs: [], secrets: [], steps: [], stepByCall: new Map(), regions: [], branches: [] };
  if (flow === null) return index;

  const visit = (node: Node, ctx: NodeContext, parent: Node | null, parentCtx: NodeContext | null): void => {
    record(node, ctx, parent, parentCtx);
    const kids = childrenOf(node);
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      visit(kid, childContext(ctx, node, i, kid), node, ctx);
    }
  };

  const record = (node: Node, ctx: NodeContext, parent: Node | null, parentCtx: NodeContext | null): void => {
    switch (ctx.kind) {
      case 'value': {
        if (ctx.field.cron && node.kind === 'string') index.crons.push({ node, owner: parent?.kind === 'map' ? parent : null });
        const owner = parent?.kind === 'map' ? parent : null;
        // A slot's own `:secret-ref` declares the secret it is bound to.
        if (ctx.owner.role === 'slot' && ctx.field.key === 'secret-ref' && node.kind === 'keyword' && owner !== null) {
          index.secrets.push({ id: node.ns === null ? node.name : node.ns + '/' + node.name, node, slotId: keywordId(mapGet(owner, 'slot') ?? null), slot: owner });
          return;
        }
        const ref = ctx.field.ref;
        if (ref === undefined) return;
        const v = node.kind === 'meta' ? null : node;
        if (v === null || (v.kind !== 'keyword' && v.kind !== 'string')) return;
        if (v.kind === 'string' && (ref === 'connection' || ref === 'secret' || ref === 'invocation')) return;
        const id = v.kind === 'keyword' ? (v.ns === null ? v.name : v.ns + '/' + v.name) : v.value;
        index.refs.push({ kind: ref, id, node: v, field: ctx.field, owner, schema: ctx.owner });
        return;
      }
      case 'code': {
        // Quoted function code, the value of `:code`: `'(fn [input] ...)` or `(quote (fn ...))`.
        if (ctx.mode === 'function' && parent?.kind === 'map' && parentCtx?.kind === 'map') {
          const form = node.kind === 'quote' ? node.form : node.kind === 'list' && node.children[0]?.kind === 'symbol' && node.children[0].name === 'quote' ? (node.children[1] ?? null) : node;
          if (form !== null) index.regions.push(sourceRegion(form, 'function', text, codeOwner(parent, parentCtx)));
        }
        if (node.kind === 'list') {
          if (ctx.mode === 'body' && isStepCall(node)) recordStep(node);
          const head = node.children[0];
          const arg = node.children[1];
          if (head?.kind === 'symbol' && head.ns === 'flow' && head.name === 'slot-bound?' && arg?.kind === 'keyword') {
            index.refs.push({ kind: 'connection', id: arg.ns === null ? arg.name : arg.ns + '/' + arg.name, node: arg, field: null, owner: null, schema: null });
          }
        } else if (node.kind === 'meta' && node.meta.kind === 'map') {
          recordBranch(node, parent);
        }
        return;
      }
      case 'code-string':
        if (node.kind === 'string' && parent?.kind === 'map') index.regions.push(stringRegion(node, text, codeOwner(parent, parentCtx)));
        return;
      default:
        return;
    }
  };

  /** Who owns function code held in `map` (a `:functions` entry or a step config). */
  const codeOwner = (holder: Node, holderCtx: NodeContext | null): { functionId?: string | null; stepConfig?: CollNode | null } => {
    if (holder.kind !== 'map' || holderCtx?.kind !== 'map') return {};
    if (holderCtx.schema.role === 'function') return { functionId: keywordId(mapGet(holder, 'id') ?? null) };
    return { stepConfig: holder };
  };

  const recordStep = (call: CollNode): void => {
    const typeNode = call.children[1];
    if (typeNode === undefined) return;
    const t = unwrapMeta(typeNode);
    const type = t?.kind === 'keyword' ? (t.ns === null ? t.name : t.ns + '/' + t.name) : '';
    const configAt = stepConfigIndex(call);
    const idNode = configAt === 3 ? (call.children[2] ?? null) : null;
    const cfg = unwrapMeta(call.children[configAt] ?? null);
    const idv = unwrapMeta(idNode);
    const id = idv?.kind === 'keyword' ? (idv.ns === null ? idv.name : idv.ns + '/' + idv.name) : idv?.kind === 'string' ? idv.value : null;
    const site: StepSite = { id, type, spec: t?.kind === 'keyword' && t.ns === null ? stepTypeByName(t.name) : undefined, typeNode, idNode, call, config: cfg?.kind === 'map' ? cfg : null };
    index.steps.push(site);
    index.stepByCall.set(call, site);
  };

  const recordBranch = (meta: MetaNode, parent: Node | null): void => {
    const m = meta.meta as CollNode;
    const label = stringOf(mapGet(m, 'label'));
    const yes = stringOf(mapGet(m, 'yes'));
    const no = stringOf(mapGet(m, 'no'));
    if (label === null && yes === null && no === null && mapGet(m, 'label') === undefined) return;
    const form = unwrapMeta(meta.form);
    const ifForm = isIfForm(form) ? form : isIfForm(parent) && parent.children[1] === meta ? parent : null;
    index.branches.push({ meta, label, yes, no, ifForm });
  };

  visit(flow, rootContext(flow), null, null);
  const body = bodyOf(flow);
  if (body !== null) index.regions.unshift(sourceRegion(body, 'body', text));
  return index;
}

/** The `:flow` body form (inside its quote), if any. */
export function bodyOf(flow: CollNode): Node | null {
  const v = unwrapMeta(mapGet(flow, 'flow') ?? null);
  if (v === null) return null;
  if (v.kind === 'quote') return v.form;
  if (v.kind === 'list') {
    const head = v.children[0];
    if (head?.kind === 'symbol' && head.name === 'quote') return v.children[1] ?? null;
  }
  return v.kind === 'tagged' ? null : v;
}
