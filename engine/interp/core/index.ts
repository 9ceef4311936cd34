// The core library: importing this module fills the registry (clojure.core, clojure.string,
// breyta.sandbox). The compiler asks the registry for implementations by written name.

import './numbers';
import './colls';
import './seqs';
import './transducers';
import './fns';
import './text';
import './strings';
import './sandbox';

export { arityOk, coreImpl, coreNames, coreValue, type CoreImpl } from './registry';
