// The extension's identifiers and settings. The settings themselves (names, types, defaults)
// are declared once in server/protocol.ts, which both sides import; package.json's
// `contributes.configuration` must list exactly these keys with these defaults (a test checks).

import { defaultSettings, settingsSection } from '../server/protocol';

/** The configuration section: `flowEdn`. */
export const SECTION = settingsSection;

/** The language id contributed in package.json. */
export const LANGUAGE_ID = 'flow-edn';

export type SettingValue = boolean | number | string;

/** Every setting as a dotted key under the section with its default, e.g. `['validation.enable', true]`. */
export function settingDefaults(): [key: string, value: SettingValue][] {
  const out: [string, SettingValue][] = [];
  const walk = (prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else out.push([prefix, value as SettingValue]);
  };
  walk('', defaultSettings);
  return out;
}
