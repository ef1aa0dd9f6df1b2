import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/domain/manifest-parsers';
import { manifestKind } from '../../src/domain/manifests';
import { agentInfos } from '../../src/use-cases/agents';
import { alertsAliases, botPullsAliases, fileText } from '../../src/use-cases/eyes/deps-transcript';

const pull = (number: number, title: string, branch: string) => ({ number, title, branch, author: 'renovate[bot]', url: `https://github.com/acme/web/pull/${number}` });
const requirements = parseManifest('requirements.txt', 'Django==4.2\nrequests>=2\n');

describe('what a bot PR makes citable', () => {
  it.each([
    ['a Dependabot branch names the ecosystem', pull(1, 'Bump Lodash from 4.17.20 to 4.17.21', 'dependabot/npm_and_yarn/lodash-4.17.21'), ['npm:lodash']],
    ['a Renovate title for a package a manifest has: that ecosystem', pull(2, 'Update dependency django to v5', 'renovate/django-5.x'), ['pip:django']],
    ['a Renovate title for anything else: any ecosystem', pull(3, 'Update dependency left_pad to v2', 'renovate/left-pad-2.x'), ['npm:left_pad', 'pip:left-pad', 'go:left_pad', 'cargo:left_pad', 'maven:left_pad']],
    ['a title that names nothing: only the PR', pull(4, 'Lock file maintenance', 'renovate/lock-file-maintenance'), []],
  ])('%s', (_name, p, packages) => {
    expect(botPullsAliases('acme/web', [p], requirements)).toEqual([`acme/web#${p.number}`, p.url, ...packages]);
  });
});

describe('what an alert makes citable', () => {
  it('its package in our ecosystem names, its GHSA and CVE ids and its page', () => {
    const alert = {
      number: 7,
      html_url: 'https://github.com/acme/web/security/dependabot/7',
      dependency: { package: { ecosystem: 'rust', name: 'Tokio' }, manifest_path: 'Cargo.lock', scope: 'runtime' },
      security_advisory: { ghsa_id: 'GHSA-aaaa-bbbb-cccc', cve_id: null, summary: 's', severity: 'high' },
      security_vulnerability: { vulnerable_version_range: '< 1.38', first_patched_version: null },
    };
    expect(alertsAliases([alert])).toEqual(['cargo:tokio', 'GHSA-aaaa-bbbb-cccc', 'https://github.com/acme/web/security/dependabot/7']);
  });
});

describe('a file as the model reads it', () => {
  it('a manifest past the list cap says how many were left out', () => {
    const text = JSON.stringify({ dependencies: Object.fromEntries(Array.from({ length: 160 }, (_, i) => [`p${i}`, `^${i}.0.0`])) });
    const f = { path: 'package.json', kind: manifestKind('package.json')!, text, dependencies: parseManifest('package.json', text) };
    const out = fileText(f, new Set());
    expect(out).toContain('p149 ^149.0.0\n(10 more not listed: the first 150 are.)');
    expect(out).not.toContain('p150 ');
  });
});

describe('agentInfos', () => {
  it('lists deps as needing GITHUB_TOKEN when there is none', () => {
    expect(agentInfos({ github: undefined }).find((a) => a.name === 'deps')).toMatchObject({ needs: 'GITHUB_TOKEN' });
    expect(agentInfos({ github: {} as never }).find((a) => a.name === 'deps')?.needs).toBeUndefined();
  });
});
