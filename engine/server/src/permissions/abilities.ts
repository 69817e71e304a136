import { AppError, type AppAbility, type ProfileAssignment, type ProfileDefinition, type ProfileRule, type UserContext, abilityFor, abilityWithOrigins } from '@cordee/core';
import type { AppDeps } from '../deps';
import { type EffectiveArtefact, effectiveFor } from '../metadata/effective';

/** The profile an effective artefact defines; one object per effective hash, so unchanged profiles are never rebuilt. */
const definitions = new WeakMap<EffectiveArtefact, ProfileDefinition>();

function definitionOf(effective: EffectiveArtefact): ProfileDefinition {
  let definition = definitions.get(effective);
  if (!definition) {
    definition = { key: effective.key, label: String(effective.content.label ?? effective.key), rules: (effective.content.rules as ProfileRule[] | undefined) ?? [] };
    definitions.set(effective, definition);
  }
  return definition;
}

const targetOf = (a: ProfileAssignment) => `${a.profileKey}|${a.establishmentId ?? '-'}`;

/**
 * The profile in force for each assignment: the latest published version of the profile under the
 * layers of the assignment's establishment (its organisme's and its own added rules). Effective
 * artefacts are cached by the metadata engine (one generation check a second), so this costs no
 * query on the request path once warm. A profile never published gives no rule.
 */
export async function profilesInForce(deps: AppDeps, assignments: readonly ProfileAssignment[]): Promise<(a: ProfileAssignment) => ProfileDefinition | undefined> {
  const byTarget = new Map<string, ProfileDefinition>();
  for (const assignment of assignments) {
    const target = targetOf(assignment);
    if (byTarget.has(target)) continue;
    try {
      byTarget.set(target, definitionOf(await effectiveFor(deps, 'profile', assignment.profileKey, assignment.establishmentId)));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    }
  }
  return (a) => byTarget.get(targetOf(a));
}

/** The CASL ability of a user context: the rules of the profiles in force, placeholders resolved. */
export async function abilityOf(deps: AppDeps, context: UserContext): Promise<AppAbility> {
  return abilityFor(await profilesInForce(deps, context.assignments), context);
}

/** The ability with the origin of each rule, for the explain report. */
export async function abilityWithOriginsOf(deps: AppDeps, context: UserContext) {
  return abilityWithOrigins(await profilesInForce(deps, context.assignments), context);
}
