using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samtale.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JournalCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CallRecordId",
                table: "JournalUnit",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CallRecordId",
                table: "JournalJob",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "NoteBlob",
                table: "JournalJob",
                type: "bytea",
                maxLength: 8064,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "NoteKeyId",
                table: "JournalJob",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NoteRevision",
                table: "JournalJob",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "NoteRevision",
                table: "Calls",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_JournalUnit_CallRecordId",
                table: "JournalUnit",
                column: "CallRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_JournalJob_CallRecordId",
                table: "JournalJob",
                column: "CallRecordId");

            migrationBuilder.AddForeignKey(
                name: "FK_JournalJob_Calls_CallRecordId",
                table: "JournalJob",
                column: "CallRecordId",
                principalTable: "Calls",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_JournalJob_Calls_CallRecordId",
                table: "JournalJob");

            migrationBuilder.DropIndex(
                name: "IX_JournalUnit_CallRecordId",
                table: "JournalUnit");

            migrationBuilder.DropIndex(
                name: "IX_JournalJob_CallRecordId",
                table: "JournalJob");

            migrationBuilder.DropColumn(
                name: "CallRecordId",
                table: "JournalUnit");

            migrationBuilder.DropColumn(
                name: "CallRecordId",
                table: "JournalJob");

            migrationBuilder.DropColumn(
                name: "NoteBlob",
                table: "JournalJob");

            migrationBuilder.DropColumn(
                name: "NoteKeyId",
                table: "JournalJob");

            migrationBuilder.DropColumn(
                name: "NoteRevision",
                table: "JournalJob");

            migrationBuilder.DropColumn(
                name: "NoteRevision",
                table: "Calls");
        }
    }
}
