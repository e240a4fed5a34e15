import { StageConfiguration } from '#core/organisation/stage.js';
import { putStageConfiguration, stageConfigurationInForce } from '#core/organisation/stage-configuration.js';
import { type ApiRoute, defineRoute, json } from '../api/route-definition.js';
import { StageConfigurationDocument } from './organisation-documents.js';

export const stageRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/stages',
    operationId: 'getStageConfiguration',
    summary: 'The stage configuration (the default until one is written)',
    tag: 'organisation',
    responses: { 200: { description: 'the stages in funnel order', schema: StageConfigurationDocument } },
    action: async (_request, adapters) => json(200, await stageConfigurationInForce(adapters.configurations)),
  }),
  defineRoute({
    method: 'PUT',
    path: '/stages',
    operationId: 'putStageConfiguration',
    summary: 'Replace the stage configuration; removing a stage still in use is refused',
    tag: 'organisation',
    body: StageConfiguration,
    responses: { 200: { description: 'the configuration now in force', schema: StageConfigurationDocument } },
    problems: [409],
    action: async ({ body, access }, adapters) => json(200, (await putStageConfiguration(adapters, access, body)).record),
  }),
];
