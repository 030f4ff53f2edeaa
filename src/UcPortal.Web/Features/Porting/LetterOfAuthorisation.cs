namespace UcPortal.Web.Features.Porting;

/// <summary>The signed letter of authorisation a port needs: a PDF, PNG or JPEG, known by its first bytes
/// (a renamed file is what it is, whatever its name says), at most <see cref="PortingOptions.LetterMaxBytes"/>.
/// An accepted upload is written under a name of ours in the tenant's folder.</summary>
public sealed class LetterOfAuthorisation(PortingStorage storage, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t)
{
    public const string Formats = "PDF, PNG or JPEG";

    public sealed record Stored(string FileName, string ContentType, string OriginalName, int Bytes);

    private static readonly (byte[] Magic, string ContentType, string Extension)[] Kinds =
    [
        ("%PDF-"u8.ToArray(), "application/pdf", ".pdf"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png", ".png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg", ".jpg"),
    ];

    /// <summary>Checks the upload and stores it; returns the stored file or the message for the field.</summary>
    public async Task<(Stored? File, string? Error)> SaveAsync(Guid tenantId, IFormFile? file, int maxBytes, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return (null, t["Attach the signed letter of authorisation ({0}).", t[Formats]]);
        }
        if (file.Length > maxBytes)
        {
            return (null, t["The file is too big ({0:0.#} MB): the letter may be at most {1} MB.", file.Length / 1024.0 / 1024.0, maxBytes / 1024 / 1024]);
        }
        await using var input = file.OpenReadStream();
        var head = new byte[8];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var kind = Kinds.FirstOrDefault(k => read >= k.Magic.Length && head.AsSpan(0, k.Magic.Length).SequenceEqual(k.Magic));
        if (kind.ContentType is null)
        {
            return (null, t["This file is not a {0} file. Scan or photograph the signed letter and upload it as one of those.", t[Formats]]);
        }
        var name = Guid.NewGuid().ToString("N") + kind.Extension;
        Directory.CreateDirectory(storage.TenantDirectory(tenantId));
        var path = storage.PathOf(tenantId, name);
        await using (var output = File.Create(path))
        {
            await output.WriteAsync(head.AsMemory(0, read), ct);
            await input.CopyToAsync(output, ct);
        }
        var original = Path.GetFileName(file.FileName ?? "");
        original = original.Length is 0 ? "letter" + kind.Extension : original.Length > 200 ? original[..200] : original;
        return (new Stored(name, kind.ContentType, original, (int)file.Length), null);
    }
}
