// The modules a bundle requires at run time (`require("x")` left in by esbuild), sorted into
// Node built-ins, `vscode`, files of the package, and the rest, which must be in the package
// or required lazily behind a fallback (see GUARDED in vsix.test.ts).

import { builtinModules } from 'node:module';

export interface Requires {
  builtins: string[];
  vscode: boolean;
  relative: string[];
  external: string[];
}

export function bundleRequires(code: string): Requires {
  const found = new Set<string>();
  for (const m of code.matchAll(/\brequire\(\s*(["'])([^"']+)\1\s*\)/g)) found.add(m[2]!);
  const out: Requires = { builtins: [], vscode: false, relative: [], external: [] };
  for (const name of [...found].sort()) {
    if (name === 'vscode') out.vscode = true;
    else if (name.startsWith('node:') || builtinModules.includes(name.split('/')[0]!)) out.builtins.push(name);
    else if (name.startsWith('.') || name.startsWith('/')) out.relative.push(name);
    else out.external.push(name);
  }
  return out;
}
