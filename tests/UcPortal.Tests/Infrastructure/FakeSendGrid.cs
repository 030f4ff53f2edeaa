using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace UcPortal.Tests.Infrastructure;

/// <summary>A local HTTP server that speaks SendGrid's v3 mail/send endpoint: it records each
/// request and answers with the next scripted status (202 Accepted once the script runs out).</summary>
public sealed class FakeSendGrid : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _script = new();
    private readonly CancellationTokenSource _stop = new();

    public FakeSendGrid()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void AnswerNext(params HttpStatusCode[] statuses)
    {
        foreach (var s in statuses)
        {
            _script.Enqueue(s);
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new RecordedRequest(ctx.Request.HttpMethod, ctx.Request.Url!.AbsolutePath, ctx.Request.Headers["Authorization"], body));
            var status = _script.TryDequeue(out var scripted) ? scripted : HttpStatusCode.Accepted;
            ctx.Response.StatusCode = (int)status;
            if (status != HttpStatusCode.Accepted)
            {
                ctx.Response.ContentType = "application/json";
                var error = """{"errors":[{"message":"Internal error, try again later","field":null,"help":null}]}"""u8.ToArray();
                await ctx.Response.OutputStream.WriteAsync(error);
            }
            else
            {
                ctx.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("N");
            }
            ctx.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body);
}
