// The run service's public surface (docs/run-service.md): import from here.

export { RunService } from './run-service';
export { ChangeFeed, toFeedChange, type BranchEvent, type FeedChange, type FeedListener, type FeedOptions, type FeedResync, type PruneSettings, type FeedSubscription } from './feed';
export { ForkError, forkJournal } from './operations';
export type * from './types';
export { LeaseHeld, RunError, RunNotFound } from '../run/errors';
export { WaitResolutionError } from '../run/waits';
export { DeliveryError } from '../runtime/delivery';
export { decodeEvents, readRunState, runStateOf, stepStates, type BranchTaken, type RunState, type StepState } from '../run/run-state';
