import { dependencyBotOf, ecosystemOfBranch, upgradesIn } from '../../domain/dependency-prs';
import { ECOSYSTEMS, ecosystemOf, packageKey, type Dependency, type ManifestKind } from '../../domain/manifests';
import type { DependabotAlert, OpenPull } from '../../integrations/github/repo-deps';

/**
 * What a dependency review read, written out for the model (it goes inside the data fence),
 * and the names each read makes citable. Plain text, not Slack: nothing here reaches a person.
 */
export interface ReadFile {
  path: string;
  kind: ManifestKind;
  text: string;
  dependencies: Dependency[];
}

/** Dependencies listed per manifest; a lockfile lists only the packages of interest (its manifests name them, or an alert does). */
export const MAX_LISTED = 150;

export function fileText(f: ReadFile, interesting: ReadonlySet<string>): string {
  const head = `== ${f.path} (${f.kind.ecosystem} ${f.kind.role}, ${f.kind.format}) ==`;
  if (f.kind.role === 'lockfile') {
    const locked = f.dependencies.filter((d) => interesting.has(packageKey(d.ecosystem, d.name)));
    const shown = locked.slice(0, MAX_LISTED);
    const rest = f.dependencies.length - shown.length;
    return `${head}\n${f.dependencies.length} packages locked. Installed versions of the packages the manifests name or alerts mention: ${shown.map(nameAt).join(', ') || 'none'}${rest > 0 ? ` (${rest} other locked packages not listed)` : ''}.`;
  }
  if (!f.dependencies.length) return `${head}\nNo dependencies found in it.`;
  const groups = new Map<string, Dependency[]>();
  for (const d of f.dependencies.slice(0, MAX_LISTED)) groups.set(d.group, [...(groups.get(d.group) ?? []), d]);
  const cut = f.dependencies.length > MAX_LISTED ? `\n(${f.dependencies.length - MAX_LISTED} more not listed: the first ${MAX_LISTED} are.)` : '';
  return `${head}\n${[...groups].map(([group, ds]) => `${group}: ${ds.map(nameAt).join(', ')}`).join('\n')}${cut}`;
}

const nameAt = (d: Dependency) => (d.version ? `${d.name} ${d.version}` : `${d.name} (no version)`);

const alertEcosystem = (a: DependabotAlert) => ecosystemOf(a.dependency.package.ecosystem) ?? a.dependency.package.ecosystem.toLowerCase();

export function alertsText(alerts: readonly DependabotAlert[], more = false): string {
  if (!alerts.length) return 'Open Dependabot alerts: none.';
  const lines = alerts.map((a) => {
    const adv = a.security_advisory;
    const vuln = a.security_vulnerability;
    const ids = [adv.ghsa_id, adv.cve_id].filter(Boolean).join(' / ');
    const where = [a.dependency.manifest_path, a.dependency.scope].filter(Boolean).join(', ');
    const patched = vuln.first_patched_version?.identifier ? `first patched ${vuln.first_patched_version.identifier}` : 'no patched version yet';
    return `- alert #${a.number}: ${alertEcosystem(a)} ${a.dependency.package.name}${where ? ` (${where})` : ''}: ${adv.severity}, ${ids}: ${adv.summary.slice(0, 300)}; vulnerable ${vuln.vulnerable_version_range}; ${patched}`;
  });
  return `Open Dependabot alerts (${alerts.length}${more ? ', the most recent; there are more' : ''}):\n${lines.join('\n')}`;
}

/** An alert makes its package citable, and its advisory by GHSA and CVE id. */
export function alertsAliases(alerts: readonly DependabotAlert[]): string[] {
  return alerts.flatMap((a) => [packageKey(alertEcosystem(a), a.dependency.package.name), a.security_advisory.ghsa_id, a.security_advisory.cve_id ?? '', a.html_url].filter(Boolean));
}

export function alertPackages(alerts: readonly DependabotAlert[]): string[] {
  return alerts.map((a) => packageKey(alertEcosystem(a), a.dependency.package.name));
}

export function botPullsText(repo: string, pulls: readonly OpenPull[], more = false): string {
  if (!pulls.length) return `Open Dependabot/Renovate pull requests: none${more ? ' among the most recent 100 open pull requests' : ''}.`;
  const lines = pulls.map((p) => `- ${repo}#${p.number} by ${p.author} (${dependencyBotOf(p)}), branch ${p.branch}: ${p.title.slice(0, 200)}`);
  return `Open Dependabot/Renovate pull requests (${pulls.length}${more ? ', among the most recent 100 open pull requests' : ''}):\n${lines.join('\n')}`;
}

/**
 * A bot's PR makes itself citable (owner/repo#n, its URL) and the packages its title names:
 * in the ecosystem its Dependabot branch says, else the ones a manifest has that name in,
 * else any (a Renovate title does not say).
 */
export function botPullsAliases(repo: string, pulls: readonly OpenPull[], direct: readonly Dependency[]): string[] {
  return pulls.flatMap((p) => {
    const fromBranch = ecosystemOfBranch(p.branch);
    const keys = upgradesIn(p.title).flatMap(({ name }) => {
      const known = direct.filter((d) => d.name.toLowerCase() === name.toLowerCase()).map((d) => d.ecosystem);
      const ecosystems = fromBranch ? [fromBranch] : known.length ? known : ECOSYSTEMS;
      return ecosystems.map((e) => packageKey(e, name));
    });
    return [`${repo}#${p.number}`, p.url, ...keys];
  });
}
