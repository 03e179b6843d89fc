namespace Samtale.Web.Data;

/// <summary>Lengths shared by the model and the forms, so validation and columns agree.</summary>
public static class FieldLimits
{
    public const int Name = 100;
    public const int UserName = 64;
    public const int CaseReference = 40;
    public const int PasswordMin = 12;
    public const int PasswordMax = 256;
}
