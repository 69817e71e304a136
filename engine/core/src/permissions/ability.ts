import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';

/**
 * A profile's rule as stored in metadata: CASL's raw rule where condition values may be
 * structural placeholders `{ "$ctx": "establishmentId" }`, resolved per profile assignment —
 * never by text substitution.
 */
export interface ProfileRule {
  action: string | string[];
  subject: string | string[];
  conditions?: Record<string, unknown>;
  fields?: string[];
  inverted?: boolean;
  reason?: string;
}

export interface ProfileDefinition {
  key: string;
  label: string;
  rules: ProfileRule[];
}

/** One profile held by an account, in an establishment (and optionally one unit of it). */
export interface ProfileAssignment {
  profileKey: string;
  organismeId: string | null;
  establishmentId: string | null;
  unitId: string | null;
}

export interface UserContext {
  accountId: string;
  assignments: ProfileAssignment[];
  /** Dossiers the account is the usager or legal representative of (portal accounts). */
  ownDossierIds: string[];
}

export const placeholderNames = ['accountId', 'organismeId', 'establishmentId', 'unitId', 'establishmentIds', 'ownDossierIds'] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

export type AppAbility = MongoAbility;

function isPlaceholder(value: unknown): value is { $ctx: PlaceholderName } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && '$ctx' in value;
}

function resolve(value: unknown, scope: Record<PlaceholderName, unknown>): unknown {
  if (isPlaceholder(value)) {
    if (!placeholderNames.includes(value.$ctx)) throw new Error(`unknown placeholder ${String(value.$ctx)}`);
    return scope[value.$ctx];
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, scope));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope)]));
  }
  return value;
}

/** The concrete CASL rules of a user: every rule of every assigned profile, placeholders resolved. */
export function rulesForUser(profiles: ReadonlyMap<string, ProfileDefinition>, user: UserContext): RawRuleOf<MongoAbility>[] {
  const establishmentIds = [...new Set(user.assignments.map((a) => a.establishmentId).filter((id): id is string => id !== null))];
  const rules: RawRuleOf<MongoAbility>[] = [];
  for (const assignment of user.assignments) {
    const profile = profiles.get(assignment.profileKey);
    if (!profile) continue;
    const scope: Record<PlaceholderName, unknown> = {
      accountId: user.accountId,
      organismeId: assignment.organismeId,
      establishmentId: assignment.establishmentId,
      unitId: assignment.unitId,
      establishmentIds,
      ownDossierIds: user.ownDossierIds,
    };
    for (const rule of profile.rules) {
      const raw: Record<string, unknown> = { action: rule.action, subject: rule.subject };
      if (rule.conditions) raw.conditions = resolve(rule.conditions, scope);
      if (rule.fields) raw.fields = rule.fields;
      if (rule.inverted) raw.inverted = true;
      if (rule.reason) raw.reason = rule.reason;
      rules.push(raw as unknown as RawRuleOf<MongoAbility>);
    }
  }
  return rules;
}

export function abilityFor(profiles: ReadonlyMap<string, ProfileDefinition>, user: UserContext): AppAbility {
  return createMongoAbility(rulesForUser(profiles, user));
}
