import { foldText, searchTokens } from './search-key';

describe('search keys', () => {
  it('folds accents, ligatures and case', () => {
    expect(foldText('Éloïse')).toBe('eloise');
    expect(foldText('Cœur-de-Lion')).toBe('coeur de lion');
    expect(foldText('  LÆTITIA  ')).toBe('laetitia');
    expect(foldText("N'Diaye")).toBe('n diaye');
  });

  it('yields each distinct word of every name once', () => {
    expect(searchTokens('DUPONT-MARTIN', null, 'Éloïse Marie', 'Élo')).toEqual(['dupont', 'martin', 'eloise', 'marie', 'elo']);
    expect(searchTokens('Noé', 'NOÉ')).toEqual(['noe']);
    expect(searchTokens(undefined, '')).toEqual([]);
  });
});
