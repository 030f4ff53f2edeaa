using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace UcPortal.Media;

/// <summary>An event baresip's ctrl_tcp module reports (<c>{"event":true,"type":…}</c>).
/// <paramref name="CallId"/> is the SIP Call-ID, <paramref name="AccountAor"/> the mailbox's account.</summary>
public sealed record BaresipEvent(string Type, string AccountAor, string CallId, string PeerUri, string PeerDisplayName, string Param, DateTimeOffset ReceivedAt);

/// <summary>The answer to one command.</summary>
public sealed record BaresipResponse(bool Ok, string Data);

/// <summary>One connection to baresip's ctrl_tcp (netstring-framed JSON). baresip takes one connection
/// at a time (a second silently replaces the first): the media service holds exactly one. Commands act
/// on the current account/call, so a command that must select one sends <c>uafind …;;command …</c> in one write.</summary>
public sealed class BaresipControl : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BaresipResponse>> _pending = new();
    private readonly Channel<BaresipEvent> _events = Channel.CreateUnbounded<BaresipEvent>();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly TimeProvider _clock;
    private long _token;

    private BaresipControl(TcpClient client, TimeProvider clock)
    {
        _client = client;
        _stream = client.GetStream();
        _clock = clock;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Events in the order baresip sent them; completes when the connection is lost.</summary>
    public ChannelReader<BaresipEvent> Events => _events.Reader;

    public static async Task<BaresipControl> ConnectAsync(string host, int port, TimeProvider clock, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return new BaresipControl(client, clock);
    }

    /// <summary>Sends one command (e.g. <c>uanew</c> with the account line) and waits for its answer.</summary>
    public async Task<BaresipResponse> SendAsync(string command, string parameters, CancellationToken ct)
    {
        var token = Interlocked.Increment(ref _token).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answer = new TaskCompletionSource<BaresipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[token] = answer;
        var json = new JsonObject { ["command"] = command, ["params"] = parameters, ["token"] = token }.ToJsonString();
        await _writeLock.WaitAsync(ct);
        try
        {
            await _stream.WriteAsync(Netstring.Encode(json), ct);
        }
        finally
        {
            _writeLock.Release();
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            return await answer.Task.WaitAsync(timeout.Token);
        }
        finally
        {
            _pending.TryRemove(token, out _);
        }
    }

    /// <summary>Sends several commands in one write (nothing else comes between them: e.g. <c>uafind</c>,
    /// <c>callfind</c>, then a command on that call) and returns their answers in order.</summary>
    public async Task<IReadOnlyList<BaresipResponse>> SendBatchAsync(IReadOnlyList<(string Command, string Parameters)> commands, CancellationToken ct)
    {
        var tokens = new List<(string Token, TaskCompletionSource<BaresipResponse> Answer)>();
        var bytes = new List<byte>();
        foreach (var (command, parameters) in commands)
        {
            var token = Interlocked.Increment(ref _token).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var answer = new TaskCompletionSource<BaresipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[token] = answer;
            tokens.Add((token, answer));
            bytes.AddRange(Netstring.Encode(new JsonObject { ["command"] = command, ["params"] = parameters, ["token"] = token }.ToJsonString()));
        }
        await _writeLock.WaitAsync(ct);
        try
        {
            await _stream.WriteAsync(bytes.ToArray(), ct);
        }
        finally
        {
            _writeLock.Release();
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var answers = new List<BaresipResponse>();
            foreach (var (_, answer) in tokens)
            {
                answers.Add(await answer.Task.WaitAsync(timeout.Token));
            }
            return answers;
        }
        finally
        {
            foreach (var (token, _) in tokens)
            {
                _pending.TryRemove(token, out _);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var framing = new Netstring();
        var buffer = new byte[16384];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var n = await _stream.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    break;
                }
                foreach (var payload in framing.Feed(buffer.AsSpan(0, n)))
                {
                    Dispatch(payload);
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidDataException or SocketException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("baresip's control connection closed"));
            }
        }
    }

    private void Dispatch(string payload)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return;
        }
        if (node is not JsonObject o)
        {
            return;
        }
        string Text(string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (o["response"] is not null)
        {
            if (_pending.TryGetValue(Text("token"), out var answer))
            {
                answer.TrySetResult(new BaresipResponse(o["ok"]?.GetValue<bool>() == true, Text("data")));
            }
            return;
        }
        if (o["event"] is not null)
        {
            _events.Writer.TryWrite(new BaresipEvent(Text("type"), Text("accountaor"), Text("id"), Text("peeruri"), Text("peerdisplayname"), Text("param"), _clock.GetUtcNow()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
        _writeLock.Dispose();
    }
}
