using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samtale.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Journaling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "JournalSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sink = table.Column<int>(type: "integer", nullable: false),
                    FolderPath = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    HttpUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ProtectedHttpSecret = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    EmailTo = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    PurgeAfterDays = table.Column<int>(type: "integer", nullable: false),
                    MetadataProfile = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalSettings", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_JournalSettings_Municipalities_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JournalUnit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CitizenId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Day = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Sink = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseOwner = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceiptId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PdfSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PurgeAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PurgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalUnit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JournalUnit_Municipalities_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Municipalities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "JournalJob",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    ContentSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalJob", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JournalJob_JournalUnit_UnitId",
                        column: x => x.UnitId,
                        principalTable: "JournalUnit",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JournalJob_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_JournalJob_MessageId",
                table: "JournalJob",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JournalJob_UnitId_CreatedAt",
                table: "JournalJob",
                columns: new[] { "UnitId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalUnit_ConversationId",
                table: "JournalUnit",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_JournalUnit_State_NextAttemptAt",
                table: "JournalUnit",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalUnit_State_PurgeAt",
                table: "JournalUnit",
                columns: new[] { "State", "PurgeAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalUnit_TenantId",
                table: "JournalUnit",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JournalJob");

            migrationBuilder.DropTable(
                name: "JournalSettings");

            migrationBuilder.DropTable(
                name: "JournalUnit");
        }
    }
}
