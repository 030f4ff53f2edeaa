using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrialFunnelMilestones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ConvertedAtUtc",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstCallAtUtc",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstRegistrationAtUtc",
                table: "Tenants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_FirstRegistrationAtUtc_Status",
                table: "Tenants",
                columns: new[] { "FirstRegistrationAtUtc", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tenants_FirstRegistrationAtUtc_Status",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "ConvertedAtUtc",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "FirstCallAtUtc",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "FirstRegistrationAtUtc",
                table: "Tenants");
        }
    }
}
