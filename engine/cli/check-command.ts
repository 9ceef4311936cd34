// `flow-edn check [--format json|text] [--severity LEVEL] PATHS...`: checks flow files and
// prints findings like a compiler (text) or as design §7's JSON. Exit 0 when no errors,
// 1 when any file has errors, 2 on bad usage or unreadable input.

import { parseArgs } from 'node:util';
import type { Severity } from '../edn/findings';
import { relative, resolve } from 'node:path';
import type { CheckResult } from '../language/check/index';
import { checkSource, type FileFindings } from '../language/check/source';
import { checkSimulationText } from '../language/check/simulation';
import { scenarioPaths } from '../run/scenario-files';
import { existsSync } from 'node:fs';
import { collectFlowFiles, displayPath, readTextFile } from './files';
import { formatFindingsText, toJsonDiagnostics, type JsonDiagnostic } from './format-findings';
import { UsageError, type CommandIO } from './io';

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export const checkHelp = `Usage: flow-edn check [options] PATHS...

Checks flow files (*.flow.edn, and .edn/.clj files holding a flow map) and folders of them.

Options:
  --format text|json   output format (default text)
  --severity LEVEL     lowest severity shown: error, warning, info, hint (default info)
  --no-color           plain text output

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.`;

export function runCheck(argv: string[], io: CommandIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      severity: { type: 'string', default: 'info' },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(checkHelp);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const min = values.severity as Severity;
  if (!(min in severityRank)) throw new UsageError(`--severity must be error, warning, info or hint, not '${values.severity}'`);
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder, e.g. `flow-edn check examples/`');

  const collected = collectFlowFiles(positionals);
  const inputErrors = collected.errors.filter((e) => !e.warning);
  for (const w of collected.errors) if (w.warning) io.err(`flow-edn: warning: '${displayPath(w.path)}': ${w.message}`);
  // Simulation files are checked against their flow: those beside every flow found, and
  // any named directly.
  const files: string[] = [];
  const flowOf = new Map<string, string>();
  for (const f of collected.files) {
    if (/\.sim\.edn$/.test(f)) {
      const flow = flowForSimulation(f);
      if (flow !== null) flowOf.set(f, flow);
      files.push(f);
      continue;
    }
    files.push(f);
    for (const sim of scenarioPaths(f)) if (!files.includes(sim)) {
      flowOf.set(sim, f);
      files.push(sim);
    }
  }
  const flowResults = new Map<string, CheckResult>();
  const colour = format === 'text' && !values['no-color'] && io.colour;
  const jsonFiles: { path: string; diagnostics: JsonDiagnostic[]; error?: string }[] = [];
  let errors = 0;
  let warnings = 0;
  let unreadable = inputErrors.length;
  for (const e of inputErrors) {
    io.err(`flow-edn: cannot read '${e.path}': ${e.message}`);
    jsonFiles.push({ path: displayPath(e.path), diagnostics: [], error: e.message });
  }
  const texts: string[] = [];
  for (const file of files) {
    const path = displayPath(file);
    const read = readTextFile(file);
    if ('error' in read) {
      unreadable++;
      io.err(`flow-edn: cannot read '${path}': ${read.error}`);
      jsonFiles.push({ path, diagnostics: [], error: read.error });
      continue;
    }
    // One flow file may report into the files it includes (each finding where its text is).
    let reports: FileFindings[];
    if (/\.sim\.edn$/.test(file)) {
      const flowPath = flowOf.get(file);
      let flowResult: CheckResult | null = flowPath ? (flowResults.get(flowPath) ?? null) : null;
      if (flowResult === null && flowPath) {
        const flowRead = readTextFile(flowPath);
        if (!('error' in flowRead)) flowResult = checkSource(resolve(flowPath), flowRead.text).result;
      }
      reports = [{ file, text: read.text, findings: checkSimulationText(read.text, flowResult) }];
    } else {
      const checked = checkSource(resolve(file), read.text);
      flowResults.set(file, checked.result);
      reports = checked.files;
    }
    reports.forEach((report, k) => {
      const shown = k === 0 ? path : displayPath(relative(process.cwd(), report.file!));
      const findings = report.findings.filter((f) => severityRank[f.severity] <= severityRank[min]);
      for (const f of findings) {
        if (f.severity === 'error') errors++;
        else if (f.severity === 'warning') warnings++;
      }
      if (format === 'json') {
        if (k === 0 || findings.length > 0) jsonFiles.push({ path: shown, diagnostics: toJsonDiagnostics(report.text, findings) });
      } else if (findings.length > 0) texts.push(formatFindingsText(shown, report.text, findings, colour));
    });
  }
  if (format === 'json') {
    io.out(JSON.stringify({ files: jsonFiles, summary: { errors, warnings } }, null, 2));
  } else {
    if (texts.length > 0) io.out(texts.join('\n\n') + '\n');
    const checked = files.length - (unreadable - inputErrors.length);
    io.out(`${checked} file${checked === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  }
  if (unreadable > 0) return 2;
  if (files.length === 0) {
    io.err('flow-edn: no flow files found in ' + positionals.join(', ') + ' (looked for *.flow.edn and .edn/.clj files holding a flow map)');
    return 2;
  }
  return errors > 0 ? 1 : 0;
}

/** `x.sim.edn` / `x.name.sim.edn` -> the `x.flow.edn` (or `.flow.clj`) beside it. */
function flowForSimulation(simPath: string): string | null {
  const stem = simPath.replace(/\.sim\.edn$/, '');
  for (const candidate of [stem, stem.replace(/\.[^./\\]+$/, '')]) {
    for (const ext of ['.flow.edn', '.flow.clj']) if (existsSync(candidate + ext)) return candidate + ext;
  }
  return null;
}
