using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcPortal.Media;

/// <summary>What the engine knows of one auto attendant: its account, how long its prompt lasts, how long it
/// waits for a key, and which keys (and timeout / invalid-key actions) lead somewhere.</summary>
/// <param name="Keys">Key codes that lead somewhere: '0'-'9', '*', '#'.</param>
/// <param name="RepeatKeys">Keys that play the menu again: the caller is transferred to the menu's next level
/// (<paramref name="Level"/> + 1, an account of its own with the same prompt) until <paramref name="MaxRepeats"/>;
/// at the last level they take the timeout action.</param>
public sealed record AttendantAccount(string Aor, string MenuId, string PromptFile, double PromptSeconds, int TimeoutSeconds,
    string Keys, bool HasTimeout, bool HasInvalid, string RepeatKeys = "", int Level = 0, int MaxRepeats = 0)
{
    // call_transfer=no: the engine never follows a REFER it receives (it would call the Refer-To target itself).
    public string AccountLine => $"<{Aor}>;regint=0;answermode=auto;call_transfer=no;audio_codecs=pcma,pcmu;audio_source=aufile,{PromptFile}";
}

/// <summary>The media engine's account user of an auto attendant, <c>ivr-&lt;menu id&gt;</c>, and the SIP core user
/// a key transfers the caller to, <c>ivrx-&lt;menu id&gt;-&lt;key code&gt;</c> (kamailio.cfg route IVR_BRANCH).</summary>
public static class AttendantAddress
{
    public static string User(string menuId) => $"ivr-{menuId}";

    public static string Aor(string menuId, string sipListen) => $"sip:{User(menuId)}@{sipListen}";

    /// <summary>The account a caller reaches after <paramref name="level"/> repeats: <c>ivr-&lt;menu id&gt;-r&lt;level&gt;</c> (level 0 = <see cref="Aor(string, string)"/>).</summary>
    public static string Aor(string menuId, string sipListen, int level) => level == 0 ? Aor(menuId, sipListen) : $"sip:{User(menuId)}-r{level}@{sipListen}";

    /// <summary>Digits as they are, 's' for '*', 'h' for '#', 't' for no key, 'i' for a key that leads nowhere.</summary>
    public static string KeyCode(char key) => key switch { '*' => "s", '#' => "h", _ => key.ToString() };

    public static string BranchUri(string menuId, string keyCode, string sipCore) => $"sip:ivrx-{menuId}-{keyCode}@{sipCore}";

    public static bool IsAttendant(string aor) => MailboxAddress.UserOf(aor).StartsWith("ivr-", StringComparison.Ordinal);
}

/// <summary>Follows the calls into auto attendants: each call (by its SIP Call-ID) gets its own digits. The first
/// key that leads somewhere transfers the caller (REFER, MEDIA.md) to that key's branch at the SIP core; a key
/// that leads nowhere takes the invalid-key action; no key within the prompt + timeout takes the timeout action;
/// a repeat key transfers the caller back to the menu (its next level). An action that leads nowhere hangs up, and so
/// does a transfer the caller's side refuses (<c>TRANSFER_FAILED</c>) or does not act on within <see cref="TransferTimeout"/>.</summary>
public sealed class AttendantCalls(Func<string, AttendantAccount?> menu, string sipCore, TimeProvider clock, ILogger? log = null)
{
    private readonly ILogger _log = log ?? NullLogger.Instance;

    private sealed class Call
    {
        public required AttendantAccount Menu { get; init; }
        public int Decided;
        public required CancellationTokenSource Timer { get; init; }
    }

    private readonly ConcurrentDictionary<string, Call> _calls = new();

    public int CallsInProgress => _calls.Count;

    /// <summary>Handles one event. <paramref name="send"/> sends ctrl_tcp commands in one write (see <see cref="BaresipControl.SendBatchAsync"/>).</summary>
    public Task HandleAsync(BaresipEvent e, Func<IReadOnlyList<(string, string)>, Task<IReadOnlyList<BaresipResponse>>> send, CancellationToken ct)
    {
        if (!AttendantAddress.IsAttendant(e.AccountAor) || e.CallId == "")
        {
            return Task.CompletedTask;
        }
        switch (e.Type)
        {
            case "CALL_ESTABLISHED":
                {
                    if (menu(e.AccountAor) is not { } account)
                    {
                        return Task.CompletedTask;
                    }
                    var call = new Call { Menu = account, Timer = new CancellationTokenSource() };
                    if (!_calls.TryAdd(e.CallId, call))
                    {
                        return Task.CompletedTask;
                    }
                    var wait = TimeSpan.FromSeconds(account.PromptSeconds + account.TimeoutSeconds);
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await Task.Delay(wait, clock, call.Timer.Token);
                            await DecideAsync(e, call, account.HasTimeout ? "t" : null, "no key", send, ct);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                        catch (Exception ex)
                        {
                            _log.LogWarning(ex, "Auto attendant call {CallId}: timeout action failed", e.CallId);
                        }
                    }, CancellationToken.None);
                    return Task.CompletedTask;
                }
            case "CALL_DTMF_START":
                if (_calls.TryGetValue(e.CallId, out var c) && e.Param.Length == 1)
                {
                    var key = e.Param[0];
                    if (c.Menu.RepeatKeys.Contains(key))
                    {
                        // Back to the menu (its next level), or, once repeated MaxRepeats times, the timeout action.
                        return c.Menu.Level < c.Menu.MaxRepeats
                            ? DecideAsync(e, c, $"r{c.Menu.Level + 1}", $"key {key} (repeat {c.Menu.Level + 1})", send, ct)
                            : DecideAsync(e, c, c.Menu.HasTimeout ? "t" : null, $"key {key} (repeated {c.Menu.MaxRepeats} times already)", send, ct);
                    }
                    var code = c.Menu.Keys.Contains(key) ? AttendantAddress.KeyCode(key) : c.Menu.HasInvalid ? "i" : null;
                    return DecideAsync(e, c, code, $"key {key}", send, ct);
                }
                return Task.CompletedTask;
            case "TRANSFER_FAILED":
                // The caller's side refused the REFER (a carrier that does not do transfers: 403/405/501, or a NOTIFY
                // with a failure): the call cannot leave the menu. Hang up rather than leave the caller in silence.
                if (_calls.TryGetValue(e.CallId, out var refusing) && refusing.Decided == 1)
                {
                    _log.LogWarning("Auto attendant call {CallId}: the caller's side refused the transfer ({Reason}); hanging up", e.CallId, e.Param);
                    return HangUpAsync(e, send);
                }
                return Task.CompletedTask;
            case "CALL_CLOSED":
                if (_calls.TryRemove(e.CallId, out var closed))
                {
                    closed.Timer.Cancel();
                    closed.Timer.Dispose();
                }
                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }

    /// <summary>Transfers the caller to the branch <paramref name="code"/> of the menu, or hangs up when null. Only once per call.</summary>
    private async Task DecideAsync(BaresipEvent e, Call call, string? code, string why, Func<IReadOnlyList<(string, string)>, Task<IReadOnlyList<BaresipResponse>>> send, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref call.Decided, 1) == 1)
        {
            return;
        }
        await call.Timer.CancelAsync();
        // Commands act on the current account and call: select both in the same write (MEDIA.md, pitfall 4).
        (string, string) select1 = ("uafind", e.AccountAor), select2 = ("callfind", e.CallId);
        if (code is null)
        {
            _log.LogInformation("Auto attendant call {CallId}: {Why} leads nowhere, hanging up", e.CallId, why);
            await send([select1, select2, ("hangup", "")]);
            return;
        }
        var target = AttendantAddress.BranchUri(call.Menu.MenuId, code, sipCore);
        _log.LogInformation("Auto attendant call {CallId}: {Why}, transferring to {Target}", e.CallId, why, target);
        var answers = await send([select1, select2, ("transfer", target)]);
        if (answers.FirstOrDefault(a => !a.Ok) is { } refused)
        {
            _log.LogWarning("Auto attendant call {CallId}: the engine refused the transfer: {Answer}", e.CallId, refused.Data);
            await HangUpAsync(e, send);
            return;
        }
        // A caller's side that takes the REFER but never calls (nor says it failed) would stay in silence until the
        // prompt's padding runs out: hang up once the transfer had ample time.
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(TransferTimeout, clock, ct);
                if (_calls.TryGetValue(e.CallId, out var still) && ReferenceEquals(still, call))
                {
                    _log.LogWarning("Auto attendant call {CallId}: still here {Seconds} s after the transfer to {Target}; hanging up", e.CallId, TransferTimeout.TotalSeconds, target);
                    await HangUpAsync(e, send);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Auto attendant call {CallId}: hanging up after the transfer failed", e.CallId);
            }
        }, CancellationToken.None);
    }

    /// <summary>How long a transferred caller may stay on the menu's call before the engine hangs up.</summary>
    public TimeSpan TransferTimeout { get; init; } = TimeSpan.FromSeconds(20);

    private static async Task HangUpAsync(BaresipEvent e, Func<IReadOnlyList<(string, string)>, Task<IReadOnlyList<BaresipResponse>>> send) =>
        await send([("uafind", e.AccountAor), ("callfind", e.CallId), ("hangup", "")]);
}
