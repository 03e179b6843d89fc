using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Visits;

namespace Samtale.Bench;

/// <summary>
/// WebRTC call set-up time in real Chromium (issue 4, deliverable 11, first half): offer → connected for a
/// screen visit through Samtale's signalling (the product's call page, call.js, /hubs/calls), direct on
/// loopback and relay-only through a local coturn, next to two bare RTCPeerConnections in one page with
/// the same media, the same ICE configuration and the same measurement points, signalled by direct calls.
/// A third row per path puts the bare call's two ends in two pages (two renderer processes, as the
/// product's two call pages are) signalled through a plain WebSocket relay in the driver
/// (<see cref="PlainRelay"/>), which separates what any server hop costs from what Samtale adds.
///
/// The six rows run interleaved (one call of each per round), so load from other work on the machine
/// falls on all of them alike and the ratio Samtale/bare is taken within one run.
///
/// Measured in the page by an init script that wraps RTCPeerConnection (call.js is not changed): t0 is
/// the moment the caller's createOffer() is invoked; the end is the later of the two connections' first
/// connectionstatechange to "connected" (each timestamped in its own page with performance.timeOrigin +
/// performance.now(), which share the machine's clock).
/// </summary>
internal static class CallSetupBench
{
    private const string Chromium = "/usr/bin/chromium";
    private const int WarmUp = 2;

    /// <summary>
    /// Times the moments that define set-up, for every RTCPeerConnection the page makes: createOffer()
    /// invoked, and the first "connected". Installed in every page, the bare ones included.
    /// </summary>
    private const string Probe = """
        (() => {
          const clock = () => performance.timeOrigin + performance.now();
          window.__benchSetup = { offer: null, remoteOffer: null, answer: null, remoteAnswer: null, connected: [] };
          const Native = window.RTCPeerConnection;
          const createOffer = Native.prototype.createOffer;
          Native.prototype.createOffer = function (...args) {
            if (window.__benchSetup.offer === null) window.__benchSetup.offer = clock();
            return createOffer.apply(this, args);
          };
          const createAnswer = Native.prototype.createAnswer;
          Native.prototype.createAnswer = function (...args) {
            if (window.__benchSetup.answer === null) window.__benchSetup.answer = clock();
            return createAnswer.apply(this, args);
          };
          const setRemote = Native.prototype.setRemoteDescription;
          Native.prototype.setRemoteDescription = function (description, ...args) {
            const key = description && description.type === 'offer' ? 'remoteOffer' : 'remoteAnswer';
            if (window.__benchSetup[key] === null) window.__benchSetup[key] = clock();
            return setRemote.call(this, description, ...args);
          };
          class Probed extends Native {
            constructor(...args) {
              super(...args);
              let seen = false;
              this.addEventListener('connectionstatechange', () => {
                if (!seen && this.connectionState === 'connected') {
                  seen = true;
                  window.__benchSetup.connected.push(clock());
                }
              });
            }
          }
          window.RTCPeerConnection = Probed;
        })();
        """;

    /// <summary>
    /// The browser tests' filter (CallSite.LoopbackOnly): remote candidates not on loopback are dropped, so
    /// the calls stay on 127.0.0.1 although Chromium also offers the machine's other interfaces.
    /// </summary>
    private const string LoopbackOnly = """
        (() => {
          const add = RTCPeerConnection.prototype.addIceCandidate;
          RTCPeerConnection.prototype.addIceCandidate = function (candidate, ...rest) {
            const line = candidate && (candidate.candidate ?? '');
            const address = line.split(' ')[4];
            if (line && address !== '127.0.0.1' && address !== '::1') return Promise.resolve();
            return add.call(this, candidate, ...rest);
          };
        })();
        """;

    /// <summary>The candidate types of a connection's selected pair ("relay,relay"), or "" while there is none.</summary>
    private const string SelectedPair = """
        async (pc) => {
          const types = [];
          const stats = await pc.getStats();
          stats.forEach((s) => {
            if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
              types.push(stats.get(s.localCandidateId).candidateType, stats.get(s.remoteCandidateId).candidateType);
            }
          });
          return types.join(',');
        }
        """;

    /// <summary>
    /// Two RTCPeerConnections in one page, set up the way call.js sets up a call: the caller adds an
    /// audio and a video transceiver (fake camera and microphone) and offers; the callee answers and puts
    /// its own tracks on the offered transceivers; candidates trickle both ways and wait until the remote
    /// description is set. Signalling is a direct function call. Media is acquired before t0, as the call
    /// page acquires it before it rings.
    /// </summary>
    private static readonly string Bare = """
        async (config) => {
          window.__benchSetup = { offer: null, remoteOffer: null, answer: null, remoteAnswer: null, connected: [] };
          const media = () => navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: 'user' } });
          const [mine, theirs] = [await media(), await media()];
          const peer = () => new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: config.policy });
          const a = peer(), b = peer();
          const trickle = (to) => {
            const state = { ready: false, pending: [] };
            const add = (c) => to.addIceCandidate(c).catch(() => {});
            return {
              send: (c) => { if (state.ready) add(c); else state.pending.push(c); },
              flush: async () => { state.ready = true; while (state.pending.length) await add(state.pending.shift()); },
            };
          };
          const toA = trickle(a), toB = trickle(b);
          a.onicecandidate = (e) => { if (e.candidate) toB.send(JSON.parse(JSON.stringify(e.candidate))); };
          b.onicecandidate = (e) => { if (e.candidate) toA.send(JSON.parse(JSON.stringify(e.candidate))); };
          const connected = (pc) => new Promise((resolve, reject) => {
            const check = () => {
              if (pc.connectionState === 'connected') resolve();
              else if (pc.connectionState === 'failed') reject(new Error('failed'));
            };
            pc.addEventListener('connectionstatechange', check);
            setTimeout(() => reject(new Error('timeout')), 30000);
          });
          const both = Promise.all([connected(a), connected(b)]);
          for (const track of [mine.getAudioTracks()[0], mine.getVideoTracks()[0]]) {
            a.addTransceiver(track, { direction: 'sendrecv', streams: [mine] });
          }
          try {
            await a.setLocalDescription(await a.createOffer());
            await b.setRemoteDescription({ type: 'offer', sdp: a.localDescription.sdp });
            for (const x of b.getTransceivers()) {
              const track = x.receiver.track.kind === 'audio' ? theirs.getAudioTracks()[0] : theirs.getVideoTracks()[0];
              await x.sender.replaceTrack(track);
              x.direction = 'sendrecv';
            }
            await toB.flush();
            await b.setLocalDescription(await b.createAnswer());
            await a.setRemoteDescription({ type: 'answer', sdp: b.localDescription.sdp });
            await toA.flush();
            await both;
            let pair = '';
            for (let i = 0; i < 40 && pair === ''; i++) {
              pair = await (SELECTED)(a);
              if (pair === '') await new Promise((r) => setTimeout(r, 50));
            }
            return JSON.stringify({ ...window.__benchSetup, pair });
          } finally {
            a.close();
            b.close();
            for (const t of [...mine.getTracks(), ...theirs.getTracks()]) t.stop();
          }
        }
        """.Replace("(SELECTED)", "(" + SelectedPair + ")", StringComparison.Ordinal);

    /// <summary>
    /// The callee of the two-page bare call: its own page (its own renderer, as the citizen's call page
    /// is), signalled through <see cref="PlainRelay"/>; answers an offer exactly as call.js does.
    /// </summary>
    private const string TwoPageCallee = """
        async (config) => {
          window.__benchSetup = { offer: null, remoteOffer: null, answer: null, remoteAnswer: null, connected: [] };
          const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: 'user' } });
          const ws = new WebSocket(config.relay + 'relay/b');
          await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
          const tiles = config.video ? [document.createElement('video'), document.createElement('video')] : [];
          for (const v of tiles) { v.autoplay = true; v.playsInline = true; v.width = 320; document.body.append(v); }
          if (config.video) { tiles[1].muted = true; tiles[1].srcObject = media; }
          const remote = new MediaStream();
          const pc = new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: config.policy });
          pc.ontrack = (e) => { remote.addTrack(e.track); if (config.video) tiles[0].srcObject = remote; };
          let ready = false;
          const pending = [];
          pc.onicecandidate = (e) => { if (e.candidate) ws.send(JSON.stringify({ ice: e.candidate })); };
          ws.onmessage = async (m) => {
            const message = JSON.parse(m.data);
            if (message.offer) {
              await pc.setRemoteDescription({ type: 'offer', sdp: message.offer });
              for (const x of pc.getTransceivers()) {
                const track = x.receiver.track.kind === 'audio' ? media.getAudioTracks()[0] : media.getVideoTracks()[0];
                await x.sender.replaceTrack(track);
                x.direction = 'sendrecv';
              }
              ready = true;
              while (pending.length) await pc.addIceCandidate(pending.shift()).catch(() => {});
              await pc.setLocalDescription(await pc.createAnswer());
              ws.send(JSON.stringify({ answer: pc.localDescription.sdp }));
            } else if (message.ice) {
              if (ready) await pc.addIceCandidate(message.ice).catch(() => {});
              else pending.push(message.ice);
            }
          };
          window.__benchCall = { pc, close: () => { pc.close(); ws.close(); for (const t of media.getTracks()) t.stop(); for (const v of tiles) v.remove(); } };
        }
        """;

    /// <summary>The caller of the two-page bare call: offers as call.js does once the other side is there.</summary>
    private const string TwoPageCaller = """
        async (config) => {
          window.__benchSetup = { offer: null, remoteOffer: null, answer: null, remoteAnswer: null, connected: [] };
          const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: 'user' } });
          const ws = new WebSocket(config.relay + 'relay/a');
          await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
          const tiles = config.video ? [document.createElement('video'), document.createElement('video')] : [];
          for (const v of tiles) { v.autoplay = true; v.playsInline = true; v.width = 320; document.body.append(v); }
          if (config.video) { tiles[1].muted = true; tiles[1].srcObject = media; }
          const remote = new MediaStream();
          const pc = new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: config.policy });
          pc.ontrack = (e) => { remote.addTrack(e.track); if (config.video) tiles[0].srcObject = remote; };
          let ready = false;
          const pending = [];
          pc.onicecandidate = (e) => { if (e.candidate) ws.send(JSON.stringify({ ice: e.candidate })); };
          ws.onmessage = async (m) => {
            const message = JSON.parse(m.data);
            if (message.answer) {
              await pc.setRemoteDescription({ type: 'answer', sdp: message.answer });
              ready = true;
              while (pending.length) await pc.addIceCandidate(pending.shift()).catch(() => {});
            } else if (message.ice) {
              if (ready) await pc.addIceCandidate(message.ice).catch(() => {});
              else pending.push(message.ice);
            }
          };
          for (const track of [media.getAudioTracks()[0], media.getVideoTracks()[0]]) {
            pc.addTransceiver(track, { direction: 'sendrecv', streams: [media] });
          }
          window.__benchCall = { pc, close: () => { pc.close(); ws.close(); for (const t of media.getTracks()) t.stop(); for (const v of tiles) v.remove(); } };
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          ws.send(JSON.stringify({ offer: pc.localDescription.sdp }));
        }
        """;

    private const string Connected = "() => window.__benchSetup.connected.length > 0";
    private const string Marks = "() => JSON.stringify({ ...window.__benchSetup, connected: window.__benchSetup.connected[0] })";

    public static async Task<List<Result>> RunAsync(Options options)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"Chromium is missing at {Chromium}: apt-get install -y chromium");
        }

        await using var turn = await Samtale.BrowserTests.Infrastructure.Coturn.StartAsync();
        var relayConfig = new Dictionary<string, string>
        {
            ["Turn__Urls__0"] = turn.Url,
            ["Turn__Secret"] = turn.Secret,
            ["Turn__RelayOnly"] = "true",
            ["Turn__TtlSeconds"] = "3600",
        };
        await using var directStage = await Stage.CreateAsync(options, pairCount: 1);
        await using var relayStage = await Stage.CreateAsync(options, pairCount: 1, environment: relayConfig);
        var label = directStage.DatabaseLabel;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
            ],
        });

        var direct = await SamtaleSide.OpenAsync(browser, directStage);
        var relay = await SamtaleSide.OpenAsync(browser, relayStage);
        var barePage = await OpenBareAsync(browser, directStage.Host.BaseAddress);
        await using var plainRelay = await PlainRelay.StartAsync();
        var twoPages = (Caller: await OpenPageAsync(browser, plainRelay.Page), Callee: await OpenPageAsync(browser, plainRelay.Page));

        // The bare relay row uses credentials of the same kind, minted by the product's own code with the same secret.
        var minter = new TurnCredentials(Microsoft.Extensions.Options.Options.Create(new TurnOptions { Urls = [turn.Url], Secret = turn.Secret, RelayOnly = true }), TimeProvider.System);

        var rows = new[]
        {
            "Samtale, direct", "bare, direct", "2 pages + plain relay, direct", "2 pages + plain relay + video, direct",
            "Samtale, relay-only", "bare, relay-only", "2 pages + plain relay, relay-only", "2 pages + plain relay + video, relay-only",
        };
        var samples = rows.ToDictionary(r => r, _ => new List<Sample>());
        var wrongPath = rows.ToDictionary(r => r, _ => 0);
        var failures = rows.ToDictionary(r => r, _ => 0);
        var hostsBefore = new[] { await directStage.Host.ResetAsync(), await relayStage.Host.ResetAsync() };
        var load = new MachineLoad();
        var loadBefore = LoadAverage();
        var started = Stopwatch.GetTimestamp();
        for (var round = 0; round < WarmUp + options.Calls; round++)
        {
            foreach (var row in rows)
            {
                try
                {
                    var sample = row switch
                    {
                        "Samtale, direct" => await direct.CallAsync(),
                        "Samtale, relay-only" => await relay.CallAsync(),
                        "bare, direct" => await BareCallAsync(barePage, [], "all"),
                        "2 pages + plain relay, direct" => await TwoPageCallAsync(twoPages, plainRelay.Address, [], "all", video: false),
                        "2 pages + plain relay, relay-only" => await TwoPageCallAsync(twoPages, plainRelay.Address, minter.Mint(), "relay", video: false),
                        "2 pages + plain relay + video, direct" => await TwoPageCallAsync(twoPages, plainRelay.Address, [], "all", video: true),
                        "2 pages + plain relay + video, relay-only" => await TwoPageCallAsync(twoPages, plainRelay.Address, minter.Mint(), "relay", video: true),
                        _ => await BareCallAsync(barePage, minter.Mint(), "relay"),
                    };
                    // Relay-only: both ends of the selected pair are relay candidates. Direct: neither is (host,
                    // or peer-reflexive when a check arrived before the trickled candidate did).
                    var relayed = sample.Pair.Split(',').Select(type => type == "relay").Distinct().ToList();
                    if (sample.Pair.Length == 0 || relayed.Count != 1 || relayed[0] != row.EndsWith("relay-only", StringComparison.Ordinal))
                    {
                        wrongPath[row]++;
                        Console.WriteLine($"    {row}: selected pair \"{sample.Pair}\"");
                    }

                    if (round >= WarmUp)
                    {
                        samples[row].Add(sample);
                    }
                }
                catch (Exception e) when (e is TimeoutException or PlaywrightException or InvalidOperationException)
                {
                    failures[row]++;
                    Console.WriteLine($"    {row}: call failed: {e.Message.Split('\n')[0]}");
                }
            }
        }

        var busy = $"machine {load.BusyPercent():F0}% busy (all cores, the bench's browsers, hosts and coturn included); load average {loadBefore} before, {LoadAverage()} after";
        Console.WriteLine($"  call-setup [{label}]: {WarmUp} warm-up + {options.Calls} timed calls per row, interleaved, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s; {busy}");
        // The server's share: time inside the hub methods (after the product's session filter) and the host's CPU.
        foreach (var (path, stage, before) in new[] { ("direct", directStage, hostsBefore[0]), ("relay-only", relayStage, hostsBefore[1]) })
        {
            var after = await stage.Host.StatsAsync();
            var methods = after.Hub.Where(kv => kv.Key is "Ring" or "Accept" or "Offer" or "Answer" or "Ice" or "HangUp").OrderByDescending(kv => kv.Value.Count)
                .Select(kv => $"{kv.Key} {kv.Value.Count} x {kv.Value.TotalMs / Math.Max(1, kv.Value.Count):F2} ms");
            Console.WriteLine($"    host ({path}): hub methods {string.Join(", ", methods)}; host CPU {(after.CpuMs - before.CpuMs) / (WarmUp + options.Calls):F1} ms per call");
        }

        var results = new List<Result>();
        var medians = new Dictionary<string, (double P50, double P95)>();
        foreach (var row in rows)
        {
            var both = Summary(samples[row].Select(s => s.Both));
            var caller = Summary(samples[row].Select(s => s.Caller));
            var offerHop = Summary(samples[row].Select(s => s.OfferAtCallee));
            var answerMade = Summary(samples[row].Select(s => s.AnswerMade));
            var answerBack = Summary(samples[row].Select(s => s.AnswerAtCaller));
            medians[row] = both;
            Console.WriteLine($"    {row,-42} offer -> both connected p50 {both.P50,7:F1} ms, p95 {both.P95,7:F1} ms; n={samples[row].Count}, failed {failures[row]}, wrong path {wrongPath[row]}");
            Console.WriteLine($"    {"",-42}   p50 phases: offer at callee {offerHop.P50,6:F1} ms, createAnswer {answerMade.P50,6:F1} ms, answer at caller {answerBack.P50,6:F1} ms, caller connected {caller.P50,6:F1} ms");
            results.Add(new("call-setup", label, $"{row}: offer -> connected p50", both.P50, "ms", null));
            results.Add(new("call-setup", label, $"{row}: offer -> connected p95", both.P95, "ms", null));
            results.Add(new("call-setup", label, $"{row}: failed calls", failures[row], "", "0"));
        }

        foreach (var path in new[] { "direct", "relay-only" })
        {
            var samtale = medians[$"Samtale, {path}"];
            var bare = medians[$"bare, {path}"];
            var ratio50 = samtale.P50 / bare.P50;
            var ratio95 = samtale.P95 / bare.P95;
            var plain = medians[$"2 pages + plain relay, {path}"];
            var tiles = medians[$"2 pages + plain relay + video, {path}"];
            Console.WriteLine($"    {path}: Samtale/bare p50 {ratio50:F2}x, p95 {ratio95:F2}x (target <= 1.5x); Samtale/(2 pages + plain relay) p50 {samtale.P50 / plain.P50:F2}x, p95 {samtale.P95 / plain.P95:F2}x; "
                + $"Samtale/(… + video) p50 {samtale.P50 / tiles.P50:F2}x, p95 {samtale.P95 / tiles.P95:F2}x");
            results.Add(new("call-setup", label, $"{path}: Samtale/bare at p50 (x100)", ratio50 * 100, "", "<= 150"));
            results.Add(new("call-setup", label, $"{path}: Samtale/bare at p95 (x100)", ratio95 * 100, "", null));
            results.Add(new("call-setup", label, $"{path}: Samtale/(2 pages + plain relay) at p50 (x100)", samtale.P50 / plain.P50 * 100, "", null));
            results.Add(new("call-setup", label, $"{path}: Samtale/(2 pages + plain relay + video) at p50 (x100)", samtale.P50 / tiles.P50 * 100, "", null));
        }

        return results;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static (double P50, double P95) Summary(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.50), At(0.95));
    }

    private static async Task<IPage> OpenBareAsync(IBrowser browser, Uri origin)
    {
        var context = await NewContextAsync(browser, origin);
        var page = await context.NewPageAsync();

        // A blank page on the product's origin (a secure context on 127.0.0.1), served by the driver.
        var url = new Uri(origin, "/__bench/bare").ToString();
        await page.RouteAsync(url, route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<!doctype html><title>bare</title>" }));
        await page.GotoAsync(url);
        return page;
    }

    private static async Task<Sample> BareCallAsync(IPage page, IReadOnlyList<IceServer> iceServers, string policy)
    {
        var config = IceConfig(iceServers, policy);
        var marks = JsonSerializer.Deserialize<BareMarks>(await page.EvaluateAsync<string>(Bare, config), Protocol.Json)!;
        if (marks.Offer is not { } offer || marks.Connected.Count < 2)
        {
            throw new InvalidOperationException("the bare call did not connect");
        }

        return new Sample(marks.Connected.Max() - offer, marks.Connected.Min() - offer, (marks.RemoteOffer ?? double.NaN) - offer, (marks.Answer ?? double.NaN) - offer, (marks.RemoteAnswer ?? double.NaN) - offer, marks.Pair);
    }

    private static async Task<IPage> OpenPageAsync(IBrowser browser, Uri url)
    {
        var page = await (await NewContextAsync(browser, url)).NewPageAsync();
        await page.GotoAsync(url.ToString());
        return page;
    }

    private static async Task<Sample> TwoPageCallAsync((IPage Caller, IPage Callee) pages, Uri relay, IReadOnlyList<IceServer> iceServers, string policy, bool video)
    {
        var config = IceConfig(iceServers, policy);
        config["relay"] = relay.ToString();
        config["video"] = video;
        try
        {
            await pages.Callee.EvaluateAsync(TwoPageCallee, config);
            await pages.Caller.EvaluateAsync(TwoPageCaller, config);
            await pages.Caller.WaitForFunctionAsync(Connected, null, new() { Timeout = 30_000 });
            await pages.Callee.WaitForFunctionAsync(Connected, null, new() { Timeout = 30_000 });
            var caller = JsonSerializer.Deserialize<PageMarks>(await pages.Caller.EvaluateAsync<string>(Marks), Protocol.Json)!;
            var callee = JsonSerializer.Deserialize<PageMarks>(await pages.Callee.EvaluateAsync<string>(Marks), Protocol.Json)!;
            var pair = await SelectedPairAsync(pages.Caller, "window.__benchCall.pc");
            return new Sample(Math.Max(caller.Connected!.Value, callee.Connected!.Value) - caller.Offer!.Value, caller.Connected.Value - caller.Offer.Value,
                (callee.RemoteOffer ?? double.NaN) - caller.Offer.Value, (callee.Answer ?? double.NaN) - caller.Offer.Value, (caller.RemoteAnswer ?? double.NaN) - caller.Offer.Value, pair);
        }
        finally
        {
            foreach (var page in new[] { pages.Caller, pages.Callee })
            {
                await page.EvaluateAsync("() => window.__benchCall && window.__benchCall.close()");
            }
        }
    }

    private static async Task<string> SelectedPairAsync(IPage page, string pc)
    {
        var types = "";
        for (var i = 0; i < 40 && types.Length == 0; i++)
        {
            types = await page.EvaluateAsync<string>($"() => ({SelectedPair})({pc})");
            if (types.Length == 0)
            {
                await Task.Delay(50);
            }
        }

        return types;
    }

    private static Dictionary<string, object> IceConfig(IReadOnlyList<IceServer> iceServers, string policy) => new()
    {
        ["iceServers"] = iceServers.Select(s => new Dictionary<string, object?> { ["urls"] = s.Urls, ["username"] = s.Username, ["credential"] = s.Credential }).ToList(),
        ["policy"] = policy,
    };

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = baseAddress.ToString(),
            Locale = "da-DK",
            Permissions = ["camera", "microphone"],
        });
        context.SetDefaultTimeout(30_000);
        // BENCH_DEBUG=1 echoes the pages' console (call.js, SignalR, WebSocket errors) for a failing row.
        if (Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
        {
            context.Console += (_, m) => Console.WriteLine($"[page] {m.Type}: {m.Text}");
        }

        await context.AddInitScriptAsync(Probe);
        await context.AddInitScriptAsync(LoopbackOnly);
        return context;
    }

    /// <summary>One product host's staff member and citizen, each signed in in a browser context of their own.</summary>
    private sealed class SamtaleSide(Pair pair, IPage staff, IPage citizen)
    {
        public static async Task<SamtaleSide> OpenAsync(IBrowser browser, Stage stage)
        {
            var pair = stage.Pairs.Single();
            var pages = new List<IPage>();
            foreach (var cookie in new[] { pair.Staff.Cookie, pair.Citizen.Cookie })
            {
                var context = await NewContextAsync(browser, stage.Host.BaseAddress);
                var page = await context.NewPageAsync();

                // The session cookie arrives as the sign-in response would set it (a __Host- cookie cannot be
                // added over the DevTools protocol on http://): one response, served by the driver on the
                // product's origin.
                var signIn = new Uri(stage.Host.BaseAddress, "/__bench/sign-in").ToString();
                await page.RouteAsync(signIn, route => route.FulfillAsync(new()
                {
                    Status = 200,
                    ContentType = "text/html",
                    Headers = new Dictionary<string, string> { ["Set-Cookie"] = $"{AuthSetup.CookieName}={cookie}; path=/; secure; samesite=lax; httponly" },
                    Body = "<!doctype html><title>signed in</title>",
                }));
                await page.GotoAsync(signIn);
                await page.UnrouteAsync(signIn);
                pages.Add(page);
            }

            return new SamtaleSide(pair, pages[0], pages[1]);
        }

        /// <summary>
        /// The staff member opens the call page for the citizen (it rings); the citizen opens the call page
        /// for that call (it answers, as the ringing dialog's "Besvar" link does); call.js makes the offer
        /// when the answer arrives. Hung up from the staff side once both ends have connected.
        /// </summary>
        public async Task<Sample> CallAsync()
        {
            await staff.GotoAsync($"/Visits/Call?with={pair.Citizen.Id}");
            await staff.WaitForFunctionAsync("() => window.samtaleCall && window.samtaleCall.state === 'ringing' && window.samtaleCall.callId");
            var callId = await staff.EvaluateAsync<string>("() => window.samtaleCall.callId");
            await citizen.GotoAsync($"/Visits/Call/{callId}");
            await staff.WaitForFunctionAsync(Connected, null, new() { Timeout = 30_000 });
            await citizen.WaitForFunctionAsync(Connected, null, new() { Timeout = 30_000 });
            var atStaff = JsonSerializer.Deserialize<PageMarks>(await staff.EvaluateAsync<string>(Marks), Protocol.Json)!;
            var atCitizen = JsonSerializer.Deserialize<PageMarks>(await citizen.EvaluateAsync<string>(Marks), Protocol.Json)!;
            if (atStaff.Offer is not { } offer || atStaff.Connected is not { } staffConnected || atCitizen.Connected is not { } citizenConnected)
            {
                throw new InvalidOperationException("the call did not connect");
            }

            var pairTypes = await SelectedPairAsync(staff, "window.samtaleCall.pc()");

            await staff.ClickAsync("#btn-hangup");
            await citizen.WaitForFunctionAsync("() => window.samtaleCall.state === 'ended'");
            return new Sample(Math.Max(staffConnected, citizenConnected) - offer, staffConnected - offer, (atCitizen.RemoteOffer ?? double.NaN) - offer, (atCitizen.Answer ?? double.NaN) - offer, (atStaff.RemoteAnswer ?? double.NaN) - offer, pairTypes);
        }
    }

    /// <summary>
    /// From createOffer() invoked (ms): both ends connected, the caller connected, the offer handed to the
    /// callee's setRemoteDescription, the answer handed to the caller's; and the selected pair's candidate types.
    /// </summary>
    private sealed record Sample(double Both, double Caller, double OfferAtCallee, double AnswerMade, double AnswerAtCaller, string Pair);

    private sealed class PageMarks
    {
        public double? Offer { get; set; }

        public double? RemoteOffer { get; set; }

        public double? Answer { get; set; }

        public double? RemoteAnswer { get; set; }

        public double? Connected { get; set; }
    }

    private sealed class BareMarks
    {
        public double? Offer { get; set; }

        public double? RemoteOffer { get; set; }

        public double? Answer { get; set; }

        public double? RemoteAnswer { get; set; }

        public List<double> Connected { get; set; } = [];

        public string Pair { get; set; } = "";
    }
}
