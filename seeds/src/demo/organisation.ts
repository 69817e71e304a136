import { withFinessKey } from '@cordee/core';
import type { DemoEstablishment, DemoOrganisme } from './model';

/** The fictional organisme gestionnaire of the demo (FINESS numbers carry a valid key, in the Rhône). */
export const demoOrganisme: DemoOrganisme = {
  name: 'Association Les Cordées (démonstration)',
  finessJuridique: withFinessKey('69099100'),
};

export const MECS = 'mecs-tilleuls';
export const FOYER = 'foyer-phare';
export const SPF = 'spf-hirondelles';

export const demoEstablishments: DemoEstablishment[] = [
  {
    key: MECS,
    name: 'MECS Les Tilleuls',
    type: 'mecs',
    finessGeographique: withFinessKey('69099101'),
    capacity: 44,
    units: [
      { key: 'petits-loups', name: 'Groupe des Petits Loups (6-11 ans)', capacity: 12 },
      { key: 'horizon', name: 'Groupe Horizon (12-15 ans)', capacity: 12 },
      { key: 'envol', name: 'Groupe L’Envol (16-17 ans)', capacity: 10 },
      { key: 'studios', name: 'Studios d’autonomie (18-21 ans)', capacity: 10 },
    ],
  },
  {
    key: FOYER,
    name: 'Foyer de l’enfance Le Phare',
    type: 'foyer_enfance',
    finessGeographique: withFinessKey('69099102'),
    capacity: 30,
    units: [
      { key: 'petite-enfance', name: 'Accueil d’urgence petite enfance (0-5 ans)', capacity: 10 },
      { key: 'enfants', name: 'Accueil d’urgence enfants (6-12 ans)', capacity: 10 },
      { key: 'adolescents', name: 'Accueil d’urgence adolescents (13-17 ans)', capacity: 10 },
    ],
  },
  {
    key: SPF,
    name: 'Service de placement familial Les Hirondelles',
    type: 'placement_familial',
    finessGeographique: withFinessKey('69099103'),
    capacity: 48,
    units: [
      { key: 'val-de-saone', name: 'Secteur Val de Saône', capacity: 24 },
      { key: 'monts-du-lyonnais', name: 'Secteur Monts du Lyonnais', capacity: 24 },
    ],
  },
];

/** The unit a child of that age lives in (placement familial: the sector is not tied to age). */
export function unitForAge(establishmentKey: string, age: number, sector: 0 | 1): string {
  if (establishmentKey === MECS) return age < 12 ? 'petits-loups' : age < 16 ? 'horizon' : age < 18 ? 'envol' : 'studios';
  if (establishmentKey === FOYER) return age < 6 ? 'petite-enfance' : age < 13 ? 'enfants' : 'adolescents';
  return sector === 0 ? 'val-de-saone' : 'monts-du-lyonnais';
}
