using Samtale.Web.Data;
using Samtale.Web.Features.Accounts;
using Samtale.Web.Features.Admin;
using Samtale.Web.Features.Attachments;
using Samtale.Web.Features.Audit;
using Samtale.Web.Features.Citizens;
using Samtale.Web.Features.Journaling;
using Samtale.Web.Features.Links;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Features.Notifications;
using Samtale.Web.Features.Operations;
using Samtale.Web.Features.Setup;
using Samtale.Web.Features.Staff;
using Samtale.Web.Features.Tenancy;
using Samtale.Web.Features.Visits;
using Samtale.Web.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.AddWeb();
builder.AddAccounts();
builder.AddAudit();
builder.AddTenancy();
builder.AddLinks();
builder.AddCitizens();
builder.AddStaff();
builder.AddMessaging();
builder.AddAttachments();
builder.AddNotifications();
builder.AddJournaling();
builder.AddVisits();
builder.AddSetup();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseWeb();
app.MapOperations();
app.MapCitizens();
app.MapStaff();
app.MapAdmin();
app.MapMessaging();
app.MapAttachments();
app.MapNotifications();
app.MapJournaling();
app.MapVisits();
app.MapRazorPages();
app.UseFirstStart();

await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
