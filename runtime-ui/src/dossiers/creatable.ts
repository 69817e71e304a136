import { get } from '../api/client';
import type { DossierSynthesis } from '../api/types';
import { useLoad } from '../app/useLoad';

/**
 * Whether the user may start this form for the dossier: among the forms the dossier's synthesis
 * offers them (`actions.creatableForms`, what the dossier page offers); false while it loads.
 */
export function useMayCreate(dossierId: string | null, kind: 'form' | 'grid', key: string): boolean {
  const synthesis = useLoad(() => (dossierId ? get<DossierSynthesis>(`/api/dossiers/${dossierId}/synthesis`) : Promise.resolve(null)), [dossierId]);
  const current = synthesis.data && synthesis.data.dossierId === dossierId ? synthesis.data : null;
  return current?.actions.creatableForms.some((f) => f.kind === kind && f.key === key) ?? false;
}
