using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Samtale.Tests.Infrastructure;

/// <summary>
/// The built product (Samtale.Web.dll) run by <c>dotnet</c> as a process of its own on a loopback port,
/// configured on the command line as an operator would. Unlike <see cref="ProductApp"/> it can be killed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workingFolder;

    private ServerProcess(Process process, Uri address, string workingFolder)
    {
        _process = process;
        Address = address;
        _workingFolder = workingFolder;
    }

    public Uri Address { get; }

    /// <summary>What the server wrote, for the failure message of a test.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server on the database and waits until it answers /health/ready.</summary>
    public static async Task<ServerProcess> StartAsync(DurableTestDatabase database, string masterKey, IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Samtale.Web.dll");
        Assert.True(File.Exists(dll), $"The built product is missing at {dll}.");
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var workingFolder = Path.Combine(Path.GetTempPath(), $"samtale-server-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workingFolder);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            dll,
            "--urls", address.ToString(),
            "--Database:Provider", database.Provider,
            "--Database:ConnectionString", database.ConnectionString,
            "--Encryption:MasterKey", masterKey,
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        var server = new ServerProcess(Process.Start(start)!, address, workingFolder);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public HttpClient Browser(string cookieHeader)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no goodbye to the clients.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        Directory.Delete(_workingFolder, recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The server exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, but still migrating or warming up.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The server did not become ready within {StartTimeout.TotalSeconds} s:\n{Output}");
    }
}
