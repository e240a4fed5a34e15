/** Lambda entry of the reconcile command: invoke with `{"repair": true}` to repair drift. */
import { dependenciesFromEnvironment } from '../shared/dependencies.js';
import { createReconcileHandler, type ReconcileHandler } from './reconcile-handler.js';

export const handler: ReconcileHandler = createReconcileHandler(dependenciesFromEnvironment());
