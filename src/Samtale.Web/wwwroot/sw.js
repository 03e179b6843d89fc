// Samtale's service worker. It caches only the static shell (styles, scripts, icons) and an offline
// notice. Pages are never cached: they carry personal data and are sent with Cache-Control: no-store.
const SHELL = 'samtale-shell-v1';
const SHELL_FILES = ['/css/site.css', '/js/app.js', '/icons/samtale.svg', '/icons/samtale-192.png', '/offline.html'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline.html')));
    return;
  }
  const path = new URL(request.url).pathname;
  if (SHELL_FILES.includes(path)) {
    event.respondWith(caches.match(path).then((hit) => hit || fetch(request)));
  }
});

// A push says only that something is waiting; the text is fetched when the person opens Samtale.
self.addEventListener('push', (event) => {
  let data = { title: 'Samtale', body: 'Du har en ny besked', url: '/' };
  try { data = { ...data, ...event.data.json() }; } catch { /* keep the default */ }
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body, icon: '/icons/samtale-192.png', tag: 'samtale-new-message', data: { url: data.url },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  const target = url.origin === self.location.origin ? url.href : '/';
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((windows) => {
    const open = windows.find((w) => w.url.startsWith(self.location.origin));
    return open ? open.focus() : self.clients.openWindow(target);
  }));
});

// Sign-out, lock and device revocation: drop every cache, so the device keeps nothing readable.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'clear') {
    event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
  }
});
