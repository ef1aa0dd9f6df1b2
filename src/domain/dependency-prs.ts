import { ecosystemOf, type Ecosystem } from './manifests';

/** An open pull request as far as telling a dependency bot's from a person's goes. */
export interface PullSummary {
  author: string;
  branch: string;
  title: string;
}

const BOTS = ['dependabot[bot]', 'renovate[bot]', 'dependabot-preview[bot]'];

/** Dependabot's or Renovate's: by its author, or by the branch those bots name (self-hosted Renovate runs as any user). */
export function dependencyBotOf(pr: Pick<PullSummary, 'author' | 'branch'>): 'dependabot' | 'renovate' | null {
  const author = pr.author.toLowerCase();
  if (author.startsWith('dependabot') && BOTS.includes(author)) return 'dependabot';
  if (author === 'renovate[bot]') return 'renovate';
  if (pr.branch.startsWith('dependabot/')) return 'dependabot';
  if (pr.branch.startsWith('renovate/')) return 'renovate';
  return null;
}

export interface ProposedUpgrade {
  name: string;
  from: string | null;
  to: string | null;
}

// Dependabot: "Bump lodash from 4.17.20 to 4.17.21", "chore(deps): bump the-pkg from 1 to 2 in /app".
const DEPENDABOT = /\bbump\s+(\S+)\s+from\s+(\S+)\s+to\s+(\S+)/i;
// Renovate: "Update dependency lodash to v4.17.21", "chore(deps): update module github.com/x/y to v1.2.0",
// "Update rust crate serde to 1.0.200", "fix(deps): update dependency django to v5 [security]".
const RENOVATE = /\bupdate\s+(?:dependency|module|(?:rust\s+)?crate|(?:[\w.-]+\s+)?(?:package|plugin|digest))?\s*(\S+)\s+to\s+v?(\S+)/i;

/**
 * The packages a bot's pull request upgrades, from its title: one for a single bump, several
 * for a grouped Dependabot PR that lists them ("Bump a and b", "bumps the npm group with 3
 * updates: a, b and c"). Empty when the title does not say (it is still listed for the model).
 */
export function upgradesIn(title: string): ProposedUpgrade[] {
  const single = DEPENDABOT.exec(title);
  if (single) return [{ name: single[1]!, from: single[2]!, to: single[3]! }];
  const renovate = RENOVATE.exec(title);
  if (renovate) return [{ name: renovate[1]!.replace(/^["'`]|["'`]$/g, ''), from: null, to: renovate[2]!.replace(/[\])]+$/, '') }];
  const grouped = /\bbumps?\s+(?!the\s)(.+?)(?:\s+in\s+\S+)?$/i.exec(title) ?? /\bupdates?:\s*(.+)$/i.exec(title);
  if (!grouped) return [];
  return grouped[1]!
    .split(/,\s*|\s+and\s+/)
    .map((n) => n.trim())
    .filter((n) => /^[@\w][\w@/.:-]*$/.test(n))
    .map((name) => ({ name, from: null, to: null }));
}

/** The ecosystem a Dependabot branch names (`dependabot/npm_and_yarn/lodash-4.17.21`); Renovate's do not. */
export function ecosystemOfBranch(branch: string): Ecosystem | null {
  const m = /^dependabot\/([^/]+)\//.exec(branch);
  return m ? ecosystemOf(m[1]!) : null;
}
