// The CLI's view of flow files: the shared finder and reader live in engine/run/flow-files.ts
// (the local runtime uses them too); re-exported here for the commands.
export * from '../run/flow-files';
