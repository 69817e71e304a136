import type { Loaded } from './useLoad';

/** Loading and error states of a loaded block, in French, announced to screen readers. */
export function LoadStatus({ loaded, what }: { loaded: Pick<Loaded<unknown>, 'loading' | 'error'>; what: string }) {
  if (loaded.error) {
    return (
      <p className="error" role="alert">
        {what} : {loaded.error.message}
      </p>
    );
  }
  if (loaded.loading) return <p aria-live="polite">Chargement…</p>;
  return null;
}
