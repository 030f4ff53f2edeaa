using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DialPlanNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DialPlanNumbers",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ExtensionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RingGroupId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DialPlanNumbers", x => new { x.TenantId, x.Number });
                    table.CheckConstraint("CK_DialPlanNumbers_OneOwner", "(\"ExtensionId\" IS NULL) <> (\"RingGroupId\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_DialPlanNumbers_Extensions_ExtensionId",
                        column: x => x.ExtensionId,
                        principalTable: "Extensions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DialPlanNumbers_RingGroups_RingGroupId",
                        column: x => x.RingGroupId,
                        principalTable: "RingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DialPlanNumbers_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DialPlanNumbers_ExtensionId",
                table: "DialPlanNumbers",
                column: "ExtensionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DialPlanNumbers_RingGroupId",
                table: "DialPlanNumbers",
                column: "RingGroupId",
                unique: true);

            // Existing extensions and ring groups claim their numbers. Should a group share its number
            // with an extension already (two saves at the same instant, before this table), the
            // extension keeps it: the group's page then asks for another number, and the new one is claimed.
            migrationBuilder.Sql("""
                INSERT INTO "DialPlanNumbers" ("TenantId", "Number", "ExtensionId")
                SELECT "TenantId", "Number", "Id" FROM "Extensions";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "DialPlanNumbers" ("TenantId", "Number", "RingGroupId")
                SELECT g."TenantId", g."Number", g."Id" FROM "RingGroups" AS g
                WHERE NOT EXISTS (SELECT 1 FROM "DialPlanNumbers" AS d WHERE d."TenantId" = g."TenantId" AND d."Number" = g."Number");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DialPlanNumbers");
        }
    }
}
