// Which codicon a node shows: one per step type (the catalog's types), entry type and node
// kind. The font is bundled from @vscode/codicons into out/webview (no remote resources).

const stepIcons: Record<string, string> = {
  http: 'globe',
  function: 'symbol-method',
  code: 'symbol-method',
  wait: 'watch',
  notify: 'bell',
  kv: 'key',
  sleep: 'clock',
  time: 'history',
  db: 'database',
  llm: 'sparkle',
  agent: 'robot',
  fanout: 'type-hierarchy',
  files: 'file',
  table: 'table',
  search: 'search',
  ssh: 'terminal',
  job: 'server-process',
  breyta: 'plug',
};

const entryIcons: Record<string, string> = {
  manual: 'play',
  schedule: 'calendar',
  webhook: 'link',
  event: 'zap',
  mcp: 'plug',
};

/** The codicon name (without `codicon-`) for a node. */
export function iconFor(kind: string, type: string | null | undefined): string {
  switch (kind) {
    case 'step':
      return stepIcons[type ?? ''] ?? 'circle-outline';
    case 'entry':
      return entryIcons[type ?? ''] ?? 'debug-start';
    case 'start':
      return 'debug-start';
    case 'branch':
      return 'git-compare';
    case 'end':
      return 'pass';
    case 'fail':
      return 'error';
    default:
      return 'circle-outline';
  }
}
