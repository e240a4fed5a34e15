import { putSettings } from '../../../core/use-cases/settings.js';
import { SettingsInput } from '../../../core/schemas/settings.js';
import { defineRoute, json, type ApiRoute } from '../route.js';

const SettingsDocument = SettingsInput.meta({ id: 'Settings' });

export const settingsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/settings',
    summary: 'Company settings: the fiscal year start month that quarters and years follow, and what managers may change',
    tag: 'settings',
    responses: { 200: { description: 'the settings in force (January until set)', schema: SettingsDocument } },
    action: async (_request, adapters) => json(200, await adapters.settings.get()),
  }),
  defineRoute({
    method: 'PUT',
    path: '/settings',
    summary: 'Replace the company settings (admins)',
    tag: 'settings',
    body: SettingsInput,
    responses: { 200: { description: 'the settings now in force', schema: SettingsDocument } },
    action: async ({ body, access }, adapters) => json(200, await putSettings(adapters, access, body)),
  }),
];
