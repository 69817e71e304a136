/** The pack's grids G2 (évaluation globale) and G3 (autonomie 16-21): scores, thresholds and alerts as the engine computes them. */
import { type GridScoring, listFields, scoreGrid } from '@cordee/core';
import type { G2EvaluationGlobaleAnswers } from '../generated/grids/g2-evaluation-globale';
import type { G3AutonomieAnswers } from '../generated/grids/g3-autonomie';
import { packArtefacts } from './pack';
import { packExamples } from './pack-examples';

const gridOf = (key: string) => packArtefacts().find((a) => a.key === key)!.definition as unknown as GridScoring & { schema: Parameters<typeof listFields>[0] };
const alertIds = (result: ReturnType<typeof scoreGrid>) => result.alerts.map((a) => a.id).sort();

describe('grid G2 « évaluation globale de la situation »', () => {
  const g2 = gridOf('g2-evaluation-globale');
  type Items = G2EvaluationGlobaleAnswers['items'];
  const example = packExamples['g2-evaluation-globale'] as G2EvaluationGlobaleAnswers;
  const ids = Object.keys(example.items) as Array<keyof Items>;
  const dangerIds = new Set(g2.items.filter((i) => i.domain === 'axe_danger').map((i) => i.id));
  /** Every item at one level (danger items on their own scale), then the given overrides. */
  const withItems = (level: 'P' | 'N' | 'R' | 'D' | 'NE', overrides: Record<string, string> = {}, evaluatedCount = ids.length): G2EvaluationGlobaleAnswers => {
    const dangerLevel = { P: 'non', N: 'non', R: 'suspecte', D: 'avere', NE: 'NE' }[level];
    const items = Object.fromEntries(
      ids.map((id, i) => {
        const niveau = overrides[id] ?? (i < evaluatedCount ? (dangerIds.has(id) ? dangerLevel : level) : 'NE');
        return [id, { niveau, ...(niveau === 'NE' ? { observations: 'Information insuffisante.' } : {}) }];
      }),
    ) as unknown as Items;
    return { ...example, items };
  };

  it('has the five axes of D226-2-3 and 28 items on scales with one « non évalué » option', () => {
    expect([...new Set(g2.items.map((i) => i.domain))]).toEqual(['axe_enfant', 'axe_parents', 'axe_environnement', 'axe_danger']);
    expect(g2.items).toHaveLength(28);
    expect(Object.keys(g2.schema.properties!)).toEqual(expect.arrayContaining(['avis', 'conclusion']));
    for (const scale of g2.scales) expect(scale.options.filter((o) => o.notEvaluated)).toHaveLength(1);
  });

  it('computes no conclusion: the team enters it, and it is required', () => {
    const conclusionFields = listFields(g2.schema).filter((f) => f.path.startsWith('/conclusion'));
    expect(conclusionFields.length).toBeGreaterThan(3);
    expect(conclusionFields.some((f) => f.computed)).toBe(false);
    expect(g2.schema.required).toContain('conclusion');
    expect(g2.scores.map((s) => s.id)).not.toContain('conclusion');
  });

  it('scores the example: one index per axis, resources and dangers counted, completeness', () => {
    const result = scoreGrid(g2, example);
    expect(result.scores).toEqual({
      indice_enfant: 0,
      indice_parents: 0,
      indice_environnement: -1,
      indice_danger: 1,
      nb_elements_danger: 0,
      nb_ressources: 7,
      taux_completude: 0.96,
    });
    expect(result.bands.nb_elements_danger?.level).toBe('satisfactory');
    expect(alertIds(result)).toEqual(['danger_suspecte']);
  });

  it('keeps every score null and flags incompleteness when nothing is evaluated', () => {
    const result = scoreGrid(g2, withItems('NE'));
    expect(result.scores).toEqual({
      indice_enfant: null,
      indice_parents: null,
      indice_environnement: null,
      indice_danger: null,
      nb_elements_danger: null,
      nb_ressources: null,
      taux_completude: 0,
    });
    expect(result.bands.nb_elements_danger).toBeNull();
    expect(alertIds(result)).toEqual(['evaluation_incomplete']);
  });

  it('raises the danger alert on one proven danger, whichever its scale', () => {
    const proven = scoreGrid(g2, withItems('N', { violences_physiques: 'avere' }));
    expect(proven.scores.nb_elements_danger).toBe(1);
    expect(proven.scores.indice_danger).toBe(3);
    expect(proven.bands.nb_elements_danger?.level).toBe('danger');
    expect(alertIds(proven)).toEqual(['element_danger_avere']);
    const allDanger = scoreGrid(g2, withItems('D'));
    expect(allDanger.scores.nb_elements_danger).toBe(28);
    expect(allDanger.scores.indice_enfant).toBe(24);
    const allResources = scoreGrid(g2, withItems('P'));
    expect(allResources.scores).toMatchObject({ indice_enfant: -8, indice_parents: -8, indice_environnement: -6, indice_danger: 0, nb_ressources: 22, nb_elements_danger: 0 });
    expect(alertIds(allResources)).toEqual([]);
  });

  it('flags incompleteness below 70 % of the items evaluated, not at 20 out of 28', () => {
    expect(alertIds(scoreGrid(g2, withItems('N', {}, 20)))).toEqual([]);
    expect(scoreGrid(g2, withItems('N', {}, 19)).completeness).toBe(0.68);
    expect(alertIds(scoreGrid(g2, withItems('N', {}, 19)))).toEqual(['evaluation_incomplete']);
  });
});

describe('grid G3 « accès à l’autonomie »', () => {
  const g3 = gridOf('g3-autonomie');
  type Level = G3AutonomieAnswers['items']['sante']['niveau'];
  const example = packExamples['g3-autonomie'] as G3AutonomieAnswers;
  const domains = Object.keys(example.items) as Array<keyof G3AutonomieAnswers['items']>;
  const answers = (levels: Level[], changes: Partial<G3AutonomieAnswers> = {}): G3AutonomieAnswers => ({
    ...example,
    ...changes,
    items: Object.fromEntries(domains.map((d, i) => [d, { niveau: levels[i] ?? 'non_concerne' }])) as G3AutonomieAnswers['items'],
  });

  it('scores the example: acquisition rate on the concerned domains, with its band', () => {
    const result = scoreGrid(g3, example);
    expect(result.scores).toEqual({ taux_acquisition: 0.67, domaines_a_travailler: 2, taux_completude: 1 });
    expect(result.bands.taux_acquisition).toEqual({ label: 'Autonomie en cours d’acquisition', level: 'vigilance' });
    expect(alertIds(result)).toEqual([]);
  });

  it('excludes « non concerné » from the rate and keeps it null when no domain is concerned', () => {
    expect(scoreGrid(g3, answers(['acquis'])).scores.taux_acquisition).toBe(1);
    const none = scoreGrid(g3, answers([]));
    expect(none.scores).toEqual({ taux_acquisition: null, domaines_a_travailler: null, taux_completude: 0 });
    expect(none.bands.taux_acquisition).toBeNull();
    expect(alertIds(none)).toEqual(['aucun_domaine_evalue']);
  });

  it('raises « sortie à risque » below 50 % within six months of the end of care, and only then', () => {
    const soon = { date_evaluation: '2026-09-01', date_fin_prise_en_charge: '2027-03-01' };
    const low = scoreGrid(g3, answers(['a_travailler', 'a_travailler', 'en_cours'], soon));
    expect(low.scores.taux_acquisition).toBe(0.44);
    expect(low.bands.taux_acquisition?.level).toBe('concern');
    expect(alertIds(low)).toEqual(['sortie_a_risque']);
    expect(low.alerts[0]?.level).toBe('danger');
    expect(alertIds(scoreGrid(g3, answers(['a_travailler', 'a_travailler', 'en_cours'], { ...soon, date_fin_prise_en_charge: '2027-03-02' })))).toEqual([]);
    const { date_fin_prise_en_charge: _none, ...noEnd } = answers(['a_travailler']);
    expect(alertIds(scoreGrid(g3, noEnd))).toEqual([]);
    const half = scoreGrid(g3, answers(['a_travailler', 'en_cours'], soon));
    expect(half.scores.taux_acquisition).toBe(0.5);
    expect(half.bands.taux_acquisition?.level).toBe('vigilance');
    expect(alertIds(half)).toEqual([]);
  });

  it('warns when the young person is not between 16 and 21 at the evaluation date', () => {
    expect(alertIds(scoreGrid(g3, answers(['acquis'], { date_naissance: '2012-01-01' })))).toEqual(['hors_tranche_age']);
    expect(alertIds(scoreGrid(g3, answers(['acquis'], { date_naissance: '2005-09-01' })))).toEqual(['hors_tranche_age']);
    expect(alertIds(scoreGrid(g3, answers(['acquis'], { date_naissance: '2005-09-02' })))).toEqual([]);
  });
});
