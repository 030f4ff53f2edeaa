using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace UcPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NumberFailover : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing routes get no failover: "None" (an empty kind would not read back as the enum).
            migrationBuilder.AddColumn<string>(
                name: "FailoverDestination_Kind",
                table: "NumberRoutes",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "FailoverDestination_Target",
                table: "NumberRoutes",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FailoverDestination_Kind",
                table: "NumberRoutes");

            migrationBuilder.DropColumn(
                name: "FailoverDestination_Target",
                table: "NumberRoutes");
        }
    }
}
