using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// A coturn of the test's own on loopback, in the TURN REST mode (<c>--use-auth-secret</c>) with a random
/// secret that Samtale is configured with, so every credential the browsers use was minted by Samtale.
/// A missing turnserver fails the test: test.sh installs coturn, and a relay test that skips proves nothing.
/// The call-setup benchmark (bench/) compiles this same file.
/// </summary>
public sealed class Coturn : IAsyncDisposable
{
    private const string Binary = "/usr/bin/turnserver";

    private readonly Process _process;
    private readonly string _folder;

    private Coturn(Process process, string folder, int port, string secret)
    {
        _process = process;
        _folder = folder;
        Port = port;
        Secret = secret;
    }

    public int Port { get; }

    public string Secret { get; }

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    public static async Task<Coturn> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"coturn is missing at {Binary}: apt-get install -y coturn (test.sh does this).");
        }

        var port = FreeUdpPort();
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var folder = Directory.CreateTempSubdirectory("samtale-turn-").FullName;
        var minPort = 50000 + Random.Shared.Next(0, 100) * 100;
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
            $"--min-port={minPort}", $"--max-port={minPort + 99}", "--realm=samtale.test", "--use-auth-secret",
            $"--static-auth-secret={secret}", "--fingerprint", "--no-tls", "--no-dtls", "--no-cli",
            "--allow-loopback-peers", "--no-multicast-peers", $"--userdb={folder}/turndb",
            $"--pidfile={folder}/turn.pid", $"--log-file={folder}/turn.log", "--simple-log",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var turn = new Coturn(process, folder, port, secret);

        // Listening once it answers a STUN binding request; a crash shows as an exited process.
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            if (await AnswersStunAsync(port))
            {
                return turn;
            }

            await Task.Delay(100);
        }

        await turn.DisposeAsync();
        throw new InvalidOperationException("turnserver did not start listening within 10 seconds.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<bool> AnswersStunAsync(int port)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01;
        BitConverter.GetBytes(IPAddress.HostToNetworkOrder(0x2112A442)).CopyTo(request, 4);
        RandomNumberGenerator.Fill(request.AsSpan(8));
        await udp.SendAsync(request, new IPEndPoint(IPAddress.Loopback, port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            var reply = await udp.ReceiveAsync(timeout.Token);
            return reply.Buffer.Length >= 20 && reply.Buffer[0] == 0x01 && reply.Buffer[1] == 0x01;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return port < 3479 ? FreeUdpPort() : port;
    }
}
