import { writeFileSync } from 'node:fs';
import { buildBpmn } from '../engine/core/src/workflow/testing/bpmn-builder';
const xml = buildBpmn({
  definitionsId: 'admission_definitions',
  processId: 'admission',
  name: 'Admission',
  nodes: [
    { kind: 'start', id: 'demande_recue', name: 'Demande d’accueil reçue' },
    { kind: 'user', id: 'decision', name: 'Décider de l’admission', form: 'decision-admission', candidates: ['directeur', 'chef_service'], due: 'P5D' },
    { kind: 'boundary', id: 'relance_decision', name: 'Décision attendue depuis 5 jours', attachedTo: 'decision', duration: 'P5D', notify: ['chef_service'] },
    { kind: 'xor', id: 'admission_acceptee', name: 'Admission acceptée ?', defaultFlow: 'non_acceptee' },
    { kind: 'service', id: 'informer_demandeur', name: 'Informer le demandeur de la décision', action: 'demo.accuse-reception' },
    { kind: 'user', id: 'remise_contrat', name: 'Remettre le contrat de séjour ou le DIPC', form: 'remise-contrat-sejour', candidates: ['directeur', 'chef_service'], due: '= date(admissionDate) + duration("P15D")' },
    { kind: 'boundary', id: 'contrat_en_retard', name: 'Contrat non remis dans les 15 jours (D311)', attachedTo: 'remise_contrat', date: '= date(admissionDate) + duration("P15D")', notify: ['chef_service', 'directeur'] },
    { kind: 'end', id: 'admission_formalisee', name: 'Admission formalisée' },
    { kind: 'end', id: 'demande_close', name: 'Demande close' },
    { kind: 'end', id: 'relance_faite', name: 'Relance faite' },
    { kind: 'end', id: 'retard_signale', name: 'Retard signalé' },
  ],
  flows: [
    { from: 'demande_recue', to: 'decision' },
    { from: 'decision', to: 'admission_acceptee' },
    { id: 'acceptee', from: 'admission_acceptee', to: 'informer_demandeur', name: 'Acceptée', condition: '= decision = "acceptee"' },
    { id: 'non_acceptee', from: 'admission_acceptee', to: 'demande_close', name: 'Refusée ou en attente' },
    { from: 'informer_demandeur', to: 'remise_contrat' },
    { from: 'remise_contrat', to: 'admission_formalisee' },
    { from: 'relance_decision', to: 'relance_faite' },
    { from: 'contrat_en_retard', to: 'retard_signale' },
  ],
});
writeFileSync('seeds/pack/workflows/admission.json', `${JSON.stringify({ title: 'Admission (extrait du processus W1)', description: 'De la demande d’accueil à la remise du contrat de séjour ou du DIPC : décision sous 5 jours (relance du chef de service), information du demandeur par un service externe, remise du contrat dans les 15 jours de l’admission (CASF D311 III), avec alerte de la direction au-delà.', bpmnXml: xml }, null, 2)}\n`);
