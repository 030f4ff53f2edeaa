using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LifecycleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tenants_Status_PastDueSinceUtc",
                table: "Tenants",
                columns: new[] { "Status", "PastDueSinceUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_Status_ReleasedAtUtc",
                table: "Tenants",
                columns: new[] { "Status", "ReleasedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_Status_SuspendedAtUtc",
                table: "Tenants",
                columns: new[] { "Status", "SuspendedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Tenants_Status_TrialExpiresAtUtc",
                table: "Tenants",
                columns: new[] { "Status", "TrialExpiresAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_Status_QuarantinedUntilUtc",
                table: "PhoneNumbers",
                columns: new[] { "Status", "QuarantinedUntilUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tenants_Status_PastDueSinceUtc",
                table: "Tenants");

            migrationBuilder.DropIndex(
                name: "IX_Tenants_Status_ReleasedAtUtc",
                table: "Tenants");

            migrationBuilder.DropIndex(
                name: "IX_Tenants_Status_SuspendedAtUtc",
                table: "Tenants");

            migrationBuilder.DropIndex(
                name: "IX_Tenants_Status_TrialExpiresAtUtc",
                table: "Tenants");

            migrationBuilder.DropIndex(
                name: "IX_PhoneNumbers_Status_QuarantinedUntilUtc",
                table: "PhoneNumbers");
        }
    }
}
