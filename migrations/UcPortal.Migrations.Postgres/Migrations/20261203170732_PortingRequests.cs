using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    E164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpenE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    NumberType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CurrentProvider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AccountNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuthorisedName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    WantedDate = table.Column<DateOnly>(type: "date", nullable: false),
                    PortDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StaffQuestion = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    TenantAnswer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RejectionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LoaFileName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    LoaContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    LoaOriginalName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LoaBytes = table.Column<int>(type: "integer", nullable: false),
                    SubmittedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    SubmittedByEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PhoneNumberId = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
