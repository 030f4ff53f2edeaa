using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DestClassesRatesAndEmergencyAddresses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PremiumDestinationsAllowed",
                table: "Tenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "EmergencyAddress",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CostMicros",
                table: "CallRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "DestinationClass",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RatePrefix",
                table: "CallRecords",
                type: "TEXT",
                maxLength: 15,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallRates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PricePerMinuteMicros = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallRates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallRates_Prefix",
                table: "CallRates",
                column: "Prefix",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallRates");

            migrationBuilder.DropColumn(
                name: "PremiumDestinationsAllowed",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "EmergencyAddress",
                table: "PhoneNumbers");

            migrationBuilder.DropColumn(
                name: "CostMicros",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "DestinationClass",
                table: "CallRecords");

            migrationBuilder.DropColumn(
                name: "RatePrefix",
                table: "CallRecords");
        }
    }
}
