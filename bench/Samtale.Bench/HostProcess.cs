using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Samtale.Bench;

/// <summary>The driver's handle on the host process: starts it, sends it commands, stops it.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, HostReady ready)
    {
        _process = process;
        BaseAddress = new Uri(ready.Address);
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<HostProcess> StartAsync(DatabaseTarget database, bool profile, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,

            // WebApplicationFactory finds the product's content root through MvcTestingAppManifest.json
            // in the working directory, which is the build output, not wherever the driver was started.
            WorkingDirectory = AppContext.BaseDirectory,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add("host");
        start.ArgumentList.Add(database.Provider);
        start.ArgumentList.Add(database.ConnectionString);
        start.ArgumentList.Add(profile ? "profile" : "no-profile");

        // The product runs with Server GC (Web SDK default); the host must too, or memory and throughput
        // would describe another configuration.
        start.Environment["DOTNET_gcServer"] = "1";

        // Product configuration the product reads from its environment (e.g. Turn__Urls__0), as a deployment sets it.
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var ready = await ReadReplyAsync<HostReady>(process);
        return new HostProcess(process, ready);
    }

    public async Task<T> SendAsync<T>(string command, int count = 0, long total = 0)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new HostCommand(command, count, total), Protocol.Json));
        await _process.StandardInput.FlushAsync();
        return await ReadReplyAsync<T>(_process);
    }

    public Task<HostStats> StatsAsync() => SendAsync<HostStats>("stats");

    public Task<HostStats> ResetAsync() => SendAsync<HostStats>("reset");

    public Task<HostStats> CollectAsync() => SendAsync<HostStats>("gc");

    public Task<HostStats> CountAsync() => SendAsync<HostStats>("count");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new HostCommand("quit"), Protocol.Json));
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static async Task<T> ReadReplyAsync<T>(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(Protocol.ReplyPrefix, StringComparison.Ordinal))
            {
                return JsonSerializer.Deserialize<T>(line[Protocol.ReplyPrefix.Length..], Protocol.Json)!;
            }

            await Console.Error.WriteLineAsync($"[host] {line}");
        }

        throw new InvalidOperationException("The host process ended; its error output is above.");
    }
}
