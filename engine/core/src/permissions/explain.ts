import { createMongoAbility, subject as asSubject } from '@casl/ability';
import { type AppAbility, type AppRawRule, type ProfileSource, type RuleOrigin, type UserContext, rulesWithOrigins } from './ability';

/** One rule as an administrator reads it: where it comes from and what it says, placeholders resolved. */
export interface RuleExplanation extends RuleOrigin {
  action: string | string[];
  subject: string | string[];
  conditions: Record<string, unknown> | null;
  fields: string[] | null;
  inverted: boolean;
  reason: string | null;
}

/** Whether an action is allowed on a record, and the rule that decided it (null: no rule applies, so refused). */
export interface Decision {
  subject: string;
  action: string;
  allowed: boolean;
  decidedBy: RuleExplanation | null;
}

/** A rule limited to some fields, the subject it was looked up for, and whether its conditions match that record. */
export interface FieldRuleExplanation {
  subject: string;
  matches: boolean;
  rule: RuleExplanation;
}

export interface ExplainTarget {
  subject: string;
  record: Record<string, unknown>;
}

/** The user's ability together with the origin of each of its rules (what `explainDecisions` needs). */
export function abilityWithOrigins(profiles: ProfileSource, user: UserContext): { ability: AppAbility; origins: Map<AppRawRule, RuleOrigin> } {
  const resolved = rulesWithOrigins(profiles, user);
  return { ability: createMongoAbility(resolved.map((r) => r.rule)), origins: new Map(resolved.map((r) => [r.rule, r.origin])) };
}

function explainRule(raw: AppRawRule, origins: ReadonlyMap<AppRawRule, RuleOrigin>): RuleExplanation {
  const origin = origins.get(raw);
  if (!origin) throw new Error('rule without origin: build the ability from rulesWithOrigins');
  const r = raw as unknown as { action: string | string[]; subject: string | string[]; conditions?: Record<string, unknown>; fields?: string | string[]; inverted?: boolean; reason?: string };
  return {
    ...origin,
    action: r.action,
    subject: r.subject,
    conditions: r.conditions ?? null,
    fields: r.fields === undefined ? null : Array.isArray(r.fields) ? r.fields : [r.fields],
    inverted: r.inverted ?? false,
    reason: r.reason ?? null,
  };
}

/**
 * For every target and action: CASL's answer and the rule that gave it (`relevantRuleFor`: the
 * highest-priority rule matching the record, an inverted one when it refuses). The ability must be
 * built by `abilityWithOrigins` (the raw rules are the keys of `origins`), so each rule can be traced to its profile.
 */
export function explainDecisions(ability: AppAbility, origins: ReadonlyMap<AppRawRule, RuleOrigin>, targets: readonly ExplainTarget[], actions: readonly string[]): Decision[] {
  return targets.flatMap(({ subject, record }) =>
    actions.map((action) => {
      const rule = ability.relevantRuleFor(action, asSubject(subject, { ...record }));
      return { subject, action, allowed: rule !== null && !rule.inverted, decidedBy: rule ? explainRule(rule.origin, origins) : null };
    }),
  );
}

/** The field-level rules of the targets' subjects for the actions, each once, with whether it applies to its target's record. */
export function explainFieldRules(
  ability: AppAbility,
  origins: ReadonlyMap<AppRawRule, RuleOrigin>,
  targets: readonly ExplainTarget[],
  actions: readonly string[],
): FieldRuleExplanation[] {
  const result: FieldRuleExplanation[] = [];
  for (const { subject, record } of targets) {
    const target = asSubject(subject, { ...record });
    const seen = new Set<AppRawRule>();
    for (const action of actions) {
      for (const rule of ability.possibleRulesFor(action, subject)) {
        if (!rule.fields || seen.has(rule.origin)) continue;
        seen.add(rule.origin);
        result.push({ subject, matches: rule.matchesConditions(target), rule: explainRule(rule.origin, origins) });
      }
    }
  }
  return result;
}
