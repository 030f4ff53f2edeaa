using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using UcPortal.Media;
using UcPortal.Pbx;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>The media engine's control service (decision 014): starts baresip when the portal runs it, holds
/// its one control connection (reconnecting when the engine restarts), adds every mailbox that is on as an
/// account (and changes it when its greeting changes), follows call events and hands each recorded message
/// to <see cref="VoicemailInbox"/>. A message the portal could not store stays in the engine's
/// <c>finished/</c> folder and is delivered on the next connection. While the engine answers, the SIP core is told
/// so (<see cref="IPbxStateWriter.SetMediaEngineAsync"/>): a call to a number no tenant holds then hears "not in
/// service"; when the connection is lost or the portal stops, it is told again and answers 404.</summary>
public sealed class MediaEngineService(IServiceScopeFactory scopes, IOptions<VoicemailOptions> options, IWebHostEnvironment env,
    TimeProvider clock, IPbxStateWriter sipCore, ILogger<MediaEngineService> log) : BackgroundService
{
    private readonly ConcurrentDictionary<string, MailboxAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, AttendantAccount> _attendants = new(StringComparer.OrdinalIgnoreCase);
    private BaresipEngine? _engine;
    private volatile bool _connected;
    private bool _toldSipCore;

    public BaresipSettings Settings { get; } = new(
        Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.EngineDirectory)),
        options.Value.SipListen, options.Value.ControlListen, options.Value.RtpPorts, options.Value.MaxCalls, 30);

    public bool IsConnected => _connected;

    /// <summary>True once the engine answers this mailbox (tests wait for it).</summary>
    public bool HasMailbox(string sipDomain, string extension) =>
        _connected && _accounts.ContainsKey(MailboxAddress.Aor(sipDomain, extension, options.Value.SipListen));

    /// <summary>True once the engine answers this auto attendant (tests wait for it).</summary>
    public bool HasAttendant(Guid menuId) =>
        _connected && _accounts.ContainsKey(AttendantAddress.Aor(menuId.ToString("N"), options.Value.SipListen));

    /// <summary>True once the engine answers the account of this user (e.g. an announcement's, <c>ann-closed-en-gb</c>).</summary>
    public bool HasAccount(string user) => _connected && _accounts.ContainsKey($"sip:{user}@{options.Value.SipListen}");

    public string EngineLog => _engine?.Log ?? "";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        var recorder = new VoicemailRecorder(Settings, aor => _accounts.TryGetValue(aor, out var a) ? a.GreetingSeconds : 0, log: log);
        var attendants = new AttendantCalls(aor => _attendants.TryGetValue(aor, out var a) ? a : null, options.Value.SipCoreAddress, clock, log);
        var control = options.Value.ControlListen;
        var host = control[..control.LastIndexOf(':')];
        var port = int.Parse(control[(control.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (options.Value.StartEngine)
                {
                    _engine ??= new BaresipEngine(Settings, options.Value.BaresipPath);
                    if (!_engine.IsRunning)
                    {
                        log.LogInformation("Starting the media engine (baresip) on {Sip}", Settings.SipListen);
                        _engine.Start();
                    }
                }
                BaresipControl? connection = null;
                try
                {
                    connection = await BaresipControl.ConnectAsync(host, port, clock, stoppingToken);
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
                {
                    await Task.Delay(300, stoppingToken);
                    continue;
                }
                await using (connection)
                {
                    log.LogInformation("Connected to the media engine's control socket {Control}", control);
                    _accounts.Clear();
                    using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var events = EventsAsync(connection, recorder, attendants, lost.Token);
                    try
                    {
                        await DeliverWaitingAsync(recorder, stoppingToken);
                        await SyncMailboxesAsync(connection, stoppingToken);
                        _connected = true;
                        await TellSipCoreAsync(stoppingToken);
                        while (!events.IsCompleted)
                        {
                            await Task.WhenAny(events, Task.Delay(TimeSpan.FromSeconds(options.Value.MailboxSyncSeconds), stoppingToken));
                            if (!events.IsCompleted)
                            {
                                await SyncMailboxesAsync(connection, stoppingToken);
                                // Every pass: it comes back after a restart of the SIP core, or after another portal cleared it.
                                await TellSipCoreAsync(stoppingToken);
                            }
                        }
                    }
                    catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                    {
                        log.LogWarning(e, "Media engine control connection lost");
                    }
                    finally
                    {
                        _connected = false;
                        await TellSipCoreGoneAsync();
                        await lost.CancelAsync();
                        try
                        {
                            await events;
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    }
                }
                await Task.Delay(300, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _engine?.Dispose();
        }
    }

    /// <summary>The SIP core plays "not in service" through this engine (once it has the account).</summary>
    private async Task TellSipCoreAsync(CancellationToken ct)
    {
        var voice = Announcements.Voices.Contains(options.Value.NotInServiceVoice, StringComparer.Ordinal) ? options.Value.NotInServiceVoice : "en-us";
        if (!HasAccount(Announcements.User("nis", voice)))
        {
            return;
        }
        try
        {
            await sipCore.SetMediaEngineAsync(voice, ct);
            if (!_toldSipCore)
            {
                log.LogInformation("The SIP core plays \"not in service\" ({Voice}) through the media engine", voice);
            }
            _toldSipCore = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not tell the SIP core that the media engine answers; tried again on the next pass");
        }
    }

    /// <summary>The engine went away (or the portal stops): the SIP core answers 404 again.</summary>
    private async Task TellSipCoreGoneAsync()
    {
        if (!_toldSipCore)
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await sipCore.SetMediaEngineAsync(null, timeout.Token);
            _toldSipCore = false;
            log.LogInformation("Told the SIP core that the media engine no longer answers");
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not tell the SIP core that the media engine no longer answers");
        }
    }

    private async Task EventsAsync(BaresipControl connection, VoicemailRecorder recorder, AttendantCalls attendants, CancellationToken ct)
    {
        await foreach (var e in connection.Events.ReadAllAsync(ct))
        {
            try
            {
                log.LogDebug("Media engine event {Type} {Aor} {CallId} {Param}", e.Type, e.AccountAor, e.CallId, e.Param);
                if (AttendantAddress.IsAttendant(e.AccountAor))
                {
                    await attendants.HandleAsync(e, commands => connection.SendBatchAsync(commands, ct), ct);
                    if (e.Type == "CALL_CLOSED")
                    {
                        recorder.DiscardUnclaimed();
                    }
                    continue;
                }
                if (Announcements.IsAnnouncement(e.AccountAor))
                {
                    // An announcement plays and hangs up: no digit, no transfer, nothing recorded.
                    if (e.Type == "CALL_CLOSED")
                    {
                        log.LogInformation("Announcement call {CallId} to {Aor} ended ({Reason})", e.CallId, e.AccountAor, e.Param);
                        recorder.DiscardUnclaimed();
                    }
                    continue;
                }
                var finished = await recorder.HandleAsync(e, ct);
                if (finished is null && e.Type == "CALL_CLOSED")
                {
                    log.LogInformation("Mailbox call {CallId} to {Aor} ended without a message ({Reason})", e.CallId, e.AccountAor, e.Param);
                }
                if (finished is not null)
                {
                    await DeliverAsync(recorder, finished, Path.Combine(recorder.FinishedDirectory, finished.Id + ".wav"), ct);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The recording stays in finished/ (or recordings/) and is delivered on the next connection.
                log.LogError(ex, "Voicemail event {Type} of call {CallId} failed", e.Type, e.CallId);
            }
        }
    }

    private async Task DeliverWaitingAsync(VoicemailRecorder recorder, CancellationToken ct)
    {
        foreach (var (r, wav) in recorder.Waiting())
        {
            try
            {
                await DeliverAsync(recorder, r, wav, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Voicemail {Id} could not be stored yet", r.Id);
            }
        }
    }

    private async Task DeliverAsync(VoicemailRecorder recorder, FinishedRecording r, string wav, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<VoicemailInbox>().DeliverAsync(r, wav, ct);
        log.LogInformation("Voicemail for {Extension}@{Domain} from {Caller}, {Seconds} s: {Outcome}", r.Extension, r.SipDomain, r.CallerUri, r.DurationSeconds, outcome);
        recorder.Done(r);
    }

    /// <summary>Adds mailboxes that are new or whose prompt changed, removes those no longer on.</summary>
    private async Task SyncMailboxesAsync(BaresipControl connection, CancellationToken ct)
    {
        var wanted = new List<MailboxAccount>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var mailboxes = scope.ServiceProvider.GetRequiredService<Mailboxes>();
            wanted.AddRange(await mailboxes.ListAsync(ct));
            // Auto attendants and announcements are accounts like mailboxes (decision 026); their calls are not recorded.
            var menus = await scope.ServiceProvider.GetRequiredService<EngineAttendants>().ListAsync(ct);
            foreach (var m in menus)
            {
                _attendants[m.Aor] = m;
                wanted.Add(new MailboxAccount(m.Aor, m.PromptFile, 0));
            }
            foreach (var gone in _attendants.Keys.Where(a => menus.All(m => !string.Equals(m.Aor, a, StringComparison.OrdinalIgnoreCase))).ToList())
            {
                _attendants.TryRemove(gone, out _);
            }
            wanted.AddRange(await Announcements.AccountsAsync(mailboxes.PromptDirectory, options.Value.SipListen, ct));
        }
        var wantedAors = wanted.Select(w => w.Aor).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in _accounts.Keys.Where(a => !wantedAors.Contains(a)).ToList())
        {
            await connection.SendAsync("uadel", gone, ct);
            _accounts.TryRemove(gone, out _);
        }
        foreach (var account in wanted)
        {
            if (_accounts.TryGetValue(account.Aor, out var current) && current == account)
            {
                continue;
            }
            // A fresh connection may meet an engine that still has the account: remove it first (an error when it has not).
            await connection.SendAsync("uadel", account.Aor, ct);
            var answer = await connection.SendAsync("uanew", account.AccountLine, ct);
            if (!answer.Ok)
            {
                log.LogWarning("The media engine refused mailbox {Aor}: {Answer}", account.Aor, answer.Data);
                continue;
            }
            _accounts[account.Aor] = account;
        }
    }
}
