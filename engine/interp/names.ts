// Every name the interpreter implements (special forms, flow forms, core functions), so a
// test can hold it to the catalog and the two cannot drift apart.

import { specials } from './compile/context';
import { coreNames } from './core/index';

export function implementedNames(): Set<string> {
  return new Set([...specials.keys(), ...coreNames()]);
}
