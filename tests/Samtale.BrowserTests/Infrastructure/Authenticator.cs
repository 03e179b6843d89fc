using OtpNet;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// The staff members' authenticator apps: one TOTP key per user name, read off the enrolment page or
/// handed over by a test that enrolled the account itself. Runs on the real clock, as the app does.
/// </summary>
public sealed class Authenticator
{
    private const int StepSeconds = 30;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Key, long LastStep)> _apps = [];

    /// <summary>Takes the key as the enrolment page shows it, in groups of four.</summary>
    public void Add(string userName, string keyText)
    {
        lock (_gate)
        {
            _apps[userName] = (keyText.Replace(" ", "", StringComparison.Ordinal).Trim(), 0);
        }
    }

    public static string NewKey() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>
    /// The code to type now. The product refuses a time step that was already used, so a second sign-in
    /// within the same 30 seconds takes the next step's code, which the product accepts as one step of
    /// clock drift. A person would wait for the app to show a new code; this avoids the wait.
    /// </summary>
    public string NextCode(string userName)
    {
        lock (_gate)
        {
            var (key, lastStep) = _apps[userName];
            var step = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / StepSeconds, lastStep + 1);
            _apps[userName] = (key, step);
            return new Totp(Base32Encoding.ToBytes(key), StepSeconds).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);
        }
    }
}
