// `initialize` is answered early, before the protocol library loads (server/start): the early
// answer is the connection's own, the library still sees the request (settings are pulled,
// configuration registered), and messages sent right after the answer are not lost.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initializeResult } from '../../server/capabilities';
import { LspClient } from './support/client';

test('the early initialize answer is the connection answer, and the connection takes over', async () => {
  const client = await LspClient.start({ settings: { validation: { enable: true } } });
  try {
    assert.deepEqual(client.initializeResult, initializeResult());
    // Opened at once after the answer: arrives while the library loads.
    const uri = 'file:///early.flow.edn';
    const published = await client.open(uri, '{:slug :t}');
    assert.ok(published.diagnostics.some((d) => d.code === 'missing-required-key'));
    const pong = await client.connection.sendRequest('flowEdn/ping', { token: 7 });
    assert.deepEqual(pong, { token: 7 });
    assert.equal(client.stderr.join('').includes('differs'), false, client.stderr.join(''));
  } finally {
    await client.stop();
  }
});
