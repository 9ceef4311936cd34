// Snippets for whole shapes, built from the catalog: an entry of a section (a slot of each
// type, a template of each type, a trigger of each type, an interface, a schedule, a
// function), the value of a map-valued key, and a flow skeleton for an empty file.

import { catalog } from '../../../engine/language/catalog/index';
import type { FieldSpec } from '../../../engine/language/catalog/types';
import { entrySchema, type MapRole, type MapSchema } from '../../../engine/language/analysis/index';
import { templateTypeDocs, slotTypeDocs, triggerTypeDocs } from '../docs';
import { requiredFieldsSnippet, sortKey, valueSnippet, type CompletionEntry } from './items';

/** The snippet for a map-valued field: `{` required keys `}`, or the catalog's default shape. */
export function mapValueSnippet(field: FieldSpec, n = 1, refs: string[] = []): string {
  if (field.key === 'flow') return `'(let [input (flow/input)]\n   \${${n}:input})`;
  if (field.key === 'invocations') return `{:\${${n}:default} {:inputs [\${${n + 1}}]}}`;
  if (field.key === 'interfaces') return `{:manual [{:id :\${${n}:run} :label "\${${n + 1}:Run}" :invocation :\${${n + 2}:default} :enabled true}]}`;
  if (field.fields !== undefined && !field.open) {
    const { text } = requiredFieldsSnippet(field.fields, n);
    return text ? `{${text}}` : `{\${${n}}}`;
  }
  if (field.items !== undefined) {
    const { text } = requiredFieldsSnippet(field.items, n);
    return `[{${text || `\${${n}}`}}]`;
  }
  return valueSnippet(field, n, refs);
}

function entry(label: string, detail: string, body: string, docs: string, order: number): CompletionEntry {
  return { label, kind: 'snippet', detail, docs, insertText: body, snippet: true, sortText: sortKey(order, label), filterText: label };
}

const fixedType = (t: string) => ({ type: ':' + t });

/** Snippets for a new entry map in a section or an item list. */
export function entrySnippets(role: MapRole, field: FieldSpec, owner: MapSchema): CompletionEntry[] {
  switch (role) {
    case 'slot': {
      const out: CompletionEntry[] = [];
      const slotTypes = catalog.slotTypes.filter((t) => !t.deprecated);
      for (const t of slotTypes) {
        const extra = t.type === 'http-api' ? ` :base-url "\${2:https://api.example.com}" :auth {:type \${3|:bearer,:api-key,:basic,:none|}}` : t.type === 'database' ? ' :backends #{${2|:postgres,:bigquery,:firestore|}}' : '';
        out.push(entry(`{:slot .. :type :${t.type}}`, `${t.type} slot`, `{:slot :\${1:${t.type === 'secret' ? 'api-secret' : 'my-' + t.type}} :type :${t.type} :label "\${${extra ? 9 : 2}:Label}"${extra}}`, slotTypeDocs(t.type) ?? '', 0));
      }
      out.push(entry('{:kind :form ..}', 'setup form', '{:kind :form :label "${1:Setup}" :fields [{:key :${2:region} :label "${3:Region}" :field-type ${4|:string,:select,:number,:boolean|}}]}', 'Setup inputs entered when the flow is configured.', 1));
      return out;
    }
    case 'template':
      return catalog.templateTypes
        .filter((t) => !t.deprecated)
        .map((t) => {
          const { text } = requiredFieldsSnippet(t.fields, 2);
          const body = text || (t.fields[0] ? `:${t.fields[0].key} ${valueSnippet(t.fields[0], 2)}` : '');
          return entry(`{:id .. :type :${t.type}}`, `${t.type} template`, `{:id :\${1:my-template} :type :${t.type}${body ? ' ' + body : ''}}`, templateTypeDocs(t), 0);
        });
    case 'function':
      return [entry('{:id .. :code ..}', 'function', '{:id :${1:my-function}\n :language :clojure\n :code "(fn [input]\n  ${2:input})"}', 'A sandboxed Clojure function, run by `:function` steps with `:ref`.', 0)];
    case 'trigger':
      return catalog.triggerTypes
        .filter((t) => !t.deprecated)
        .map((t) => {
          const cfg = requiredFieldsSnippet(t.config, 3);
          const sample = t.type === 'schedule' ? ':cron "${3:0 * * * *}"' : cfg.text;
          return entry(`{:type :${t.type} ..}`, `${t.type} trigger (legacy)`, `{:type :${t.type} :label "\${1:${t.type[0]!.toUpperCase() + t.type.slice(1)}}" :enabled \${2|true,false|} :config {${sample}}}`, triggerTypeDocs(t.type) ?? '', 0);
        });
    case 'schedule':
      return [entry('{:id .. :cron ..}', 'schedule', '{:id :${1:nightly} :invocation :${2:default} :cron "${3:0 2 * * *}" :timezone "${4:UTC}"}', 'A cron schedule that starts an invocation.', 0)];
    case 'interface': {
      const items = field.items ?? [];
      const { text } = requiredFieldsSnippet(items, 1);
      const label = `{${items.filter((f) => f.required).map((f) => `:${f.key} ..`).join(' ')}}`;
      return [entry(label, `:${field.key} interface`, `{${text}}`, field.docs, 0)];
    }
    case 'packaged':
      return [entry('{:id .. :type ..}', 'packaged step', '{:id :${1:tools}/${2:fetch} :type ${3|:http,:function,:db,:kv,:notify|} :description "${4}" :defaults {${5}}}', 'A packaged step wrapping one built-in step.', 0)];
    default: {
      const schema = entrySchema(role, field, undefined, owner);
      const { text } = requiredFieldsSnippet(schema.fields, 1);
      if (!text) return [];
      return [entry(`{${schema.fields.filter((f) => f.required).map((f) => ':' + f.key).join(' ')}}`, `entry of :${field.key}`, `{${text}}`, field.docs, 0)];
    }
  }
}

/** An auth map for a place, one snippet per scheme allowed there. */
export function authSnippets(place: 'slot' | 'webhook' | 'step'): CompletionEntry[] {
  return catalog.auth
    .filter((a) => a[place])
    .map((a) => {
      const { text } = requiredFieldsSnippet(a.fields, 1, fixedType(a.type));
      return entry(`{:type :${a.type} ..}`, 'auth', `{${text}}`, a.docs, 0);
    });
}

/** A whole flow for an empty file. */
export function flowSkeleton(): CompletionEntry {
  return entry(
    'flow',
    'a new flow',
    [
      '{:slug :${1:my-flow}',
      ' :name "${2:My Flow}"',
      ' :concurrency {:type :singleton :on-new-version :supersede}',
      ' :invocations {:default {:inputs []}}',
      ' :interfaces {:manual [{:id :run :label "Run" :invocation :default :enabled true}]}',
      " :flow '(let [input (flow/input)]",
      '         ${0:input})}',
    ].join('\n'),
    'A current-dialect flow: concurrency, one invocation with a manual interface, and a body.',
    0,
  );
}
