using UcPortal.Media;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>An uploaded recording (voicemail greeting, auto-attendant prompt) in any format sox or ffmpeg
/// reads, including what browsers record (WebM/Opus, MP4/AAC), converted to the 8 kHz mono 16-bit WAV the
/// engine plays. Too big, too long or not audio is refused with a message. On success the converted file
/// is in a temporary folder the caller deletes (<see cref="Result.Dispose"/>).</summary>
public static class AudioUpload
{
    /// <summary>What an upload may be (sox or ffmpeg reads it).</summary>
    public const string Formats = "WAV, MP3, Ogg, Opus, FLAC, AIFF, WebM or M4A";

    public sealed record Result(string? File, double Seconds, string? Error) : IDisposable
    {
        public void Dispose()
        {
            if (File is not null && Path.GetDirectoryName(File) is { } dir && Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <param name="what">"greeting" or "prompt", for the messages.</param>
    /// <param name="t">The messages' language; English without.</param>
    public static async Task<Result> ConvertAsync(IFormFile? file, int maxSeconds, int maxBytes, string what, CancellationToken ct, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        if (file is null || file.Length == 0)
        {
            return new(null, 0, Localisation.PortalText.Say(t, "Choose an audio file to upload."));
        }
        if (file.Length > maxBytes)
        {
            return new(null, 0, Localisation.PortalText.Say(t, what == "prompt" ? "The file is too big ({0} MB): a prompt may be at most {1} MB." : "The file is too big ({0} MB): a greeting may be at most {1} MB.",
                (file.Length / 1024 / 1024.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), maxBytes / 1024 / 1024));
        }
        var work = Path.Combine(Path.GetTempPath(), "ucportal-upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var ok = false;
        try
        {
            // sox knows a format by the file's extension (or its header): keep a safe one; ffmpeg reads the header.
            var ext = Path.GetExtension(file.FileName).TrimStart('.').ToLowerInvariant();
            ext = ext.Length is > 0 and <= 5 && ext.All(char.IsAsciiLetterOrDigit) ? ext : "wav";
            var input = Path.Combine(work, "upload." + ext);
            await using (var s = File.Create(input))
            {
                await file.CopyToAsync(s, ct);
            }
            // The length from the file's header first: a long recording is refused before any conversion.
            if (await AudioTools.DeclaredDurationAsync(input, ct) is { } declared && declared > maxSeconds)
            {
                return new(null, 0, TooLong(what, maxSeconds, declared, t));
            }
            // A file that declares no length (a browser's recording) is converted up to one second past the
            // limit: a longer one is known to be too long without converting all of it.
            var converted = Path.Combine(work, "converted.wav");
            var cap = maxSeconds + 1;
            if (!await AudioTools.ConvertUploadAsync(input, converted, cap, ct) || await AudioTools.DurationAsync(converted, ct) is not { } seconds || seconds < 0.2)
            {
                return new(null, 0, Localisation.PortalText.Say(t, "This file is not audio we can read. Upload a {0} recording.", Localisation.PortalText.Say(t, Formats)));
            }
            if (seconds > maxSeconds)
            {
                return new(null, 0, TooLong(what, maxSeconds, seconds >= cap - 0.05 ? null : seconds, t));
            }
            File.Delete(input);
            ok = true;
            return new(converted, seconds, null);
        }
        finally
        {
            if (!ok)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string TooLong(string what, int maxSeconds, double? seconds, Microsoft.Extensions.Localization.IStringLocalizer? t) => (what, seconds) switch
    {
        ("prompt", { } s) => Localisation.PortalText.Say(t, "The prompt is too long ({0}): it may last at most {1} seconds.", FormatLength(s), maxSeconds),
        (_, { } s) => Localisation.PortalText.Say(t, "The greeting is too long ({0}): it may last at most {1} seconds.", FormatLength(s), maxSeconds),
        ("prompt", null) => Localisation.PortalText.Say(t, "The prompt is too long: it may last at most {0} seconds.", maxSeconds),
        _ => Localisation.PortalText.Say(t, "The greeting is too long: it may last at most {0} seconds.", maxSeconds),
    };

    public static string FormatLength(double seconds) => seconds switch
    {
        >= 3600 => $"{(int)seconds / 3600} h {(int)seconds % 3600 / 60} min",
        >= 60 => $"{(int)seconds / 60} min {(int)seconds % 60} s",
        _ => $"{seconds:0} s",
    };
}
