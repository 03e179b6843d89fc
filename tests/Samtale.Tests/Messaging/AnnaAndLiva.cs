using Microsoft.EntityFrameworkCore;
using Samtale.Tests.Infrastructure;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Tenancy;

namespace Samtale.Tests.Messaging;

/// <summary>
/// The smallest world a conversation needs: Nordby, its administrator, staff member Anna and citizen Liva
/// linked to her, both signed in, and the id of their conversation as Liva's inbox shows it.
/// </summary>
public sealed class AnnaAndLiva
{
    private AnnaAndLiva(ProductApp app) => App = app;

    public ProductApp App { get; }

    public Municipality Nordby { get; private set; } = null!;

    public StaffAccount Anna { get; private set; } = null!;

    public Citizen Liva { get; private set; } = null!;

    public CitizenLink Link { get; private set; } = null!;

    public HttpClient AnnasBrowser { get; private set; } = null!;

    public HttpClient LivasPhone { get; private set; } = null!;

    public Guid LivasPhoneId { get; private set; }

    public HttpClient Admin { get; private set; } = null!;

    public Guid ConversationId { get; private set; }

    public static async Task<AnnaAndLiva> CreateAsync(ProductApp app)
    {
        var w = new AnnaAndLiva(app);
        w.Nordby = await app.CreateMunicipalityAsync("Nordby Kommune");
        await app.CreateStaffAsync(w.Nordby, "nordby.admin", StaffRoles.MunicipalityAdmin);
        w.Anna = await app.CreateStaffAsync(w.Nordby, "anna", StaffRoles.Staff);
        w.Liva = await app.CreateCitizenAsync(w.Nordby, "Liva Citizen");
        w.Link = await app.LinkAsync(w.Liva, staff: w.Anna);
        (w.LivasPhone, w.LivasPhoneId) = await app.SignInCitizenAsync(w.Liva);
        w.AnnasBrowser = await app.SignInStaffAsync("anna");
        w.Admin = await app.SignInStaffAsync("nordby.admin");
        w.ConversationId = (await Chat.InboxAsync(w.LivasPhone)).Single().ConversationId;
        return w;
    }

    /// <summary>The rows stored for the conversation, oldest first, straight from the database.</summary>
    public Task<List<Message>> StoredAsync() =>
        App.DbAsync(db => db.Messages.AsNoTracking().Where(m => m.ConversationId == ConversationId).OrderBy(m => m.Id).ToListAsync());
}
