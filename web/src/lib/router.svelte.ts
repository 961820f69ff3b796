/** A small path router: the URL is the source of truth; back and forward restore the view. */
export class Router {
  path = $state(location.pathname);
  search = $state(location.search);

  constructor() {
    addEventListener('popstate', () => {
      this.path = location.pathname;
      this.search = location.search;
    });
  }

  go(path: string, replace = false): void {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    const u = new URL(path, location.origin);
    this.path = u.pathname;
    this.search = u.search;
  }
}
export const router = new Router();
