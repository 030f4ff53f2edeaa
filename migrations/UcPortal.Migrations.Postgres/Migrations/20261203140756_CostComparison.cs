using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CostComparison : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ComparisonLeads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FullName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Company = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    ClientIp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    InputsJson = table.Column<string>(type: "text", nullable: false),
                    OnPremiseTotalCents = table.Column<long>(type: "bigint", nullable: false),
                    HostedTotalCents = table.Column<long>(type: "bigint", nullable: false),
                    TrunksTotalCents = table.Column<long>(type: "bigint", nullable: true),
                    BreakEvenMonth = table.Column<int>(type: "integer", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ConfirmTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ConfirmedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReportEmailId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComparisonLeads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ComparisonRates",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ValueMicros = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComparisonRates", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonLeads_ClientIp_CreatedAtUtc",
                table: "ComparisonLeads",
                columns: new[] { "ClientIp", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonLeads_ConfirmTokenHash",
                table: "ComparisonLeads",
                column: "ConfirmTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonLeads_CreatedAtUtc",
                table: "ComparisonLeads",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonLeads_NormalizedEmail_CreatedAtUtc",
                table: "ComparisonLeads",
                columns: new[] { "NormalizedEmail", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComparisonLeads");

            migrationBuilder.DropTable(
                name: "ComparisonRates");
        }
    }
}
