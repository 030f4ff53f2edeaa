using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SignupMobileVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "MobileCodeExpiresAtUtc",
                table: "TrialSignups",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MobileCodeFailedAttempts",
                table: "TrialSignups",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "MobileCodeHash",
                table: "TrialSignups",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MobileVerifiedAtUtc",
                table: "TrialSignups",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestCountry",
                table: "TrialSignups",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewNote",
                table: "TrialSignups",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewReasons",
                table: "TrialSignups",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewedAtUtc",
                table: "TrialSignups",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "TrialSignups",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignupNetwork",
                table: "TrialSignups",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "OutboxSms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Template = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ToE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Body = table.Column<string>(type: "character varying(480)", maxLength: 480, nullable: false),
                    RedactedBody = table.Column<string>(type: "character varying(480)", maxLength: 480, nullable: false),
                    TrialSignupId = table.Column<Guid>(type: "uuid", nullable: true),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProviderMessageId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SentAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxSms", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrialSignups_SignupIp_CreatedAtUtc",
                table: "TrialSignups",
                columns: new[] { "SignupIp", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TrialSignups_SignupNetwork_CreatedAtUtc",
                table: "TrialSignups",
                columns: new[] { "SignupNetwork", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TrialSignups_Status",
                table: "TrialSignups",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxSms_CreatedAtUtc",
                table: "OutboxSms",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxSms_TrialSignupId_CreatedAtUtc",
                table: "OutboxSms",
                columns: new[] { "TrialSignupId", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutboxSms");

            migrationBuilder.DropIndex(
                name: "IX_TrialSignups_SignupIp_CreatedAtUtc",
                table: "TrialSignups");

            migrationBuilder.DropIndex(
                name: "IX_TrialSignups_SignupNetwork_CreatedAtUtc",
                table: "TrialSignups");

            migrationBuilder.DropIndex(
                name: "IX_TrialSignups_Status",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "MobileCodeExpiresAtUtc",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "MobileCodeFailedAttempts",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "MobileCodeHash",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "MobileVerifiedAtUtc",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "RequestCountry",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "ReviewNote",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "ReviewReasons",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "ReviewedAtUtc",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "TrialSignups");

            migrationBuilder.DropColumn(
                name: "SignupNetwork",
                table: "TrialSignups");
        }
    }
}
