// Reads VS Code's own performance marks in the extension host (the `code/extHost/...` marks its
// extension service sets around loading an extension's code), for the activation case: they
// split VS Code's "load code" figure into the `require` of the extension's bundle and what VS
// Code awaits before it (its localisation set-up, queued behind any other work of the host).

interface Mark {
  name: string;
  startTime: number;
}

/** The mark registry VS Code's `vs/base/common/performance` keeps on the host's global object. */
function marks(): Mark[] | undefined {
  const registry = (globalThis as { MonacoPerformanceMarks?: { getMarks?: () => Mark[] } }).MonacoPerformanceMarks;
  return typeof registry?.getMarks === 'function' ? registry.getMarks() : undefined;
}

/**
 * Milliseconds (whole, VS Code marks with `Date.now()`) between VS Code's
 * `willLoadExtensionCode` and `didLoadExtensionCode` marks for `extensionId`: the `require` of
 * its main module and nothing else. Undefined when this VS Code sets no such marks.
 */
export function requireMs(extensionId: string): number | undefined {
  const all = marks();
  const at = (what: string) => all?.find((m) => m.name === `code/extHost/${what}/${extensionId}`)?.startTime;
  const will = at('willLoadExtensionCode');
  const did = at('didLoadExtensionCode');
  return will !== undefined && did !== undefined && did >= will ? did - will : undefined;
}
