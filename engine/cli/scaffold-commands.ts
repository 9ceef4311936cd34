// `flow-edn scenario new`, `flow-edn new` and `flow-edn webhook payload`: the generators of
// engine/scaffold written to files (refusing to overwrite without --force) or printed.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FlowLoadError } from '../run/program';
import { checkSlug, newFlowText } from '../scaffold/new-flow';
import { ScaffoldError, scenarioText } from '../scaffold/scenario';
import { webhookPayload } from '../scaffold/webhook-payload';
import { displayPath, readTextFile } from './files';
import { UsageError, type CommandIO } from './io';

export const scenarioHelp = `Usage: flow-edn scenario new FLOW NAME [--force]

Writes NAME's scenario beside FLOW (x.flow.edn -> x.NAME.sim.edn; NAME "default" -> x.sim.edn),
pre-filled from the flow: :input with what the flow reads off its input, a binding per
:requires slot, a mock per step that cannot run locally, the clock. It checks clean and runs:
  flow-edn run x.flow.edn --sim x.NAME.sim.edn

Options:
  --force   overwrite an existing file`;

export const newHelp = `Usage: flow-edn new SLUG [--dir DIR] [--force]

Creates SLUG.flow.edn (an input contract, a manual interface, one step) and its scenario
SLUG.sim.edn in DIR (default: the current folder). Both check clean; run it with
  flow-edn run DIR/SLUG.flow.edn

Options:
  --dir DIR   where to write the files (created if missing)
  --force     overwrite existing files`;

export const webhookPayloadHelp = `Usage: flow-edn webhook payload FLOW [--trigger ID]

Prints a JSON payload skeleton for the flow's webhook: every key the flow reads off its
input, with placeholders. Save it, fill it in, and send it with
  flow-edn webhook send FLOW --payload FILE

Options:
  --trigger ID   which webhook (trigger label, event name or interface id) when there are several`;

const now = (): string => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString().replace('.000Z', 'Z');

function fail(io: CommandIO, command: string, message: string): number {
  io.err(`flow-edn ${command}: ${message}`);
  return 2;
}

function write(io: CommandIO, command: string, files: { path: string; text: string }[], force: boolean): number {
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length > 0 && !force) return fail(io, command, `${existing.map((f) => displayPath(f.path)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; pass --force to overwrite`);
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.text);
    io.out(displayPath(f.path));
  }
  return 0;
}

export function runScenario(argv: string[], io: CommandIO): number {
  const [sub, ...rest] = argv;
  if (sub !== 'new') throw new UsageError(sub === undefined ? 'scenario needs a subcommand: new' : `unknown scenario subcommand '${sub}'; use new`);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: 'boolean' } } });
  if (positionals.length !== 2) throw new UsageError('scenario new takes a flow file and a scenario name, e.g. `flow-edn scenario new flows/orders.flow.edn high-risk`');
  const [flowPath, name] = positionals as [string, string];
  if (!/\.flow\.(edn|clj)$/.test(flowPath)) return fail(io, 'scenario new', `${flowPath} is not a flow file (x.flow.edn or x.flow.clj), so its scenario has no place beside it`);
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return fail(io, 'scenario new', `invalid scenario name ${JSON.stringify(name)}: use letters, digits, '-' or '_' (it becomes x.${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.sim.edn)`);
  const read = readTextFile(flowPath);
  if ('error' in read) return fail(io, 'scenario new', `cannot read '${flowPath}': ${read.error}`);
  const stem = flowPath.replace(/\.flow\.(edn|clj)$/, '');
  const path = name === 'default' ? `${stem}.sim.edn` : `${stem}.${name}.sim.edn`;
  let text: string;
  try {
    text = scenarioText(read.text, { name, flowFile: basename(flowPath), clockStart: now() });
  } catch (e) {
    if (e instanceof ScaffoldError) return fail(io, 'scenario new', e.message);
    throw e;
  }
  return write(io, 'scenario new', [{ path, text }], values.force === true);
}

export function runNew(argv: string[], io: CommandIO): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { dir: { type: 'string' }, force: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError('new takes one slug, e.g. `flow-edn new order-sync`');
  const slug = positionals[0]!;
  try {
    checkSlug(slug);
  } catch (e) {
    if (e instanceof ScaffoldError) return fail(io, 'new', e.message);
    throw e;
  }
  const dir = values.dir ?? '.';
  const flowText = newFlowText(slug);
  const simText = scenarioText(flowText, { name: 'default', flowFile: `${slug}.flow.edn`, clockStart: now() });
  return write(io, 'new', [{ path: join(dir, `${slug}.flow.edn`), text: flowText }, { path: join(dir, `${slug}.sim.edn`), text: simText }], values.force === true);
}

export function runWebhookPayload(argv: string[], io: CommandIO): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { trigger: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError('webhook payload takes one flow file, e.g. `flow-edn webhook payload flows/orders.flow.edn > order.json`');
  const flowPath = positionals[0]!;
  const read = readTextFile(flowPath);
  if ('error' in read) return fail(io, 'webhook payload', `cannot read '${flowPath}': ${read.error}`);
  try {
    io.out(webhookPayload(read.text, displayPath(flowPath), values.trigger).json);
    return 0;
  } catch (e) {
    if (e instanceof ScaffoldError || e instanceof FlowLoadError) return fail(io, 'webhook payload', e.message);
    throw e;
  }
}
