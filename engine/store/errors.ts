// Turning SQLite constraint failures into the store's own clear errors.

import { constraintFailure } from './driver';
import { StoreError } from './port';

export function runNotFound(id: string): StoreError {
  return new StoreError('run-not-found', `no run with id ${id} in the store`);
}

/**
 * Runs one writing statement and turns constraint failures into clear errors: `unique`
 * maps the failing columns (`table.col, ...`) to an error (or undefined to rethrow as is),
 * and a foreign-key failure means the run `runId` is missing.
 */
export function withConstraints<T>(statement: () => T, unique: (columns: string) => StoreError | undefined, runId?: string): T {
  try {
    return statement();
  } catch (e) {
    const failure = constraintFailure(e);
    if (failure?.kind === 'unique') throw unique(failure.columns) ?? e;
    if (failure?.kind === 'foreign-key' && runId !== undefined) throw runNotFound(runId);
    throw e;
  }
}
