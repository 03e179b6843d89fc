// Live conversation: sends over SignalR with a client key, shows each message as sending → sent →
// delivered → read, and resends whatever was not acknowledged when the connection comes back.
// The page works without this file (plain form posts); this only makes it live.
const chat = document.getElementById('chat');
const signalR = window.signalR;

if (chat && signalR) {
  const conversationId = chat.dataset.conversation;
  const me = chat.dataset.me;
  const mySide = chat.dataset.side;
  const t = (name) => chat.dataset['t' + name.charAt(0).toUpperCase() + name.slice(1)];
  const list = document.getElementById('messages');
  const form = document.getElementById('composer');
  const textarea = form.querySelector('textarea');
  const connectionNote = document.getElementById('chat-connection');
  const lang = document.documentElement.lang || 'da';
  const zone = { timeZone: 'Europe/Copenhagen' };
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'short', ...zone });
  const clockFormat = new Intl.DateTimeFormat(lang, { timeStyle: 'short', ...zone });
  // The same shape as the server's times ("25.11.2026 19.20"), so live and reloaded messages match.
  const timeFormat = { format: (d) => `${dateFormat.format(d)} ${clockFormat.format(d)}` };

  // Messages typed but not yet acknowledged, by client key. Kept in memory only: nothing the
  // citizen wrote is left in the browser's storage.
  const pending = new Map();
  let markers = { citizenDelivered: 0, citizenRead: 0, staffDelivered: 0, staffRead: 0 };

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/chat', { transport: signalR.HttpTransportType.WebSockets | signalR.HttpTransportType.LongPolling })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 20000, 30000])
    .build();

  const newestId = () => {
    const ids = [...list.querySelectorAll('li[data-id]')].map((li) => Number(li.dataset.id)).filter((n) => n > 0);
    return ids.length ? Math.max(...ids) : 0;
  };

  const statusOf = (id) => {
    const [read, delivered] = mySide === 'Citizen'
      ? [markers.staffRead, markers.staffDelivered]
      : [markers.citizenRead, markers.citizenDelivered];
    return id <= read ? t('read') : id <= delivered ? t('delivered') : t('sent');
  };

  // Builds the same markup as the server's _Conversation partial, with text set as text, never as HTML.
  const render = (m, state) => {
    const mine = m.senderId === me;
    const li = document.createElement('li');
    li.className = 'msg ' + (mine ? 'mine' : 'theirs');
    li.dataset.key = m.clientKey;
    if (m.id) li.dataset.id = String(m.id);
    const parts = [];
    if (m.text) {
      const bubble = document.createElement('p');
      bubble.className = 'bubble';
      bubble.textContent = m.text;
      parts.push(bubble);
    }
    for (const a of m.attachments || []) {
      const p = document.createElement('p');
      p.className = 'file';
      const link = document.createElement('a');
      link.href = `/api/attachments/${a.id}`;
      if (a.hasPreview) {
        const img = document.createElement('img');
        img.src = `/api/attachments/${a.id}/preview`;
        img.alt = t('photo').replace('{0}', a.name);
        img.className = 'preview';
        link.append(img);
      } else {
        link.className = 'doc';
        link.textContent = a.name;
      }
      p.append(link);
      parts.push(p);
    }
    if (m.uploading) {
      const p = document.createElement('p');
      p.className = 'bubble muted';
      p.textContent = m.uploading;
      parts.push(p);
    }
    const meta = document.createElement('p');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = mine ? t('you') : m.senderName;
    const time = document.createElement('time');
    const sent = m.sentAt ? new Date(m.sentAt) : new Date();
    time.dateTime = sent.toISOString();
    time.textContent = timeFormat.format(sent);
    meta.append(who, ' · ', time);
    if (m.isAutoReply) {
      const tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = t('autoReply');
      meta.append(' · ', tag);
    }
    if (mine) {
      const status = document.createElement('span');
      status.className = 'status';
      status.textContent = state || statusOf(m.id);
      meta.append(' · ', status);
    }
    // Staff see every message's journal state; a message that just arrived is waiting for the case system.
    if (mySide === 'Staff' && m.id && m.journal) {
      const journal = document.createElement('span');
      journal.className = 'journal';
      journal.dataset.journal = m.journal;
      journal.textContent = t('journal' + m.journal.charAt(0).toUpperCase() + m.journal.slice(1));
      meta.append(' · ', journal);
    }
    li.append(...parts, meta);
    return li;
  };

  const upsert = (m, state) => {
    document.getElementById('chat-empty')?.remove();
    const existing = list.querySelector(`li[data-key="${CSS.escape(m.clientKey)}"]`)
      || (m.id ? list.querySelector(`li[data-id="${m.id}"]`) : null);
    // Confirming one's own message changes its id and status in place: replacing the element would
    // make screen readers announce the same message a second time.
    if (existing && existing.classList.contains('mine') && m.id && !m.uploading && existing.querySelector('.bubble, .file')) {
      const sameContent = (existing.querySelector('.bubble')?.textContent || '') === (m.text || '')
        && existing.querySelectorAll('.file').length === (m.attachments || []).length;
      if (sameContent) {
        existing.dataset.id = String(m.id);
        const status = existing.querySelector('.status');
        if (status) status.textContent = state || statusOf(m.id);
        return;
      }
    }
    const li = render(m, state);
    if (existing) existing.replaceWith(li); else list.append(li);
    li.scrollIntoView({ block: 'end' });
  };

  const refreshStatuses = () => {
    list.querySelectorAll('li.mine[data-id]').forEach((li) => {
      const status = li.querySelector('.status');
      if (status) status.textContent = statusOf(Number(li.dataset.id));
    });
  };

  const markRead = () => {
    const upTo = newestId();
    if (upTo > 0 && document.visibilityState === 'visible' && connection.state === 'Connected') {
      connection.invoke('MarkRead', conversationId, upTo).catch(() => {});
    }
  };

  const send = async (clientKey) => {
    const item = pending.get(clientKey);
    if (!item) return;
    try {
      const ack = await connection.invoke('Send', { conversationId, clientKey, text: item.text });
      pending.delete(clientKey);
      upsert({ id: ack.messageId, clientKey, senderId: me, text: item.text, sentAt: ack.sentAt });
    } catch (err) {
      const reason = String(err && err.message || '');
      if (reason.includes('not-found') || reason.includes('session-ended')) {
        gone();
        return;
      }
      upsert({ clientKey, senderId: me, text: item.text }, t('failed'));
    }
  };

  // Fills whatever arrived while the connection was down, and notices a conversation that was closed.
  const catchUp = async () => {
    const response = await fetch(`/api/conversations/${conversationId}/messages?limit=50`, { credentials: 'same-origin' });
    if (response.status === 404 || response.status === 401) {
      gone();
      return;
    }
    if (!response.ok) return;
    const page = await response.json();
    markers = page.markers;
    page.messages.forEach((m) => { if (!pending.has(m.clientKey)) upsert(m); });
    refreshStatuses();
  };

  const gone = () => {
    connection.stop();
    list.replaceChildren();
    form.remove();
    connectionNote.textContent = t('gone');
  };

  connection.on('MessageReceived', (m) => {
    if (m.conversationId !== conversationId) return;
    if (m.senderId === me && pending.has(m.clientKey)) return;
    upsert(m);
    if (m.senderId !== me) {
      // On screen it is read; in a background tab it has at least reached this device.
      if (document.visibilityState === 'visible') markRead();
      else connection.invoke('MarkDelivered', conversationId, m.id).catch(() => {});
    }
  });

  connection.on('MarkersMoved', (id, moved) => {
    if (id !== conversationId) return;
    markers = moved;
    refreshStatuses();
  });

  const sessionGone = async () => {
    try {
      return (await fetch('/api/me', { credentials: 'same-origin' })).status === 401;
    } catch {
      return false; // offline: the session may be fine
    }
  };

  connection.onreconnecting(async () => {
    connectionNote.textContent = t('offline');
    if (await sessionGone()) {
      gone();
      location.replace('/');
    }
  });
  connection.onreconnected(async () => {
    connectionNote.textContent = '';
    await catchUp();
    for (const key of [...pending.keys()]) await send(key);
    markRead();
  });
  // The server closes the connection when the session ends (sign-out, lock, revoked device, 24 hours).
  // If that is why, nothing of the conversation may stay on screen.
  connection.onclose(async () => {
    if (!form.isConnected) return;
    connectionNote.textContent = t('offline');
    if (await sessionGone()) {
      gone();
      location.replace('/');
    }
  });

  const fileInput = form.querySelector('input[type=file]');
  const chosen = document.getElementById('chosen-file');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files[0];
    chosen.textContent = file ? file.name : '';
    chosen.classList.remove('field-error');
    if (file && file.size > Number(form.dataset.maxBytes)) {
      chosen.textContent = form.dataset.tTooLarge;
      chosen.classList.add('field-error');
      fileInput.value = '';
    }
  });

  // A file goes over HTTP; the answer is the committed message. The browser marks the request
  // same-origin (Sec-Fetch-Site), which the server requires of every state-changing request.
  const upload = async (clientKey, text, file) => {
    const data = new FormData();
    data.append('file', file);
    data.append('clientKey', clientKey);
    data.append('text', text);
    data.append('__RequestVerificationToken', form.querySelector('input[name=__RequestVerificationToken]').value);
    upsert({ clientKey, senderId: me, text, uploading: file.name }, t('sending'));
    let response;
    try {
      response = await fetch(`/api/conversations/${conversationId}/attachments`, { method: 'POST', body: data, credentials: 'same-origin' });
    } catch {
      response = null;
    }
    if (response && response.ok) {
      upsert(await response.json());
      return;
    }
    // Nothing was stored: give the person back what they wrote so they can try again.
    list.querySelector(`li[data-key="${CSS.escape(clientKey)}"]`)?.remove();
    if (!textarea.value) textarea.value = text;
    const restore = new DataTransfer();
    restore.items.add(file);
    fileInput.files = restore.files;
    let message = t('failed');
    if (!response) {
      chosen.textContent = t('offline');
      chosen.classList.add('field-error');
      return;
    }
    try {
      const problem = await response.json();
      message = Object.values(problem.errors || {}).flat()[0] || problem.title || message;
    } catch { /* not JSON */ }
    chosen.textContent = message;
    chosen.classList.add('field-error');
  };

  form.addEventListener('submit', (event) => {
    if (connection.state !== 'Connected') return; // the plain form post still works
    event.preventDefault();
    const text = textarea.value.trim();
    const file = fileInput.files[0];
    if (file) {
      const clientKey = crypto.randomUUID();
      textarea.value = '';
      fileInput.value = '';
      chosen.textContent = '';
      upload(clientKey, text, file);
      return;
    }
    if (!text) return;
    const clientKey = crypto.randomUUID();
    pending.set(clientKey, { text });
    upsert({ clientKey, senderId: me, text }, t('sending'));
    textarea.value = '';
    send(clientKey);
  });

  // Enter sends, Shift+Enter makes a new line: what people expect from a chat.
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.addEventListener('visibilitychange', markRead);

  connection.start()
    .then(async () => { await catchUp(); markRead(); })
    .catch(() => { connectionNote.textContent = t('offline'); });
}
