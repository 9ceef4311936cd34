// Reading a webhook request's body under the size limits of spec §11 (50 MB in all, 5 MB
// for signed multipart: 413 beyond), and turning it into the run input: JSON, form data or
// multipart form data (file parts become `res://` refs); anything else is refused clearly.

import type { IncomingMessage } from 'node:http';
import { List, Map as IMap } from 'immutable';
import { Keyword, type Value } from '../edn/values';
import { jsonToValue } from '../run/codec';
import { limitBytes } from '../language/catalog/limits';

export const MAX_WEBHOOK_BYTES = limitBytes('webhook-payload-size');
export const MAX_SIGNED_MULTIPART_BYTES = limitBytes('webhook-signed-multipart-size');

export type Refusal = { status: number; reason: string };

/** Reads the whole body, or refuses with 413 as soon as it is known to exceed `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer } | Refusal> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.resolve({ status: 413, reason: `payload of ${declared} bytes exceeds the webhook limit of ${limit} bytes` });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve({ status: 413, reason: `payload exceeds the webhook limit of ${limit} bytes` });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => over || resolve({ body: Buffer.concat(chunks, size) }));
    req.on('error', (e) => over || reject(e));
  });
}

export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Payload {
  /** The raw input (what `:key-field` reads). */
  value: Value;
  /** Multipart file parts, stored as blobs when the delivery is accepted; their refs are in `value`. */
  files: FilePart[];
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses the body by its content type; `fileUri` names where a file part will be stored. */
export function parsePayload(contentType: string | undefined, body: Buffer, fileUri: (field: string, i: number) => string): Payload | Refusal {
  const type = mediaType(contentType);
  if (type === '' && body.length === 0) return { value: IMap(), files: [] };
  if (type === 'application/json' || type.endsWith('+json') || type === '') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return { status: 400, reason: 'body is not valid UTF-8, so not valid JSON' };
    }
    try {
      return { value: jsonToValue(JSON.parse(text)), files: [] };
    } catch (e) {
      return { status: 400, reason: `body is not valid JSON: ${(e as Error).message}` };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { value: formValue([...new URLSearchParams(body.toString('utf8'))]), files: [] };
  if (type === 'multipart/form-data') return parseMultipart(contentType!, body, fileUri);
  return { status: 415, reason: `unsupported content type ${type}: send application/json, application/x-www-form-urlencoded or multipart/form-data` };
}

/** Fields as a keyword map; a repeated field becomes a vector. */
function formValue(pairs: [string, Value][]): Value {
  const out = new Map<string, Value[]>();
  for (const [k, v] of pairs) out.set(k, [...(out.get(k) ?? []), v]);
  return IMap([...out].map(([k, vs]) => [Keyword.parse(k), vs.length === 1 ? vs[0]! : List(vs)] as [Value, Value]));
}

function parseMultipart(contentType: string, body: Buffer, fileUri: (field: string, i: number) => string): Payload | Refusal {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return { status: 400, reason: 'multipart/form-data without a boundary' };
  const delimiter = Buffer.from(`--${boundary}`);
  const pairs: [string, Value][] = [];
  const files: FilePart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return { status: 400, reason: 'malformed multipart body: no boundary line' };
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') return { status: 400, reason: 'malformed multipart body: bad boundary line' };
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), pos);
    if (headerEnd < 0 || next < 0 || headerEnd > next) return { status: 400, reason: 'malformed multipart body: a part is not closed' };
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const content = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return { status: 400, reason: 'malformed multipart body: a part has no name' };
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (filename !== undefined) {
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      const uri = fileUri(name, files.length);
      files.push({ field: name, filename, contentType: partType, content: Buffer.from(content) });
      pairs.push([name, IMap<Value, Value>([[Keyword.of('uri'), uri], [Keyword.of('content-type'), partType], [Keyword.of('size-bytes'), content.length], [Keyword.of('filename'), filename]])]);
    } else pairs.push([name, content.toString('utf8')]);
    pos = next + 2;
  }
  return { value: formValue(pairs), files };
}
