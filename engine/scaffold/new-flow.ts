// A new flow in the current dialect, the shape the platform CLI's `breyta flows init` writes
// (`:invocations` input contract, a manual `:interfaces` entry, `:schedules`), with one
// locally runnable step, so it checks clean and runs with its generated scenario.

import { printString } from '../edn/printer';
import { safeIdPattern } from '../language/catalog/shared';
import { ScaffoldError } from './scenario';

const slugPattern = new RegExp(safeIdPattern.source);

/** Throws a ScaffoldError saying what a slug must look like. */
export function checkSlug(slug: string): void {
  if (!slugPattern.test(slug)) {
    const hint = slug.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 128);
    throw new ScaffoldError(`invalid flow slug ${JSON.stringify(slug)}: a slug is ${safeIdPattern.describe}${hint && slugPattern.test(hint) ? `, e.g. ${hint}` : ''}`);
  }
}

/** The text of `SLUG.flow.edn`. */
export function newFlowText(slug: string, name: string = slug): string {
  checkSlug(slug);
  return `;; ${name}: created by \`flow-edn new\`. Run it with \`flow-edn run ${slug}.flow.edn\` (uses ${slug}.sim.edn).
{:slug :${slug}
 :name ${printString(name)}
 :description "What this flow does."
 :tags ["draft"]
 :concurrency {:type :singleton :on-new-version :supersede}
 :steps []
 :invocations {:default {:label "Run" :inputs [{:name :name :type :string :required false :label "Name"}]}}
 :interfaces {:manual [{:id :run :label "Run" :invocation :default}]}
 :schedules []
 :flow
 '(let [input (flow/input)
        greeting (flow/step :function :greet
                   {:code '(fn [input] {:message (str "Hello, " (or (:name input) "World") "!")})
                    :input input})]
    greeting)}
`;
}
