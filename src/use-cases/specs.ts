import { sql } from 'drizzle-orm';
import { agentNames, getSpec } from '../../specs/index';
import type { DbOrTx } from '../db/database';
import type { ArtifactSpec } from '../agents/spec';
import {
  EMPTY_CONSTRAINTS,
  applyConstraints,
  fieldPaths,
  kindsFor,
  promptWithRules,
  specConstraints,
  tighten,
  type FieldInfo,
  type SpecConstraints,
  type TighteningRefusal,
  type TighteningRequest,
} from '../domain/spec-constraints';
import { effectiveSpecVersion, insertSpecVersion, type SpecVersionRow } from '../repositories/spec-versions';
import type { TightenModel } from '../views/modals/tighten-modal';
import { describeChanges } from '../views/spec-constraints';
import type { Deps } from './deps';

export interface EffectiveSpec {
  spec: ArtifactSpec<unknown>;
  /** The file's spec (version 1), before any tightening. */
  base: ArtifactSpec<unknown>;
  constraints: SpecConstraints;
  /** The person's own version, or one for everyone (an admin's later global version supersedes an earlier personal one). */
  scope: 'file' | 'personal' | 'everyone';
}

/**
 * A person's spec for an agent: the highest version among the global rows and their own,
 * with its constraints applied to the schema (sent to the model and used to validate) and
 * its rules appended to the prompt.
 */
export async function resolveSpec(deps: { db: DbOrTx }, ownerId: string, agent: string): Promise<EffectiveSpec | undefined> {
  const base = getSpec(agent);
  if (!base) return undefined;
  const row = await effectiveSpecVersion(deps.db, agent, ownerId);
  if (!row) return { spec: base, base, constraints: EMPTY_CONSTRAINTS, scope: 'file' };
  const constraints = specConstraints.parse(row.constraints);
  return {
    spec: {
      ...base,
      version: row.version,
      schema: applyConstraints(base.schema, constraints),
      prompt: promptWithRules(base.prompt, constraints.rules),
    },
    base,
    constraints,
    scope: row.ownerId === null ? 'everyone' : 'personal',
  };
}

/** The fields a person may tighten, with the kinds of constraint each takes. */
export function tightenableFields(spec: ArtifactSpec<unknown>): Array<FieldInfo & { kinds: ReturnType<typeof kindsFor> }> {
  return fieldPaths(spec.schema)
    .map((f) => ({ ...f, kinds: kindsFor(f) }))
    .filter((f) => f.kinds.length > 0);
}

export interface TightenInput {
  userId: string;
  agent: string;
  request: TighteningRequest;
  /** A workspace admin's version for everyone (checked here with users.info). */
  everyone: boolean;
  source: SpecVersionRow['source'];
}

/** A new version and what changed (the words kept with it), or why not (coded; views/spec-constraints.ts words it). */
export type TightenResult = { ok: true; version: SpecVersionRow; change: string } | { ok: false; errors: TighteningRefusal[] };

/** Creates a new spec version for the person (or everyone) that builds on their effective spec. */
export async function tightenSpec(deps: Pick<Deps, 'db' | 'slack'>, input: TightenInput): Promise<TightenResult> {
  // Only the agents people delegate to have specs to tighten (not the built-in spec-coach).
  const unknownAgent: TightenResult = { ok: false, errors: [{ on: 'agent', code: 'unknown_agent', agent: input.agent }] };
  if (!agentNames.includes(input.agent)) return unknownAgent;
  if (input.everyone && !(await isWorkspaceAdmin(deps, input.userId))) return { ok: false, errors: [{ on: 'everyone', code: 'not_admin' }] };
  // One tightening of an agent at a time, so two at once both build on what is in force.
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`spec:${input.agent}`}))`);
    // A version for everyone builds on the workspace-wide spec, never on the admin's personal rules.
    const effective = await resolveSpec({ db: tx }, input.everyone ? EVERYONE : input.userId, input.agent);
    if (!effective) return unknownAgent;
    const result = tighten(effective.base.schema, effective.constraints, input.request);
    if (!result.ok) return result;
    // The version keeps what changed in words (as the confirmation says it), so it reads the same after a deploy.
    const change = describeChanges(result.applied);
    return { ok: true, version: await insertTightened(tx, input, effective, { constraints: result.constraints, change }), change } as const;
  });
}

/** Resolving for this id finds only the workspace-wide versions (no Slack user id looks like it). */
const EVERYONE = '(everyone)';

async function insertTightened(
  tx: DbOrTx,
  input: TightenInput,
  effective: EffectiveSpec,
  result: { constraints: SpecConstraints; change: string },
): Promise<SpecVersionRow> {
  return insertSpecVersion(
    tx,
    {
      agent: input.agent,
      ownerId: input.everyone ? null : input.userId,
      baseVersion: effective.spec.version,
      constraints: result.constraints,
      change: result.change,
      source: input.source,
      createdBy: input.userId,
    },
    effective.base.version + 1,
  );
}

export async function isWorkspaceAdmin(deps: Pick<Deps, 'slack'>, userId: string): Promise<boolean> {
  return (await deps.slack.user(userId)).admin;
}

/** What the Tighten modal shows a person for one agent. */
export async function tightenModel(deps: Pick<Deps, 'db' | 'slack'>, userId: string, agent: string): Promise<TightenModel | undefined> {
  const effective = await resolveSpec(deps, userId, agent);
  if (!effective) return undefined;
  return {
    agent,
    title: effective.base.title,
    version: effective.spec.version,
    fields: tightenableFields(effective.base).map((f) => ({ path: f.path, kinds: f.kinds })),
    inForce: effective.constraints,
    canApplyForEveryone: await isWorkspaceAdmin(deps, userId),
  };
}
