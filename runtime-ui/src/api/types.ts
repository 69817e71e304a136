/** The API's bodies, as the server's JSON Schemas define them (type-only: the UI reaches the server over HTTP). */
export type { Attachment } from '@cordee/metadata/generated/api/attachment';
export type { Document } from '@cordee/metadata/generated/api/document';
export type { DocumentList } from '@cordee/metadata/generated/api/document-list';
export type { DocumentTemplateList } from '@cordee/metadata/generated/api/document-template-list';
export type { AccessLogPage } from '@cordee/metadata/generated/api/access-log-page';
export type { Dossier } from '@cordee/metadata/generated/api/dossier';
import type { DossierList } from '@cordee/metadata/generated/api/dossier-list';
export type { DossierList };
export type { DossierSynthesis } from '@cordee/metadata/generated/api/dossier-synthesis';
export type { DossierTimeline } from '@cordee/metadata/generated/api/dossier-timeline';
export type { EstablishmentTree } from '@cordee/metadata/generated/api/establishment-tree';
export type { Me } from '@cordee/metadata/generated/api/me';
export type { Submission } from '@cordee/metadata/generated/api/submission';
export type { SubmissionList } from '@cordee/metadata/generated/api/submission-list';
export type { SubmissionRevisions } from '@cordee/metadata/generated/api/submission-revisions';
export type { UserTask } from '@cordee/metadata/generated/api/user-task';
export type { TaskList } from '@cordee/metadata/generated/api/task-list';
export type { TaskCompleteResponse } from '@cordee/metadata/generated/api/task-complete-response';

export type DossierListItem = DossierList['items'][number];

/** `GET /api/metadata/{kind}/{key}/effective`: what the establishment's users fill. */
export interface EffectiveArtefact {
  kind: string;
  key: string;
  hash: string;
  baseVersion: string;
  content: { title?: string; description?: string; schema: Record<string, unknown>; uiSchema?: Record<string, unknown>; [k: string]: unknown };
  /** With `dossier=`: the fields not to render, and those to render read-only, for this user. */
  hiddenPaths?: string[];
  readOnlyPaths?: string[];
}

export interface Issue {
  path: string;
  message: string;
}
export type { FormFeed } from '@cordee/metadata/generated/api/form-feed';
export type { SubmissionReaders } from '@cordee/metadata/generated/api/submission-readers';
export type { PortalAccount } from '@cordee/metadata/generated/api/portal-account';
export type { PortalAccountList } from '@cordee/metadata/generated/api/portal-account-list';
export type { PortalAccountCreated } from '@cordee/metadata/generated/api/portal-account-created';
