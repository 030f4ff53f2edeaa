using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using UcPortal.Media;
using UcPortal.Pbx;

namespace UcPortal.Web.Features.Voicemail;

/// <summary>The media engines' control service (decisions 014, 037): a pool of <see cref="VoicemailOptions.Engines"/>
/// baresip processes, each taking one call at a time (so no two calls share a recording name or a "current call").
/// For each engine it starts baresip when the portal runs it, holds its one control connection (reconnecting when
/// the engine restarts), adds every mailbox, menu and announcement as an account at that engine's address (and
/// changes it when its greeting changes), follows its call events and hands each recorded message to
/// <see cref="VoicemailInbox"/>. A message the portal could not store stays in the engine's <c>finished/</c> folder
/// and is delivered on the next connection. While an engine answers, the SIP core is told so
/// (<see cref="IPbxStateWriter.SetMediaEngineAsync"/>): a call to a number no tenant holds then hears "not in
/// service"; when the last connection is lost or the portal stops, it is told again and answers 404.</summary>
public sealed class MediaEngineService(IServiceScopeFactory scopes, IOptions<VoicemailOptions> options, IWebHostEnvironment env,
    TimeProvider clock, IPbxStateWriter sipCore, ILogger<MediaEngineService> log) : BackgroundService
{
    /// <summary>One engine of the pool: its settings, its process (when the portal runs it), and what it answers.</summary>
    private sealed class Engine(BaresipSettings settings)
    {
        public BaresipSettings Settings { get; } = settings;
        public BaresipEngine? Process { get; set; }
        public ConcurrentDictionary<string, MailboxAccount> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);
        public volatile bool Connected;

        public bool Has(string user) => Connected && Accounts.ContainsKey($"sip:{user}@{Settings.SipListen}");
    }

    // Menus by account user (ivr-<menu>[-r<level>]): the same on every engine.
    private readonly ConcurrentDictionary<string, AttendantAccount> _attendants = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _sipCoreLock = new(1, 1);
    // One engine at a time lists the accounts: listing makes missing prompt files (espeak-ng, sox), which several
    // engines must not write at once.
    private readonly SemaphoreSlim _listLock = new(1, 1);
    private IReadOnlyList<Engine>? _pool;
    private bool _toldSipCore;

    /// <summary>The first engine's settings (its SIP address is Kamailio's MEDIA_GW).</summary>
    public BaresipSettings Settings => Pool[0].Settings;

    private IReadOnlyList<Engine> Pool => _pool ??= BaresipSettings.Pool(
        Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.EngineDirectory)),
        options.Value.SipListen, options.Value.ControlListen, options.Value.RtpPorts, options.Value.Engines, 30).Select(s => new Engine(s)).ToList();

    /// <summary>At least one engine is connected.</summary>
    public bool IsConnected => Pool.Any(e => e.Connected);

    /// <summary>True once every engine answers this mailbox (tests wait for it).</summary>
    public bool HasMailbox(string sipDomain, string extension) => HasAccount(MailboxAddress.User(sipDomain, extension));

    /// <summary>True once every engine answers this auto attendant (tests wait for it).</summary>
    public bool HasAttendant(Guid menuId) => HasAccount(AttendantAddress.User(menuId.ToString("N")));

    /// <summary>True once every engine answers the account of this user (e.g. an announcement's, <c>ann-closed-en-gb</c>).</summary>
    public bool HasAccount(string user) => Pool.All(e => e.Has(user));

    public string EngineLog => string.Join("\n", Pool.Select((e, i) => $"--- engine {i + 1} ({e.Settings.SipListen})\n{e.Process?.Log}"));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        try
        {
            await Task.WhenAll(Pool.Select(e => RunAsync(e, stoppingToken)));
        }
        finally
        {
            foreach (var e in Pool)
            {
                e.Process?.Dispose();
            }
        }
    }

    /// <summary>One engine: (re)start it, connect, add the accounts, follow its events, until the portal stops.</summary>
    private async Task RunAsync(Engine engine, CancellationToken stoppingToken)
    {
        var recorder = new VoicemailRecorder(engine.Settings, aor => engine.Accounts.TryGetValue(aor, out var a) ? a.GreetingSeconds : 0, log: log);
        var attendants = new AttendantCalls(aor => _attendants.TryGetValue(MailboxAddress.UserOf(aor), out var a) ? a with { Aor = aor } : null,
            options.Value.SipCoreAddress, clock, log);
        var control = engine.Settings.ControlListen;
        var host = control[..control.LastIndexOf(':')];
        var port = int.Parse(control[(control.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (options.Value.StartEngine)
                {
                    engine.Process ??= new BaresipEngine(engine.Settings, options.Value.BaresipPath);
                    if (!engine.Process.IsRunning)
                    {
                        log.LogInformation("Starting the media engine (baresip) on {Sip}", engine.Settings.SipListen);
                        engine.Process.Start();
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
                    engine.Accounts.Clear();
                    using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var events = EventsAsync(connection, recorder, attendants, lost.Token);
                    try
                    {
                        await DeliverWaitingAsync(recorder, stoppingToken);
                        await SyncMailboxesAsync(engine, connection, stoppingToken);
                        engine.Connected = true;
                        await TellSipCoreAsync(stoppingToken);
                        while (!events.IsCompleted)
                        {
                            await Task.WhenAny(events, Task.Delay(TimeSpan.FromSeconds(options.Value.MailboxSyncSeconds), stoppingToken));
                            if (!events.IsCompleted)
                            {
                                await SyncMailboxesAsync(engine, connection, stoppingToken);
                                // Every pass: it comes back after a restart of the SIP core, or after another portal cleared it.
                                await TellSipCoreAsync(stoppingToken);
                            }
                        }
                    }
                    catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                    {
                        log.LogWarning(e, "Media engine control connection {Control} lost", control);
                    }
                    finally
                    {
                        engine.Connected = false;
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
    }

    /// <summary>The SIP core plays "not in service" through the engines (once every engine has the account).</summary>
    private async Task TellSipCoreAsync(CancellationToken ct)
    {
        var voice = Announcements.Voices.Contains(options.Value.NotInServiceVoice, StringComparer.Ordinal) ? options.Value.NotInServiceVoice : "en-us";
        if (!HasAccount(Announcements.User("nis", voice)))
        {
            return;
        }
        await _sipCoreLock.WaitAsync(ct);
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
        finally
        {
            _sipCoreLock.Release();
        }
    }

    /// <summary>The last engine went away (or the portal stops): the SIP core answers 404 again.</summary>
    private async Task TellSipCoreGoneAsync()
    {
        await _sipCoreLock.WaitAsync();
        try
        {
            if (!_toldSipCore || Pool.Any(e => e.Connected))
            {
                return;
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await sipCore.SetMediaEngineAsync(null, timeout.Token);
            _toldSipCore = false;
            log.LogInformation("Told the SIP core that the media engine no longer answers");
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not tell the SIP core that the media engine no longer answers");
        }
        finally
        {
            _sipCoreLock.Release();
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
    private async Task SyncMailboxesAsync(Engine engine, BaresipControl connection, CancellationToken ct)
    {
        var wanted = new List<MailboxAccount>();
        await _listLock.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var mailboxes = scope.ServiceProvider.GetRequiredService<Mailboxes>();
            wanted.AddRange(await mailboxes.ListAsync(ct));
            // Auto attendants and announcements are accounts like mailboxes (decision 026); their calls are not recorded.
            var menus = await scope.ServiceProvider.GetRequiredService<EngineAttendants>().ListAsync(ct);
            foreach (var m in menus)
            {
                _attendants[MailboxAddress.UserOf(m.Aor)] = m;
                wanted.Add(new MailboxAccount(m.Aor, m.PromptFile, 0));
            }
            foreach (var gone in _attendants.Keys.Where(u => menus.All(m => !string.Equals(MailboxAddress.UserOf(m.Aor), u, StringComparison.OrdinalIgnoreCase))).ToList())
            {
                _attendants.TryRemove(gone, out _);
            }
            wanted.AddRange(await Announcements.AccountsAsync(mailboxes.PromptDirectory, options.Value.SipListen, ct));
        }
        finally
        {
            _listLock.Release();
        }
        // Every engine answers every account, at its own address.
        wanted = wanted.Select(w => w with { Aor = MailboxAddress.OnEngine(w.Aor, engine.Settings.SipListen) }).ToList();
        var wantedAors = wanted.Select(w => w.Aor).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var gone in engine.Accounts.Keys.Where(a => !wantedAors.Contains(a)).ToList())
        {
            await connection.SendAsync("uadel", gone, ct);
            engine.Accounts.TryRemove(gone, out _);
        }
        foreach (var account in wanted)
        {
            if (engine.Accounts.TryGetValue(account.Aor, out var current) && current == account)
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
            engine.Accounts[account.Aor] = account;
        }
    }
}
