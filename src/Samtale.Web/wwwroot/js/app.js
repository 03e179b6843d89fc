// Progressive enhancement only: every page works without this file.

// The service worker makes the citizen view installable and can drop cached data on sign-out.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { /* the app works without it */ });
}

// An enrolment QR code carries the code in the URL fragment, which never reaches the server or its logs.
const codeField = document.querySelector('input[data-fragment-code]');
if (codeField && !codeField.value && location.hash.startsWith('#code=')) {
  codeField.value = decodeURIComponent(location.hash.slice(6));
  history.replaceState(null, '', location.pathname);
}

// After sign-out, lock or revocation the page asks the worker to forget everything it cached.
if (document.body.dataset.clearCache === 'true' && navigator.serviceWorker?.controller) {
  navigator.serviceWorker.controller.postMessage({ type: 'clear' });
}
