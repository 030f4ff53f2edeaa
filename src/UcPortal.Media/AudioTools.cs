using System.Diagnostics;
using System.Globalization;

namespace UcPortal.Media;

/// <summary>sox, ffmpeg and espeak-ng (Debian packages <c>sox</c>, <c>ffmpeg</c>, <c>espeak-ng</c>): the media
/// engine plays only 8 kHz mono 16-bit WAV (a 32-bit file leaves the call ringing for ever), so every prompt is
/// made or converted here. ffmpeg reads what sox cannot: WebM/Opus and MP4/AAC, the formats browsers record
/// (MediaRecorder, decision 027).</summary>
public static class AudioTools
{
    /// <summary>Seconds of audio in <paramref name="file"/>; null when sox cannot read it as audio.</summary>
    public static async Task<double?> DurationAsync(string file, CancellationToken ct)
    {
        var (code, output) = await RunAsync("soxi", ["-D", file], ct);
        return code == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }

    /// <summary>The length a file declares (sox, else ffprobe); null when neither knows it (a browser's WebM
    /// recording has none in its header) or it is not audio.</summary>
    public static async Task<double?> DeclaredDurationAsync(string file, CancellationToken ct)
    {
        if (await DurationAsync(file, ct) is { } seconds)
        {
            return seconds;
        }
        var (code, output) = await RunAsync("ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries", "format=duration", "-of", "csv=p=0", file], ct);
        return code == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : null;
    }

    /// <summary>Converts an uploaded or browser-recorded file to 8 kHz mono 16-bit WAV, keeping at most
    /// <paramref name="maxSeconds"/> of it: sox for what it reads (WAV, MP3, Ogg Vorbis, FLAC, AIFF), ffmpeg for
    /// the rest (WebM/Opus, Opus, MP4/M4A/AAC). False when neither finds audio in it.</summary>
    public static async Task<bool> ConvertUploadAsync(string input, string output, double maxSeconds, CancellationToken ct)
    {
        var limit = maxSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var (code, _) = await RunAsync("sox", [input, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", output, "trim", "0", limit], ct);
        if (code == 0 && File.Exists(output))
        {
            return true;
        }
        File.Delete(output);
        // -map 0:a:0: the first audio stream or nothing (a text file is not "video" to be read as silence).
        (code, _) = await RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", input, "-map", "0:a:0", "-t", limit,
            "-ac", "1", "-ar", "8000", "-c:a", "pcm_s16le", "-f", "wav", output], ct);
        return code == 0 && File.Exists(output);
    }

    /// <summary>Converts any audio sox reads (WAV, MP3, Ogg, FLAC, …) to 8 kHz mono 16-bit WAV; false when it is not audio.</summary>
    public static async Task<bool> ToTelephoneWavAsync(string input, string output, CancellationToken ct, string? inputType = null)
    {
        string[] type = inputType is null ? [] : ["-t", inputType];
        var (code, _) = await RunAsync("sox", [.. type, input, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", output], ct);
        return code == 0 && File.Exists(output);
    }

    /// <summary>Speaks <paramref name="text"/> with espeak-ng's <paramref name="voice"/> into an 8 kHz mono 16-bit WAV.</summary>
    public static async Task SpeakAsync(string text, string voice, string output, CancellationToken ct)
    {
        var raw = output + ".espeak.wav";
        var (code, message) = await RunAsync("espeak-ng", ["-v", voice, "-s", "160", "-w", raw, text], ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"espeak-ng failed: {message}");
        }
        try
        {
            if (!await ToTelephoneWavAsync(raw, output, ct))
            {
                throw new InvalidOperationException("sox could not convert espeak-ng's output");
            }
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>What the mailbox plays: the greeting, a beep, then silence for <paramref name="recordSeconds"/>
    /// (the engine ends the call when its source ends: that is the longest message). Returns the seconds
    /// before the caller is recorded (greeting + beep).</summary>
    public static async Task<double> MailboxPromptAsync(string greeting, string output, int recordSeconds, CancellationToken ct)
    {
        var beep = output + ".beep.wav";
        var (code, message) = await RunAsync("sox", ["-n", "-r", "8000", "-c", "1", "-b", "16", beep, "synth", "0.4", "sine", "1000", "vol", "0.5"], ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"sox could not make the beep: {message}");
        }
        try
        {
            (code, message) = await RunAsync("sox", [greeting, beep, "-r", "8000", "-c", "1", "-b", "16", output, "pad", "0", recordSeconds.ToString(CultureInfo.InvariantCulture)], ct);
            if (code != 0)
            {
                throw new InvalidOperationException($"sox could not make the mailbox prompt: {message}");
            }
        }
        finally
        {
            File.Delete(beep);
        }
        return (await DurationAsync(output, ct) ?? 0) - recordSeconds;
    }

    /// <summary>Writes <paramref name="input"/> followed by <paramref name="seconds"/> of silence to <paramref name="output"/>
    /// (the engine ends a call when its source ends). Returns the length of <paramref name="input"/>.</summary>
    public static async Task<double> PadAsync(string input, string output, double seconds, CancellationToken ct)
    {
        var (code, message) = await RunAsync("sox", [input, "-r", "8000", "-c", "1", "-b", "16", output, "pad", "0", seconds.ToString("0.###", CultureInfo.InvariantCulture)], ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"sox could not pad the prompt: {message}");
        }
        return await DurationAsync(input, ct) ?? 0;
    }

    /// <summary>Writes <paramref name="input"/> without its first <paramref name="seconds"/> to <paramref name="output"/>.</summary>
    public static async Task TrimStartAsync(string input, string output, double seconds, CancellationToken ct)
    {
        var (code, message) = await RunAsync("sox", [input, output, "trim", Math.Max(0, seconds).ToString("0.###", CultureInfo.InvariantCulture)], ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"sox could not trim the recording: {message}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
