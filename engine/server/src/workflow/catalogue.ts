import type { WorkflowCatalogue } from '@cordee/core';
import type { Db, Tx } from '@cordee/db';
import { actionRegistry } from './actions';
import { taskActionKeys } from './task-actions';

/** What a workflow being published may refer to: published forms and grids, the profiles, the installed plugin actions, the server's completion actions. */
export async function workflowCatalogue(db: Db | Tx): Promise<WorkflowCatalogue> {
  const [forms, profiles] = await Promise.all([
    db('artefact_version').whereIn('kind', ['form', 'grid']).distinct('key'),
    db('profile').select('key'),
  ]);
  return {
    forms: new Set(forms.map((r: { key: string }) => r.key)),
    profiles: new Set(profiles.map((r: { key: string }) => r.key)),
    actions: actionRegistry().refs(),
    taskActions: taskActionKeys(),
  };
}
