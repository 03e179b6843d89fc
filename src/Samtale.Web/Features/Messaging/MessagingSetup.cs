using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Resources;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Messaging;

public sealed record PostMessage(string? ClientKey, string? Text);

public sealed record MarkRequest(long UpTo);

public static class MessagingSetup
{
    /// <summary>Largest hub frame: a 10,000-character message in UTF-8 with its JSON envelope.</summary>
    public const long MaxHubMessageBytes = 64 * 1024;

    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section);
        builder.Services.AddSingleton<MasterKeys>();
        builder.Services.AddSingleton<ContentCipher>();
        builder.Services.AddSingleton<LiveConnections>();
        builder.Services.AddSingleton<LiveSessionFilter>();
        builder.Services.AddScoped<ConversationAccess>();
        builder.Services.AddScoped<MessageDelivery>();
        builder.Services.AddSingleton<MessageFanout>();
        builder.Services.AddSingleton<MessageCommitter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessageCommitter>());
        builder.Services.AddScoped<AutoReply>();
        builder.Services.AddSingleton<AbsenceCalendar>();
        builder.Services.AddSingleton<RecentReads>();
        builder.Services.AddScoped<GroupMessage>();
        builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = MaxHubMessageBytes;
            o.AddFilter<LiveSessionFilter>();
        });
        return builder;
    }

    public static WebApplication MapMessaging(this WebApplication app)
    {
        app.MapHub<ChatHub>("/hubs/chat");

        var api = app.MapGroup("/api/conversations").RequireAuthorization();
        api.MapGet("/", async (ConversationAccess access, CancellationToken ct) => TypedResults.Ok(await access.InboxAsync(ct)));
        api.MapGet("/{conversationId:guid}/messages", PageAsync);
        api.MapPost("/{conversationId:guid}/messages", PostAsync);
        api.MapPost("/{conversationId:guid}/read", ReadAsync);
        api.MapGet("/{conversationId:guid}/search", SearchAsync).RequireAuthorization(Policies.Staff);
        return app;
    }

    private static async Task<Results<Ok<MessagePage>, NotFound>> PageAsync(
        Guid conversationId, [FromQuery] long? before, [FromQuery] int? limit, ConversationAccess access, MessageDelivery delivery, AppDbContext db, CancellationToken ct)
    {
        // A page takes five queries; one connection for all of them instead of one taken and returned for each.
        await db.Database.OpenConnectionAsync(ct);
        return await access.FindAsync(conversationId, ct) is { } c
            ? TypedResults.Ok(await delivery.PageAsync(c, before, limit ?? MessageDelivery.PageSize, ct))
            : TypedResults.NotFound();
    }

    /// <summary>The HTTP way to send, for clients without a WebSocket; same acknowledgement and idempotency as the hub.</summary>
    private static async Task<Results<Created<MessageView>, Ok<MessageView>, NotFound, ValidationProblem, ProblemHttpResult>> PostAsync(
        Guid conversationId, PostMessage body, ConversationAccess access, MessageDelivery delivery, IStringLocalizer<Text> t, CancellationToken ct)
    {
        if (await access.FindAsync(conversationId, ct) is not { } c)
        {
            return TypedResults.NotFound();
        }

        var result = await delivery.SendAsync(c, body.ClientKey, body.Text, ct);
        return result switch
        {
            { Message: { } m, Replayed: true } => TypedResults.Ok(m),
            { Message: { } m } => TypedResults.Created((string?)null, m),
            { ErrorKey: "Chat.KeyReused" } => TypedResults.Problem(t["Chat.KeyReused"], statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [result.ErrorKey == "Chat.BadClientKey" ? "clientKey" : "text"] = [t[result.ErrorKey!]],
            }),
        };
    }

    private static async Task<Results<NoContent, NotFound>> ReadAsync(Guid conversationId, MarkRequest body, ConversationAccess access, MessageDelivery delivery, CancellationToken ct)
    {
        if (await access.FindAsync(conversationId, ct) is not { } c)
        {
            return TypedResults.NotFound();
        }

        await delivery.MarkAsync(c, body.UpTo, read: true, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<MessageView>>, NotFound, ValidationProblem>> SearchAsync(
        Guid conversationId, [FromQuery] string? q, ConversationAccess access, MessageDelivery delivery, IStringLocalizer<Text> t, CancellationToken ct)
    {
        if (q is not { Length: > 0 and <= 200 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["q"] = [t["Chat.SearchTerm"]] });
        }

        return await access.FindAsync(conversationId, ct) is { } c
            ? TypedResults.Ok(await delivery.SearchAsync(c, q, ct))
            : TypedResults.NotFound();
    }
}
