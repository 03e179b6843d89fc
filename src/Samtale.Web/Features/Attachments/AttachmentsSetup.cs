using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Samtale.Web.Data;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Messaging;
using Samtale.Web.Resources;

namespace Samtale.Web.Features.Attachments;

public static class AttachmentsSetup
{
    public static WebApplicationBuilder AddAttachments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AttachmentIntake>();
        builder.Services.AddScoped<AttachmentReader>();
        return builder;
    }

    public static WebApplication MapAttachments(this WebApplication app)
    {
        var maxBytes = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AttachmentOptions>>().Value.MaxBytes;

        // Kestrel refuses a bigger body from its Content-Length before reading it; the intake stops at
        // the limit for bodies without one. Either way a 1 GB upload never fills memory or disk.
        app.MapPost("/api/conversations/{conversationId:guid}/attachments", UploadAsync)
            .RequireAuthorization()
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + (64 * 1024)))
            .WithFormOptions(multipartBodyLengthLimit: maxBytes + (64 * 1024));
        app.MapGet("/api/attachments/{attachmentId:guid}", DownloadAsync).RequireAuthorization();
        app.MapGet("/api/attachments/{attachmentId:guid}/preview", PreviewAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Created<MessageView>, Ok<MessageView>, NotFound, ValidationProblem, StatusCodeHttpResult>> UploadAsync(
        Guid conversationId, HttpRequest request, ConversationAccess access, MessageDelivery delivery, AttachmentIntake intake, IStringLocalizer<Text> t, CancellationToken ct)
    {
        if (request.ContentLength > intake.MaxBytes + (64 * 1024))
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (await access.FindAsync(conversationId, ct) is not { } conversation)
        {
            return TypedResults.NotFound();
        }

        if (!request.HasFormContentType)
        {
            return Problem("file", "Attachment.Empty", t);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            // A body without a Content-Length (a chunked upload) is only found too large while it is read:
            // Kestrel stops at the size limit above, the form reader at its own (InvalidDataException is
            // how it reports a limit). Either way the answer is 413, as for a declared length, not a 500.
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (form.Files.GetFile("file") is not { } upload)
        {
            return Problem("file", "Attachment.Empty", t);
        }

        await using var stream = upload.OpenReadStream();
        var (file, error) = await intake.PrepareAsync(stream, upload.FileName, ct);
        if (error is not null)
        {
            return Problem("file", error, t);
        }

        var result = await delivery.SendAsync(conversation, form["clientKey"], form["text"], file, ct);
        return result switch
        {
            { Message: { } m, Replayed: true } => TypedResults.Ok(m),
            { Message: { } m } => TypedResults.Created((string?)null, m),
            _ => Problem(result.ErrorKey == "Chat.BadClientKey" ? "clientKey" : "text", result.ErrorKey!, t),
        };
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(Guid attachmentId, AttachmentReader reader, CancellationToken ct) =>
        await reader.OpenAsync(attachmentId, preview: false, ct) is { } file
            ? TypedResults.File(file.Bytes, file.ContentType, file.Name)
            : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> PreviewAsync(Guid attachmentId, AttachmentReader reader, CancellationToken ct) =>
        await reader.OpenAsync(attachmentId, preview: true, ct) is { } file
            ? TypedResults.File(file.Bytes, "image/jpeg")
            : TypedResults.NotFound();

    private static ValidationProblem Problem(string field, string key, IStringLocalizer<Text> t) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [t[key]] });
}

public sealed record OpenedFile(string Name, string ContentType, byte[] Bytes);

/// <summary>Decrypts an attachment for someone who may open its conversation right now; anyone else gets nothing.</summary>
public sealed class AttachmentReader(AppDbContext db, ConversationAccess access, ContentCipher cipher, MessageDelivery delivery)
{
    public async Task<OpenedFile?> OpenAsync(Guid attachmentId, bool preview, CancellationToken ct)
    {
        var row = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId, ct);
        var conversation = row is null ? null : await access.FindAsync(row.ConversationId, ct);
        // An attachment with no content left was journaled and purged; only its tombstone remains.
        if (row is null || conversation is null || row.Content.Length == 0 || (preview && row.Preview is null))
        {
            return null;
        }

        if (!preview)
        {
            await delivery.RecordStaffReadAsync(conversation, "attachment.read", ct, row.Id);
        }

        var name = System.Text.Encoding.UTF8.GetString(await cipher.OpenAsync(new Sealed(row.KeyId, row.Name), MessageDelivery.AttachmentAad(row.Id, "name"), ct));
        var bytes = preview
            ? await cipher.OpenAsync(new Sealed(row.KeyId, row.Preview!), MessageDelivery.AttachmentAad(row.Id, "preview"), ct)
            : await cipher.OpenAsync(new Sealed(row.KeyId, row.Content), MessageDelivery.AttachmentAad(row.Id, "content"), ct);
        return new OpenedFile(name, row.ContentType, bytes);
    }
}
