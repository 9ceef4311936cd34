// The state one check of one file shares between its passes: the text, the findings so
// far, the declarations collected from the top-level map, and the references seen (for
// unused-declaration). Passes add findings only through `report`.

import type { Finding, FindingData, Severity } from '../../edn/findings';
import type { Node, Span } from '../../edn/nodes';
import type { LocalIndex } from '../analysis/locals';
import type { CodeRead, LookUnits } from './result-shape';

export interface Declaration {
  id: string;
  /** The id node (keyword) in the source. */
  node: Node;
  /** The whole entry map. */
  entry: Node;
}

export interface TemplateDecl extends Declaration {
  type: string | null;
}

export interface SlotDecl extends Declaration {
  type: string | null;
  secretRef: string | null;
}

export interface Declarations {
  templates: Map<string, TemplateDecl>;
  functions: Map<string, Declaration>;
  slots: Map<string, SlotDecl>;
  invocations: Map<string, Declaration>;
  /** Packaged steps and agents (`:steps`, `:agents`), by qualified id. */
  packaged: Map<string, Declaration>;
  /** The `:steps` entries alone (agents are not reported as unreferenced). */
  steps: Declaration[];
  /** True when the file declares `:requires` at all. */
  hasRequires: boolean;
  /** `:concurrency` facts other passes need. */
  keyed: boolean;
  keyField: Node | null;
}

export type RefKindUsed = 'template' | 'function' | 'connection' | 'secret' | 'invocation' | 'step';

export class CheckContext {
  readonly findings: Finding[] = [];
  readonly decls: Declarations = {
    templates: new Map(),
    functions: new Map(),
    slots: new Map(),
    invocations: new Map(),
    packaged: new Map(),
    steps: [],
    hasRequires: false,
    keyed: false,
    keyField: null,
  };
  /** Ids referenced anywhere, by kind. */
  used: Record<RefKindUsed, Set<string>> = {
    template: new Set(),
    function: new Set(),
    connection: new Set(),
    secret: new Set(),
    invocation: new Set(),
    step: new Set(),
  };

  /** A `flow/step` with a computed type, or `flow/step` passed as a value: any packaged
   *  step may be called, so none is reported as unreferenced. */
  stepUsageUnknowable = false;
  /** `:tags ["n8n-import"]`: imported flows may pass any `:input` to a `:ref` function. */
  allowBareInput = false;
  /** Step ids (`:step`) a pulled source's header marks as keeping a legacy non-map `:input`. */
  pulledLegacyInput: ReadonlySet<string> = new Set();
  /** The locals of the `:flow` body, indexed from the body's one analysis when first asked (flow-body.ts). */
  bodyLocals: { body: Node; index: () => LocalIndex } | undefined;
  /** False when no `:kv :get` step can be in the body (known from the body's walk, or its
   *  units while typing): the kv-envelope pass has nothing to find and skips the locals. */
  kvGetPossible = true;
  /** Whether any string of the text can draw a literal lint (check/literals-possible.ts), once asked. */
  literalsPossible: boolean | undefined;
  /** The body's units while typing: result-shape's first look reuses each unit's part. */
  lookUnits: LookUnits | undefined;
  /** Result shapes: what a function's code reads off its input, by code node and step type
   *  (the same function fed by many steps is parsed and walked once per check). */
  readonly codeReads = new Map<Node, Map<string, CodeRead[]>>();

  constructor(readonly text: string) {}

  report(code: string, severity: Severity, at: Span, message: string, data?: FindingData, tags?: Finding['tags']): void {
    const finding: Finding = { code, severity, start: at.start, end: at.end, message };
    if (data !== undefined) finding.data = data;
    if (tags !== undefined) finding.tags = tags;
    this.findings.push(finding);
  }

  /** Source text of a node, shortened for messages. */
  source(node: Span, max = 60): string {
    const s = this.text.slice(node.start, node.end).replace(/\s+/g, ' ');
    return s.length > max ? s.slice(0, max - 3) + '...' : s;
  }
}
