using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AutoAttendants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AutoAttendants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PromptText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PromptFile = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Keys = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TimeoutDestination_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TimeoutDestination_Target = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InvalidDestination_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    InvalidDestination_Target = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutoAttendants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AutoAttendants_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AutoAttendants_TenantId",
                table: "AutoAttendants",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutoAttendants");
        }
    }
}
