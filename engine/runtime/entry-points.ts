// What a flow offers the runtime: webhook endpoints (legacy `:event`/`:webhook` triggers with
// `:source :webhook`, and `:interfaces {:webhook [...]}` at the local form of spec §5.3's
// paths), schedules (legacy `:schedule` triggers and `:schedules`), and its concurrency.

import { Map as IMap } from 'immutable';
import { nodeToValue } from '../edn/convert';
import { mapGet } from '../edn/navigate';
import { readEdn } from '../edn/reader';
import { Keyword, type Value } from '../edn/values';
import { asList, kget, kstr, nameOf } from '../run/data';
import type { FlowProgram } from '../run/program';
import { readAuth, type WebhookAuth } from './auth-config';

export interface WebhookEndpoint {
  flow: string;
  /** Interface id, or the legacy trigger's id (its label or event name, slugified). */
  id: string;
  kind: 'trigger' | 'interface';
  /** What runs record as their trigger: the label, else the event name, else the id. */
  trigger: string;
  eventName: string | null;
  /** Paths served, the first being the main one. */
  paths: string[];
  /** The scheme, or why requests cannot be authenticated (every request is then refused). */
  auth: WebhookAuth | string;
}

export interface ScheduleEntry {
  flow: string;
  id: string;
  trigger: string;
  cron: string;
  zone: string;
  input: Value;
}

export interface Concurrency {
  type: 'singleton' | 'keyed';
  /** Path into the raw input (`:order-id` is `['order-id']`); empty for singleton. */
  keyField: Value[];
  onNewVersion: 'supersede' | 'drain' | 'coexist';
}

export interface EntryPoints {
  webhooks: WebhookEndpoint[];
  schedules: ScheduleEntry[];
  concurrency: Concurrency;
}

/** `"Order Updated"` -> `order-updated`. */
export function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

export function readEntryPoints(program: FlowProgram): EntryPoints {
  const top = readEdn(program.source).forms.find((f) => f.kind === 'map');
  const section = (name: string): Value => {
    const node = mapGet(top, name);
    return node === undefined ? null : nodeToValue(node);
  };
  const slug = program.slug;
  const webhooks: WebhookEndpoint[] = [];
  const schedules: ScheduleEntry[] = [];
  const taken = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
    taken.add(id);
    return id;
  };

  program.triggers.forEach((t, i) => {
    if (kget(t, 'enabled') === false) return;
    const type = nameOf(kget(t, 'type'));
    const config = kget(t, 'config') ?? null;
    const label = kstr(t, 'label');
    if (type === 'schedule') {
      const cron = kstr(config, 'cron');
      if (cron === null) return;
      const id = uniqueId(label ? slugify(label) : `schedule-${i + 1}`);
      schedules.push({ flow: slug, id, trigger: label ?? id, cron, zone: kstr(config, 'timezone') ?? 'UTC', input: kget(config, 'input') ?? IMap() });
      return;
    }
    const webhook = type === 'webhook' || (type === 'event' && nameOf(kget(config, 'source')) === 'webhook');
    if (!webhook) return;
    const eventName = kstr(config, 'event-name');
    const id = uniqueId(slugify(label ?? eventName ?? `webhook-${i + 1}`));
    const declared = kstr(config, 'path');
    const path = declared !== null ? '/' + declared.replace(/^\/+/, '') : `/api/flows/${slug}/events/${id}`;
    webhooks.push({ flow: slug, id, kind: 'trigger', trigger: label ?? eventName ?? id, eventName, paths: [path], auth: readAuth(kget(config, 'auth')) });
  });

  for (const w of asList(kget(section('interfaces'), 'webhook'))) {
    if (kget(w, 'enabled') === false) continue;
    const id = nameOf(kget(w, 'id'));
    if (id === null) continue;
    taken.add(id);
    webhooks.push({
      flow: slug,
      id,
      kind: 'interface',
      trigger: kstr(w, 'label') ?? kstr(w, 'event-name') ?? id,
      eventName: kstr(w, 'event-name'),
      paths: [`/api/flows/${slug}/interfaces/live/${id}`, `/api/flows/${slug}/interfaces/draft/${id}`],
      auth: readAuth(kget(w, 'auth')),
    });
  }

  for (const s of asList(section('schedules'))) {
    if (kget(s, 'enabled') === false) continue;
    const id = nameOf(kget(s, 'id'));
    const cron = kstr(s, 'cron');
    if (id === null || cron === null) continue;
    taken.add(id);
    schedules.push({ flow: slug, id, trigger: kstr(s, 'label') ?? id, cron, zone: kstr(s, 'timezone') ?? 'UTC', input: kget(s, 'input') ?? IMap() });
  }

  return { webhooks, schedules, concurrency: readConcurrency(program.concurrency) };
}

export function readConcurrency(v: Value): Concurrency {
  const type = nameOf(kget(v, 'type')) === 'keyed' ? 'keyed' : 'singleton';
  const policy = nameOf(kget(v, 'on-new-version'));
  const onNewVersion = policy === 'drain' || policy === 'coexist' ? policy : 'supersede';
  const field = kget(v, 'key-field');
  const keyField = type === 'keyed' ? (field instanceof Keyword || typeof field === 'string' ? [field] : asList(field)) : [];
  return { type, keyField, onNewVersion };
}

/** Whether an endpoint answers to `name` (`--trigger`): its id, label/trigger or event name. */
export function matchesTrigger(e: { id: string; trigger: string; eventName?: string | null }, name: string): boolean {
  const n = name.replace(/^:/, '');
  return e.id === n || e.trigger === n || e.eventName === n || slugify(e.trigger) === slugify(n);
}
