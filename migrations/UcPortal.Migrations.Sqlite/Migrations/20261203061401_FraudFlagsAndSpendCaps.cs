using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FraudFlagsAndSpendCaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DailySpendCapCents",
                table: "Tenants",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DailySpendCapCents",
                table: "Plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // The catalogue's caps for plans seeded before the column existed (PlanCatalogSeeder adds only missing plans).
            migrationBuilder.Sql("""UPDATE "Plans" SET "DailySpendCapCents" = 2000 WHERE "Code" = 'starter'""");
            migrationBuilder.Sql("""UPDATE "Plans" SET "DailySpendCapCents" = 10000 WHERE "Code" = 'business'""");
            migrationBuilder.Sql("""UPDATE "Plans" SET "DailySpendCapCents" = 50000 WHERE "Code" = 'enterprise'""");

            migrationBuilder.CreateTable(
                name: "FraudFlags",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    RaisedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClearedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClearedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClearNote = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FraudFlags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FraudFlags_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FraudFlags_TenantId_ClearedAtUtc",
                table: "FraudFlags",
                columns: new[] { "TenantId", "ClearedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FraudFlags");

            migrationBuilder.DropColumn(
                name: "DailySpendCapCents",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "DailySpendCapCents",
                table: "Plans");
        }
    }
}
