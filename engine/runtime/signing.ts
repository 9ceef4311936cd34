// The cryptography of webhook auth, shared by verification (server) and by
// `flow-edn webhook send` (client): HMAC and ECDSA signatures in base64 or hex with an
// optional prefix, the signed message (payload, or timestamp + "." + payload), and a
// constant-time comparison that never throws on different lengths.

import { createHmac, createPrivateKey, createPublicKey, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto';
import type { SignatureFormat } from './auth-config';

const compareKey = randomBytes(32);

/** Constant-time equality of two byte strings of any lengths (both are hashed to one size first). */
export function safeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const ha = createHmac('sha256', compareKey).update(a).digest();
  const hb = createHmac('sha256', compareKey).update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function hmacSha256(secret: string, message: Buffer): Buffer {
  return createHmac('sha256', secret).update(message).digest();
}

/** The bytes a `:signature` scheme signs: the payload, or `<timestamp>.<payload>`. */
export function signedMessage(kind: 'payload' | 'timestamp-payload', body: Buffer, timestamp: string | null): Buffer {
  return kind === 'timestamp-payload' ? Buffer.concat([Buffer.from(`${timestamp ?? ''}.`), body]) : body;
}

export function encodeSignature(sig: Buffer, format: SignatureFormat, prefix: string): string {
  return prefix + (format === 'hex' ? sig.toString('hex') : sig.toString('base64'));
}

/**
 * The signature bytes in a header value, or why it cannot hold one: the configured prefix
 * must be there; hex must be hex; base64 may also be base64url or unpadded.
 */
export function decodeSignature(value: string, format: SignatureFormat, prefix: string): Buffer | string {
  let v = value.trim();
  if (prefix !== '') {
    if (!v.startsWith(prefix)) return `the signature must start with "${prefix}"`;
    v = v.slice(prefix.length);
  }
  if (v === '') return 'the signature is empty';
  if (format === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(v)) return 'the signature is not hex';
    return Buffer.from(v, 'hex');
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return 'the signature is not base64';
  return Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Whether `sig` is the HMAC-SHA256 of `message` under `secret`, in constant time. */
export function hmacMatches(secret: string, message: Buffer, sig: Buffer): boolean {
  return safeEqual(hmacSha256(secret, message), sig);
}

/** Whether `sig` is a P-256 ECDSA signature (DER or raw r||s) of `message` under the PEM public key. */
export function ecdsaMatches(publicKeyPem: string, message: Buffer, sig: Buffer): boolean | string {
  let key;
  try {
    key = createPublicKey(publicKeyPem);
  } catch (e) {
    return `the bound public key does not load: ${(e as Error).message}`;
  }
  for (const dsaEncoding of ['der', 'ieee-p1363'] as const) {
    try {
      if (verify('sha256', message, { key, dsaEncoding }, sig)) return true;
    } catch {
      // not this encoding
    }
  }
  return false;
}

export function ecdsaSign(privateKeyPem: string, message: Buffer): Buffer {
  return sign('sha256', message, { key: createPrivateKey(privateKeyPem), dsaEncoding: 'der' });
}

/** A timestamp header as epoch ms: Unix seconds, milliseconds, or an ISO date. */
export function parseTimestamp(value: string): number | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return n < 1e12 ? n * 1000 : n;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** The client address the allowlist checks: X-Forwarded-For's first entry, X-Real-IP, else the socket's. */
export function clientAddress(headers: Record<string, string | undefined>, socketAddress: string): string {
  const forwarded = headers['x-forwarded-for']?.split(',')[0]?.trim();
  const ip = forwarded || headers['x-real-ip']?.trim() || socketAddress;
  return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** `ip` equals an entry, or falls in an IPv4 CIDR entry (`10.0.0.0/8`). */
export function ipAllowed(ip: string, allow: string[]): boolean {
  for (const entry of allow) {
    if (entry === ip) return true;
    const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
    const a = ipv4(ip);
    if (m && a !== null) {
      const base = ipv4(m[1]!);
      const bits = Number(m[2]);
      if (base === null || bits > 32) continue;
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      if (((a & mask) >>> 0) === ((base & mask) >>> 0)) return true;
    }
  }
  return false;
}

function ipv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0);
}
