// The runtime's router owns its routes: a flow claims its paths, a path another flow holds is
// refused with the holder named (the holder keeps it), a flow's reload re-claims its own
// paths, and releasing a flow frees exactly its paths.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebhookEndpoint } from '../../engine/runtime/entry-points';
import { WebhookRouter } from '../../engine/runtime/webhook-router';

const endpoint = (flow: string, id: string, ...paths: string[]): WebhookEndpoint => ({ flow, id, kind: 'interface', trigger: id, eventName: null, paths, auth: 'none' });

test('claims, refusals naming the holder, re-claims and releases', () => {
  const router = new WebhookRouter();
  const a = endpoint('orders', 'in', '/in/orders', '/in/shared');
  const b = endpoint('refunds', 'in', '/in/refunds', '/in/shared');
  assert.deepEqual(router.claim('/in/orders', a), { claimed: true });
  assert.deepEqual(router.claim('/in/shared', a), { claimed: true });
  assert.deepEqual(router.claim('/in/refunds', b), { claimed: true });
  assert.deepEqual(router.claim('/in/shared', b), { claimed: false, heldBy: 'orders' });
  assert.equal(router.get('/in/shared'), a, 'the holder keeps the path');
  const a2 = endpoint('orders', 'in2', '/in/shared');
  assert.deepEqual(router.claim('/in/shared', a2), { claimed: true }, 'a flow re-claims its own path (a reload)');
  assert.equal(router.get('/in/shared'), a2);
  router.releaseFlow('orders');
  assert.equal(router.has('/in/orders'), false);
  assert.equal(router.has('/in/shared'), false);
  assert.equal(router.get('/in/refunds'), b, 'other flows keep their paths');
  assert.deepEqual(router.claim('/in/shared', b), { claimed: true }, 'a released path is free');
});
