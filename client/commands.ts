// Every command the extension registers, in one list: id -> factory taking the `Ctx`.
// package.json's `contributes.commands` names the same ids (a test checks both ways).

import type { Ctx } from './context';

export type CommandFactory = (ctx: Ctx) => (...args: unknown[]) => unknown;

export const commands: Readonly<Record<string, CommandFactory>> = {
  'flowEdn.restartServer': (ctx) => () => ctx.restartServer(),
  'flowEdn.showOutput': (ctx) => () => ctx.output.show(true),
  'flowEdn.openGraph': (ctx) => (uri?: unknown) => ctx.openGraph(uri),
  'flowEdn.exportGraphSvg': (ctx) => (target?: unknown) => ctx.exportGraphSvg(target),
  'flowEdn.newFlow': (ctx) => (slug?: unknown) => ctx.runsModule().newFlow(slug),
  'flowEdn.openExample': (ctx) => () => ctx.runsModule().openExample(ctx.extension.extensionPath),
  // The Flow EDN view container (client/views.ts, client/runs/run-views.ts); tree actions get the node.
  'flowEdn.openApprovals': (ctx) => (arg?: unknown) => ctx.runViews().openApprovals(arg),
  'flowEdn.runs.refresh': (ctx) => () => ctx.runViews().tree.refresh(),
  'flowEdn.runs.loadMore': (ctx) => (node?: unknown) => node && ctx.runViews().tree.loadMore(node as never),
  'flowEdn.runs.reveal': (ctx) => (node?: unknown) => node && ctx.runViews().reveal(node as never),
  'flowEdn.runs.openResult': (ctx) => (node?: unknown) => node && ctx.runViews().openResult(node as never),
  'flowEdn.runs.openArtifact': (ctx) => (node?: unknown, which?: unknown) => node && ctx.runViews().openArtifact(node as never, typeof which === 'string' ? which : undefined),
  'flowEdn.runs.rerun': (ctx) => (node?: unknown) => node && ctx.runViews().rerun(node as never),
  'flowEdn.runs.debugFromStep': (ctx) => (node?: unknown) => node && ctx.runViews().debugFromStep(node as never),
  'flowEdn.runs.cancel': (ctx) => (node?: unknown) => node && ctx.runViews().cancel(node as never),
  'flowEdn.runs.delete': (ctx) => (node?: unknown, confirmed?: unknown) => node && ctx.runViews().delete(node as never, confirmed === true),
  'flowEdn.runs.copyId': (ctx) => (node?: unknown) => node && ctx.runViews().copyId(node as never),
  'flowEdn.runFlow': (ctx) => (target?: unknown) => ctx.editorActions().runFlow(target),
  'flowEdn.simulateWebhook': (ctx) => (target?: unknown) => ctx.editorActions().simulateWebhook(target),
  'flowEdn.fireSchedule': (ctx) => (target?: unknown) => ctx.editorActions().fireSchedule(target),
  'flowEdn.resolveWait': (ctx) => (target?: unknown) => ctx.editorActions().resolveWait(target),
  'flowEdn.newScenario': (ctx) => (target?: unknown) => ctx.editorActions().newScenario(target),
  'flowEdn.startRuntime': (ctx) => (target?: unknown) => ctx.editorActions().startRuntime(target),
  'flowEdn.stopRuntime': (ctx) => (target?: unknown) => ctx.editorActions().stopRuntime(target),
  'flowEdn.debugFlow': (ctx) => (target?: unknown, options?: unknown) => ctx.debugFlow(target, options),
};
