// Every command the extension registers, in one list: id -> factory taking the `Ctx`.
// package.json's `contributes.commands` names the same ids (a test checks both ways).

import type { Ctx } from './context';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export const commands: Readonly<Record<string, CommandFactory>> = {
  'flowEdn.restartServer': (ctx) => () => ctx.restartServer(),
  'flowEdn.showOutput': (ctx) => () => ctx.output.show(true),
  'flowEdn.openGraph': (ctx) => (uri?: unknown) => ctx.openGraph(uri),
  'flowEdn.exportGraphSvg': (ctx) => (target?: unknown) => ctx.exportGraphSvg(target),
  'flowEdn.runFlow': (ctx) => (target?: unknown) => ctx.editorActions().runFlow(target),
  'flowEdn.debugFlow': (ctx) => (target?: unknown) => ctx.editorActions().debugFlow(target),
  'flowEdn.simulateWebhook': (ctx) => (target?: unknown) => ctx.editorActions().simulateWebhook(target),
  'flowEdn.fireSchedule': (ctx) => (target?: unknown) => ctx.editorActions().fireSchedule(target),
  'flowEdn.resolveWait': (ctx) => (target?: unknown) => ctx.editorActions().resolveWait(target),
  'flowEdn.newScenario': (ctx) => (target?: unknown) => ctx.editorActions().newScenario(target),
  'flowEdn.startRuntime': (ctx) => (target?: unknown) => ctx.editorActions().startRuntime(target),
  'flowEdn.stopRuntime': (ctx) => (target?: unknown) => ctx.editorActions().stopRuntime(target),
};
