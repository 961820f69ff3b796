// capsim service worker: once a page has been loaded, it works offline. The app's files are cached as
// they are fetched (hashed names, so cache-first is safe). Shared versions (/api/shared/<shareId>) go to
// the network first, so that a withdrawal reaches every viewer, and are kept only as an offline copy: a 410
// or 404 evicts it. Everything else (the app shell, other API calls) goes to the network first.
const CACHE = 'capsim-v2';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.add('/')).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  // Older caches (capsim-v1 kept versions cache-first, for ever) are dropped.
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

const hashedAsset = (url) => url.pathname.startsWith('/assets/');
const sharedVersion = (url) => /^\/api\/shared\/[A-Za-z0-9_-]+$/.test(url.pathname);

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin) return;
  if (hashedAsset(url)) {
    event.respondWith(
      caches.match(event.request).then((hit) => hit || fetch(event.request).then((res) => {
        // Clone now: by the time the cache opens, the page may have read the body.
        if (res.ok) { const copy = res.clone(); event.waitUntil(caches.open(CACHE).then((c) => c.put(event.request, copy))); }
        return res;
      })),
    );
    return;
  }
  if (sharedVersion(url)) {
    event.respondWith(
      fetch(event.request).then((res) => {
        if (res.ok) { const copy = res.clone(); event.waitUntil(caches.open(CACHE).then((c) => c.put(event.request, copy))); }
        else if (res.status === 410 || res.status === 404) event.waitUntil(caches.open(CACHE).then((c) => c.delete(event.request)));
        return res;
      }).catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/api/')) return;
  // Pages: the network first, the cached shell when offline (the app routes /s/:id/:v itself).
  event.respondWith(
    fetch(event.request).then((res) => {
      if (res.ok && event.request.mode === 'navigate') { const copy = res.clone(); event.waitUntil(caches.open(CACHE).then((c) => c.put('/', copy))); }
      return res;
    }).catch(() => caches.match('/')),
  );
});
