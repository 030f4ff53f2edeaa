namespace UcPortal.Data;

/// <summary>The two supported database providers; the migrations assembly follows the provider.</summary>
public static class DatabaseProvider
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
    public const string SqliteMigrationsAssembly = "UcPortal.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "UcPortal.Migrations.Postgres";
}
