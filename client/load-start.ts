// Imported first by extension.ts so that this line runs before any other module of the
// bundle: the start of the extension's module load, for the activation timing.
export const moduleLoadStart = performance.now();
