using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PortingRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PortingRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    E164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpenE164 = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    NumberType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CurrentProvider = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AccountNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AuthorisedName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    WantedDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PortDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StaffQuestion = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    TenantAnswer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LoaFileName = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    LoaContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LoaOriginalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LoaBytes = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    SubmittedByEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PhoneNumberId = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortingRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PortingRequests_PhoneNumbers_PhoneNumberId",
                        column: x => x.PhoneNumberId,
                        principalTable: "PhoneNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PortingRequests_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PortingRequests_OpenE164",
                table: "PortingRequests",
                column: "OpenE164",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PortingRequests_PhoneNumberId",
                table: "PortingRequests",
                column: "PhoneNumberId");

            migrationBuilder.CreateIndex(
                name: "IX_PortingRequests_Status_CreatedAtUtc",
                table: "PortingRequests",
                columns: new[] { "Status", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PortingRequests_TenantId_CreatedAtUtc",
                table: "PortingRequests",
                columns: new[] { "TenantId", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PortingRequests");
        }
    }
}
