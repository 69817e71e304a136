import { createMongoAbility } from '@casl/ability';
import { listFields } from '../forms/schema-fields';
import { BREAK_GLASS_REASON } from './ability';
import { answeredCategories, categoriesAccess, unreadableCategories } from './document-categories';
import { guardedFields } from './field-permissions';

const fields = guardedFields(
  listFields({
    type: 'object',
    properties: {
      libre: { type: 'string' },
      allergies: { type: 'string', 'x-cordee-category': 'health_daily' },
      auteur: { type: 'object', 'x-cordee-category': 'ip_reporter', properties: { nom: { type: 'string' } } },
      rencontres: { type: 'array', items: { type: 'object', properties: { notes: { type: 'string', 'x-cordee-category': 'psychology_notes' } } } },
    },
  } as never),
);

describe('the data categories a document shows', () => {
  it('are those of the fields holding a value, groups and list items included, fields without category aside', () => {
    expect(answeredCategories({ libre: 'x' }, fields)).toEqual([]);
    expect(answeredCategories({ allergies: 'arachide', auteur: { nom: 'Dupont' }, rencontres: [{ notes: 'n' }] }, fields)).toEqual(['health_daily', 'ip_reporter', 'psychology_notes']);
    expect(answeredCategories({ allergies: null, rencontres: [] }, fields)).toEqual([]);
  });

  it('are readable only where a rule granting each of them matches the record; break-glass grants are told apart', () => {
    const ability = createMongoAbility([
      { action: 'read', subject: 'Submission', fields: ['category:health_daily'], conditions: { establishmentId: 'e1' } },
      { action: 'read', subject: 'Submission', fields: ['category:ip_reporter'], conditions: { createdBy: 'me' } },
      { action: 'read', subject: 'Submission', fields: ['category:health'], conditions: { dossierId: 'd1' }, reason: BREAK_GLASS_REASON },
    ] as never);
    const record = { dossierId: 'd1', establishmentId: 'e1', status: 'final', createdBy: 'other' };
    expect(unreadableCategories(ability, record, ['health_daily', 'ip_reporter'])).toEqual(['ip_reporter']);
    expect(categoriesAccess(ability, record, ['health_daily', 'ip_reporter'])).toBe('denied');
    expect(categoriesAccess(ability, { ...record, createdBy: 'me' }, ['health_daily', 'ip_reporter'])).toBe('ordinary');
    expect(categoriesAccess(ability, record, ['health_daily', 'health'])).toBe('break_glass');
    expect(categoriesAccess(ability, { ...record, dossierId: 'd2' }, ['health'])).toBe('denied');
    expect(categoriesAccess(ability, record, [])).toBe('ordinary');
  });
});
