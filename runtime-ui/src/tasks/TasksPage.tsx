import { useId, useState } from 'react';
import { get } from '../api/client';
import type { TaskList } from '../api/types';
import { Link, usePath } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';

const scopes = [
  { value: 'mine', label: 'Mes tâches' },
  { value: 'candidate', label: 'À prendre' },
  { value: 'team', label: 'Mon équipe' },
] as const;

/** The inbox: tasks assigned to me, those I may claim, those of my team; due dates and overdue flags. */
export function TasksPage() {
  const id = useId();
  const completed = new URLSearchParams(usePath().split('?')[1] ?? '').get('terminee');
  const [scope, setScope] = useState<(typeof scopes)[number]['value']>('mine');
  const tasks = useLoad(() => get<TaskList>(`/api/tasks?scope=${scope}`), [scope]);
  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Tâches</h1>
      {completed && (
        <p role="status">
          Tâche terminée : le processus est passé à l’étape suivante.
        </p>
      )}
      <div role="tablist" aria-label="Corbeilles" className="tabs">
        {scopes.map((s) => (
          <button key={s.value} type="button" role="tab" aria-selected={scope === s.value} onClick={() => setScope(s.value)}>
            {s.label}
          </button>
        ))}
      </div>
      <LoadStatus loaded={tasks} what="Tâches indisponibles" />
      {tasks.data && tasks.data.items.length === 0 && <p className="muted">Aucune tâche.</p>}
      <ul className="tasks">
        {tasks.data?.items.map((t) => (
          <li key={t.id} className={t.overdue ? 'overdue' : undefined}>
            <Link href={`/taches/${t.id}`}>{t.name}</Link>
            <span className="muted"> — {t.assignee ? `prise par ${t.assignee.name ?? 'une autre personne'}` : 'à prendre'}</span>{' '}
            {t.dueAt && (
              <span className={t.overdue ? 'badge level-danger' : 'badge'}>
                {t.overdue ? 'En retard — ' : 'Échéance '}
                {formatDateTime(t.dueAt)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
