/** The pack's G1 grid: typed answers (generated types), validated by its schema and scored by the engine. */
import { type GridScoring, scoreGrid } from '@cordee/core';
import { createContractAjv } from '@cordee/metadata';
import type { G1BesoinsFondamentauxAnswers } from '../generated/grids/g1-besoins-fondamentaux';
import { packArtefacts } from './pack';

const g1 = packArtefacts().find((a) => a.key === 'g1-besoins-fondamentaux')!.definition;
const validate = createContractAjv().compile(g1.schema as object);

type Level = G1BesoinsFondamentauxAnswers['items']['protection']['niveau'];
const answers = (levels: Partial<Record<keyof G1BesoinsFondamentauxAnswers['items'], Level>>, fallback: Level = '3'): G1BesoinsFondamentauxAnswers => {
  const item = (niveau: Level) => ({ niveau, ...(niveau === '0' || niveau === '1' ? { observations: 'Constats partagés en équipe.' } : {}) });
  return {
    date_evaluation: '2026-11-02',
    evaluateurs: ['Éducatrice référente', 'Psychologue'],
    items: {
      physiologique_sante: item(levels.physiologique_sante ?? fallback),
      protection: item(levels.protection ?? fallback),
      securite_affective_relationnelle: item(levels.securite_affective_relationnelle ?? fallback),
      experiences_exploration: item(levels.experiences_exploration ?? fallback),
      cadre_regles_limites: item(levels.cadre_regles_limites ?? fallback),
      estime_valorisation_soi: item(levels.estime_valorisation_soi ?? fallback),
      identite: item(levels.identite ?? fallback),
    },
  };
};

describe('pack grid G1 « besoins fondamentaux »', () => {
  it('accepts typed answers and requires observations for a poorly covered need', () => {
    expect(validate(answers({ protection: '1' }))).toBe(true);
    const missing = answers({ protection: '1' });
    delete missing.items.protection.observations;
    expect(validate(missing)).toBe(false);
  });

  it('scores the meta-need of safety with the minimum rule and raises the alerts of the domain reference', () => {
    const result = scoreGrid(g1 as unknown as GridScoring, answers({ protection: '1', identite: '0' }));
    expect(result.scores.score_meta_securite).toBe(1);
    expect(result.bands.score_meta_securite?.label).toBe('Sécurité compromise ou fragile');
    expect(result.alerts.map((a) => a.id).sort()).toEqual(['besoin_compromis', 'securite_fragile']);
  });

  it('keeps every score null and flags incompleteness when nothing is evaluated', () => {
    const result = scoreGrid(g1 as unknown as GridScoring, answers({}, 'NE'));
    expect(result.scores).toEqual({ score_meta_securite: null, score_autres: null, score_global: null, taux_completude: 0 });
    expect(result.alerts.map((a) => a.id)).toEqual(['evaluation_incomplete']);
  });
});
