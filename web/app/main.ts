/**
 * The dashboard's entry point: reads /config.json, sets up the sign-in it names (the local
 * sign-in of `npm start`, or an OpenID provider such as Cognito, whose client is loaded only
 * then), and starts the app. Everything else (ECharts above all) is loaded when first needed,
 * so the first paint waits for this small module and its stylesheet only.
 */
import './styles/app.css';
import { createApiClient } from './api/api-client.js';
import { DashboardApp, type Session } from './app.js';
import { createLocalSession } from './auth/local-session.js';
import { loadConfig } from './config.js';
import { h, replaceChildren } from './dom/elements.js';

async function start(root: HTMLElement): Promise<void> {
  const config = await loadConfig();
  let session: Session;
  if (config.auth.kind === 'local') {
    const signInApi = createApiClient({ baseUrl: config.apiUrl, idToken: async () => null, anonymous: true });
    session = createLocalSession(signInApi);
  } else {
    const { createOidcSession } = await import('./auth/oidc-session.js');
    session = await createOidcSession(config.auth);
  }
  await new DashboardApp(root, config, session).start();
}

const root = document.getElementById('app');
if (root) {
  start(root).catch((error: unknown) => {
    document.body.dataset.view = 'error';
    replaceChildren(
      root,
      h(
        'main',
        { id: 'main', 'data-busy': 'false' },
        h('h1', {}, 'The dashboard could not start'),
        h('p', { role: 'alert' }, error instanceof Error ? error.message : String(error)),
        h('button', { type: 'button', onclick: () => location.reload() }, 'Try again'),
      ),
    );
  });
}
