// What a webhook does with the request around the auth: size limits of spec §11 (413),
// malformed bodies (400), other content types (415), unknown paths (404), wrong methods (405),
// a missing concurrency key (422), form and multipart data, and the flow's own response map.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { MAX_SIGNED_MULTIPART_BYTES, MAX_WEBHOOK_BYTES } from '../../engine/runtime/payload';
import { http, keyedFlow, serve, tempDir, write, type Served } from './support';

let s: Served;
const sig = (b: Buffer | string) => createHmac('sha256', 'sekret').update(b).digest('base64');

before(async () => {
  const dir = tempDir();
  const triggers = `:triggers [{:type :event :label "Signed" :config {:source :webhook :path "/in/signed" :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :whsec}}}
            {:type :webhook :label "Keyed" :config {:path "/in/key" :auth {:type :api-key :secret-ref :whsec}}}]`;
  write(dir, 'p.flow.edn', keyedFlow('p', `(let [in (flow/input)]
      (if (:respond in)
        {:status 201 :headers {"x-flow" "yes"} :body {:got (:k in) :files (:doc in)}}
        {:k (:k in) :n (:n in)}))`, triggers));
  write(dir, 'p.sim.edn', '{:bindings {:whsec {:value "sekret"}}}');
  s = await serve(dir);
});
after(() => s.close());

async function expectRefusal(status: number, reason: string, send: () => Promise<{ status: number; json: any }>): Promise<void> {
  const before = s.runCount();
  const a = await send();
  assert.equal(a.status, status, JSON.stringify(a.json));
  assert.equal(a.json.error.reason, reason);
  assert.equal(s.runCount(), before, 'no run started');
}

test('a payload over 50 MB is refused with 413 from its Content-Length, before it is read', async () => {
  const before = s.runCount();
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(s.url + '/in/signed', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(MAX_WEBHOOK_BYTES + 1), 'X-Signature': 'x' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.write(Buffer.alloc(64 * 1024, 32)); // starts uploading; the answer comes first
  });
  assert.equal(status, 413);
  assert.equal(s.runCount(), before);
  assert.ok(s.log.some((l) => /refused POST \/in\/signed 413 too-large: payload of 52428801 bytes exceeds the webhook limit of 52428800 bytes/.test(l)));
});

test('a streamed (chunked) payload is cut off at the limit with 413', async () => {
  const small = await serve(tempDir(), { maxBodyBytes: 1024 * 1024, paths: [s.dir], lock: false, db: ':memory:' });
  try {
    const before = small.runCount();
    const status = await new Promise<number>((resolve) => {
      const req = request(small.url + '/in/signed', { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', () => undefined); // the server may close the upload after answering
      const chunk = Buffer.alloc(256 * 1024, 32);
      let sent = 0;
      const pump = () => {
        while (sent < 8 && req.write(chunk)) sent++;
        if (sent < 8) req.once('drain', () => (sent++, pump()));
      };
      pump();
    });
    assert.equal(status, 413);
    assert.equal(small.runCount(), before);
  } finally {
    await small.close();
  }
});

test('signed multipart over 5 MB is refused with 413; under it, file parts become res:// refs', async () => {
  const boundary = 'b0undary';
  const part = (name: string, content: Buffer, filename?: string) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: text/plain` : ''}\r\n\r\n`), content, Buffer.from('\r\n')]);
  const big = Buffer.concat([part('k', Buffer.from('m-1')), part('doc', Buffer.alloc(MAX_SIGNED_MULTIPART_BYTES, 97), 'a.txt'), Buffer.from(`--${boundary}--\r\n`)]);
  const type = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  await expectRefusal(413, 'too-large', () => http('POST', s.url + '/in/signed', big, { ...type, 'X-Signature': sig(big) }));
  const ok = Buffer.concat([part('k', Buffer.from('m-2')), part('respond', Buffer.from('yes')), part('doc', Buffer.from('hello file'), 'hello.txt'), Buffer.from(`--${boundary}--\r\n`)]);
  const a = await http('POST', s.url + '/in/signed', ok, { ...type, 'X-Signature': sig(ok) });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.got, 'm-2');
  assert.equal(a.json.files.filename, 'hello.txt');
  assert.equal(a.json.files['size-bytes'], 10);
  const blob = s.store.getBlob(a.json.files.uri)!;
  assert.equal(Buffer.from(blob.content).toString(), 'hello file');
});

test('malformed JSON is 400, another content type 415, both with no run', async () => {
  const bad = '{"k": "x", ';
  await expectRefusal(400, 'malformed', () => http('POST', s.url + '/in/signed', bad, { 'content-type': 'application/json', 'X-Signature': sig(bad) }));
  const xml = '<k>x</k>';
  await expectRefusal(415, 'unsupported-media-type', () => http('POST', s.url + '/in/signed', xml, { 'content-type': 'application/xml', 'X-Signature': sig(xml) }));
  const text = 'k=x';
  await expectRefusal(415, 'unsupported-media-type', () => http('POST', s.url + '/in/signed', text, { 'content-type': 'text/plain', 'X-Signature': sig(text) }));
  const latin = Buffer.from([0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  await expectRefusal(400, 'malformed', () => http('POST', s.url + '/in/signed', latin, { 'content-type': 'application/json', 'X-Signature': sig(latin) }));
});

test('unknown path 404, wrong method 405 (with Allow), missing concurrency key 422', async () => {
  await expectRefusal(404, 'not-found', () => http('POST', s.url + '/in/nowhere', '{}', { 'content-type': 'application/json' }));
  const before = s.runCount();
  const get = await http('GET', s.url + '/in/signed');
  assert.equal(get.status, 405);
  assert.equal(get.headers['allow'], 'POST');
  assert.equal(s.runCount(), before);
  const noKey = JSON.stringify({ n: 1 });
  await expectRefusal(422, 'missing-key', () => http('POST', s.url + '/in/signed', noKey, { 'content-type': 'application/json', 'X-Signature': sig(noKey) }));
  assert.ok(s.log.some((l) => /422 missing-key: the payload has no concurrency key: :key-field :k is missing/.test(l)));
});

test('form data becomes the input; the flow answers 202 with its run id, or with its own response map', async () => {
  const form = 'k=f-1&n=2';
  const a = await http('POST', s.url + '/in/key', form, { 'content-type': 'application/x-www-form-urlencoded', 'X-API-Key': 'sekret' });
  assert.equal(a.status, 202);
  assert.equal(a.json.status, 'completed');
  assert.deepEqual(a.json.output.k, 'f-1');
  assert.match(a.json.runId, /^r-/);
  const b = JSON.stringify({ k: 'r-1', respond: true });
  const r = await http('POST', s.url + '/in/signed', b, { 'content-type': 'application/json', 'X-Signature': sig(b) });
  assert.equal(r.status, 201);
  assert.equal(r.headers['x-flow'], 'yes');
  assert.deepEqual(r.json, { got: 'r-1', files: null });
});
