using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;

namespace Samtale.Tests.Infrastructure;

/// <summary>What a refused hub call looked like, for assertions.</summary>
public static class HubAssert
{
    /// <summary>The call fails with a HubException whose message carries the product's error key.</summary>
    public static async Task RefusedAsync(string errorKey, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<HubException>(call);
        Assert.Contains(errorKey, refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The call fails: with a HubException, or, when the server closed the connection first, because the
    /// connection is gone, or because the transport's next request was refused (long polling: 401). Either
    /// way nothing was done on the caller's behalf.
    /// </summary>
    public static async Task FailsAsync(Func<Task> call)
    {
        var error = await Record.ExceptionAsync(call);
        Assert.True(error is HubException or InvalidOperationException or TaskCanceledException or IOException or WebSocketException or HttpRequestException,
            $"Expected the call to be refused, got {error?.GetType().Name ?? "success"}: {error?.Message}");
    }
}
