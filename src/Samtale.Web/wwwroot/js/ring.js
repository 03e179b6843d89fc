// Incoming screen visits on every page of a signed-in citizen or staff member: the device rings (a
// dialog, a vibration where the phone allows it), and "answer" opens the call screen, which accepts.
const dialog = document.getElementById('incoming-call');

if (dialog && !document.getElementById('call')) {
  const title = document.getElementById('incoming-title');
  const answer = document.getElementById('incoming-answer');
  const decline = document.getElementById('incoming-decline');
  let ringing = null;
  let connection = null;

  const hide = () => {
    ringing = null;
    dialog.hidden = true;
    if ('vibrate' in navigator) navigator.vibrate(0);
  };

  const start = () => {
    const signalR = window.signalR;
    connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/calls', { transport: signalR.HttpTransportType.WebSockets | signalR.HttpTransportType.LongPolling })
      .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
      .build();
    connection.on('Ringing', (incoming) => {
      ringing = incoming.callId;
      answer.textContent = dialog.dataset.tAnswer;
      decline.hidden = false;
      title.textContent = dialog.dataset.tIncoming.replace('{0}', incoming.callerName);
      answer.href = '/Visits/Call/' + encodeURIComponent(incoming.callId);
      dialog.hidden = false;
      answer.focus();
      if ('vibrate' in navigator) navigator.vibrate([400, 200, 400, 200, 400]);
    });
    connection.on('RingStopped', (id) => { if (id === ringing) hide(); });

    // Someone waits in the waiting room of one of this staff member's planned visits.
    connection.on('Knocked', (visitId, knock) => {
      ringing = knock.knockId;
      title.textContent = dialog.dataset.tKnocking.replace('{0}', knock.guest ? dialog.dataset.tGuestName.replace('{0}', knock.name) : knock.name);
      answer.textContent = dialog.dataset.tOpenRoom;
      answer.href = '/Visits/Call?visit=' + encodeURIComponent(visitId);
      decline.hidden = true;
      dialog.hidden = false;
      answer.focus();
    });
    connection.on('KnockGone', (visitId, knockId) => { if (knockId === ringing) hide(); });
    connection.start().catch(() => { /* the chat still works; calls ring on the next page */ });
  };

  decline.addEventListener('click', () => {
    if (ringing && connection) connection.invoke('Decline', ringing).catch(() => {});
    hide();
  });

  if (window.signalR) {
    start();
  } else {
    const script = document.createElement('script');
    script.src = '/lib/signalr/signalr.min.js';
    script.addEventListener('load', start);
    document.head.appendChild(script);
  }
}
