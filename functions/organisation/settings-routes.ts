import { putSettings, settingsOf } from '#core/organisation/put-settings.js';
import { SettingsInput } from '#core/organisation/settings.js';
import { type ApiRoute, defineRoute, etagOf, json } from '../api/route-definition.js';

const SettingsDocument = SettingsInput.meta({ id: 'Settings' });

const ETAG = { etag: 'the version of the settings, for If-Match; absent until they are first written' };

/** The version travels as the ETag, so the body is what a PUT accepts back. */
function versionHeaders(version: number): Record<string, string> {
  return version > 0 ? { etag: etagOf(version) } : {};
}

export const settingsRoutes: ApiRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/settings',
    operationId: 'getSettings',
    summary:
      'Company settings: the fiscal year start month that quarters and years follow, what managers may change, and the currency and locale every signed-in user formats money with',
    tag: 'organisation',
    responses: {
      200: { description: 'the settings in force (January, GBP and en-GB until set)', schema: SettingsDocument, headers: ETAG },
    },
    action: async (_request, adapters) => {
      const settings = await adapters.settings.get();
      return json(200, settingsOf(settings), versionHeaders(settings.version));
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/settings',
    operationId: 'putSettings',
    summary: 'Replace the company settings (admins; If-Match for optimistic concurrency, a concurrent change is 409)',
    tag: 'organisation',
    body: SettingsInput,
    conditional: true,
    responses: { 200: { description: 'the settings now in force', schema: SettingsDocument, headers: ETAG } },
    problems: [409],
    action: async ({ body, ifMatch, access }, adapters) => {
      const settings = await putSettings(adapters, access, body, ifMatch);
      return json(200, settingsOf(settings), versionHeaders(settings.version));
    },
  }),
];
