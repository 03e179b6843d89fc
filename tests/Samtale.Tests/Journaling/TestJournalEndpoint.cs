using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samtale.Tests.Journaling;

/// <summary>One POST as the integration platform received it.</summary>
public sealed record ReceivedPost(string IdempotencyKey, string Signature, byte[] Body, string Metadata, byte[] Pdf, IReadOnlyList<(string FileName, byte[] Bytes)> Attachments);

/// <summary>
/// A real HTTP endpoint (Kestrel on 127.0.0.1, a free port) standing in for the municipality's integration
/// platform. What it answers is up to the test; everything it received is kept.
/// </summary>
public sealed class TestJournalEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestJournalEndpoint(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedPost> Received { get; } = new();

    /// <summary>Status and body for the n-th request (1-based). Default: 201 with a receipt per idempotency key.</summary>
    public Func<int, ReceivedPost, (int Status, string Body)> Answer { get; set; } =
        (_, post) => (201, $$"""{"receiptId":"R-{{post.IdempotencyKey}}"}""");

    /// <summary>Delay before answering, to play a slow platform.</summary>
    public TimeSpan Delay { get; set; }

    public Uri Url { get; private set; } = null!;

    public static async Task<TestJournalEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new TestJournalEndpoint(app);
        var count = 0;
        app.MapPost("/journal", async (HttpContext ctx) =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            ctx.Request.Body = new MemoryStream(body);
            var form = await ctx.Request.ReadFormAsync();
            var pdf = await ReadAsync(form.Files.GetFile("pdf"));
            var attachments = new List<(string, byte[])>();
            foreach (var f in form.Files.GetFiles("attachment"))
            {
                attachments.Add((f.FileName, await ReadAsync(f)));
            }

            var post = new ReceivedPost(ctx.Request.Headers["Idempotency-Key"].ToString(), ctx.Request.Headers["X-Samtale-Signature"].ToString(), body, form["metadata"].ToString(), pdf, attachments);
            endpoint.Received.Enqueue(post);
            if (endpoint.Delay > TimeSpan.Zero)
            {
                await Task.Delay(endpoint.Delay);
            }

            var (status, text) = endpoint.Answer(Interlocked.Increment(ref count), post);
            return Results.Text(text, "application/json", statusCode: status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Url = new Uri(new Uri(address), "/journal");
        return endpoint;
    }

    private static async Task<byte[]> ReadAsync(IFormFile? file)
    {
        if (file is null)
        {
            return [];
        }

        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
