import { useId, useState } from 'react';
import { ApiError, get } from '../api/client';
import { Link } from '../app/router';
import { LoadStatus } from '../app/Status';
import { formatDateTime } from '../app/labels';
import { useLoad } from '../app/useLoad';

/** A task of the inbox, as `GET /api/tasks` lists it (the fields the inbox shows). */
interface TaskItem {
  id: string;
  name?: string;
  title?: string;
  dossierId?: string | null;
  dossierName?: string | null;
  dueAt?: string | null;
  overdue?: boolean;
  formKey?: string | null;
  formKind?: 'form' | 'grid' | null;
}

const scopes = [
  { value: 'mine', label: 'Mes tâches' },
  { value: 'candidate', label: 'À prendre' },
  { value: 'team', label: 'Mon équipe' },
] as const;

/** The inbox: tasks assigned to me, those I may claim, those of my team; due dates and overdue flags. */
export function TasksPage() {
  const id = useId();
  const [scope, setScope] = useState<(typeof scopes)[number]['value']>('mine');
  const tasks = useLoad(() => get<{ items: TaskItem[] }>(`/api/tasks?scope=${scope}`), [scope]);
  const unavailable = tasks.error instanceof ApiError && tasks.error.code === 'ROUTE_NOT_FOUND';
  return (
    <section aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>Tâches</h1>
      <div role="tablist" aria-label="Corbeilles" className="tabs">
        {scopes.map((s) => (
          <button key={s.value} type="button" role="tab" aria-selected={scope === s.value} onClick={() => setScope(s.value)}>
            {s.label}
          </button>
        ))}
      </div>
      {unavailable ? <p>Les circuits de travail ne sont pas encore disponibles sur ce serveur.</p> : <LoadStatus loaded={tasks} what="Tâches indisponibles" />}
      {tasks.data && tasks.data.items.length === 0 && <p className="muted">Aucune tâche.</p>}
      <ul className="tasks">
        {tasks.data?.items.map((t) => {
          const overdue = t.overdue ?? (t.dueAt ? new Date(t.dueAt) < new Date() : false);
          return (
            <li key={t.id} className={overdue ? 'overdue' : undefined}>
              <Link href={`/taches/${t.id}`}>{t.title ?? t.name ?? 'Tâche'}</Link>
              {t.dossierName && <span> — {t.dossierName}</span>}
              {t.dueAt && (
                <span className={overdue ? 'badge level-danger' : 'badge'}>
                  {overdue ? 'En retard — ' : 'Échéance '}
                  {formatDateTime(t.dueAt)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
