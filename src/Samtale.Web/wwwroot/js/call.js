// A screen visit in the browser: WebRTC with standard APIs only (Chromium, Firefox, Safari on iOS and
// Android), signalled over /hubs/calls. The caller makes the offer once the other side answers; ICE
// candidates trickle both ways. Media never passes through Samtale, only through the TURN relay when
// a direct path is blocked or the installation forces relay.
//
// A planned visit is a small mesh (up to four): one RTCPeerConnection per other participant, addressed
// by participant id (OfferTo/AnswerTo/IceTo). Whoever is already in the call offers to a newcomer, so two
// sides never offer to each other at once. A ring call keeps one peer and the plain Offer/Answer/Ice.
const root = document.getElementById('call');
const signalR = window.signalR;

if (root && signalR) {
  const t = (name) => root.dataset['t' + name.charAt(0).toUpperCase() + name.slice(1)] || '';
  const statusLine = document.getElementById('call-status');
  const qualityLine = document.getElementById('call-quality');
  const notice = document.getElementById('call-notice');
  const localVideo = document.getElementById('local-video');
  const remoteVideo = document.getElementById('remote-video');
  const tiles = remoteVideo.closest('.tiles');
  const localBox = localVideo.closest('.tile-box');
  const buttons = {
    mute: document.getElementById('btn-mute'),
    camera: document.getElementById('btn-camera'),
    switchCamera: document.getElementById('btn-switch'),
    share: document.getElementById('btn-share'),
    audio: document.getElementById('btn-audio'),
    hangUp: document.getElementById('btn-hangup'),
  };

  const withId = root.dataset.with || null;
  const visitId = root.dataset.visit || null;
  const isStaff = root.dataset.staff === 'true';
  // In a planned visit the staff member lets the citizen in and then makes the offer, as a caller does.
  const isCaller = withId !== null || (visitId !== null && isStaff);
  const knocks = document.getElementById('knocks');
  let callId = root.dataset.call || null;
  let ticket = null;
  // One entry per remote participant: its id (or 'peer' in a ring call), name, connection and tile.
  const peers = new Map();
  let myId = null;
  const names = new Map();
  const pendingJoins = [];
  let remoteVideoOwner = null;
  let localStream = new MediaStream();
  let cameraTrack = null;
  let screenTrack = null;
  let facing = 'user';
  let audioOnly = false;
  let audioOnlyByHand = false;
  let poorSamples = 0;
  let ended = false;
  let lastInbound = null;

  const setState = (state, text) => {
    root.dataset.state = state;
    if (text) statusLine.textContent = text;
  };
  const showNotice = (text) => {
    notice.textContent = text;
    notice.hidden = !text;
  };

  // Stateful reconnect keeps the connection id across a dropped socket (a phone moving from Wi-Fi to
  // mobile data), so the server still knows this connection as a party of the call.
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/calls', { transport: signalR.HttpTransportType.WebSockets | signalR.HttpTransportType.LongPolling })
    .withStatefulReconnect()
    .withAutomaticReconnect([0, 1000, 2000, 4000])
    .build();
  let connectionId = null;

  // The server answers refusals with a HubException whose message ends in the reason's key.
  const reasonOf = (error) => {
    const m = /(not-found|not-open|calls-off|unavailable|busy|full|rate-limited|sdp-too-large|ice-too-large)/.exec(String(error && error.message));
    return m ? m[1] : 'failed';
  };

  const videoSenders = () => [...peers.values()].map((p) => p.pc.getTransceivers().find((x) => x.receiver.track.kind === 'video')?.sender).filter(Boolean);
  const replaceVideo = async (track) => {
    for (const sender of videoSenders()) await sender.replaceTrack(track).catch(() => {});
  };
  const audioTrack = () => localStream.getAudioTracks()[0];
  const mesh = () => myId !== null;
  const nameOf = (p) => (p.guest ? t('guestName').replace('{0}', p.name) : p.name);

  // Ring calls use the two-party methods; a group call names the participant each signal is for.
  const send = (kind, peer, payload) => (mesh()
    ? connection.invoke(kind + 'To', callId, peer.id, payload)
    : connection.invoke(kind, callId, payload));

  async function startLocal() {
    try {
      localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: facing } });
    } catch {
      // No camera, or it was refused: the visit goes on with sound, which is what matters most.
      try {
        localStream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch {
        localStream = new MediaStream();
      }
      showNotice(t('noCamera'));
    }
    cameraTrack = localStream.getVideoTracks()[0] || null;
    localVideo.srcObject = localStream;
    buttons.camera.disabled = !cameraTrack;
    try {
      const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      buttons.switchCamera.hidden = cameras.length < 2;
    } catch { /* the switch button just stays hidden */ }
  }

  // The first remote participant gets the page's video element; more get one each, in a grid.
  function attachTile(peer) {
    if (!remoteVideoOwner) {
      remoteVideoOwner = peer;
      peer.video = remoteVideo;
    } else {
      const box = document.createElement('figure');
      box.className = 'tile-box';
      peer.video = document.createElement('video');
      peer.video.className = 'tile remote';
      peer.video.autoplay = true;
      peer.video.playsInline = true;
      box.append(peer.video, document.createElement('figcaption'));
      box.lastChild.className = 'tile-name';
      tiles.insertBefore(box, localBox);
    }
    // In a group call every tile says whose it is (a guest by their label), the own one included.
    const caption = peer.video.closest('.tile-box').querySelector('.tile-name');
    caption.textContent = peer.name;
    caption.hidden = !mesh() || !peer.name;
    localBox.querySelector('.tile-name').hidden = !mesh();
    if (peer.name) peer.video.setAttribute('aria-label', peer.name);
    peer.video.classList.toggle('audio-only', audioOnly);
    tiles.dataset.remotes = String(peers.size + 1);
  }

  function createPeer(id, name, offerer) {
    const pc = new RTCPeerConnection({
      iceServers: (ticket.iceServers || []).map((s) => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
      iceTransportPolicy: ticket.iceTransportPolicy === 'relay' ? 'relay' : 'all',
    });
    const peer = { id, name, offerer, pc, stream: new MediaStream(), video: null, remoteDescriptionSet: false, pending: [], failTimer: null };
    attachTile(peer);
    peers.set(id, peer);
    pc.onicecandidate = (e) => {
      if (e.candidate && !ended) send('Ice', peer, JSON.stringify(e.candidate)).catch(() => {});
    };
    pc.ontrack = (e) => {
      peer.stream.addTrack(e.track);
      peer.video.srcObject = peer.stream;
    };
    pc.onconnectionstatechange = () => {
      const s = pc.connectionState;
      if (s === 'connected') {
        clearTimeout(peer.failTimer);
        peer.failTimer = null;
        setState('connected', t('connected'));
      } else if (s === 'disconnected' || s === 'failed') {
        setState('reconnecting', t('reconnecting'));
        restartIce(peer);
        // A connection that does not come back within 20 seconds has failed for good.
        if (!peer.failTimer) peer.failTimer = setTimeout(() => hangUp(true), 20000);
      }
    };
    if (offerer) {
      for (const kind of ['audio', 'video']) {
        const track = kind === 'audio' ? audioTrack() : (audioOnly ? null : screenTrack || cameraTrack);
        if (track) pc.addTransceiver(track, { direction: 'sendrecv', streams: [localStream] });
        else pc.addTransceiver(kind, { direction: kind === 'video' && cameraTrack ? 'sendrecv' : 'recvonly' });
      }
    }
    return peer;
  }

  function removePeer(id) {
    const peer = peers.get(id);
    if (!peer) return;
    peers.delete(id);
    clearTimeout(peer.failTimer);
    peer.pc.close();
    if (peer === remoteVideoOwner) {
      // The page's own tile goes on showing someone: the next participant moves into it.
      remoteVideoOwner = peers.values().next().value || null;
      const caption = remoteVideo.closest('.tile-box').querySelector('.tile-name');
      remoteVideo.srcObject = remoteVideoOwner ? remoteVideoOwner.stream : null;
      caption.textContent = remoteVideoOwner ? remoteVideoOwner.name : '';
      caption.hidden = !remoteVideoOwner;
      if (remoteVideoOwner) {
        remoteVideoOwner.video.closest('.tile-box').remove();
        remoteVideoOwner.video = remoteVideo;
        remoteVideo.setAttribute('aria-label', remoteVideoOwner.name);
      }
    } else {
      peer.video.closest('.tile-box').remove();
    }
    tiles.dataset.remotes = String(Math.max(1, peers.size));
    if (names.has(id)) showNotice(t('left').replace('{0}', names.get(id)));
  }

  // In a group call a signal may come from someone this page has not heard of yet (their offer can
  // overtake nothing, but their first candidates can overtake their offer): they become a peer at once.
  const peerFrom = (id) => peers.get(id) || createPeer(id, names.get(id) || '', false);

  async function flushCandidates(peer) {
    peer.remoteDescriptionSet = true;
    while (peer.pending.length) {
      await peer.pc.addIceCandidate(peer.pending.shift()).catch(() => {});
    }
  }

  async function makeOffer(peer, iceRestart = false) {
    if (!peer || ended) return;
    const offer = await peer.pc.createOffer({ iceRestart });
    await peer.pc.setLocalDescription(offer);
    await send('Offer', peer, peer.pc.localDescription.sdp);
  }

  // Only the side that made the first offer restarts ICE, so the two sides never offer at the same time.
  function restartIce(peer) {
    if (peer.offerer && peer.pc.signalingState === 'stable') makeOffer(peer, true).catch(() => {});
  }

  async function onOffer(peer, sdp) {
    await peer.pc.setRemoteDescription({ type: 'offer', sdp });
    if (!peer.offerer) {
      for (const x of peer.pc.getTransceivers()) {
        const track = x.receiver.track.kind === 'audio' ? audioTrack() : (audioOnly ? null : screenTrack || cameraTrack);
        if (track && !x.sender.track) {
          await x.sender.replaceTrack(track);
          x.direction = 'sendrecv';
        }
      }
    }
    await flushCandidates(peer);
    const answer = await peer.pc.createAnswer();
    await peer.pc.setLocalDescription(answer);
    await send('Answer', peer, peer.pc.localDescription.sdp);
  }

  async function onAnswer(peer, sdp) {
    await peer.pc.setRemoteDescription({ type: 'answer', sdp });
    await flushCandidates(peer);
  }

  async function onIce(peer, json) {
    let candidate;
    try { candidate = JSON.parse(json); } catch { return; }
    if (peer.remoteDescriptionSet) await peer.pc.addIceCandidate(candidate).catch(() => {});
    else peer.pending.push(candidate);
  }

  // Someone already in the call offers to each newcomer.
  function offerTo(participant) {
    if (ended || peers.has(participant.id) || participant.id === myId) return;
    names.set(participant.id, nameOf(participant));
    makeOffer(createPeer(participant.id, nameOf(participant), true)).catch(() => {});
  }

  connection.on('Accepted', async (id) => {
    if (id !== callId) return;
    setState('connecting', t('connecting'));
    await makeOffer(peers.get('peer'));
  });

  connection.on('Offer', async (id, sdp) => {
    if (id === callId && !mesh() && peers.has('peer')) await onOffer(peers.get('peer'), sdp);
  });

  connection.on('Answer', async (id, sdp) => {
    if (id === callId && !mesh() && peers.has('peer')) await onAnswer(peers.get('peer'), sdp);
  });

  connection.on('Ice', async (id, json) => {
    if (id === callId && !mesh() && peers.has('peer')) await onIce(peers.get('peer'), json);
  });

  connection.on('OfferFrom', async (id, from, sdp) => {
    if (id === callId && mesh()) await onOffer(peerFrom(from), sdp);
  });

  connection.on('AnswerFrom', async (id, from, sdp) => {
    if (id === callId && mesh() && peers.has(from)) await onAnswer(peers.get(from), sdp);
  });

  connection.on('IceFrom', async (id, from, json) => {
    if (id === callId && mesh()) await onIce(peerFrom(from), json);
  });

  connection.on('Joined', (id, participant) => {
    // The host hears of the first newcomer just before its own Admit returns the call's ticket.
    if (!ticket) pendingJoins.push(participant);
    else if (id === callId) offerTo(participant);
  });

  connection.on('Left', (id, participantId) => {
    if (id === callId) removePeer(participantId);
  });

  // A short double knock, so a staff member working in another window hears that someone is waiting.
  const knockSound = () => {
    try {
      const audio = new AudioContext();
      for (const at of [0, 0.18]) {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = 440;
        gain.gain.setValueAtTime(0.3, audio.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + at + 0.12);
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + at);
        tone.stop(audio.currentTime + at + 0.12);
      }
      setTimeout(() => audio.close(), 1000);
    } catch { /* no sound; the list still shows the knock */ }
  };

  const showKnock = (knock) => {
    if (!knocks) return;
    const li = document.createElement('li');
    li.dataset.knock = knock.knockId;
    const text = document.createElement('span');
    text.textContent = t('knocking').replace('{0}', nameOf(knock));
    const admit = document.createElement('button');
    admit.type = 'button';
    admit.textContent = t('admit');
    admit.addEventListener('click', async () => {
      admit.disabled = true;
      try {
        const admitted = await connection.invoke('Admit', visitId, knock.knockId);
        li.remove();
        if (!ticket) {
          ticket = admitted;
          callId = ticket.callId;
          myId = ticket.participantId;
          root.dataset.call = callId;
          setState('connecting', t('connecting'));
        }
        while (pendingJoins.length) offerTo(pendingJoins.shift());
      } catch (error) {
        if (reasonOf(error) === 'full') {
          admit.disabled = false;
          showNotice(t('full'));
        } else {
          li.remove();
        }
      }
    });
    li.append(text, ' ', admit);
    knocks.append(li);
  };

  connection.on('Knocked', (id, knock) => {
    if (id !== visitId) return;
    showKnock(knock);
    knockSound();
  });

  connection.on('KnockGone', (id, knockId) => {
    if (id === visitId) knocks?.querySelector(`li[data-knock="${CSS.escape(knockId)}"]`)?.remove();
  });

  connection.on('Admitted', (id, admitted) => {
    if (id !== visitId || callId) return;
    ticket = admitted;
    callId = ticket.callId;
    myId = ticket.participantId;
    root.dataset.call = callId;
    // Those present offer to this page; their names label the tiles.
    for (const p of ticket.present || []) names.set(p.id, nameOf(p));
    setState('connecting', t('connecting'));
  });

  connection.on('Ended', (id, reason) => {
    if (id === callId) finish(reason);
  });

  connection.onclose(() => {
    if (!ended) finish('failed');
  });

  connection.onreconnecting(() => {
    if (!ended && callId) setState('reconnecting', t('reconnecting'));
  });

  // Back on the same connection: the call is intact, the media path may not be. On a new connection the
  // server has already ended the call (a closed connection ends its calls), so this side ends too.
  connection.onreconnected((id) => {
    if (ended) return;
    if (callId && id !== connectionId) {
      finish('failed');
      return;
    }
    if ([...peers.values()].some((p) => p.pc.connectionState === 'connected')) setState('connected', t('connected'));
    for (const peer of peers.values()) restartIce(peer);
  });

  function finish(reason) {
    if (ended) return;
    ended = true;
    const text = { declined: t('declined'), missed: t('missed'), failed: t('failed') }[reason] || t('ended');
    setState('ended', text);
    root.dataset.endReason = reason;
    for (const track of [...localStream.getTracks(), screenTrack].filter(Boolean)) track.stop();
    for (const peer of peers.values()) {
      clearTimeout(peer.failTimer);
      peer.pc.close();
    }
    for (const b of Object.values(buttons)) if (b) b.disabled = true;
    qualityLine.hidden = true;
    connection.stop().catch(() => {});
  }

  async function hangUp(failed = false) {
    if (ended) return;
    if (!callId) {
      // Leaving the waiting room (or the host's room) before any call: closing the connection is enough.
      finish('completed');
      return;
    }
    try {
      await connection.invoke('HangUp', callId, failed);
    } catch { /* the server ends the call when the connection closes anyway */ }
    finish(failed ? 'failed' : 'completed');
  }

  async function setAudioOnly(on, byHand) {
    audioOnly = on;
    audioOnlyByHand = on && byHand;
    buttons.audio.setAttribute('aria-pressed', String(on));
    buttons.audio.textContent = on ? t('videoAgain') : t('audioOnly');
    await replaceVideo(on ? null : screenTrack || cameraTrack);
    for (const peer of peers.values()) peer.video.classList.toggle('audio-only', on);
    if (!on) showNotice('');
  }

  buttons.mute.addEventListener('click', () => {
    const track = audioTrack();
    if (!track) return;
    track.enabled = !track.enabled;
    buttons.mute.setAttribute('aria-pressed', String(!track.enabled));
    buttons.mute.textContent = track.enabled ? t('mute') : t('unmute');
  });

  buttons.camera.addEventListener('click', () => {
    if (!cameraTrack) return;
    cameraTrack.enabled = !cameraTrack.enabled;
    buttons.camera.setAttribute('aria-pressed', String(!cameraTrack.enabled));
    buttons.camera.textContent = cameraTrack.enabled ? t('cameraOff') : t('cameraOn');
  });

  buttons.switchCamera.addEventListener('click', async () => {
    facing = facing === 'user' ? 'environment' : 'user';
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: facing } });
      const next = stream.getVideoTracks()[0];
      next.enabled = cameraTrack ? cameraTrack.enabled : true;
      if (cameraTrack) {
        localStream.removeTrack(cameraTrack);
        cameraTrack.stop();
      }
      cameraTrack = next;
      localStream.addTrack(next);
      if (!screenTrack && !audioOnly) await replaceVideo(next);
    } catch { /* keep the camera we have */ }
  });

  buttons.share?.addEventListener('click', async () => {
    if (screenTrack) {
      screenTrack.stop();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
      screenTrack = stream.getVideoTracks()[0];
      buttons.share.setAttribute('aria-pressed', 'true');
      buttons.share.textContent = t('stopShare');
      if (!audioOnly) await replaceVideo(screenTrack);
      screenTrack.addEventListener('ended', async () => {
        screenTrack = null;
        buttons.share.setAttribute('aria-pressed', 'false');
        buttons.share.textContent = t('share');
        if (!audioOnly && !ended) await replaceVideo(cameraTrack);
      });
    } catch { /* the person chose not to share */ }
  });

  buttons.audio.addEventListener('click', () => setAudioOnly(!audioOnly, true));
  buttons.hangUp.addEventListener('click', () => hangUp(false));
  window.addEventListener('online', () => { for (const peer of peers.values()) restartIce(peer); });
  window.addEventListener('pagehide', () => { if (!ended) connection.stop(); });

  // Bytes received so far, by kind, for the quality indicator and for tests.
  async function inboundOf(peer, out) {
    const stats = await peer.pc.getStats();
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        out[s.kind] += s.bytesReceived || 0;
        out.lost += s.packetsLost || 0;
        out.packets += s.packetsReceived || 0;
      } else if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded' && typeof s.currentRoundTripTime === 'number') {
        out.rtt = Math.max(out.rtt ?? 0, s.currentRoundTripTime);
      }
    });
    return out;
  }

  // Across every peer (the worst round trip counts), and per peer for the group-call tests.
  async function inbound() {
    const out = { audio: 0, video: 0, lost: 0, packets: 0, rtt: null };
    for (const peer of peers.values()) await inboundOf(peer, out);
    return out;
  }

  async function inboundByPeer() {
    const all = [];
    for (const peer of peers.values()) {
      const one = await inboundOf(peer, { audio: 0, video: 0, lost: 0, packets: 0, rtt: null });
      all.push({ name: peer.name, audio: one.audio, video: one.video });
    }
    return all;
  }

  // Poor three times running (about six seconds) turns video off by itself; good again brings it back,
  // unless the person chose audio only themselves.
  async function sampleQuality() {
    if (!peers.size || ended || root.dataset.state !== 'connected') return;
    const now = await inbound();
    const prev = lastInbound || { lost: 0, packets: 0 };
    lastInbound = now;
    const packets = now.packets - prev.packets;
    const loss = packets > 0 ? Math.max(0, now.lost - prev.lost) / (packets + Math.max(0, now.lost - prev.lost)) : 0;
    const rtt = now.rtt ?? 0;
    const quality = rtt > 0.6 || loss > 0.08 ? 'poor' : rtt > 0.3 || loss > 0.03 ? 'fair' : 'good';
    qualityLine.hidden = false;
    qualityLine.dataset.quality = quality;
    qualityLine.textContent = t(quality);
    poorSamples = quality === 'poor' ? poorSamples + 1 : 0;
    if (poorSamples >= 3 && !audioOnly) {
      await setAudioOnly(true, false);
      showNotice(t('autoAudio'));
    } else if (quality === 'good' && audioOnly && !audioOnlyByHand) {
      await setAudioOnly(false, false);
    }
  }

  window.samtaleCall = { inbound, inboundByPeer, pc: () => peers.values().next().value?.pc ?? null, get state() { return root.dataset.state; }, get callId() { return callId; } };

  (async () => {
    await startLocal();
    try {
      await connection.start();
      connectionId = connection.connectionId;
      if (visitId && isStaff) {
        for (const knock of await connection.invoke('OpenRoom', visitId)) showKnock(knock);
        setState('hosting', t('hosting'));
      } else if (visitId) {
        await connection.invoke('Knock', visitId);
        setState('waiting', t('waiting'));
      } else if (isCaller) {
        ticket = await connection.invoke('Ring', withId);
        callId = ticket.callId;
        root.dataset.call = callId;
        createPeer('peer', '', true);
        setState('ringing', t('calling'));
      } else {
        ticket = await connection.invoke('Accept', callId);
        createPeer('peer', '', false);
        setState('connecting', t('connecting'));
      }
      setInterval(() => { sampleQuality().catch(() => {}); }, 2000);
    } catch (error) {
      const reason = reasonOf(error);
      const text = { full: t('full'), 'not-found': t('gone'), 'not-open': t('notOpen'), 'calls-off': t('notAllowed'), unavailable: t('unavailable'), busy: t('busy') }[reason];
      ended = true;
      setState('ended', text || t('failed'));
      for (const track of localStream.getTracks()) track.stop();
      for (const b of Object.values(buttons)) if (b) b.disabled = true;
      connection.stop().catch(() => {});
    }
  })();
}
