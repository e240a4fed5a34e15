/** 'monthly' -> 'Monthly': construct ids are PascalCase, from lower-case names. */
export function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
