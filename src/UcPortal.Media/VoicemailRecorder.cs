using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcPortal.Media;

/// <summary>A message recorded by the engine, waiting in <c>finished/</c> (WAV + this as JSON) until the
/// portal stores it: a portal outage or restart loses nothing that was recorded.</summary>
public sealed record FinishedRecording(string Id, string SipDomain, string Extension, string CallerUri, string CallerName, DateTime StartedAtUtc, double DurationSeconds, string CallId);

/// <summary>Follows the engine's call events and turns each mailbox call into a <see cref="FinishedRecording"/>.
/// sndfile names files by the second the call started (two calls in one second share a name): the file is
/// renamed to the call's own as soon as the call has one, and baresip keeps writing to it. The file holds
/// what the caller sent from their first packet; what came during the greeting is trimmed off.</summary>
public sealed class VoicemailRecorder(BaresipSettings settings, Func<string, double> greetingSeconds, double minimumSeconds = 1.0, ILogger? log = null)
{
    private readonly ILogger _log = log ?? NullLogger.Instance;

    private sealed class Call
    {
        public required string Aor { get; init; }
        public required string PeerUri { get; init; }
        public required string PeerName { get; init; }
        public DateTimeOffset EstablishedAt { get; set; }
        public DateTimeOffset? FirstAudioAt { get; set; }
        public string? File { get; set; }
        public double Greeting { get; set; }
    }

    private readonly ConcurrentDictionary<string, Call> _calls = new();
    private readonly object _claimLock = new();
    private long _sequence;

    public string FinishedDirectory => Path.Combine(settings.WorkDirectory, "finished");

    public int CallsInProgress => _calls.Count;

    /// <summary>Handles one event; returns the finished recording when a mailbox call ended with a message.</summary>
    public async Task<FinishedRecording?> HandleAsync(BaresipEvent e, CancellationToken ct)
    {
        if (MailboxAddress.Parse(e.AccountAor) is null || e.CallId == "")
        {
            return null;
        }
        switch (e.Type)
        {
            case "CALL_ESTABLISHED":
                {
                    var call = _calls.GetOrAdd(e.CallId, _ => new Call { Aor = e.AccountAor, PeerUri = e.PeerUri, PeerName = e.PeerDisplayName });
                    call.EstablishedAt = e.ReceivedAt;
                    call.Greeting = greetingSeconds(e.AccountAor);
                    Claim(e.CallId, call);
                    return null;
                }
            case "CALL_RTPESTAB":
                if (_calls.TryGetValue(e.CallId, out var c))
                {
                    c.FirstAudioAt ??= e.ReceivedAt;
                    Claim(e.CallId, c);
                }
                return null;
            case "CALL_CLOSED":
                if (_calls.TryRemove(e.CallId, out var closed))
                {
                    Claim(e.CallId, closed);
                    return await FinishAsync(e.CallId, closed, ct);
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Renames the newest unclaimed sndfile recording to the call's own name (and drops the
    /// recording of what the engine sent: the greeting).</summary>
    private void Claim(string callId, Call call)
    {
        if (call.File is not null)
        {
            return;
        }
        lock (_claimLock)
        {
            var dir = new DirectoryInfo(settings.RecordingsDirectory);
            var candidate = dir.Exists
                ? dir.GetFiles("dump-*-dec.wav").OrderByDescending(f => f.CreationTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal).FirstOrDefault()
                : null;
            if (candidate is null)
            {
                return;
            }
            var name = Path.Combine(settings.RecordingsDirectory, $"call-{Interlocked.Increment(ref _sequence)}-{SafeName(callId)}.wav");
            File.Move(candidate.FullName, name);
            var enc = Path.Combine(settings.RecordingsDirectory, candidate.Name.Replace("-dec.wav", "-enc.wav", StringComparison.Ordinal));
            File.Delete(enc);
            call.File = name;
        }
    }

    private async Task<FinishedRecording?> FinishAsync(string callId, Call call, CancellationToken ct)
    {
        if (call.File is null || !File.Exists(call.File))
        {
            // The caller hung up before sending any audio (during the greeting): no message.
            _log.LogInformation("Mailbox call {CallId}: no recording (caller sent no audio)", callId);
            return null;
        }
        // baresip closes the file as the call is destroyed, just after the event.
        await WaitUntilStableAsync(call.File, ct);
        var skip = call.FirstAudioAt is { } first ? (call.EstablishedAt.AddSeconds(call.Greeting) - first).TotalSeconds : call.Greeting;
        Directory.CreateDirectory(FinishedDirectory);
        var id = Guid.NewGuid().ToString("N");
        var wav = Path.Combine(FinishedDirectory, id + ".wav");
        var recordedSeconds = await AudioTools.DurationAsync(call.File, ct) ?? 0;
        _log.LogInformation("Mailbox call {CallId}: {Recorded} s recorded, greeting {Greeting} s, first audio {Delay} s after the answer, {Skip} s trimmed",
            callId, recordedSeconds, call.Greeting, call.FirstAudioAt is { } f ? (f - call.EstablishedAt).TotalSeconds : null, skip);
        if (recordedSeconds - Math.Max(0, skip) < minimumSeconds)
        {
            File.Delete(call.File);
            return null;
        }
        var part = Path.Combine(FinishedDirectory, id + ".part.wav");
        await AudioTools.TrimStartAsync(call.File, part, skip, ct);
        File.Move(part, wav);
        File.Delete(call.File);
        var (domain, ext) = MailboxAddress.Parse(call.Aor)!.Value;
        var recording = new FinishedRecording(id, domain, ext, call.PeerUri, call.PeerName,
            call.EstablishedAt.UtcDateTime, Math.Round(await AudioTools.DurationAsync(wav, ct) ?? 0, 2), callId);
        await File.WriteAllTextAsync(Path.Combine(FinishedDirectory, id + ".json"), JsonSerializer.Serialize(recording), ct);
        return recording;
    }

    /// <summary>sndfile records every call, also those into auto attendants and announcements: their files are
    /// never claimed. Removes unclaimed recordings no longer written to (a mailbox call claims its own within
    /// moments of its start, so a file untouched for seconds is not one).</summary>
    public void DiscardUnclaimed()
    {
        var dir = new DirectoryInfo(settings.RecordingsDirectory);
        if (!dir.Exists)
        {
            return;
        }
        var cutoff = DateTime.UtcNow.AddSeconds(-3);
        lock (_claimLock)
        {
            foreach (var f in dir.GetFiles("dump-*.wav").Where(f => f.LastWriteTimeUtc < cutoff && f.CreationTimeUtc < cutoff))
            {
                try
                {
                    f.Delete();
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>Recordings finished but not yet taken by the portal (e.g. after a restart).</summary>
    public IReadOnlyList<(FinishedRecording Recording, string Wav)> Waiting()
    {
        if (!Directory.Exists(FinishedDirectory))
        {
            return [];
        }
        var list = new List<(FinishedRecording, string)>();
        foreach (var json in Directory.GetFiles(FinishedDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var wav = Path.ChangeExtension(json, ".wav");
            if (File.Exists(wav) && JsonSerializer.Deserialize<FinishedRecording>(File.ReadAllText(json)) is { } r)
            {
                list.Add((r, wav));
            }
        }
        return list;
    }

    /// <summary>The portal stored the message: forget the engine's copy.</summary>
    public void Done(FinishedRecording r)
    {
        File.Delete(Path.Combine(FinishedDirectory, r.Id + ".json"));
        File.Delete(Path.Combine(FinishedDirectory, r.Id + ".wav"));
    }

    private static async Task WaitUntilStableAsync(string file, CancellationToken ct)
    {
        long last = -1;
        for (var i = 0; i < 20; i++)
        {
            var size = new FileInfo(file).Length;
            if (size == last)
            {
                return;
            }
            last = size;
            await Task.Delay(100, ct);
        }
    }

    private static string SafeName(string callId)
    {
        var chars = callId.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').Take(60).ToArray();
        return new string(chars);
    }
}
