using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using UcPortal.Data;

namespace UcPortal.Migrations.Postgres;

/// <summary>Used by `dotnet ef migrations add` only; no database is opened.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql("Host=localhost;Database=ucportal_design", x => x.MigrationsAssembly(DatabaseProvider.PostgresMigrationsAssembly)).Options);
}
