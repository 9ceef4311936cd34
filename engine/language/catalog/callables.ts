// The callable vocabulary: `flow/*` forms (body only), the core list (special forms, macros,
// clojure.core and clojure.string), `breyta.sandbox/*`, and the forms the `:flow` body
// rejects with their fixes (spec §7.2, §8.2–8.4, §9.1).

import type { CallableSpec, ProhibitedForm } from './types';
import { callables, type Row } from './callable-builder';
import { coreFunctions, PROHIBITED_TRANSFORMS, specialForms, UNSUPPORTED_IN_BODY } from './callables-core';
import { stringFunctions } from './callables-string';
import { md } from './shared';

export { sandbox } from './callables-sandbox';

const flowRows: Row[] = [
  [
    'flow/input',
    '0',
    '(flow/input)',
    md(
      'The run input map: the invocation inputs, webhook payload or `--input`. String and keyword keys both work. Carries `:flow/ctx` (e.g. `:workflow-id`) and setup-form values under `:activation`.',
      '',
      '`(let [input (flow/input) order-id (:order-id input)] ...)`',
    ),
  ],
  [
    'flow/step',
    '2|3',
    '(flow/step :type :id config) / (flow/step :ns/packaged config) / (flow/step :ns/packaged :id config)',
    md(
      'Runs one durable step and returns its result. Built-in types take a type keyword, a step id and a config map; packaged steps and agents (qualified ids declared in `:steps`/`:agents`) take their id, an optional step id and a config map. The config must be a map literal.',
      '',
      '`(flow/step :http :fetch-order {:connection :orders-api :path (str "/orders/" id)})`',
    ),
  ],
  [
    'flow/poll',
    '2',
    '(flow/poll opts step-form)',
    md(
      'Re-runs the wrapped step, sleeping between attempts, until `:return-on` is truthy (it may `throw` to abort). For waiting on an external job, not for paging data.',
      'Opts: `:interval` (required; duration string or ms), `:timeout` (at most 1h) and/or `:max-attempts` (at most 100), `:return-on` (required), `:backoff {:type :exponential|:linear|:constant :factor n :step "5s" :max "2m"}` (`:linear` needs `:step`), `:abort-on {:status #{400 401} :error? true}`, `:id`.',
      '',
      '```clojure',
      '(flow/poll {:interval "10s" :timeout "10m"',
      '            :return-on (fn [r] (true? (get-in r [:body :ready])))}',
      '  (flow/step :http :check {:connection :api :path "/jobs/123"}))',
      '```',
    ),
  ],
  [
    'flow/now-ms',
    '0',
    '(flow/now-ms)',
    'The run\'s deterministic clock in epoch milliseconds; safe on replay (unlike reading the system time). `{:at (flow/now-ms)}`',
  ],
  ['flow/elapsed?', '0+', '(flow/elapsed? ...)', 'Checks whether a time span has elapsed on the run clock. Arguments are not documented.'],
  [
    'flow/backoff',
    '0+',
    '(flow/backoff ...)',
    'A deterministic backoff interval; accepts `"10s"`, `"5m"` or milliseconds. Arguments are not documented.',
  ],
  [
    'flow/call-flow',
    '1+',
    '(flow/call-flow flow-slug input ...)',
    'Runs a child flow synchronously and returns its result. Nesting depth at most 5, at most 25 calls per run; a child with `:requires` needs a target (installation or live). Call syntax is not documented (inferred).',
  ],
  [
    'flow/slot-bound?',
    '1',
    '(flow/slot-bound? :slot)',
    'Whether an `:optional true` requirement slot is bound for this run. `(when (flow/slot-bound? :slack) (flow/step :http :ping {...}))`',
  ],
];

export const flowForms: CallableSpec[] = callables(flowRows, 'body');

export const core: CallableSpec[] = [...specialForms, ...coreFunctions, ...stringFunctions];

export const prohibited: ProhibitedForm[] = [
  ...PROHIBITED_TRANSFORMS.map((name) => ({
    name,
    code: 'prohibited-transform' as const,
    fix: 'use (for [x xs] ...) in the body, or move the transformation into a :function step',
  })),
  ...UNSUPPORTED_IN_BODY.map((name) => ({
    name,
    code: 'unsupported-form' as const,
    fix: 'use -> (thread-first) or an explicit let / if; the visual editor draws only those',
  })),
];
