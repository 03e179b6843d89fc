// The pre-call check: each part gets "works" or "does not work", and the verdict says in plain words
// what matters most for the visit (no server is worse than no relay, no microphone worse than no camera).
const root = document.getElementById('precheck');
const signalR = window.signalR;

if (root && signalR) {
  const t = (name) => root.dataset['t' + name.charAt(0).toUpperCase() + name.slice(1)] || '';
  const video = document.getElementById('check-video');
  const verdict = document.getElementById('check-verdict');
  const results = {};
  let stream = null;

  const mark = (part, result) => {
    results[part] = result;
    const dd = document.getElementById('check-' + part);
    dd.dataset.result = result;
    dd.textContent = { ok: t('ok'), failed: t('failed'), 'not-set': t('notSet'), pending: t('checking'), unknown: t('unknown') }[result];
  };

  const judge = () => {
    if (['camera', 'microphone', 'server', 'relay'].some((p) => results[p] === 'pending')) return;
    const [text, level] =
      results.server === 'failed' ? [t('noServer'), 'error']
      : results.microphone === 'failed' ? [t('noMic'), 'error']
      : results.camera === 'failed' ? [t('noCamera'), 'warn']
      : results.relay === 'failed' ? [t('noRelay'), 'warn']
      : results.speaker === 'failed' ? [t('noSpeaker'), 'warn']
      : [t('ready'), 'ok'];
    verdict.textContent = text;
    verdict.className = 'alert ' + level;
    root.dataset.verdict = level;
  };

  async function devices() {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    } catch {
      try { stream = await navigator.mediaDevices.getUserMedia({ audio: true }); } catch { stream = null; }
    }
    const live = (kind) => !!stream && stream.getTracks().some((x) => x.kind === kind && x.readyState === 'live');
    mark('camera', live('video') ? 'ok' : 'failed');
    mark('microphone', live('audio') ? 'ok' : 'failed');
    video.srcObject = live('video') ? stream : null;
  }

  // The relay works if the browser gets a relay candidate from it with the credentials Samtale minted.
  async function relay(ticket) {
    const turn = (ticket.iceServers || []).filter((s) => s.urls.some((u) => u.startsWith('turn')));
    if (turn.length === 0) return 'not-set';
    const pc = new RTCPeerConnection({
      iceServers: turn.map((s) => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
      iceTransportPolicy: 'relay',
    });
    try {
      const found = new Promise((resolve) => {
        pc.onicecandidate = (e) => {
          if (e.candidate && / typ relay /.test(e.candidate.candidate)) resolve('ok');
          if (!e.candidate) resolve('failed');
        };
        setTimeout(() => resolve('failed'), 8000);
      });
      pc.createDataChannel('check');
      await pc.setLocalDescription(await pc.createOffer());
      return await found;
    } finally {
      pc.close();
    }
  }

  async function network() {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/calls', { transport: signalR.HttpTransportType.WebSockets | signalR.HttpTransportType.LongPolling })
      .build();
    try {
      await connection.start();
      const ticket = await connection.invoke('CheckRelay');
      mark('server', 'ok');
      mark('relay', await relay(ticket));
    } catch {
      if (results.server !== 'ok') mark('server', 'failed');
      mark('relay', 'failed');
    } finally {
      connection.stop().catch(() => {});
    }
  }

  async function run() {
    for (const part of ['camera', 'microphone', 'server', 'relay']) mark(part, 'pending');
    if (!results.speaker) mark('speaker', 'unknown');
    verdict.textContent = t('checking');
    verdict.className = 'alert';
    await Promise.all([devices(), network()]);
    judge();
  }

  const heard = document.getElementById('heard-it');
  const notHeard = document.getElementById('did-not-hear');
  document.getElementById('play-sound').addEventListener('click', () => {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = 660;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 1);
    tone.onended = () => audio.close();
    heard.hidden = false;
    notHeard.hidden = false;
  });
  heard.addEventListener('click', () => { mark('speaker', 'ok'); judge(); });
  notHeard.addEventListener('click', () => { mark('speaker', 'failed'); judge(); });
  document.getElementById('check-again').addEventListener('click', run);
  window.addEventListener('pagehide', () => { if (stream) for (const track of stream.getTracks()) track.stop(); });

  run();
}
