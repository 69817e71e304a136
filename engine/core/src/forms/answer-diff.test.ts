import { diffAnswers } from './answer-diff';

describe('diffAnswers', () => {
  it('reports added, removed and changed answers with their values, ordered by path', () => {
    const before = { nom: 'Lou', age: 12, humeur: 'bonne', suivi: { ecole: 'Jaurès', classe: '5e' } };
    const after = { nom: 'Lou', age: 13, suivi: { ecole: 'Jaurès', option: 'latin' }, allergies: 'arachide' };
    expect(diffAnswers(before, after)).toEqual([
      { path: '/age', kind: 'changed', before: 12, after: 13 },
      { path: '/allergies', kind: 'added', after: 'arachide' },
      { path: '/humeur', kind: 'removed', before: 'bonne' },
      { path: '/suivi/classe', kind: 'removed', before: '5e' },
      { path: '/suivi/option', kind: 'added', after: 'latin' },
    ]);
  });

  it('finds nothing between equal answers, whatever the key order', () => {
    expect(diffAnswers({ a: 1, b: { c: [1, 2], d: null } }, { b: { d: null, c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('walks repeating groups item by item and treats a multiple choice as one answer', () => {
    const before = { contacts: [{ nom: 'A', tel: '01' }, { nom: 'B' }], activites: ['foot', 'piano'] };
    const after = { contacts: [{ nom: 'A', tel: '02' }], activites: ['foot', 'judo'] };
    expect(diffAnswers(before, after)).toEqual([
      { path: '/activites', kind: 'changed', before: ['foot', 'piano'], after: ['foot', 'judo'] },
      { path: '/contacts/0/tel', kind: 'changed', before: '01', after: '02' },
      { path: '/contacts/1', kind: 'removed', before: { nom: 'B' } },
    ]);
  });

  it('diffs from nothing for a first revision, sees a null answer and a change of shape, and escapes paths', () => {
    expect(diffAnswers(undefined, { a: null })).toEqual([{ path: '/a', kind: 'added', after: null }]);
    expect(diffAnswers({ a: { b: 1 } }, { a: 'texte' })).toEqual([{ path: '/a', kind: 'changed', before: { b: 1 }, after: 'texte' }]);
    expect(diffAnswers({ 'a/b': 1, 'c~d': 1 }, { 'a/b': 2, 'c~d': 1 })).toEqual([{ path: '/a~1b', kind: 'changed', before: 1, after: 2 }]);
  });
});
