import { useEffect } from 'react';
import { DossierPage } from '../dossiers/DossierPage';
import { SearchPage } from '../dossiers/SearchPage';
import { NewSubmissionPage, SubmissionPage } from '../forms/FormPages';
import { DemoBanner } from '../layout/DemoBanner';
import { Shell } from '../layout/Shell';
import { AccessLogPage } from '../portal/AccessLogPage';
import { PortalPage } from '../portal/PortalPage';
import { ExpiredDialog, LoginForm } from '../session/LoginForm';
import { PasswordChangePage } from '../session/PasswordChangePage';
import { useSession } from '../session/session';
import { navigate, match, usePath } from './router';
import { TaskPage } from '../tasks/TaskPage';
import { TasksPage } from '../tasks/TasksPage';
import { messageRoute } from '../messages/routes';
import { TransmissionsPage } from '../daily/TransmissionsPage';
import { PresencesPage } from '../daily/PresencesPage';
import { DossierAgendaPage, MyAgendaPage, UnitAgendaPage } from '../daily/AgendaPage';

function Routes({ path, portal }: { path: string; portal: boolean }) {
  let m: Record<string, string> | null;
  const messages = messageRoute(path);
  if (messages) return messages;
  if (portal) {
    if ((m = match('/saisies/:id', path))) return <SubmissionPage submissionId={m.id!} />;
    return <PortalPage />;
  }
  if ((m = match('/dossiers/:id/saisir/:kind/:key', path)) && (m.kind === 'form' || m.kind === 'grid')) return <NewSubmissionPage dossierId={m.id!} kind={m.kind} formKey={m.key!} />;
  if ((m = match('/dossiers/:id/acces', path))) return <AccessLogPage dossierId={m.id!} />;
  if ((m = match('/dossiers/:id/agenda', path))) return <DossierAgendaPage dossierId={m.id!} path={path} />;
  if ((m = match('/dossiers/:id', path))) return <DossierPage dossierId={m.id!} />;
  if ((m = match('/saisies/:id', path))) return <SubmissionPage submissionId={m.id!} />;
  if (match('/taches', path)) return <TasksPage />;
  if ((m = match('/taches/:id', path))) return <TaskPage taskId={m.id!} />;
  if (match('/transmissions', path)) return <TransmissionsPage />;
  if (match('/agenda', path)) return <UnitAgendaPage path={path} />;
  if (match('/mon-agenda', path)) return <MyAgendaPage path={path} />;
  if (match('/presences', path)) return <PresencesPage path={path} />;
  return <SearchPage path={path} />;
}

export function App() {
  const session = useSession();
  const path = usePath();
  useEffect(() => {
    if (session.portal && !path.startsWith('/portail') && !path.startsWith('/saisies/') && !path.startsWith('/messages')) navigate('/portail', true);
  }, [session.portal, path]);
  useEffect(() => {
    document.title = session.me ? 'Cordée' : 'Connexion — Cordée';
  }, [session.me]);
  return (
    <>
      {session.demoMode && <DemoBanner />}
      {session.loading ? (
        <p aria-live="polite">Chargement…</p>
      ) : session.me?.passwordChangeRequired ? (
        <PasswordChangePage />
      ) : session.me ? (
        <Shell path={path}>
          <Routes path={path} portal={session.portal} />
        </Shell>
      ) : (
        <main id="main" className="login-page">
          <LoginForm heading="Connexion à Cordée" />
        </main>
      )}
      {session.expired && <ExpiredDialog />}
    </>
  );
}
