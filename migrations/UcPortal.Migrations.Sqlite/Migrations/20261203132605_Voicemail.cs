using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Voicemail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AttachmentName",
                table: "OutboxEmails",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttachmentPath",
                table: "OutboxEmails",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttachmentType",
                table: "OutboxEmails",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // Every extension has a mailbox, on by default: existing extensions get one too.
            migrationBuilder.AddColumn<bool>(
                name: "VoicemailEnabled",
                table: "Extensions",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "VoicemailGreetingFile",
                table: "Extensions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "VoicemailMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExtensionNumber = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Caller = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CallerName = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationSeconds = table.Column<double>(type: "REAL", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Heard = table.Column<bool>(type: "INTEGER", nullable: false),
                    CallId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VoicemailMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VoicemailMessages_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VoicemailMessages_TenantId_CallId",
                table: "VoicemailMessages",
                columns: new[] { "TenantId", "CallId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VoicemailMessages_TenantId_ReceivedAtUtc",
                table: "VoicemailMessages",
                columns: new[] { "TenantId", "ReceivedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VoicemailMessages");

            migrationBuilder.DropColumn(
                name: "AttachmentName",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "AttachmentPath",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "AttachmentType",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "VoicemailEnabled",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "VoicemailGreetingFile",
                table: "Extensions");
        }
    }
}
