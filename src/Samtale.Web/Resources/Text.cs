namespace Samtale.Web.Resources;

/// <summary>Marker for the shared UI strings (Text.resx is Danish, the default; Text.nb.resx and Text.en.resx follow).</summary>
public sealed class Text;
