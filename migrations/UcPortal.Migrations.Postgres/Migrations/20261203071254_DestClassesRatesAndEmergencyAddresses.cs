using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "EmergencyAddress",
                table: "PhoneNumbers",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CostMicros",
                table: "CallRecords",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "DestinationClass",
                table: "CallRecords",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RatePrefix",
                table: "CallRecords",
                type: "character varying(15)",
                maxLength: 15,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallRates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Prefix = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    Description = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PricePerMinuteMicros = table.Column<long>(type: "bigint", nullable: false)
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
