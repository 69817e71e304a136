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

const MAX_ABILITIES = 1_000;

/** Abilities already built, by their exact inputs: the context and the profile definition (one object per effective profile) of each assignment. */
const abilities = new Map<string, { definitions: Array<ProfileDefinition | undefined>; ability: AppAbility }>();

/**
 * The CASL ability of a user context: the rules of the profiles in force, placeholders resolved.
 * An ability is a pure function of the context and of the profiles in force, and is never changed
 * once built: the same inputs give back the same ability (whose compiled conditions are then kept),
 * any change to either (a membership, a grant, a day, a published profile) builds a new one.
 */
export async function abilityOf(deps: AppDeps, context: UserContext): Promise<AppAbility> {
  const profileOf = await profilesInForce(deps, context.assignments);
  const definitions = context.assignments.map(profileOf);
  const key = JSON.stringify(context);
  const known = abilities.get(key);
  if (known && known.definitions.length === definitions.length && known.definitions.every((d, i) => d === definitions[i])) return known.ability;
  const ability = abilityFor(profileOf, context);
  abilities.delete(key);
  if (abilities.size >= MAX_ABILITIES) abilities.delete(abilities.keys().next().value as string);
  abilities.set(key, { definitions, ability });
  return ability;
}

/** The ability with the origin of each rule, for the explain report. */
export async function abilityWithOriginsOf(deps: AppDeps, context: UserContext) {
  return abilityWithOrigins(await profilesInForce(deps, context.assignments), context);
}
