// Placeholder: the reconcile handler is being written (createReconcileHandler + handler).
export const handler = async (): Promise<{ drift: number }> => ({ drift: 0 });
