import { AppError } from '@cordee/core';

/**
 * An archived dossier is sealed read-only (pde-domain.md § 8.2): every write is refused with 409
 * DOSSIER_ARCHIVED. Write paths check it up front for a clear answer; the database refuses it
 * anyway (triggers of migration 0011), whatever route or worker tries.
 */
export function assertNotArchived(dossier: { status: string }): void {
  if (dossier.status === 'archived') throw new AppError('DOSSIER_ARCHIVED', { detail: 'Le dossier a été archivé pour transmission au Conseil départemental : il ne peut plus être modifié.' });
}
