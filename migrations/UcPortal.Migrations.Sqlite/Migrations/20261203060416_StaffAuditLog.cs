using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StaffAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ActorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ActorIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_AtUtc",
                table: "AuditEntries",
                columns: new[] { "Action", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Actor_AtUtc",
                table: "AuditEntries",
                columns: new[] { "Actor", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_AtUtc",
                table: "AuditEntries",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_AtUtc",
                table: "AuditEntries",
                columns: new[] { "TenantId", "AtUtc" });

            // Append-only: no row of the audit log can be changed or deleted. A later migration that
            // rebuilds this table on SQLite must create these triggers again.
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_refuse_update" BEFORE UPDATE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'AuditEntries is append-only: UPDATE refused'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_refuse_delete" BEFORE DELETE ON "AuditEntries"
                BEGIN SELECT RAISE(ABORT, 'AuditEntries is append-only: DELETE refused'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");
        }
    }
}
