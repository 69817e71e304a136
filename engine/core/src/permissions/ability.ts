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

/**
 * Everything the rules of an account may refer to. Relations (care team, break-glass grants) are
 * resolved into id lists when the user is authenticated, so rules only ever compare a subject's
 * own fields with values (docs/adr/0005-relations-in-permission-conditions.md).
 */
export interface UserContext {
  accountId: string;
  assignments: ProfileAssignment[];
  /** Dossiers the account is the usager or legal representative of (portal accounts). */
  ownDossierIds: string[];
  /** Dossiers whose care team the account belongs to today, while a placement covers today. */
  careTeamDossierIds: string[];
  /**
   * Among them, those where the account is the child's referent or co-referent. Optional: a context
   * built without it has none, so a rule excluding the referents' dossiers applies to all (fails closed).
   */
  referentDossierIds?: string[];
  /** Dossiers the account has opened by break-glass, while the grant lasts. */
  breakGlassDossierIds: string[];
}

export const placeholderNames = [
  'accountId',
  'organismeId',
  'establishmentId',
  'unitId',
  'establishmentIds',
  'ownDossierIds',
  'careTeamDossierIds',
  'referentDossierIds',
  'breakGlassDossierIds',
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

/**
 * The `reason` every rule reaching `breakGlassDossierIds` carries once resolved: how a handler (and
 * the explain report) tells access given by break-glass from access given by the ordinary rules.
 */
export const BREAK_GLASS_REASON = 'break_glass';

export type AppAbility = MongoAbility;
export type AppRawRule = RawRuleOf<MongoAbility>;

/** Where a resolved rule comes from: the profile, the assignment and the rule's position in the profile. */
export interface RuleOrigin {
  profileKey: string;
  establishmentId: string | null;
  unitId: string | null;
  ruleIndex: number;
}

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

/** Whether a condition tree refers to a placeholder anywhere. */
function refersTo(value: unknown, name: PlaceholderName): boolean {
  if (isPlaceholder(value)) return value.$ctx === name;
  if (Array.isArray(value)) return value.some((v) => refersTo(v, name));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => refersTo(v, name));
  return false;
}

/**
 * Where the rules of each assignment come from: a catalogue by profile key, or a function giving
 * the profile in force for the assignment (the effective profile of its establishment, with the
 * establishment's added rules).
 */
export type ProfileSource = ReadonlyMap<string, ProfileDefinition> | ((assignment: ProfileAssignment) => ProfileDefinition | undefined);

/** The concrete CASL rules of a user, each with where it comes from: every rule of every assigned profile, placeholders resolved. */
export function rulesWithOrigins(profiles: ProfileSource, user: UserContext): Array<{ rule: AppRawRule; origin: RuleOrigin }> {
  const profileOf = typeof profiles === 'function' ? profiles : (a: ProfileAssignment) => profiles.get(a.profileKey);
  const establishmentIds = [...new Set(user.assignments.map((a) => a.establishmentId).filter((id): id is string => id !== null))];
  const resolved: Array<{ rule: AppRawRule; origin: RuleOrigin }> = [];
  for (const assignment of user.assignments) {
    const profile = profileOf(assignment);
    if (!profile) continue;
    const scope: Record<PlaceholderName, unknown> = {
      accountId: user.accountId,
      organismeId: assignment.organismeId,
      establishmentId: assignment.establishmentId,
      unitId: assignment.unitId,
      establishmentIds,
      ownDossierIds: user.ownDossierIds,
      careTeamDossierIds: user.careTeamDossierIds,
      referentDossierIds: user.referentDossierIds ?? [],
      breakGlassDossierIds: user.breakGlassDossierIds,
    };
    profile.rules.forEach((rule, ruleIndex) => {
      const raw: Record<string, unknown> = { action: rule.action, subject: rule.subject };
      if (rule.conditions) raw.conditions = resolve(rule.conditions, scope);
      if (rule.fields) raw.fields = rule.fields;
      if (rule.inverted) raw.inverted = true;
      if (rule.reason) raw.reason = rule.reason;
      if (refersTo(rule.conditions, 'breakGlassDossierIds')) raw.reason = BREAK_GLASS_REASON;
      resolved.push({
        rule: raw as unknown as AppRawRule,
        origin: { profileKey: profile.key, establishmentId: assignment.establishmentId, unitId: assignment.unitId, ruleIndex },
      });
    });
  }
  return resolved;
}

/** The concrete CASL rules of a user: every rule of every assigned profile, placeholders resolved. */
export function rulesForUser(profiles: ProfileSource, user: UserContext): AppRawRule[] {
  return rulesWithOrigins(profiles, user).map((r) => r.rule);
}

export function abilityFor(profiles: ProfileSource, user: UserContext): AppAbility {
  return createMongoAbility(rulesForUser(profiles, user));
}
