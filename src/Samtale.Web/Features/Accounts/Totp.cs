using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace Samtale.Web.Features.Accounts;

/// <summary>TOTP (RFC 6238) keys and codes for staff, with keys encrypted at rest through Data Protection.</summary>
public sealed class Totp(IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Samtale.Accounts.Totp");

    public static string NewKey() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Protect(string base32Key) => _protector.Protect(base32Key);

    public string Unprotect(string protectedKey) => _protector.Unprotect(protectedKey);

    public static string ProvisioningUri(string issuer, string accountName, string base32Key) =>
        new OtpUri(OtpType.Totp, base32Key, accountName, issuer).ToString();

    /// <summary>Checks a code, allowing one step of clock drift either way, and refuses steps already used.</summary>
    public bool Verify(string base32Key, string? code, long lastUsedStep, out long matchedStep)
    {
        matchedStep = 0;
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 6)
        {
            return false;
        }

        var totp = new OtpNet.Totp(Base32Encoding.ToBytes(base32Key));
        var ok = totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, digits, out matchedStep, new VerificationWindow(1, 1));
        return ok && matchedStep > lastUsedStep;
    }

    public string CodeAt(string base32Key, DateTime utc) => new OtpNet.Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(utc);
}
