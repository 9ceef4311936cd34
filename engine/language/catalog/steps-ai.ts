// Model-backed steps: `:llm`, `:agent` and the `:breyta` control-plane tool (spec §10.2–10.4).
// None runs locally without a `{:result ...}` mock.

import type { FieldSpec, StepTypeSpec } from './types';
import { field, md, stepTypeField } from './shared';

const BREYTA_OPS = [
  'flows/list',
  'flows/show',
  'flows/pull',
  'runs/list',
  'runs/show',
  'resources/list',
  'resources/read',
  'docs/find',
  'docs/show',
  'flows/push-draft',
  'flows/run',
  'feedback/send',
];
const MUTATION_MODES = ['none', 'draft-only', 'run-only', 'write'];

function breytaToolFields(): FieldSpec[] {
  return [
    field(
      'allow',
      ['vector'],
      md(
        'Operations the model may call (default-deny). Read: `:flows/list :flows/show :flows/pull :runs/list :runs/show :resources/list :resources/read :docs/find :docs/show`; mutations: `:flows/push-draft`, `:flows/run`, `:feedback/send` (each needs a matching `:mutations`).',
        '',
        '`:allow [:flows/list :runs/show :resources/read]`',
      ),
      { required: true },
    ),
    field(
      'mutations',
      ['keyword'],
      'Which mutations are permitted: `:none` (default), `:draft-only` (push-draft, feedback), `:run-only` (flows/run) or `:write` (all).',
      { values: MUTATION_MODES, default: ':none' },
    ),
    field('require-approval', ['vector'], 'Operations that need a person\'s approval before they run.'),
  ];
}

const toolsField = field(
  'tools',
  ['map', 'vector'],
  md(
    'Tools the model may call: packaged `:steps`, `:agents`, `:mcp` servers, the `:breyta` control-plane tool, or (old form) JSON-schema `:definitions`. `:mode :execute` lets the step run the calls itself.',
    '',
    '`:tools {:mode :execute :breyta {:allow [:runs/show] :mutations :none}}`',
  ),
  {
    fields: [
      field('mode', ['keyword'], '`:execute`: the step executes the tool calls it makes.', { values: ['execute'] }),
      field('steps', ['vector'], 'Packaged step ids (from top-level `:steps`) offered as tools. `[:tools/fetch]`'),
      field('agents', ['vector'], 'Flow-local agent ids offered as tools. `[:review/security]`'),
      field('mcp', ['vector'], 'MCP servers whose tools are offered.'),
      field('allowed', ['vector'], 'Tool names the model may call.'),
      field('breyta', ['map'], 'The Breyta control-plane tool (see the `:breyta` step). `{:allow [:runs/show] :mutations :none}`', {
        fields: breytaToolFields(),
      }),
      field(
        'definitions',
        ['vector'],
        'Old form: tool definitions `[{:name "lookup" :description "..." :params {json-schema}}]`.',
        {
          items: [
            field('name', ['string'], 'Tool name.', { required: true }),
            field('description', ['string'], 'What the tool does.'),
            field('params', ['map'], 'JSON schema of the tool arguments.', { open: true }),
          ],
        },
      ),
    ],
  },
);

/** Connection, model and generation keys shared by `:llm` and `:agent`. */
function modelFields(): FieldSpec[] {
  return [
    field(
      'connection',
      ['keyword', 'string'],
      'An LLM-capable `:http-api` slot (legacy `:llm-provider`) or a workspace connection id. Recommended. `:connection :ai`',
      { ref: 'connection', slotTypes: ['http-api', 'llm-provider'] },
    ),
    field('model', ['string'], 'Model id; defaults to the connection\'s. Not validated statically. `:model "gpt-5-mini"`'),
    field('provider', ['keyword', 'string'], 'Provider, e.g. `:openai` or `:anthropic`; defaults to the connection\'s.'),
    field('temperature', ['number'], 'Sampling temperature. `:temperature 0.2`'),
    field('top-p', ['number'], 'Nucleus sampling probability.'),
    field('stop', ['string', 'vector'], 'Stop sequence(s).'),
    field('max-tokens', ['int'], 'Most tokens to generate; platform-managed keys clamp it to 10 000.', { min: 1 }),
    field('seed', ['int'], 'Sampling seed, where the provider supports it.'),
    field('presence-penalty', ['number'], 'Presence penalty.'),
    field('frequency-penalty', ['number'], 'Frequency penalty.'),
    field('reasoning-effort', ['keyword', 'string'], 'Reasoning effort for models that support it, e.g. `:low`, `:medium`, `:high`.'),
    field('provider-opts', ['map'], 'Provider-specific options passed through.', { open: true }),
    field('base-url', ['string'], 'Override the provider base URL.'),
    field('deployment', ['string'], 'Deployment name (e.g. Azure OpenAI).'),
    field('api-version', ['string'], 'Provider API version.'),
    field('prompt-cache-key', ['string'], 'Provider prompt-cache key.'),
    field('previous-response-id', ['string'], 'Continue from an earlier response (OpenAI Responses).'),
    field('cache-system?', ['boolean'], 'Cache the system prompt where the provider supports it.'),
    toolsField,
    field('available-steps', ['vector'], 'Built-in steps offered to the model as tools. `:available-steps [:files :table :search]`'),
  ];
}

const loopLimits = (inferred: string): FieldSpec[] => [
  field('max-iterations', ['int'], `Most model/tool rounds, up to 100. Default 20.${inferred}`, { min: 1, max: 100, default: '20' }),
  field('max-tool-calls', ['int'], `Most tool calls in total, up to 1000. Default 100.${inferred}`, { min: 1, max: 1000, default: '100' }),
  field('max-repeated-tool-calls', ['int'], `Most identical repeated tool calls, up to 100.${inferred}`, { min: 1, max: 100 }),
];

export const llmStep: StepTypeSpec = {
  type: 'llm',
  summary: 'Call a language model (chat, prompt or template)',
  docs: md(
    'Calls a language model through an LLM-capable `:http-api` connection. Give `:messages`, or `:prompt` (with optional `:system`), or an `:llm-prompt` `:template` with `:data`. Add `:output {:schema ...}` for structured output and `:tools` for tool use. Per run, platform keys are capped at 100 000 tokens.',
    '',
    'Result: not documented in detail (inferred: the reply text/content, e.g. `:content`). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :llm :welcome',
    '  {:connection :ai',
    '   :template :welcome',
    '   :data {:user {:name "Ada"}}})',
    '```',
  ),
  fields: [
    stepTypeField('llm'),
    field('messages', ['vector'], 'Chat messages. `:messages [{:role "user" :content "Summarize this"}]`'),
    field('prompt', ['string', 'map'], 'The user prompt. `:prompt (str "Summarize: " text)`'),
    field('system', ['string'], 'The system prompt. `:system "You are concise."`'),
    field('input', ['map'], 'Canonical input envelope, instead of `:messages`/`:prompt`.', { open: true }),
    field('template', ['keyword', 'string'], 'An `:llm-prompt` template. `:template :welcome`', {
      ref: 'template',
      templateTypes: ['llm-prompt'],
    }),
    field('data', ['map'], 'Values for the template\'s `{{...}}` placeholders.', { open: true }),
    ...modelFields(),
    field('output', ['map'], 'Structured output: `{:schema <Malli or JSON Schema>}`.', {
      fields: [field('schema', ['any'], 'Malli or JSON Schema of the expected output.')],
      open: true,
    }),
    field('response-format', ['map', 'keyword'], 'Provider response format (structured output).'),
    field('json-schema', ['map'], 'Old way to ask for JSON output.', { deprecated: 'Use `:output {:schema ...}`.' }),
    field('openai', ['map'], 'OpenAI-specific settings, e.g. `{:responses ...}`.', { open: true }),
    ...loopLimits(''),
    field('auth', ['map'], 'Step-level auth override.', { open: true }),
  ],
  rules: [
    {
      kind: 'one-of',
      keys: ['messages', 'prompt', 'input'],
      message: 'an :llm step needs :messages, :prompt or :input (or an :llm-prompt :template)',
      suppliedByTemplate: true,
    },
  ],
  templateType: 'llm-prompt',
  needsMock: true,
  snippet: '(flow/step :llm :${1:id}\n  {:connection :${2:ai}\n   :system "${3:You are concise.}"\n   :prompt "${4}"})',
};

export const agentStep: StepTypeSpec = {
  type: 'agent',
  summary: 'Run a tool-using model agent toward an objective',
  docs: md(
    'Runs a model agent that works toward `:objective`, calling tools: built-in `:files`, `:table`, `:search`, the allowlisted `:breyta` tool, and packaged steps (broad steps must be wrapped as packaged steps). Use it when the path is not known in advance; use `:llm` for a single call.',
    '',
    'Result: not documented. Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :agent :triage',
    '  {:objective "Inspect the latest failed run and summarize the likely fix."',
    '   :connection :ai',
    '   :tools {:mode :execute',
    '           :breyta {:allow [:flows/list :runs/show :resources/read]',
    '                    :mutations :none}}})',
    '```',
  ),
  fields: [
    stepTypeField('agent'),
    field('objective', ['string'], 'What the agent must achieve. Required. `:objective "Summarize the failed run"`', { required: true }),
    field('instructions', ['string'], 'Extra guidance on how to work.'),
    field('inputs', ['map', 'vector'], 'Typed scalar or resource inputs the agent works from.'),
    field('template', ['keyword', 'string'], 'An `:llm-prompt` template, merged with `:objective :inputs :instructions` and summaries.', {
      ref: 'template',
      templateTypes: ['llm-prompt'],
    }),
    field('data', ['map'], 'Values for the template\'s `{{...}}` placeholders.', { open: true }),
    ...modelFields(),
    ...loopLimits(' (inferred: as for `:llm`)'),
    field('memory', ['any'], 'Agent memory settings.'),
    field('cost', ['any'], 'Cost budget settings.'),
    field('approval', ['any'], 'Approval settings for tool calls.'),
    field('trace', ['any'], 'Trace settings.'),
    field('output-persist', ['map'], 'Persist the agent output (like `:persist`).', { open: true }),
  ],
  templateType: 'llm-prompt',
  needsMock: true,
  snippet: '(flow/step :agent :${1:id}\n  {:objective "${2}"\n   :connection :${3:ai}})',
};

export const breytaStep: StepTypeSpec = {
  type: 'breyta',
  summary: 'Call the Breyta control plane (flows, runs, resources, docs)',
  docs: md(
    'Calls one Breyta control-plane operation, e.g. `:runs/show` or `:flows/list`. Mostly used as a tool on `:agent`/`:llm` (`:tools {:breyta {...}}`); also a direct step. Access is default-deny: list operations in `:allow`, and mutations need `:mutations`. The runtime strips `:workspace-id :actor :auth :token :api-url :allow :mutations` from `:args`.',
    '',
    'Result: the operation\'s answer (not documented). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :breyta :show-run',
    '  {:op :runs/show',
    '   :args {:workflow-id workflow-id}',
    '   :allow [:runs/show]})',
    '```',
  ),
  fields: [
    stepTypeField('breyta'),
    field(
      'op',
      ['keyword'],
      'The operation, e.g. `:runs/show`. Reads: `:flows/list :flows/show :flows/pull :runs/list :runs/show :resources/list :resources/read :docs/find :docs/show`; mutations: `:flows/push-draft :flows/run :feedback/send`.',
      { required: true, values: BREYTA_OPS },
    ),
    field(
      'args',
      ['map'],
      'Arguments of the operation. `:flows/list` takes `:archived :include-archived :limit (<= 100) :cursor`; `:flows/show` takes `:flow-slug` (required), `:source :active|:draft|:latest`, `:version`, `:include-flow-literal`.',
      { open: true },
    ),
    ...breytaToolFields().map((f) => (f.key === 'allow' ? { ...f, required: false, docs: `${f.docs}\n\n(On a direct step, inferred.)` } : f)),
  ],
  needsMock: true,
  snippet: '(flow/step :breyta :${1:id}\n  {:op :${2|runs/show,runs/list,flows/list,flows/show,resources/read,docs/find|}\n   :args {${3}}})',
};
