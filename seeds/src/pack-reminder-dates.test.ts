/**
 * The dates the pack's reminders wait for (GA-2, GA-3), computed by the forms themselves: the
 * nearest re-evaluation of the measures in force, the nearest expiry of an open right and its
 * alert two months before. Lifted measures, rights not open and missing dates do not count.
 */
import type { LiberteAllerVenirAnswers } from '../generated/forms/liberte-aller-venir';
import type { PrestationsSocialesAnswers } from '../generated/forms/prestations-sociales';
import { packCapture } from './pack-capture';
import { packExamples } from './pack-examples';

const capture = packCapture();
const liberte = packExamples['liberte-aller-venir'] as LiberteAllerVenirAnswers;
const prestations = packExamples['prestations-sociales'] as PrestationsSocialesAnswers;
type Measure = LiberteAllerVenirAnswers['mesures'][number];
type Right = PrestationsSocialesAnswers['droits'][number];
const [firstMeasure, secondMeasure] = liberte.mesures as [Measure, Measure];
const [openRight] = prestations.droits;

describe('GA-2 — next re-evaluation of the freedom-of-movement measures', () => {
  const nextReview = (mesures: Measure[]) => {
    const { data, errors } = capture('liberte-aller-venir', { ...liberte, mesures });
    expect(errors).toEqual([]);
    return data.prochaine_reevaluation ?? null;
  };

  it('is the nearest re-evaluation date of the measures in force', () => {
    expect(nextReview([firstMeasure, secondMeasure])).toBe('2026-05-02');
    expect(nextReview([{ ...firstMeasure, date_reevaluation: '2027-01-31' }, { ...secondMeasure, date_reevaluation: '2026-12-31' }])).toBe('2026-12-31');
  });

  it('leaves out lifted and suspended measures, and is empty when none is in force', () => {
    expect(nextReview([firstMeasure, { ...secondMeasure, statut: 'levee', motif_levee: 'Mainlevée du juge.' }])).toBe('2026-06-01');
    expect(nextReview([{ ...firstMeasure, statut: 'suspendue' }, { ...secondMeasure, statut: 'levee', motif_levee: 'Mainlevée du juge.' }])).toBeNull();
  });

  it('ignores a value sent by the client', () => {
    const { data } = capture('liberte-aller-venir', { ...liberte, prochaine_reevaluation: '2030-01-01' });
    expect(data.prochaine_reevaluation).toBe('2026-05-02');
  });
});

describe('GA-3 — next expiry of an open right and its alert two months before', () => {
  const dates = (droits: Right[]) => {
    const { data, errors } = capture('prestations-sociales', { ...prestations, droits });
    expect(errors).toEqual([]);
    return [data.prochaine_expiration ?? null, data.prochaine_alerte ?? null];
  };

  it('is the nearest expiry among the open rights, alerted two months before', () => {
    expect(dates(prestations.droits)).toEqual(['2027-02-14', '2026-12-14']);
    expect(dates([openRight, { type_droit: 'carte_vitale', statut: 'ouvert', date_expiration: '2026-10-31' }])).toEqual(['2026-10-31', '2026-08-31']);
  });

  it('clamps the alert to the end of a shorter month', () => {
    expect(dates([{ ...openRight, date_expiration: '2027-04-30' }])).toEqual(['2027-04-30', '2027-02-28']);
  });

  it('leaves out rights not open or without an expiry date', () => {
    expect(dates([{ ...openRight, statut: 'expire' }, { type_droit: 'carte_vitale', statut: 'ouvert' }])).toEqual([null, null]);
  });
});
