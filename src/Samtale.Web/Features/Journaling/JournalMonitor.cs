using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Samtale.Web.Data;

namespace Samtale.Web.Features.Journaling;

/// <summary>Counts only: how much is owed to the case systems, how much is stuck, how much is overdue.</summary>
public sealed record JournalBacklog(int WaitingMessages, int OpenUnits, int ParkedUnits, int OverdueMessages);

/// <summary>
/// The journal's health for operators: a health check entry and metrics gauges. Overdue means written
/// longer ago than the alert threshold and still not confirmed by a sink — content that Samtale must keep
/// and that the case system does not have yet. Counts carry no labels, so no personal data can leak.
/// </summary>
public sealed class JournalMonitor : IHealthCheck, IDisposable
{
    public const string MeterName = "Samtale.Journal";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly IOptions<JournalOptions> _options;
    private readonly Meter _meter = new(MeterName);
    private JournalBacklog _last = new(0, 0, 0, 0);

    public JournalMonitor(IServiceScopeFactory scopes, TimeProvider clock, IOptions<JournalOptions> options)
    {
        (_scopes, _clock, _options) = (scopes, clock, options);
        _meter.CreateObservableGauge("samtale_journal_backlog_messages", () => _last.WaitingMessages, description: "Messages not yet confirmed by a journal sink");
        _meter.CreateObservableGauge("samtale_journal_parked_units", () => _last.ParkedUnits, description: "Journal units parked for an operator");
        _meter.CreateObservableGauge("samtale_journal_overdue_messages", () => _last.OverdueMessages, description: "Messages unconfirmed past the alert threshold");
    }

    public JournalBacklog Last => _last;

    public async Task<JournalBacklog> MeasureAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var overdueBefore = _clock.GetUtcNow().UtcDateTime - _options.Value.AlertUnconfirmedAfter;
        var units = db.Set<JournalUnit>().IgnoreQueryFilters();
        var unconfirmed = db.Set<JournalJob>().IgnoreQueryFilters()
            .Where(j => j.UnitId == null || units.Any(u => u.Id == j.UnitId && (u.State == JournalUnitState.Pending || u.State == JournalUnitState.Delivered || u.State == JournalUnitState.Parked)));
        _last = new JournalBacklog(
            await unconfirmed.CountAsync(ct),
            await units.CountAsync(u => u.State == JournalUnitState.Pending || u.State == JournalUnitState.Delivered, ct),
            await units.CountAsync(u => u.State == JournalUnitState.Parked, ct),
            await unconfirmed.CountAsync(j => j.CreatedAt < overdueBefore, ct));
        return _last;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var b = await MeasureAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["waiting"] = b.WaitingMessages, ["parked"] = b.ParkedUnits, ["overdue"] = b.OverdueMessages };
        return b.OverdueMessages > 0 || b.ParkedUnits > 0
            ? HealthCheckResult.Degraded($"{b.OverdueMessages} message(s) unconfirmed past the threshold, {b.ParkedUnits} unit(s) parked", data: data)
            : HealthCheckResult.Healthy($"{b.WaitingMessages} message(s) waiting", data);
    }

    public void Dispose() => _meter.Dispose();
}
