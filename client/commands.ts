// Every command the extension registers, in one list: id -> factory taking the `Ctx`.
// package.json's `contributes.commands` names the same ids (a test checks both ways).

import type { Ctx } from './context';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export const commands: Readonly<Record<string, CommandFactory>> = {
  'flowEdn.restartServer': (ctx) => () => ctx.restartServer(),
  'flowEdn.showOutput': (ctx) => () => ctx.output.show(true),
  'flowEdn.openGraph': (ctx) => (uri?: unknown) => ctx.openGraph(uri),
  'flowEdn.exportGraphSvg': (ctx) => (target?: unknown) => ctx.exportGraphSvg(target),
  'flowEdn.debugFlow': (ctx) => (target?: unknown, options?: unknown) => ctx.debugFlow(target, options),
};
