namespace Samtale.BrowserTests.Infrastructure;

/// <summary>One failed axe-core rule, as axe.run reports it (classes, because Playwright deserialises into them).</summary>
public sealed class AxeViolation
{
    public string Id { get; set; } = "";

    public string Impact { get; set; } = "";

    public string Help { get; set; } = "";

    public string HelpUrl { get; set; } = "";

    public AxeNode[] Nodes { get; set; } = [];
}

public sealed class AxeNode
{
    public string Target { get; set; } = "";

    public string Html { get; set; } = "";

    public string Summary { get; set; } = "";
}
