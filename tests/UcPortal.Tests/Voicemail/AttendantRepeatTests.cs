using UcPortal.Media;

namespace UcPortal.Tests.Voicemail;

/// <summary>The "repeat this menu" key in the media service (decision 026): it transfers the caller back to the
/// menu's next level, and at the last level it takes the timeout action, so a caller stuck on it leaves the menu.</summary>
public sealed class AttendantRepeatTests
{
    private const string Menu = "0123456789abcdef0123456789abcdef";

    private static AttendantAccount Account(int level, bool hasTimeout = true) => new(
        AttendantAddress.Aor(Menu, "127.0.0.1:5080", level), Menu, "/dev/null", 3, 8, "12", hasTimeout, true, "9", level, 2);

    private static async Task<IReadOnlyList<(string, string)>> PressAsync(AttendantAccount account, char key)
    {
        var calls = new AttendantCalls(aor => aor == account.Aor ? account : null, "127.0.0.1:5060", TimeProvider.System);
        IReadOnlyList<(string, string)> sent = [];
        Task<IReadOnlyList<BaresipResponse>> Send(IReadOnlyList<(string, string)> commands)
        {
            sent = commands;
            return Task.FromResult<IReadOnlyList<BaresipResponse>>(commands.Select(_ => new BaresipResponse(true, "")).ToList());
        }
        BaresipEvent Event(string type, string param = "") => new(type, account.Aor, "call-1", "sip:+13105550123@carrier", "", param, DateTimeOffset.UtcNow);
        await calls.HandleAsync(Event("CALL_ESTABLISHED"), Send, CancellationToken.None);
        await calls.HandleAsync(Event("CALL_DTMF_START", key.ToString()), Send, CancellationToken.None);
        await calls.HandleAsync(Event("CALL_CLOSED"), Send, CancellationToken.None);
        return sent;
    }

    [Theory]
    [InlineData(0, "ivrx-" + Menu + "-r1")]
    [InlineData(1, "ivrx-" + Menu + "-r2")]
    public async Task TheRepeatKey_SendsTheCallerBackToTheMenusNextLevel(int level, string target)
    {
        var sent = await PressAsync(Account(level), '9');

        Assert.Equal(("uafind", Account(level).Aor), sent[0]);
        Assert.Equal(("transfer", $"sip:{target}@127.0.0.1:5060"), sent[^1]);
    }

    [Fact]
    public async Task TheRepeatKey_AfterTheLastRepeat_TakesTheTimeoutAction()
    {
        var sent = await PressAsync(Account(2), '9');

        Assert.Equal(("transfer", $"sip:ivrx-{Menu}-t@127.0.0.1:5060"), sent[^1]);
    }

    [Fact]
    public async Task TheRepeatKey_AfterTheLastRepeat_WithNoTimeoutAction_HangsUp()
    {
        var sent = await PressAsync(Account(2, hasTimeout: false), '9');

        Assert.Equal(("hangup", ""), sent[^1]);
    }
}
