// `breyta.sandbox/*` helpers (spec §7.2): encoding, hashing, UUIDs and UTC time helpers,
// available only in `:function` code and `:functions` entries, never in the `:flow` body.

import type { CallableSpec } from './types';
import { callables, type Row } from './callable-builder';

const ARITY_INFERRED = ' (Arity inferred.)';

const rows: Row[] = [
  ['base64-encode', '1', '(breyta.sandbox/base64-encode s)', `Base64-encodes a string or bytes.${ARITY_INFERRED} \`(breyta.sandbox/base64-encode "hi")\` => \`"aGk="\``],
  ['base64-decode', '1', '(breyta.sandbox/base64-decode s)', `Decodes base64 to a string.${ARITY_INFERRED} \`(breyta.sandbox/base64-decode "aGk=")\` => \`"hi"\``],
  ['base64-decode-bytes', '1', '(breyta.sandbox/base64-decode-bytes s)', `Decodes base64 to bytes.${ARITY_INFERRED}`],
  ['hex-encode', '1', '(breyta.sandbox/hex-encode s)', `Hex-encodes a string or bytes.${ARITY_INFERRED} \`(breyta.sandbox/hex-encode "hi")\` => \`"6869"\``],
  ['hex-decode', '1', '(breyta.sandbox/hex-decode s)', `Decodes hex to a string.${ARITY_INFERRED} \`(breyta.sandbox/hex-decode "6869")\` => \`"hi"\``],
  ['hex-decode-bytes', '1', '(breyta.sandbox/hex-decode-bytes s)', `Decodes hex to bytes.${ARITY_INFERRED}`],
  ['sha256-hex', '1', '(breyta.sandbox/sha256-hex s)', `SHA-256 digest as lowercase hex.${ARITY_INFERRED} \`(breyta.sandbox/sha256-hex body)\``],
  ['hmac-sha256-hex', '2', '(breyta.sandbox/hmac-sha256-hex key value)', 'HMAC-SHA256 of `value` keyed by `key`, as hex. `(breyta.sandbox/hmac-sha256-hex secret payload)`'],
  ['uuid-from', '1', '(breyta.sandbox/uuid-from s)', `A deterministic UUID derived from a string (no randomness).${ARITY_INFERRED} \`(breyta.sandbox/uuid-from (str "order:" id))\``],
  ['uuid-from-bytes', '1', '(breyta.sandbox/uuid-from-bytes bytes)', `A deterministic UUID derived from bytes.${ARITY_INFERRED}`],
  ['parse-instant', '1', '(breyta.sandbox/parse-instant s)', `Parses an ISO-8601 timestamp to an instant.${ARITY_INFERRED} \`(breyta.sandbox/parse-instant "2026-01-02T03:04:05Z")\``],
  ['format-instant', '1', '(breyta.sandbox/format-instant inst)', `Formats an instant as ISO-8601 (UTC).${ARITY_INFERRED}`],
  ['format-instant-pattern', '2', '(breyta.sandbox/format-instant-pattern inst pattern)', 'Formats an instant with a `DateTimeFormatter` pattern, in UTC. `(breyta.sandbox/format-instant-pattern inst "yyyy-MM-dd")`'],
  ['instant->epoch-ms', '1', '(breyta.sandbox/instant->epoch-ms inst)', `Epoch milliseconds of an instant.${ARITY_INFERRED}`],
  ['epoch-ms->instant', '1', '(breyta.sandbox/epoch-ms->instant ms)', `The instant at epoch milliseconds.${ARITY_INFERRED} \`(breyta.sandbox/epoch-ms->instant (:now-ms input))\``],
  ['duration-between', '2', '(breyta.sandbox/duration-between a b)', `The duration between two instants.${ARITY_INFERRED}`],
  ['truncate-instant', '2', '(breyta.sandbox/truncate-instant inst unit)', 'Truncates an instant to a unit: `:seconds :minutes :hours :days`. `(breyta.sandbox/truncate-instant inst :days)`'],
  ['instant-plus', '3', '(breyta.sandbox/instant-plus inst amount unit)', 'Adds an amount; unit is `:millis :seconds :minutes :hours :days`. `(breyta.sandbox/instant-plus inst 2 :hours)`'],
  ['instant-minus', '3', '(breyta.sandbox/instant-minus inst amount unit)', 'Subtracts an amount; unit is `:millis :seconds :minutes :hours :days`. `(breyta.sandbox/instant-minus inst 1 :days)`'],
  ['url-encode', '1', '(breyta.sandbox/url-encode s)', `URL-encodes a string.${ARITY_INFERRED} \`(breyta.sandbox/url-encode "a b")\``],
  ['url-decode', '1', '(breyta.sandbox/url-decode s)', `URL-decodes a string.${ARITY_INFERRED} \`(breyta.sandbox/url-decode "a%20b")\``],
];

export const sandbox: CallableSpec[] = callables(
  rows.map(([name, arity, signature, docs]) => [`breyta.sandbox/${name}`, arity, signature, docs]),
  'functions',
);
