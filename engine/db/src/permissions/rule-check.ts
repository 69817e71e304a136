import { type ProfileRule, type UserContext, rulesForUser } from '@cordee/core';
import { createMongoAbility } from '@casl/ability';
import { schemaRegistry } from '@cordee/metadata';
import { UnsupportedConditionError, accessFilter } from './rules-to-sql';
import { permissionSubjects } from './subjects';

export interface RuleIssue {
  path: string;
  message: string;
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every placeholder filled with a stand-in value: enough to build each rule's SQL without a user. */
const standIn: UserContext = {
  accountId: 'x',
  assignments: [{ profileKey: 'checked', organismeId: 'x', establishmentId: 'x', unitId: 'x' }],
  ownDossierIds: ['x'],
  careTeamDossierIds: ['x'],
  referentDossierIds: ['x'],
  breakGlassDossierIds: ['x'],
};

let categories: Set<string> | undefined;
/** The data categories of the form contract (`x-cordee-category`). */
function knownCategories(): Set<string> {
  categories ??= new Set(
    ((schemaRegistry().get('metadata/form') as unknown as { $defs: { category: { oneOf: Array<{ const: string }> } } }).$defs.category.oneOf ?? []).map((o) => o.const),
  );
  return categories;
}

function fieldIssue(subject: string, field: string): string | null {
  if (subject !== 'Submission') return field.startsWith('category:') || field.startsWith('path:') ? `Les champs « ${field} » ne s’appliquent qu’aux saisies (Submission).` : null;
  if (field.startsWith('category:')) {
    const category = field.slice('category:'.length);
    return knownCategories().has(category) ? null : `Catégorie de données inconnue : « ${category} ». Catégories connues : ${[...knownCategories()].join(', ')}.`;
  }
  if (/^path:[a-z][a-z0-9]*([_-][a-z0-9]+)*(\/[^/]+)+$/.test(field)) return null;
  return `Sur une saisie, un champ se désigne par « category:<catégorie> » ou « path:<formulaire>/<chemin> » (reçu « ${field} »).`;
}

/**
 * What the server could not enforce in a profile's rules, each at its place: an unknown subject, a
 * condition on a field the subject does not expose (for the subjects filtered in SQL: a field
 * without a column), an unknown data category. Each rule is turned into SQL for each of its
 * actions, exactly as a list would do it, so a rule that publishes is a rule the interpreter
 * accepts. The contract (metadata/profile) has already checked the shape and operators.
 */
export function profileRuleIssues(rules: readonly ProfileRule[], base = '/rules'): RuleIssue[] {
  const issues: RuleIssue[] = [];
  rules.forEach((rule, index) => {
    const at = `${base}/${index}`;
    for (const subject of list(rule.subject)) {
      if (subject === 'all') {
        if (rule.conditions) issues.push({ path: `${at}/conditions`, message: 'Une règle sur tous les sujets (all) ne peut pas avoir de conditions.' });
        continue;
      }
      const columns = permissionSubjects[subject];
      if (!columns) {
        issues.push({ path: `${at}/subject`, message: `Sujet inconnu : « ${subject} ». Sujets connus : ${Object.keys(permissionSubjects).join(', ')}.` });
        continue;
      }
      for (const field of rule.fields ?? []) {
        const problem = fieldIssue(subject, field);
        if (problem) issues.push({ path: `${at}/fields`, message: problem });
      }
      const ability = createMongoAbility(rulesForUser(new Map([['checked', { key: 'checked', label: '', rules: [{ ...rule, subject }] }]]), standIn));
      for (const action of list(rule.action)) {
        try {
          accessFilter(ability, action, subject, columns, rule.fields?.[0]);
        } catch (error) {
          if (!(error instanceof UnsupportedConditionError)) throw error;
          const fields = Object.keys(columns);
          issues.push({
            path: `${at}/conditions`,
            message: `Condition impossible à appliquer sur « ${subject} » : ${error.message}. Champs utilisables : ${fields.length > 0 ? fields.join(', ') : 'aucun (règle sans condition)'}.`,
          });
          break;
        }
      }
    }
  });
  return dedupe(issues);
}

/**
 * Rules an establishment (or organisme) layer adds to a shared profile: checked like the profile's,
 * and each permission must be bounded by the establishment of the assignment
 * (`establishmentId: { $ctx: 'establishmentId' }`), so a local rule gives access only there.
 * Denials are always accepted: they only take access away.
 */
export function layerRuleIssues(rules: readonly ProfileRule[], base: string): RuleIssue[] {
  const issues = profileRuleIssues(rules, base);
  rules.forEach((rule, index) => {
    if (rule.inverted) return;
    const scoped = (() => {
      const value = rule.conditions?.establishmentId as { $ctx?: unknown } | undefined;
      return value !== null && typeof value === 'object' && value.$ctx === 'establishmentId' && Object.keys(value).length === 1;
    })();
    const unscopable = list(rule.subject).filter((s) => !Object.hasOwn(permissionSubjects[s] ?? {}, 'establishmentId'));
    if (unscopable.length > 0) issues.push({ path: `${base}/${index}/subject`, message: `Une adaptation locale ne peut pas donner de droit sur ${unscopable.join(', ')} : ce sujet n’est pas rattaché à un établissement.` });
    else if (!scoped) issues.push({ path: `${base}/${index}/conditions`, message: 'Une règle ajoutée localement doit être limitée à l’établissement de l’affectation : condition « establishmentId » égale à { "$ctx": "establishmentId" }.' });
  });
  return issues;
}

function dedupe(issues: RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
