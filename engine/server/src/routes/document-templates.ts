import { listArtefacts } from '@cordee/db';
import type { DocumentTemplateList } from '@cordee/metadata/generated/api/document-template-list';
import type { AppDeps } from '../deps';
import { newDocumentSubject } from '../documents/subjects';
import { canOn } from '../http/authorize';
import { route, type RouteSpec } from '../http/route';
import { effectiveFor } from '../metadata/effective';
import { readableDossier } from './dossier-overview';

type Signatory = DocumentTemplateList['items'][number]['signatories'][number];

/** `GET /api/dossiers/{id}/document-templates`: what the documents panel offers — only the templates the user may produce for this dossier. */
export function documentTemplateRoutes(deps: AppDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/dossiers/:id/document-templates',
      summary: 'Les modèles de document que l’on peut produire pour ce dossier, selon les habilitations (les autres ne sont pas proposés)',
      tags: ['Documents'],
      access: { action: 'read', subject: 'Dossier' },
      response: 'api/document-template-list',
      handler: async ({ ctx, params }): Promise<DocumentTemplateList> => {
        const dossier = await readableDossier(deps, ctx, params.id!, 'document.templates.read');
        const items: DocumentTemplateList['items'] = [];
        for (const template of await listArtefacts(deps.db, 'template')) {
          if (!template.latestVersion || !canOn(ctx, 'create', 'Document', newDocumentSubject(dossier, template.key))) continue;
          const effective = await effectiveFor(deps, 'template', template.key, dossier.establishmentId);
          const content = effective.content as { title?: string; form?: string; signatories?: Signatory[] };
          items.push({ key: template.key, title: content.title ?? template.key, version: effective.baseVersion, form: content.form ?? null, signatories: content.signatories ?? [] });
        }
        return { items };
      },
    }),
  ];
}
