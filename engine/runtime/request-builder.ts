// Builds the request the platform would receive for a webhook: the auth headers (or query
// parameter) of its scheme computed with the bound secret, with a timestamp where the scheme
// signs one. `bad` makes a deliberately wrong credential, to show the refusal.

import type { WebhookAuth } from './auth-config';
import type { Secret } from './secrets';
import { ecdsaSign, encodeSignature, hmacSha256, signedMessage } from './signing';

export interface BuiltAuth {
  headers: Record<string, string>;
  /** Query parameters to add (api-key in the query). */
  query: Record<string, string>;
}

/** Flips the last character of a credential so it is well-formed but wrong. */
function spoil(s: string): string {
  if (s === '') return 'x';
  const last = s[s.length - 1]!;
  return s.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

export function buildAuth(auth: WebhookAuth, secret: Secret | null, body: Buffer, options: { now: number; bad?: boolean }): BuiltAuth {
  const bad = options.bad === true;
  const need = (): Secret => {
    if (secret === null) throw new Error('no secret bound for this webhook');
    return secret;
  };
  switch (auth.type) {
    case 'ip-allowlist':
      return { headers: { 'X-Forwarded-For': bad ? '198.51.100.254' : auth.allow.find((a) => !a.includes('/')) ?? auth.allow[0]!.replace(/\/\d+$/, '') }, query: {} };
    case 'api-key': {
      const key = bad ? spoil(need().value) : need().value;
      return auth.location === 'query' ? { headers: {}, query: { [auth.param]: key } } : { headers: { [auth.header]: key }, query: {} };
    }
    case 'bearer':
      return { headers: { Authorization: `Bearer ${bad ? spoil(need().value) : need().value}` }, query: {} };
    case 'basic': {
      const s = need();
      const user = auth.username ?? s.username ?? 'webhook';
      return { headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${bad ? spoil(s.value) : s.value}`).toString('base64') }, query: {} };
    }
    case 'hmac-sha256': {
      const sig = hmacSha256(need().value, body);
      if (bad) sig[0] = sig[0]! ^ 0xff;
      return { headers: { [auth.header]: encodeSignature(sig, auth.format, auth.prefix) }, query: {} };
    }
    case 'signature': {
      const s = need();
      const timestamp = auth.timestampHeader !== null ? String(Math.floor(options.now / 1000)) : null;
      const message = signedMessage(auth.signedMessage, body, timestamp);
      let sig: Buffer;
      if (auth.algo === 'hmac-sha256') sig = hmacSha256(s.value, message);
      else {
        if (s.privateKey === null) throw new Error(`signing with :ecdsa-p256 needs the private key: add :private-key "-----BEGIN PRIVATE KEY-----..." to the binding of :${auth.secretRef}`);
        sig = ecdsaSign(s.privateKey, message);
      }
      if (bad) sig[sig.length - 1] = sig[sig.length - 1]! ^ 0xff;
      const headers: Record<string, string> = { [auth.signatureHeader]: encodeSignature(sig, auth.format, auth.prefix) };
      if (auth.timestampHeader !== null) headers[auth.timestampHeader] = timestamp!;
      return { headers, query: {} };
    }
  }
}
