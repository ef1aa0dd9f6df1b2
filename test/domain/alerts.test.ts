import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCritical, matchesFilters, parseAlertBody } from '../../src/domain/alerts';

const shared = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/alertmanager/${name}`, import.meta.url), 'utf8'));
const firing = shared('firing.json');

describe('parseAlertBody', () => {
  it('reads an Alertmanager v4 group: key, status, title, severity, alerts', () => {
    const parsed = parseAlertBody(firing);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.group).toMatchObject({
      source: 'alertmanager',
      key: firing.groupKey,
      status: 'firing',
      title: 'p95 latency of checkout-api above 2 s for 10 minutes',
      severity: 'critical',
      receiver: 'delegate',
      truncated: 0,
    });
    expect(parsed.group.alerts.map((a) => a.fingerprint)).toEqual(['3f1e2a9c0b7d4e11', '8c44d0e2a1f9b360']);
  });

  it('reads the resolved notification of the same group under the same key', () => {
    const resolved = parseAlertBody(shared('resolved.json'));
    expect(resolved.ok && resolved.group).toMatchObject({ key: firing.groupKey, status: 'resolved' });
  });

  it.each([
    ['the generic shape', { key: 'disk-db1', status: 'firing', title: 'Disk 95% on db1', severity: 'warning' }, { source: 'generic', key: 'disk-db1', severity: 'warning' }],
    ['severity from the generic labels', { key: 'k', status: 'resolved', title: 't', labels: { severity: 'critical' } }, { severity: 'critical', status: 'resolved' }],
  ])('%s', (_name, body, expected) => {
    const parsed = parseAlertBody(body);
    expect(parsed.ok && parsed.group).toMatchObject(expected);
  });

  it.each([
    ['not an object', 'hello'],
    ['Alertmanager with a wrong version', { ...firing, version: '3' }],
    ['generic without a title', { key: 'k', status: 'firing' }],
    ['a status nobody sends', { key: 'k', status: 'exploded', title: 't' }],
  ])('refuses %s, saying what is wrong', (_name, body) => {
    const parsed = parseAlertBody(body);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.length).toBeGreaterThan(0);
  });
});

describe('filters and criticality', () => {
  const parsed = parseAlertBody(firing);
  const group = parsed.ok ? parsed.group : (undefined as never);
  it.each([
    [{}, true],
    [{ severity: 'CRITICAL' }, true],
    [{ severity: 'warning' }, false],
    [{ receiver: 'delegate' }, true],
    [{ receiver: 'ops' }, false],
    [{ labels: { service: 'checkout-api' } }, true],
    [{ labels: { service: 'checkout-api', team: 'x' } }, false],
  ])('%j → %s', (filters, expected) => expect(matchesFilters(group, filters)).toBe(expected));

  it.each([
    ['critical', true],
    ['SEV1', true],
    ['warning', false],
    [null, false],
  ])('severity %s critical: %s', (severity, expected) => expect(isCritical({ severity })).toBe(expected));
});
