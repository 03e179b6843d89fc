namespace Samtale.Web.Features.Visits;

/// <summary>
/// A token bucket per hub connection. A call set-up needs an offer, an answer and a few dozen ICE
/// candidates within a second or two; a client sending hundreds a second is broken or hostile, and would
/// otherwise make the server a free amplifier towards the other party.
/// </summary>
public sealed class SignalBudget(TimeProvider clock)
{
    public const double Capacity = 60;
    public const double RefillPerSecond = 20;

    private readonly Lock _gate = new();
    private double _tokens = Capacity;
    private long _last = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(Capacity, _tokens + (clock.GetElapsedTime(_last, now).TotalSeconds * RefillPerSecond));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
