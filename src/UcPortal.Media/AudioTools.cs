using System.Diagnostics;
using System.Globalization;

namespace UcPortal.Media;

/// <summary>sox and espeak-ng (Debian packages <c>sox</c>, <c>espeak-ng</c>): the media engine plays only
/// 8 kHz mono 16-bit WAV (a 32-bit file leaves the call ringing for ever), so every prompt is made or
/// converted here.</summary>
public static class AudioTools
{
    /// <summary>Seconds of audio in <paramref name="file"/>; null when sox cannot read it as audio.</summary>
    public static async Task<double?> DurationAsync(string file, CancellationToken ct)
    {
        var (code, output) = await RunAsync("soxi", ["-D", file], ct);
        return code == 0 && double.TryParse(output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
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
