import { type GridScoring, compareGridResults, scoreGrid } from './scoring';

/** Grid G1 "besoins fondamentaux" (pde-domain.md §3): minimum rule for the meta-need of safety. */
const g1: GridScoring = {
  scales: [
    {
      id: 'niveau_reponse_besoin',
      label: 'Niveau de réponse au besoin',
      options: [
        { value: '3', label: 'Couvert', weight: 3 },
        { value: '2', label: 'Fragile', weight: 2 },
        { value: '1', label: 'Partiel', weight: 1 },
        { value: '0', label: 'Non couvert', weight: 0 },
        { value: 'NE', label: 'Non évalué', notEvaluated: true },
      ],
    },
  ],
  items: [
    { id: 'physiologique_sante', label: 'Santé', scale: 'niveau_reponse_besoin', domain: 'meta_securite' },
    { id: 'protection', label: 'Protection', scale: 'niveau_reponse_besoin', domain: 'meta_securite' },
    { id: 'securite_affective_relationnelle', label: 'Sécurité affective', scale: 'niveau_reponse_besoin', domain: 'meta_securite' },
    { id: 'experiences_exploration', label: 'Exploration', scale: 'niveau_reponse_besoin', domain: 'autres' },
    { id: 'cadre_regles_limites', label: 'Cadre', scale: 'niveau_reponse_besoin', domain: 'autres' },
    { id: 'estime_valorisation_soi', label: 'Estime', scale: 'niveau_reponse_besoin', domain: 'autres' },
    { id: 'identite', label: 'Identité', scale: 'niveau_reponse_besoin', domain: 'autres' },
  ],
  scores: [
    { id: 'score_meta_securite', label: 'Méta-besoin de sécurité', expression: 'min([items.physiologique_sante, items.protection, items.securite_affective_relationnelle])' },
    { id: 'score_autres', label: 'Autres besoins', expression: 'if count(domains.autres) = 0 then null else mean(domains.autres)' },
    { id: 'score_global', label: 'Score global', expression: 'if evaluated = 0 then null else mean(weights)' },
  ],
  bands: [{ score: 'score_global', ranges: [{ max: 1, label: 'Préoccupant', level: 'alerte' }, { min: 1.01, max: 2, label: 'Vigilance', level: 'vigilance' }, { min: 2.01, label: 'Satisfaisant', level: 'ok' }] }],
  alerts: [
    { id: 'besoin_compromis', condition: 'some w in weights satisfies w = 0', message: 'Un besoin fondamental est compromis.', level: 'alerte' },
    { id: 'securite_fragile', condition: 'scores.score_meta_securite != null and scores.score_meta_securite <= 1', message: 'La sécurité de l’enfant est fragile.', level: 'alerte' },
    { id: 'evaluation_incomplete', condition: 'completeness < 0.7', message: 'Évaluation incomplète.', level: 'info' },
  ],
};

const answers = (levels: Record<string, string>) => ({ items: Object.fromEntries(Object.entries(levels).map(([k, v]) => [k, { niveau: v }])) });
const all = (v: string) => Object.fromEntries(g1.items.map((i) => [i.id, v]));

describe('grid scoring', () => {
  it('applies the minimum rule to the meta-need of safety, means elsewhere, bands and alerts', () => {
    const result = scoreGrid(g1, answers({ ...all('3'), protection: '1', identite: '2' }));
    expect(result.scores).toEqual({ score_meta_securite: 1, score_autres: 2.75, score_global: 2.57 });
    expect(result.bands.score_global).toEqual({ label: 'Satisfaisant', level: 'ok' });
    expect(result.alerts.map((a) => a.id)).toEqual(['securite_fragile']);
    expect(result.completeness).toBe(1);
  });

  it('gives null scores, no band and an incompleteness alert when every item is "non évalué"', () => {
    const result = scoreGrid(g1, answers(all('NE')));
    expect(result.scores).toEqual({ score_meta_securite: null, score_autres: null, score_global: null });
    expect(result.bands.score_global).toBeNull();
    expect(result.alerts.map((a) => a.id)).toEqual(['evaluation_incomplete']);
    expect(result.evaluated).toBe(0);
    expect(Object.values(result.items).every((w) => w === null)).toBe(true);
  });

  it('makes the minimum null when one safety item is not evaluated, and counts 0 as a real answer', () => {
    const result = scoreGrid(g1, answers({ ...all('2'), securite_affective_relationnelle: 'NE', cadre_regles_limites: '0' }));
    expect(result.scores.score_meta_securite).toBeNull();
    expect(result.scores.score_autres).toBe(1.5);
    expect(result.alerts.map((a) => a.id)).toEqual(['besoin_compromis']);
    expect(result.completeness).toBe(0.86);
  });

  it('treats unanswered items and unknown codes as not evaluated', () => {
    const result = scoreGrid(g1, { items: { protection: { niveau: '9' }, identite: {} } });
    expect(result.evaluated).toBe(0);
  });

  it('picks bands at their edges', () => {
    expect(scoreGrid(g1, answers(all('1'))).bands.score_global?.label).toBe('Préoccupant');
    expect(scoreGrid(g1, answers(all('2'))).bands.score_global?.label).toBe('Vigilance');
    expect(scoreGrid(g1, answers(all('3'))).bands.score_global?.label).toBe('Satisfaisant');
  });

  it('compares with the previous grid of the same child', () => {
    const before = scoreGrid(g1, answers(all('1')));
    const after = scoreGrid(g1, answers({ ...all('2'), protection: 'NE' }));
    const evolution = compareGridResults(before, after);
    expect(evolution.scores.score_global).toEqual({ before: 1, after: 2, delta: 1 });
    expect(evolution.items.protection).toEqual({ before: 1, after: null, delta: null });
    expect(evolution.bandChanges).toEqual([{ score: 'score_global', before: 'Préoccupant', after: 'Vigilance' }]);
  });
});
