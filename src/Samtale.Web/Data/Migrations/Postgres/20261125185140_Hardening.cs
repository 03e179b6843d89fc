using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samtale.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CitizenLinks_CitizenId_StaffAccountId_TeamId",
                table: "CitizenLinks");

            migrationBuilder.CreateIndex(
                name: "IX_CitizenLinks_CitizenId_StaffAccountId",
                table: "CitizenLinks",
                columns: new[] { "CitizenId", "StaffAccountId" },
                unique: true,
                filter: "\"StaffAccountId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CitizenLinks_CitizenId_TeamId",
                table: "CitizenLinks",
                columns: new[] { "CitizenId", "TeamId" },
                unique: true,
                filter: "\"TeamId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CitizenLinks_CitizenId_StaffAccountId",
                table: "CitizenLinks");

            migrationBuilder.DropIndex(
                name: "IX_CitizenLinks_CitizenId_TeamId",
                table: "CitizenLinks");

            migrationBuilder.CreateIndex(
                name: "IX_CitizenLinks_CitizenId_StaffAccountId_TeamId",
                table: "CitizenLinks",
                columns: new[] { "CitizenId", "StaffAccountId", "TeamId" },
                unique: true);
        }
    }
}
