/**
 * A port whose store module loads on first use. The API Lambda builds every port at cold
 * start (composition-root.ts), but a store that only lazily loaded routes call (the pipeline,
 * time travel, imports, leads, ...) need not be in its entry chunk: `load` dynamic-imports
 * the module and builds the store on the first method call, and every later call shares it.
 * Only a port whose every method returns a Promise can wait for that, which the type checks.
 */

/** A port of methods only, each returning a Promise. */
export type AsyncPort<T> = { readonly [K in keyof T]: (...args: never[]) => Promise<unknown> };

/**
 * `load` runs once, on the first method call; a failed load is not kept (that call rejects,
 * the next one tries again). The returned object has every method of the port; it is not
 * thenable (awaiting it gives itself), and it has no other properties.
 */
export function lazyPort<T extends AsyncPort<T>>(load: () => Promise<T>): T {
  let pending: Promise<T> | undefined;
  const loaded = (): Promise<T> => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as T, {
    get(_target, name) {
      // Not a method of any port: `await port` must not take it for a promise.
      if (typeof name !== 'string' || name === 'then') return undefined;
      let method = methods.get(name);
      if (!method) {
        method = async (...args: unknown[]) => {
          const port = (await loaded()) as Record<string, unknown>;
          const target = port[name];
          if (typeof target !== 'function') throw new TypeError(`the lazily loaded port has no method '${name}'`);
          return target.apply(port, args);
        };
        methods.set(name, method);
      }
      return method;
    },
  });
}
