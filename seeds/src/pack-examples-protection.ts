/**
 * Example answers of the forms the protection workflows add to the pack (W4: the CRIP's feedback
 * on an information préoccupante; W8: archiving a dossier for the CD), typed with the generated
 * answer types. Fictional people only.
 */
import type { ArchivageDossierAnswers } from '../generated/forms/archivage-dossier';
import type { RetourCripAnswers } from '../generated/forms/retour-crip';

const retourCrip: RetourCripAnswers = {
  date_reception: '2026-07-02',
  canal: 'mssante',
  suites: 'evaluation_en_cours',
  date_limite_evaluation: '2026-08-11',
  rapport_evaluation_recu: false,
  commentaire: 'Évaluation confiée à deux travailleurs sociaux de la circonscription de Dole ; rencontre de la mère prévue le 9 juillet.',
};

const archivageDossier: ArchivageDossierAnswers = {
  conseil_departemental: 'Conseil départemental du Jura',
  service_destinataire: 'Direction enfance famille — service de l’aide sociale à l’enfance',
  adresse_mssante: 'ase.archives@jura.mssante.fr',
  pieces_verifiees: ['ppe', 'contrat_avenants', 'rapports', 'decisions', 'inventaire_sortie', 'entretien_fin'],
  sort_final: 'versement_archives_departementales',
  duree_utilite_administrative: 10,
  observations: 'Dossier complet ; bilan de santé de sortie versé par l’infirmière.',
};

/** The example answers of the protection workflows' forms, by artefact key. */
export const protectionExamples: Record<string, object> = {
  'retour-crip': retourCrip,
  'archivage-dossier': archivageDossier,
};
