/**
 * The app's only DOM helper: create an element with its attributes, listeners and
 * children in one expression. The dashboard has a handful of screens and no shared
 * reactive state (the URL is the state and each navigation renders the view anew), so a
 * UI framework would add weight to the first paint and little else.
 */

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  /** Attributes; `false`, null and undefined leave one out, `true` sets it empty. */
  readonly [attribute: string]: string | number | boolean | null | undefined | ((event: Event) => void);
}

/**
 * `h('button', { type: 'button', onclick: () => … }, 'Table')`. Props starting with `on`
 * and holding a function are listeners; `class` and every other name are attributes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') {
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      continue;
    }
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
