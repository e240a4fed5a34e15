/**
 * The compile-time check at the bottom of the documents files: a response schema that mirrors
 * a core result type makes the compiler fail if it drifts from it.
 */

/** Compile-time only: schema and core type must be assignable both ways (readonly aside). */
export type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;
export type SameShape<Core, Schema> = [Writable<Core>] extends [Schema] ? ([Schema] extends [Writable<Core>] ? true : false) : false;
