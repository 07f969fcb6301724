import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Alert } from '../alerts/alert.js';

/**
 * Alertmanager's grouping, on the routing tree: alerts that agree on a route's
 * `group_by` labels and reach one receiver through that route are one group,
 * told in one message. `group_wait` is how long a new group waits for more
 * alerts before its first message, `group_interval` how long after a message
 * the alerts added since wait, and `repeat_interval` how long after a message
 * the group's still-active alerts are told again. Each is inherited by child
 * routes unless they set it.
 */

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;

/** `30s`, `5m`, `4h`, `1h30m` (Alertmanager's form), or a number of seconds → milliseconds. */
const DURATION_MESSAGE = 'expected a duration such as 30s, 5m, 4h or 1h30m (or a number of seconds)';
export const DurationSchema = z.union(
  [
    z.number().nonnegative().transform((secs) => Math.round(secs * 1000)),
    z
      .string()
      .regex(DURATION, DURATION_MESSAGE)
      .transform((text) => [...text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)].reduce((ms, [, n, unit]) => ms + Number(n) * (DURATION_UNIT_MS[unit ?? 's'] ?? 0), 0)),
  ],
  { error: DURATION_MESSAGE },
);

/** Labels alerts can be grouped by; `...` makes every alert its own group (Alertmanager's spelling). */
export const GROUP_LABELS = ['indicator', 'story', 'country', 'place', 'severity', 'status'] as const;
export const GroupLabelSchema = z.enum([...GROUP_LABELS, '...']);
export type GroupLabel = z.infer<typeof GroupLabelSchema>;

/** The grouping keys a route node may set; unset ones are inherited from its parent. */
export const routeGroupingFields = {
  group_by: z.array(GroupLabelSchema).min(1).optional(),
  group_wait: DurationSchema.optional(),
  group_interval: DurationSchema.optional(),
  repeat_interval: DurationSchema.optional(),
};
const RouteGroupingSchema = z.object(routeGroupingFields);
export type RouteGrouping = z.output<typeof RouteGroupingSchema>;

/** Alertmanager's defaults for a route that groups. */
export const DEFAULT_GROUP_WAIT_MS = 30_000;
export const DEFAULT_GROUP_INTERVAL_MS = 300_000;

/** How one receiver is told about alerts from one route node, once inheritance is resolved. */
export interface Grouping {
  by: GroupLabel[];
  waitMs: number;
  intervalMs: number;
  /** Absent: a group's alerts are told once per version, never again. */
  repeatMs?: number;
}

/** A child's settings over its parent's (Alertmanager's inheritance). */
export function inheritGrouping(parent: RouteGrouping, child: RouteGrouping): RouteGrouping {
  return {
    ...parent,
    ...Object.fromEntries(Object.entries(child).filter(([, v]) => v !== undefined)),
  };
}

/**
 * The grouping in force, or undefined for today's behaviour: each alert version
 * sent alone, at once. A route with only `repeat_interval` makes each alert its
 * own group, sent at once (group_wait and group_interval 0 unless set), so it
 * can be told again.
 */
export function effectiveGrouping(settings: RouteGrouping): Grouping | undefined {
  if (!settings.group_by && settings.repeat_interval === undefined) return undefined;
  const explicit = settings.group_by !== undefined;
  return {
    by: settings.group_by ?? ['...'],
    waitMs: settings.group_wait ?? (explicit ? DEFAULT_GROUP_WAIT_MS : 0),
    intervalMs: settings.group_interval ?? (explicit ? DEFAULT_GROUP_INTERVAL_MS : 0),
    ...(settings.repeat_interval !== undefined ? { repeatMs: settings.repeat_interval } : {}),
  };
}

function labelValue(label: GroupLabel, alert: Alert): string {
  switch (label) {
    case 'indicator':
      return alert.indicatorId;
    case 'story':
      return alert.story.id;
    case 'country':
      return [...alert.countries].sort().join(',');
    case 'place':
      return [...new Set(alert.places.map((p) => p.id))].sort().join(',');
    case 'severity':
      return alert.severity;
    case 'status':
      return alert.story.status ?? 'reported';
    case '...':
      return alert.id;
  }
}

/** The label values that make an alert's group, e.g. `{country: 'ML'}` (in group_by's order). */
export function groupLabels(by: readonly GroupLabel[], alert: Alert): Record<string, string> {
  return Object.fromEntries(by.map((label) => [label === '...' ? 'alert' : label, labelValue(label, alert)]));
}

/** `g<16 hex>`: one group per route node, receiver and label values; safe in job ids and delivery keys. */
export function groupId(routePath: string, receiver: string, labels: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify([routePath, receiver, labels])).digest('hex');
  return `g${hash.slice(0, 16)}`;
}

/** `1h30m`, `45s`, `0s`: milliseconds as Alertmanager writes durations. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

/** `group_by story · group_wait 30s · group_interval 5m · repeat_interval 4h`, for `routes test`. */
export function formatGrouping(grouping: Grouping): string {
  return [
    `group_by ${grouping.by.join(',')}`,
    `group_wait ${formatDuration(grouping.waitMs)}`,
    `group_interval ${formatDuration(grouping.intervalMs)}`,
    ...(grouping.repeatMs !== undefined ? [`repeat_interval ${formatDuration(grouping.repeatMs)}`] : []),
  ].join(' · ');
}

/** `country=ML story=st_…`: how a group is named in messages and history notes. */
export function formatGroupLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v || '—'}`)
    .join(' ');
}
