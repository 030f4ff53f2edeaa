using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using UcPortal.Data;

namespace UcPortal.Migrations.Sqlite;

/// <summary>Used by `dotnet ef migrations add` only; no database is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design-time.db", x => x.MigrationsAssembly(DatabaseProvider.SqliteMigrationsAssembly)).Options);
}
