using Samtale.Web.Data;
using Samtale.Web.Web;

namespace Samtale.Web.Features.Audit;

/// <summary>
/// Adds audit rows to the current unit of work. Nothing is written until the caller saves, so the
/// row and the act it records commit together or not at all.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider clock, CurrentUser me)
{
    public void Record(string action, Guid? tenantId, string? targetType = null, Guid? targetId = null, string? detail = null, string outcome = AuditOutcome.Success) =>
        RecordAs(me.IsSignedIn ? me.Kind : "anonymous", me.IsSignedIn ? me.Id : null, action, tenantId, targetType, targetId, detail, outcome);

    public void RecordAs(string actorKind, Guid? actorId, string action, Guid? tenantId, string? targetType = null, Guid? targetId = null, string? detail = null, string outcome = AuditOutcome.Success)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.AuditEvents.Add(new AuditEvent
        {
            ChainId = tenantId ?? Guid.Empty,
            At = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc),
            Action = action,
            Outcome = outcome,
            ActorKind = actorKind,
            ActorId = actorId,
            TargetType = targetType,
            TargetId = targetId,
            Detail = detail,
        });
    }
}

public static class AuditOutcome
{
    public const string Success = "success";
    public const string Failure = "failure";
}
