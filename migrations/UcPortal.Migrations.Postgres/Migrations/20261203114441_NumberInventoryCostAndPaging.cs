using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NumberInventoryCostAndPaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MonthlyCostCents",
                table: "PhoneNumbers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_Country_City_E164",
                table: "PhoneNumbers",
                columns: new[] { "Country", "City", "E164" });

            migrationBuilder.CreateIndex(
                name: "IX_PhoneNumbers_Status_Pool_E164",
                table: "PhoneNumbers",
                columns: new[] { "Status", "Pool", "E164" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PhoneNumbers_Country_City_E164",
                table: "PhoneNumbers");

            migrationBuilder.DropIndex(
                name: "IX_PhoneNumbers_Status_Pool_E164",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "MonthlyCostCents",
                table: "PhoneNumbers");
        }
    }
}
