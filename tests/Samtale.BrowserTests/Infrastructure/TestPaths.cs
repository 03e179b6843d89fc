using System.Reflection;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>Folders next to the test project: axe-core from npm, and where screenshots go for people to look at.</summary>
public static class TestPaths
{
    public static readonly string ProjectDirectory =
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    public static readonly string AxeScript = Path.Combine(ProjectDirectory, "node_modules", "axe-core", "axe.min.js");

    /// <summary>Under bin/, so git ignores it; each run overwrites the same names.</summary>
    public static readonly string Screenshots = Path.Combine(ProjectDirectory, "bin", "screenshots");
}
