// Checks one webhook delivery against its endpoint's auth scheme (spec §5.5). A refusal
// carries the HTTP status and a reason that names what was wrong (never a secret); an
// acceptance carries the signature material that replay detection remembers.

import { createHash } from 'node:crypto';
import { DEFAULT_MAX_SKEW_MS, type WebhookAuth } from './auth-config';
import type { Secret } from './secrets';
import { clientAddress, decodeSignature, ecdsaMatches, hmacMatches, ipAllowed, parseTimestamp, safeEqual, signedMessage } from './signing';

export interface Delivery {
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  query: URLSearchParams;
  body: Buffer;
  socketAddress: string;
}

export type AuthOutcome =
  | { ok: true; replay: { material: string; windowMs: number } | null }
  | { ok: false; status: 401 | 403 | 500; reason: string };

const refuse = (status: 401 | 403 | 500, reason: string): AuthOutcome => ({ ok: false, status, reason });

/** `secret` is the resolved `:secret-ref` (or public key), or why there is none. */
export function verifyDelivery(auth: WebhookAuth | string, secret: Secret | { missing: string } | null, d: Delivery, now: number): AuthOutcome {
  if (typeof auth === 'string') return refuse(401, auth);
  if (auth.type === 'ip-allowlist') {
    const ip = clientAddress(d.headers, d.socketAddress);
    return ipAllowed(ip, auth.allow) ? { ok: true, replay: null } : refuse(403, `client address ${ip} is not in the webhook's :allow list`);
  }
  const header = (name: string) => d.headers[name.toLowerCase()];
  // Missing credentials are the caller's fault and are said first; a missing secret is the server's.
  const needSecret = (): Secret | AuthOutcome => (secret === null || 'missing' in secret ? refuse(500, `the server cannot check this webhook: ${secret === null ? 'no secret' : secret.missing}`) : secret);

  switch (auth.type) {
    case 'api-key': {
      const given = auth.location === 'query' ? d.query.get(auth.param) : header(auth.header);
      if (given === null || given === undefined || given === '') return refuse(401, auth.location === 'query' ? `missing query parameter ?${auth.param}=` : `missing header ${auth.header}`);
      const s = needSecret();
      if ('ok' in s) return s;
      return safeEqual(given, s.value) ? { ok: true, replay: null } : refuse(401, `wrong API key in ${auth.location === 'query' ? '?' + auth.param : auth.header}`);
    }
    case 'bearer':
    case 'basic': {
      const value = header('authorization');
      const scheme = auth.type === 'bearer' ? 'Bearer' : 'Basic';
      const m = value === undefined ? null : new RegExp(`^${scheme}\\s+(.+)$`, 'i').exec(value.trim());
      if (m === null) return refuse(401, `missing header Authorization: ${scheme} ...`);
      const s = needSecret();
      if ('ok' in s) return s;
      if (auth.type === 'bearer') return safeEqual(m[1]!, s.value) ? { ok: true, replay: null } : refuse(401, 'wrong bearer token');
      const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return refuse(401, 'Authorization: Basic does not hold user:password');
      const user = decoded.slice(0, colon);
      const expectedUser = auth.username ?? s.username;
      const userOk = expectedUser === null || safeEqual(user, expectedUser);
      const passOk = safeEqual(decoded.slice(colon + 1), s.value);
      return userOk && passOk ? { ok: true, replay: null } : refuse(401, 'wrong user name or password');
    }
    case 'hmac-sha256': {
      const value = header(auth.header);
      if (value === undefined || value === '') return refuse(401, `missing signature header ${auth.header}`);
      const sig = decodeSignature(value, auth.format, auth.prefix);
      if (typeof sig === 'string') return refuse(401, `bad signature in ${auth.header}: ${sig}`);
      const s = needSecret();
      if ('ok' in s) return s;
      if (!hmacMatches(s.value, d.body, sig)) return refuse(401, `bad signature in ${auth.header}: it is not the HMAC-SHA256 of the body under the bound secret`);
      return { ok: true, replay: { material: material([auth.header, sig.toString('hex')]), windowMs: DEFAULT_MAX_SKEW_MS } };
    }
    case 'signature': {
      const value = header(auth.signatureHeader);
      if (value === undefined || value === '') return refuse(401, `missing signature header ${auth.signatureHeader}`);
      let timestamp: string | null = null;
      if (auth.timestampHeader !== null) {
        timestamp = header(auth.timestampHeader) ?? null;
        if (timestamp === null || timestamp === '') return refuse(401, `missing timestamp header ${auth.timestampHeader}`);
        const at = parseTimestamp(timestamp);
        if (at === null) return refuse(401, `timestamp header ${auth.timestampHeader} is not a time: ${JSON.stringify(timestamp.slice(0, 40))}`);
        if (Math.abs(now - at) > auth.maxSkewMs) {
          return refuse(401, `stale timestamp in ${auth.timestampHeader}: ${Math.round((now - at) / 1000)}s from the server's time, more than the allowed ${Math.round(auth.maxSkewMs / 1000)}s`);
        }
      }
      const sig = decodeSignature(value, auth.format, auth.prefix);
      if (typeof sig === 'string') return refuse(401, `bad signature in ${auth.signatureHeader}: ${sig}`);
      const s = needSecret();
      if ('ok' in s) return s;
      const message = signedMessage(auth.signedMessage, d.body, timestamp);
      const good = auth.algo === 'hmac-sha256' ? hmacMatches(s.value, message, sig) : ecdsaMatches(s.value, message, sig);
      if (typeof good === 'string') return refuse(500, `the server cannot check this webhook: ${good}`);
      if (!good) return refuse(401, `bad signature in ${auth.signatureHeader}: it does not verify (${auth.algo} over ${auth.signedMessage === 'timestamp-payload' ? 'timestamp.payload' : 'the payload'})`);
      return { ok: true, replay: { material: material([auth.signatureHeader, sig.toString('hex'), timestamp ?? '']), windowMs: auth.maxSkewMs } };
    }
  }
}

function material(parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}
