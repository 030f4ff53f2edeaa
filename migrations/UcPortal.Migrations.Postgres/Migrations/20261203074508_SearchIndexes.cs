using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tenants_CreatedAtUtc",
                table: "Tenants",
                column: "CreatedAtUtc");

            // The staff customer search (TenantSearch). Substrings: trigram GIN indexes on the lower-cased
            // expressions the query compares (NormalizedEmail is already upper-case). Prefixes of numbers and
            // SIP domains: pattern-ops btrees, since the database collation is not "C" and a plain btree
            // cannot serve LIKE 'x%'. Raw SQL because EF's model cannot describe these for both providers;
            // guarded so that this class, if ever run against another provider, skips them.
            if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
                migrationBuilder.Sql("""CREATE INDEX "IX_Tenants_Name_trgm" ON "Tenants" USING gin (lower("Name") gin_trgm_ops);""");
                migrationBuilder.Sql("""CREATE INDEX "IX_AspNetUsers_NormalizedEmail_trgm" ON "AspNetUsers" USING gin ("NormalizedEmail" gin_trgm_ops);""");
                migrationBuilder.Sql("""CREATE INDEX "IX_AspNetUsers_FullName_trgm" ON "AspNetUsers" USING gin (lower("FullName") gin_trgm_ops);""");
                migrationBuilder.Sql("""CREATE INDEX "IX_Tenants_SipDomain_pattern" ON "Tenants" ("SipDomain" varchar_pattern_ops);""");
                migrationBuilder.Sql("""CREATE INDEX "IX_Tenants_VerifiedMobileE164_pattern" ON "Tenants" ("VerifiedMobileE164" varchar_pattern_ops);""");
                migrationBuilder.Sql("""CREATE INDEX "IX_PhoneNumbers_E164_pattern" ON "PhoneNumbers" ("E164" varchar_pattern_ops);""");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                foreach (var index in new[] { "IX_Tenants_Name_trgm", "IX_AspNetUsers_NormalizedEmail_trgm", "IX_AspNetUsers_FullName_trgm",
                    "IX_Tenants_SipDomain_pattern", "IX_Tenants_VerifiedMobileE164_pattern", "IX_PhoneNumbers_E164_pattern" })
                {
                    migrationBuilder.Sql($"DROP INDEX IF EXISTS \"{index}\";");
                }
            }

            migrationBuilder.DropIndex(
                name: "IX_Tenants_CreatedAtUtc",
                table: "Tenants");
        }
    }
}
