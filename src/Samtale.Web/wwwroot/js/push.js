// Subscribes this browser to Web Push with the installation's VAPID key and registers the
// subscription with Samtale. The pushes carry no content: the service worker shows "new message".
const section = document.getElementById('push-setup');
const button = document.getElementById('push-enable');
const status = document.getElementById('push-status');

const base64UrlToBytes = (text) => {
  const padded = (text + '='.repeat((4 - (text.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
};

if (section && button) {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    button.disabled = true;
    status.textContent = section.dataset.tOff;
  }

  button.addEventListener('click', async () => {
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        status.textContent = section.dataset.tDenied;
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const { publicKey } = await (await fetch('/api/push/key', { credentials: 'same-origin' })).json();
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes(publicKey),
      });
      const json = subscription.toJSON();
      const response = await fetch('/api/push/subscriptions', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ endpoint: json.endpoint, keys: json.keys }),
      });
      status.textContent = response.ok ? section.dataset.tOn : section.dataset.tOff;
    } catch {
      status.textContent = section.dataset.tOff;
    }
  });
}
