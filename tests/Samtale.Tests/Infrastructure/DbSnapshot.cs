using Microsoft.EntityFrameworkCore;

namespace Samtale.Tests.Infrastructure;

/// <summary>What the database holds, counted, so a test can say "nothing changed" and mean every table.</summary>
public sealed record DbSnapshot(
    int Municipalities,
    int Teams,
    int TeamMembers,
    int StaffAccounts,
    int Citizens,
    int LiveEnrolmentCodes,
    int EnrolmentCodes,
    int CitizenDevices,
    int RevokedDevices,
    int Links,
    int AuditEvents,
    int OpenSessions,
    int Conversations,
    int Messages,
    long ReadUpToSum,
    int Attachments)
{
    public static Task<DbSnapshot> TakeAsync(ProductApp app) =>
        app.DbAsync(async db => new DbSnapshot(
            await db.Municipalities.CountAsync(),
            await db.Teams.CountAsync(),
            await db.TeamMembers.CountAsync(),
            await db.StaffAccounts.CountAsync(),
            await db.Citizens.CountAsync(),
            await db.EnrolmentCodes.CountAsync(c => c.RedeemedAt == null && c.WithdrawnAt == null),
            await db.EnrolmentCodes.CountAsync(),
            await db.CitizenDevices.CountAsync(),
            await db.CitizenDevices.CountAsync(d => d.RevokedAt != null),
            await db.CitizenLinks.CountAsync(),
            await db.AuditEvents.CountAsync(),
            await db.Sessions.CountAsync(s => s.EndedAt == null),
            await db.Conversations.CountAsync(),
            await db.Messages.CountAsync(),
            await db.ReadMarkers.SumAsync(r => r.ReadUpTo + r.DeliveredUpTo),
            await db.Attachments.CountAsync()));
}
