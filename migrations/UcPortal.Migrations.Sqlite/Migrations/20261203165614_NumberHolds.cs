using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "HeldBy",
                table: "PhoneNumbers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldUntilUtc",
                table: "PhoneNumbers",
                type: "TEXT",
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

            // Existing rows get their reversed number (SQLite has no reverse(); E.164 is at most 16 characters).
            migrationBuilder.Sql("UPDATE \"PhoneNumbers\" SET \"E164Reversed\" = substr(\"E164\", 16, 1)||substr(\"E164\", 15, 1)||substr(\"E164\", 14, 1)||substr(\"E164\", 13, 1)||substr(\"E164\", 12, 1)||substr(\"E164\", 11, 1)||substr(\"E164\", 10, 1)||substr(\"E164\", 9, 1)||substr(\"E164\", 8, 1)||substr(\"E164\", 7, 1)||substr(\"E164\", 6, 1)||substr(\"E164\", 5, 1)||substr(\"E164\", 4, 1)||substr(\"E164\", 3, 1)||substr(\"E164\", 2, 1)||substr(\"E164\", 1, 1);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
