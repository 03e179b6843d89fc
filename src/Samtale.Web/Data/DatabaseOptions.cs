using System.ComponentModel.DataAnnotations;

namespace Samtale.Web.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (the embedded default) or "Postgres".</summary>
    [Required]
    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>For SQLite a relative Data Source is resolved against the content root.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/samtale.db";

    public bool MigrateOnStartup { get; set; } = true;
}
