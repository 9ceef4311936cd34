// Corners of the runtime's command line: `webhook send` signing with ECDSA P-256 (the
// `:signature` scheme with a public key bound on the server and the private key on the
// sender), and `serve --host` printing its warning for a non-loopback bind address.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../engine/cli/main';
import { serve, tempDir, write } from './support';

const root = join(__dirname, '..', '..', '..');

test('webhook send signs :signature {:algo :ecdsa-p256 :signed-message :timestamp-payload}; the server verifies with the public key', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = tempDir();
  const flow = write(dir, 'ec.flow.edn', `{:slug :ec :name "EC"
 :concurrency {:type :singleton :on-new-version :supersede}
 :requires [{:slot :signer :type :secret :label "Signer public key"}]
 :invocations {:default {:inputs []}}
 :interfaces {:webhook [{:id :hook :invocation :default
                         :auth {:type :signature :algo :ecdsa-p256 :signature-header "X-Sig"
                                :timestamp-header "X-Ts" :signed-message :timestamp-payload
                                :public-key-ref :signer}}]}
 :flow '(let [in (flow/input)] {:got (:n in)})}`);
  write(dir, 'ec.sim.edn', `{:bindings {:signer {:value ${JSON.stringify(pub)} :private-key ${JSON.stringify(priv)}}}}`);
  const payload = write(dir, 'p.json', JSON.stringify({ n: 7 }));
  const s = await serve(dir);
  try {
    const out: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), colour: false };
    assert.equal(await main(['webhook', 'send', flow, '--payload', payload, '--url', s.url, '--format', 'json'], io), 0, out.join('\n'));
    const sent = JSON.parse(out.join('\n'));
    assert.ok(sent.request.headers['X-Ts'], JSON.stringify(sent.request.headers));
    assert.equal(sent.response.body.status, 'completed');
    assert.deepEqual(sent.response.body.output, { got: 7 });
    out.length = 0;
    assert.equal(await main(['webhook', 'send', flow, '--payload', payload, '--url', s.url, '--bad-signature'], io), 1);
    assert.match(out.join('\n'), /-> 401/);
  } finally {
    await s.close();
  }
});

test('serve --host 0.0.0.0 warns that webhooks and approval links are reachable from other machines', async () => {
  const dir = tempDir();
  write(dir, 'h.flow.edn', `{:slug :h :name "H" :concurrency {:type :singleton :on-new-version :supersede}
 :invocations {:default {:inputs []}} :interfaces {:manual [{:id :run :invocation :default}]} :flow '(let [x 1] x)}`);
  const child = spawn(process.execPath, [join(root, 'out', 'cli.js'), 'serve', dir, '--port', '0', '--host', '0.0.0.0', '--db', join(dir, 'runs.db'), '--no-schedules', '--no-watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const text = await new Promise<string>((resolve, reject) => {
      let all = '';
      const timer = setTimeout(() => reject(new Error('no warning within 20 s:\n' + all)), 20_000);
      const onData = (d: Buffer) => {
        all += d.toString();
        if (/WARNING: listening on 0\.0\.0\.0/.test(all) && /listening on http:\/\//.test(all)) {
          clearTimeout(timer);
          resolve(all);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${all}`)));
    });
    assert.match(text, /reached from other machines/);
  } finally {
    child.kill('SIGKILL');
  }
});
