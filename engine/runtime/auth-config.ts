// A webhook's `:auth` map (spec §5.5) read into a typed scheme with its defaults, or the
// reason it cannot authenticate anything. Shared by the server (verification) and
// `flow-edn webhook send` (building the request the platform would receive).

import type { Value } from '../edn/values';
import { asList, kget, knum, kstr, nameOf } from '../run/data';

export type SignatureFormat = 'base64' | 'hex';

export type WebhookAuth =
  | { type: 'api-key'; secretRef: string; location: 'header' | 'query'; header: string; param: string }
  | { type: 'bearer'; secretRef: string }
  | { type: 'basic'; secretRef: string; username: string | null }
  | { type: 'hmac-sha256'; secretRef: string; header: string; format: SignatureFormat; prefix: string }
  | {
      type: 'signature';
      algo: 'hmac-sha256' | 'ecdsa-p256';
      /** `:secret-ref` for HMAC, `:public-key-ref` for ECDSA. */
      secretRef: string;
      signatureHeader: string;
      timestampHeader: string | null;
      signedMessage: 'payload' | 'timestamp-payload';
      format: SignatureFormat;
      prefix: string;
      maxSkewMs: number;
    }
  | { type: 'ip-allowlist'; allow: string[] };

/** Replay window for schemes whose signature carries no timestamp: the default skew. */
export const DEFAULT_MAX_SKEW_MS = 300_000;

export const SCHEMES = ['api-key', 'bearer', 'basic', 'hmac-sha256', 'signature', 'ip-allowlist'];

/** Reads `:auth`; a string result says why requests cannot be authenticated. */
export function readAuth(auth: Value | undefined): WebhookAuth | string {
  if (auth === undefined || auth === null) return 'Webhook authentication required: the webhook declares no :auth (the platform rejects webhooks without it)';
  const type = nameOf(kget(auth, 'type'));
  const secretRef = nameOf(kget(auth, 'secret-ref'));
  const needSecret = (t: string) => `:auth {:type :${t}} needs a :secret-ref naming the secret to check requests against`;
  const format = (): SignatureFormat | string => {
    const f = nameOf(kget(auth, 'signature-format')) ?? 'base64';
    return f === 'base64' || f === 'hex' ? f : `:signature-format must be :base64 or :hex, not :${f}`;
  };
  switch (type) {
    case 'api-key': {
      if (secretRef === null) return needSecret(type);
      const location = nameOf(kget(auth, 'location')) === 'query' ? 'query' : 'header';
      return { type, secretRef, location, header: kstr(auth, 'header') ?? 'X-API-Key', param: kstr(auth, 'param') ?? 'token' };
    }
    case 'bearer':
      return secretRef === null ? needSecret(type) : { type, secretRef };
    case 'basic':
      return secretRef === null ? needSecret(type) : { type, secretRef, username: kstr(auth, 'username') };
    case 'hmac-sha256': {
      if (secretRef === null) return needSecret(type);
      const f = format();
      if (f !== 'base64' && f !== 'hex') return f;
      return { type, secretRef, header: kstr(auth, 'header') ?? 'X-Signature', format: f, prefix: kstr(auth, 'signature-prefix') ?? '' };
    }
    case 'signature': {
      const algo = nameOf(kget(auth, 'algo')) ?? 'hmac-sha256';
      if (algo !== 'hmac-sha256' && algo !== 'ecdsa-p256') return `:algo must be :hmac-sha256 or :ecdsa-p256, not :${algo}`;
      const ref = algo === 'ecdsa-p256' ? nameOf(kget(auth, 'public-key-ref')) ?? secretRef : secretRef;
      if (ref === null) return algo === 'ecdsa-p256' ? ':auth {:type :signature :algo :ecdsa-p256} needs a :public-key-ref' : needSecret(type);
      const f = format();
      if (f !== 'base64' && f !== 'hex') return f;
      const signedMessage = nameOf(kget(auth, 'signed-message')) === 'timestamp-payload' ? 'timestamp-payload' : 'payload';
      const timestampHeader = kstr(auth, 'timestamp-header') ?? (signedMessage === 'timestamp-payload' ? 'X-Timestamp' : null);
      return {
        type,
        algo,
        secretRef: ref,
        signatureHeader: kstr(auth, 'signature-header') ?? kstr(auth, 'header') ?? 'X-Signature',
        timestampHeader,
        signedMessage,
        format: f,
        prefix: kstr(auth, 'signature-prefix') ?? '',
        maxSkewMs: knum(auth, 'timestamp-max-skew-ms') ?? DEFAULT_MAX_SKEW_MS,
      };
    }
    case 'ip-allowlist': {
      const allow = asList(kget(auth, 'allow')).filter((x): x is string => typeof x === 'string');
      return allow.length === 0 ? ':auth {:type :ip-allowlist} needs :allow ["203.0.113.10" ...]' : { type, allow };
    }
    case 'none':
      return 'Webhook authentication required: :auth {:type :none} is not allowed on webhooks';
    default:
      return `unknown webhook auth type ${type === null ? '(none given)' : ':' + type}; use one of ${SCHEMES.map((s) => ':' + s).join(' ')}`;
  }
}

/** A one-line description for the endpoint listing. */
export function describeAuth(auth: WebhookAuth | string): string {
  if (typeof auth === 'string') return 'refuses every request: ' + auth;
  switch (auth.type) {
    case 'api-key':
      return auth.location === 'query' ? `api-key in ?${auth.param}=` : `api-key in ${auth.header}`;
    case 'bearer':
      return 'bearer token';
    case 'basic':
      return `basic auth${auth.username ? ` (user ${auth.username})` : ''}`;
    case 'hmac-sha256':
      return `hmac-sha256 in ${auth.header}`;
    case 'signature':
      return `signature ${auth.algo} in ${auth.signatureHeader}${auth.timestampHeader ? ` + ${auth.timestampHeader}` : ''}`;
    case 'ip-allowlist':
      return `ip allowlist ${auth.allow.join(', ')}`;
  }
}
