using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PbxConfiguration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "Tenants",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.AddColumn<int>(
                name: "ExtensionNumberMax",
                table: "Plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 999);

            migrationBuilder.AddColumn<int>(
                name: "ExtensionNumberMin",
                table: "Plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: 100);

            migrationBuilder.AddColumn<bool>(
                name: "SipTrunksAllowed",
                table: "Plans",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "CallerIdNumberId",
                table: "Extensions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "DoNotDisturb",
                table: "Extensions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Extensions",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForwardAlways_Kind",
                table: "Extensions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "ForwardAlways_Target",
                table: "Extensions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ForwardBusy_Kind",
                table: "Extensions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "ForwardBusy_Target",
                table: "Extensions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ForwardNoAnswer_Kind",
                table: "Extensions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "ForwardNoAnswer_Target",
                table: "Extensions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ForwardUnregistered_Kind",
                table: "Extensions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "ForwardUnregistered_Target",
                table: "Extensions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "NoAnswerSeconds",
                table: "Extensions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 20);

            migrationBuilder.AddColumn<string>(
                name: "UserId",
                table: "Extensions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceId = table.Column<long>(type: "INTEGER", nullable: false),
                    CallId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ToNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    BilledSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Disposition = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallRecords_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ConfigChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConfigChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConfigChanges_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskPhones",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MacAddress = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ProvisioningToken = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastFetchedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskPhones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskPhones_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RingGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RingSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    NoAnswerDestination_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NoAnswerDestination_Target = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RingGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RingGroups_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Schedules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Schedules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Schedules_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SipTrunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    AuthMode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PasswordProtected = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Ha1 = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    MaxChannels = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SipTrunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SipTrunks_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TeamInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InvitedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AcceptedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TeamInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TeamInvitations_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TenantSyncStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DesiredVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FailedAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AppliedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StaffAlerted = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TenantSyncStates", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_TenantSyncStates_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskPhoneLine",
                columns: table => new
                {
                    DeskPhoneId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskPhoneLine", x => new { x.DeskPhoneId, x.Line });
                    table.ForeignKey(
                        name: "FK_DeskPhoneLine_DeskPhones_DeskPhoneId",
                        column: x => x.DeskPhoneId,
                        principalTable: "DeskPhones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DeskPhoneLine_Extensions_ExtensionId",
                        column: x => x.ExtensionId,
                        principalTable: "Extensions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RingGroupMember",
                columns: table => new
                {
                    RingGroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExtensionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RingGroupMember", x => new { x.RingGroupId, x.ExtensionId });
                    table.ForeignKey(
                        name: "FK_RingGroupMember_Extensions_ExtensionId",
                        column: x => x.ExtensionId,
                        principalTable: "Extensions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RingGroupMember_RingGroups_RingGroupId",
                        column: x => x.RingGroupId,
                        principalTable: "RingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NumberRoutes",
                columns: table => new
                {
                    PhoneNumberId = table.Column<int>(type: "INTEGER", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScheduleId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OpenDestination_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OpenDestination_Target = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClosedDestination_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClosedDestination_Target = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NumberRoutes", x => x.PhoneNumberId);
                    table.ForeignKey(
                        name: "FK_NumberRoutes_PhoneNumbers_PhoneNumberId",
                        column: x => x.PhoneNumberId,
                        principalTable: "PhoneNumbers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NumberRoutes_Schedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "Schedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_NumberRoutes_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleHoliday",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScheduleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleHoliday", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScheduleHoliday_Schedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "Schedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleRange",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ScheduleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartMinute = table.Column<int>(type: "INTEGER", nullable: false),
                    EndMinute = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleRange", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScheduleRange_Schedules_ScheduleId",
                        column: x => x.ScheduleId,
                        principalTable: "Schedules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SipTrunkAddress",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SipTrunkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 45, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SipTrunkAddress", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SipTrunkAddress_SipTrunks_SipTrunkId",
                        column: x => x.SipTrunkId,
                        principalTable: "SipTrunks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Extensions_CallerIdNumberId",
                table: "Extensions",
                column: "CallerIdNumberId");

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_SourceId",
                table: "CallRecords",
                column: "SourceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallRecords_TenantId_StartedAtUtc",
                table: "CallRecords",
                columns: new[] { "TenantId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ConfigChanges_TenantId_Version",
                table: "ConfigChanges",
                columns: new[] { "TenantId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskPhoneLine_ExtensionId",
                table: "DeskPhoneLine",
                column: "ExtensionId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskPhones_MacAddress",
                table: "DeskPhones",
                column: "MacAddress",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskPhones_ProvisioningToken",
                table: "DeskPhones",
                column: "ProvisioningToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskPhones_TenantId",
                table: "DeskPhones",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_NumberRoutes_ScheduleId",
                table: "NumberRoutes",
                column: "ScheduleId");

            migrationBuilder.CreateIndex(
                name: "IX_NumberRoutes_TenantId",
                table: "NumberRoutes",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RingGroupMember_ExtensionId",
                table: "RingGroupMember",
                column: "ExtensionId");

            migrationBuilder.CreateIndex(
                name: "IX_RingGroups_TenantId_Number",
                table: "RingGroups",
                columns: new[] { "TenantId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleHoliday_ScheduleId_Date",
                table: "ScheduleHoliday",
                columns: new[] { "ScheduleId", "Date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleRange_ScheduleId",
                table: "ScheduleRange",
                column: "ScheduleId");

            migrationBuilder.CreateIndex(
                name: "IX_Schedules_TenantId_Name",
                table: "Schedules",
                columns: new[] { "TenantId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SipTrunkAddress_IpAddress_Port",
                table: "SipTrunkAddress",
                columns: new[] { "IpAddress", "Port" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SipTrunkAddress_SipTrunkId",
                table: "SipTrunkAddress",
                column: "SipTrunkId");

            migrationBuilder.CreateIndex(
                name: "IX_SipTrunks_TenantId_Name",
                table: "SipTrunks",
                columns: new[] { "TenantId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TeamInvitations_TenantId_Email",
                table: "TeamInvitations",
                columns: new[] { "TenantId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_TeamInvitations_TokenHash",
                table: "TeamInvitations",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TenantSyncStates_Status",
                table: "TenantSyncStates",
                column: "Status");

            migrationBuilder.AddForeignKey(
                name: "FK_Extensions_PhoneNumbers_CallerIdNumberId",
                table: "Extensions",
                column: "CallerIdNumberId",
                principalTable: "PhoneNumbers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Extensions_PhoneNumbers_CallerIdNumberId",
                table: "Extensions");

            migrationBuilder.DropTable(
                name: "CallRecords");

            migrationBuilder.DropTable(
                name: "ConfigChanges");

            migrationBuilder.DropTable(
                name: "DeskPhoneLine");

            migrationBuilder.DropTable(
                name: "NumberRoutes");

            migrationBuilder.DropTable(
                name: "RingGroupMember");

            migrationBuilder.DropTable(
                name: "ScheduleHoliday");

            migrationBuilder.DropTable(
                name: "ScheduleRange");

            migrationBuilder.DropTable(
                name: "SipTrunkAddress");

            migrationBuilder.DropTable(
                name: "TeamInvitations");

            migrationBuilder.DropTable(
                name: "TenantSyncStates");

            migrationBuilder.DropTable(
                name: "DeskPhones");

            migrationBuilder.DropTable(
                name: "RingGroups");

            migrationBuilder.DropTable(
                name: "Schedules");

            migrationBuilder.DropTable(
                name: "SipTrunks");

            migrationBuilder.DropIndex(
                name: "IX_Extensions_CallerIdNumberId",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "Tenants");

            migrationBuilder.DropColumn(
                name: "ExtensionNumberMax",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "ExtensionNumberMin",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "SipTrunksAllowed",
                table: "Plans");

            migrationBuilder.DropColumn(
                name: "CallerIdNumberId",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "DoNotDisturb",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardAlways_Kind",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardAlways_Target",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardBusy_Kind",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardBusy_Target",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardNoAnswer_Kind",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardNoAnswer_Target",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardUnregistered_Kind",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "ForwardUnregistered_Target",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "NoAnswerSeconds",
                table: "Extensions");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "Extensions");
        }
    }
}
