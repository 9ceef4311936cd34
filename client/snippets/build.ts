// The extension's snippets (snippets/flow-edn.json), built from the catalog: for every step
// type an inline call (`step-TYPE`: the catalog's `(flow/step :TYPE ...)` snippet) and a
// packaged step (`packaged-step-TYPE`: the literal the platform CLI's
// `breyta flows steps create --type TYPE` writes under `:steps`). scripts/generate-snippets.mjs
// writes the file; test/client/snippets.test.ts checks it is current and that each expands
// to a form the checker accepts.

import type { Catalog, StepTypeSpec } from '../../engine/language/catalog/index';

export interface Snippet {
  prefix: string[];
  body: string[];
  description: string;
}

/**
 * The `:defaults` the platform's scaffold gives a packaged step of `type`
 * (breyta-cli internal/cli/flow_local_authoring.go, localStepScaffoldLiteral): runnable
 * defaults for `:http` and `:function`, an empty map to fill in for the others.
 */
export function packagedDefaults(type: string): string {
  if (type === 'http') return '{:method :get :url "${3:https://example.com}"}';
  if (type === 'function' || type === 'code') return "{:code '(fn [input] ${3:input})}";
  return '{$3}';
}

function inlineSnippet(step: StepTypeSpec): Snippet {
  const legacy = step.deprecated ? ` (legacy: ${step.deprecated})` : '';
  return {
    prefix: [`step-${step.type}`, `flow/step :${step.type}`],
    body: step.snippet.split('\n'),
    description: `(flow/step :${step.type} ...): ${step.summary}${legacy}`,
  };
}

function packagedSnippet(step: StepTypeSpec): Snippet {
  return {
    prefix: [`packaged-step-${step.type}`],
    body: [
      `{:id :\${1:tools/${step.type}-step}`,
      ` :type :${step.type}`,
      ` :description "\${2:What this step does}"`,
      ' :input-schema [:map]',
      ` :defaults ${packagedDefaults(step.type)}}`,
    ],
    description: `A packaged :${step.type} step for :steps (as \`breyta flows steps create --type ${step.type}\` writes it); call it with (flow/step :ID config).`,
  };
}

/** Snippet name -> snippet, in catalog order. */
export function buildSnippets(catalog: Catalog): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  for (const step of catalog.steps) {
    out[`Step :${step.type}`] = inlineSnippet(step);
    out[`Packaged step :${step.type}`] = packagedSnippet(step);
  }
  return out;
}
