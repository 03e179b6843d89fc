using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Messaging;

namespace Samtale.Tests.Messaging;

/// <summary>
/// A staff member reading a citizen's conversation is in the audit trail: once per
/// <see cref="RecentReads.Window"/> for paging through history, every time for a search.
/// </summary>
public sealed class StaffReadAuditTests
{
    [Fact]
    public async Task PagingThroughHistory_IsWrittenOncePerWindow_AndSearchesEveryTime()
    {
        await using var app = await ProductApp.StartAsync();
        var w = await AnnaAndLiva.CreateAsync(app);
        await Chat.PostAsync(w.LivasPhone, w.ConversationId, "Hej Anna");

        await Chat.PageAsync(w.AnnasBrowser, w.ConversationId);
        await Chat.PageAsync(w.AnnasBrowser, w.ConversationId);
        await Chat.PageAsync(w.LivasPhone, w.ConversationId);
        Assert.Equal(1, await ReadsAsync(app, w, "conversation.read"));

        app.Clock.Advance(RecentReads.Window);
        await Chat.PageAsync(w.AnnasBrowser, w.ConversationId);
        Assert.Equal(2, await ReadsAsync(app, w, "conversation.read"));

        await w.AnnasBrowser.GetAsync($"/api/conversations/{w.ConversationId}/search?q=Hej");
        await w.AnnasBrowser.GetAsync($"/api/conversations/{w.ConversationId}/search?q=Anna");
        Assert.Equal(2, await ReadsAsync(app, w, "conversation.search"));
    }

    private static Task<int> ReadsAsync(ProductApp app, AnnaAndLiva w, string action) =>
        app.DbAsync(db => db.AuditEvents.CountAsync(e => e.Action == action && e.ActorId == w.Anna.Id && e.TargetId == w.ConversationId));
}
