/** Code-unit order, not locale order, so the same data gives the same lists on every host. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
