/**
 * Navigation inside the one page: a link is a real `<a href="/?view=…">` (it opens in a new
 * tab, can be copied, works without this script's help), and a plain click on it pushes the
 * URL and renders the new state instead of reloading the page. Back and forward re-render
 * from the URL (popstate).
 */
import { h } from './dom/elements.js';

/** True for a click the browser should handle itself: a modifier key, another button, a target. */
function isSpecialClick(event: MouseEvent): boolean {
  return event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.defaultPrevented;
}

export function routerLink(href: string, navigate: (href: string) => void, ...children: (Node | string)[]): HTMLAnchorElement {
  const link = h('a', { href }, ...children);
  link.addEventListener('click', (event) => {
    if (isSpecialClick(event)) return;
    event.preventDefault();
    navigate(href);
  });
  return link;
}

export interface Router {
  /** Pushes a new URL and renders it. */
  navigate(href: string): void;
  /** Replaces the current URL (a canonical form of the same state) without rendering. */
  replace(href: string): void;
  start(): void;
}

export function createRouter(render: (search: string, cause: 'start' | 'push' | 'pop') => void): Router {
  return {
    navigate: (href) => {
      const url = new URL(href, location.href);
      if (url.origin !== location.origin) {
        location.assign(url.href);
        return;
      }
      if (`${url.pathname}${url.search}` !== `${location.pathname}${location.search}`) history.pushState(null, '', url.href);
      render(url.search, 'push');
    },
    replace: (href) => history.replaceState(null, '', href),
    start: () => {
      window.addEventListener('popstate', () => render(location.search, 'pop'));
      render(location.search, 'start');
    },
  };
}
