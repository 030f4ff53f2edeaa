using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NumberHolds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "E164Reversed",
                table: "PhoneNumbers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "HeldBy",
                table: "PhoneNumbers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldUntilUtc",
                table: "PhoneNumbers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_Country_E164Reversed",
                table: "PhoneNumbers",
                columns: new[] { "Country", "E164Reversed" });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_HeldBy",
                table: "PhoneNumbers",
                column: "HeldBy");

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_HeldUntilUtc",
                table: "PhoneNumbers",
                column: "HeldUntilUtc");

            // Existing rows get their reversed number; number search (decision 032) on PostgreSQL: prefixes of
            // the number and of its reverse through pattern-ops btrees (the collation is not "C"), "contains"
            // through a trigram GIN index (pg_trgm is created by SearchIndexes).
            migrationBuilder.Sql("""UPDATE "PhoneNumbers" SET "E164Reversed" = reverse("E164");""");
            if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                migrationBuilder.Sql("""CREATE INDEX "IX_PhoneNumbers_E164Reversed_pattern" ON "PhoneNumbers" ("E164Reversed" varchar_pattern_ops);""");
                migrationBuilder.Sql("""CREATE INDEX "IX_PhoneNumbers_E164_trgm" ON "PhoneNumbers" USING gin ("E164" gin_trgm_ops);""");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
            {
                migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_PhoneNumbers_E164Reversed_pattern\";");
                migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_PhoneNumbers_E164_trgm\";");
            }
            migrationBuilder.DropIndex(
                name: "IX_PhoneNumbers_Country_E164Reversed",
                table: "PhoneNumbers");

            migrationBuilder.DropIndex(
                name: "IX_PhoneNumbers_HeldBy",
                table: "PhoneNumbers");

            migrationBuilder.DropIndex(
                name: "IX_PhoneNumbers_HeldUntilUtc",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "E164Reversed",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "HeldBy",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "HeldUntilUtc",
                table: "PhoneNumbers");
        }
    }
}
