// The server's settings under `flowEdn.`: read with workspace/configuration when the client
// supports it (per document), refreshed on didChangeConfiguration; defaults otherwise.

import type { Connection } from 'vscode-languageserver';
import { defaultSettings, settingsSection, type FlowEdnSettings } from './protocol';

type Partial2<T> = { [K in keyof T]?: Partial<T[K]> };

/** Merges what the client sent over the defaults, keeping only values of the right type. */
export function mergeSettings(raw: unknown): FlowEdnSettings {
  const r = (raw ?? {}) as Partial2<FlowEdnSettings>;
  const debounce = Number(r.diagnostics?.debounceMs);
  return {
    validation: { enable: typeof r.validation?.enable === 'boolean' ? r.validation.enable : defaultSettings.validation.enable },
    diagnostics: { debounceMs: Number.isFinite(debounce) && debounce >= 0 ? Math.min(debounce, 10_000) : defaultSettings.diagnostics.debounceMs },
    trace: { server: r.trace?.server === 'messages' || r.trace?.server === 'verbose' ? r.trace.server : 'off' },
    graph: { direction: r.graph?.direction === 'down' ? 'down' : 'right' },
    debug: { adapter: r.debug?.adapter === 'inline' ? 'inline' : 'executable' },
  };
}

export class Settings {
  private readonly byUri = new Map<string, Promise<FlowEdnSettings>>();
  private global: FlowEdnSettings = defaultSettings;
  /** Set from the client's capabilities at initialize. */
  pull = false;

  constructor(private readonly connection: Connection) {}

  /** The settings for a document (cached until the configuration changes). */
  for(uri: string): Promise<FlowEdnSettings> {
    if (!this.pull) return Promise.resolve(this.global);
    let p = this.byUri.get(uri);
    if (p === undefined) {
      p = this.connection.workspace.getConfiguration({ scopeUri: uri, section: settingsSection }).then(mergeSettings, () => this.global);
      this.byUri.set(uri, p);
    }
    return p;
  }

  /** didChangeConfiguration: drop the cache; clients that push settings send them here. */
  changed(pushed: unknown): void {
    this.byUri.clear();
    const section = (pushed as Record<string, unknown> | null | undefined)?.[settingsSection];
    if (section !== undefined) this.global = mergeSettings(section);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
